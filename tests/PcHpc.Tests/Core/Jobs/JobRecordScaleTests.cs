using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using PcHpc.Core.Jobs;
using PcHpc.Core.State;
using PcHpc.Core.State.Records;
using PcHpc.Tests.Core.State;

namespace PcHpc.Tests.Core.Jobs
{
    /// <summary>Job records at scale (issue 15, P5): lookups by key, the completion index, pruning.</summary>
    public sealed class JobRecordScaleTests : IDisposable
    {
        private readonly TempStateRoot _root = new TempStateRoot();
        private readonly StateStore _store;
        private readonly JobRecorder _recorder;

        public JobRecordScaleTests()
        {
            _store = StateStore.Open(_root.Path);
            _recorder = new JobRecorder(_store);
        }

        public void Dispose() => _root.Dispose();

        private static Job J(string id, JobState state = JobState.Pending, int? exit = null, DateTime? submit = null, string cluster = "demo") => new Job
        {
            Id = id, ClusterName = cluster, Region = "us-east-1", State = state, ExitCode = exit, Name = "n" + id,
            SubmitTime = submit ?? new DateTime(2026, 11, 1, 12, 0, 0, DateTimeKind.Utc),
            ArrayJobId = id.Contains('_') ? id.Split('_')[0] : null,
            ArrayTaskId = id.Contains('_') ? int.Parse(id.Split('_')[1]) : null,
        };

        /// <summary>A file in the records folder that a full listing would move aside as corrupt.</summary>
        private string PlantCorruptRecord()
        {
            Directory.CreateDirectory(_store.Jobs.Directory);
            var path = _store.Jobs.PathFor("us-east-1/demo/999999");
            File.WriteAllText(path, "{ not json");
            return path;
        }

        [Fact]
        public void Seen_updates_known_records_by_key_without_listing_the_others()
        {
            _recorder.Submitted(new[] { J("10"), J("11") }, "cmd-1");
            var corrupt = PlantCorruptRecord();
            _recorder.Seen(new[] { J("10", JobState.Failed, 2), J("12", JobState.Running) }, new HashSet<string> { "10", "12" });
            Assert.Equal("FAILED", _store.Jobs.TryGet("us-east-1/demo/10")!.State);
            Assert.Equal("2:0", _store.Jobs.TryGet("us-east-1/demo/10")!.ExitCode);
            Assert.Equal("PENDING", _store.Jobs.TryGet("us-east-1/demo/11")!.State);
            Assert.False(File.Exists(_store.Jobs.PathFor("us-east-1/demo/12"))); // not submitted by PcHpc: not added
            Assert.True(File.Exists(corrupt), "a listing would have moved the corrupt file aside");
        }

        [Fact]
        public void An_array_record_takes_its_tasks_summary_when_the_array_was_asked_for()
        {
            _recorder.Submitted(new[] { J("500") }, null);
            var tasks = new[] { J("500_0", JobState.Completed, 0), J("500_1", JobState.Failed, 3), J("500_2", JobState.Completed, 0) };
            _recorder.Seen(tasks, new HashSet<string> { "500_1" });
            Assert.Equal("PENDING", _store.Jobs.TryGet("us-east-1/demo/500")!.State); // one task asked: says nothing of the array
            _recorder.Seen(tasks, new HashSet<string> { "500" });
            var record = _store.Jobs.TryGet("us-east-1/demo/500")!;
            Assert.Equal("FAILED", record.State);
            Assert.Equal("3:0", record.ExitCode);
            Assert.False(File.Exists(_store.Jobs.PathFor("us-east-1/demo/500_0"))); // tasks get no records of their own
            _recorder.Seen(new[] { J("500_0", JobState.Completed, 0), J("500_1", JobState.Pending) }, new HashSet<string> { "500" });
            Assert.Equal("RUNNING", _store.Jobs.TryGet("us-east-1/demo/500")!.State);
        }

        [Fact]
        public void Completion_reads_the_index_newest_first_and_rebuilds_it_when_missing()
        {
            _recorder.Submitted(Enumerable.Range(1, 5).Select(i => J((100 + i).ToString(), submit: new DateTime(2026, 11, 1, 12, i, 0, DateTimeKind.Utc))), null);
            _recorder.Submitted(new[] { J("200", cluster: "other") }, null);
            var corrupt = PlantCorruptRecord();
            Assert.Equal(new[] { "105", "104", "103", "102", "101" }, JobRecorder.Candidates(_store, "demo", "10").Select(JobRecorder.IdOf));
            Assert.Equal("n103", JobRecorder.Candidates(_store, "demo", "103").Single().Name);
            Assert.True(File.Exists(corrupt), "completion must not list the records");
            File.Delete(Path.Combine(_store.Jobs.Directory, ".index"));
            File.Delete(corrupt);
            Assert.Equal(new[] { "200" }, JobRecorder.Candidates(_store, "other", null).Select(JobRecorder.IdOf));
            Assert.True(File.Exists(Path.Combine(_store.Jobs.Directory, ".index")));
        }

        [Fact]
        public void The_index_keeps_only_the_newest_entries()
        {
            var start = new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);
            _recorder.Submitted(Enumerable.Range(0, JobRecordIndex.MaxEntries + 20).Select(i => J((1000 + i).ToString(), submit: start.AddMinutes(i))), null);
            var entries = new JobRecordIndex(_store).Read();
            Assert.Equal(JobRecordIndex.MaxEntries, entries.Count);
            Assert.Equal((1000 + JobRecordIndex.MaxEntries + 19).ToString(), entries[0].Id);
            Assert.DoesNotContain(entries, e => e.Id == "1000");
            Assert.Equal(JobRecordIndex.MaxEntries + 20, Directory.EnumerateFiles(_store.Jobs.Directory, "*.json").Count()); // records stay
        }

        [Fact]
        public void Prune_removes_finished_records_older_than_the_retention_and_nothing_else()
        {
            var now = new DateTimeOffset(2026, 11, 30, 0, 0, 0, TimeSpan.Zero);
            var recorder = new JobRecorder(_store) { Now = () => now, Retention = TimeSpan.FromDays(10) };
            void Put(string id, string state, int endedDaysAgo, int writtenDaysAgo)
            {
                _store.Jobs.Put(new JobRecord { Region = "us-east-1", ClusterName = "demo", JobId = id, State = state, EndTime = now.AddDays(-endedDaysAgo), SubmitTime = now.AddDays(-endedDaysAgo - 1) });
                File.SetLastWriteTimeUtc(_store.Jobs.PathFor("us-east-1/demo/" + id), now.AddDays(-writtenDaysAgo).UtcDateTime);
            }
            Put("1", "COMPLETED", 20, 20);   // finished long ago: goes
            Put("2", "FAILED", 11, 11);      // just past the retention: goes
            Put("3", "COMPLETED", 5, 5);     // finished recently: stays
            Put("4", "RUNNING", 20, 20);     // not finished: stays, however old
            Put("5", "COMPLETED", 20, 2);    // its end is old but it was written lately: counts as recent, stays
            new JobRecordIndex(_store).Apply(_store.Jobs.List());
            var removed = recorder.Prune();
            Assert.Equal(new[] { "us-east-1/demo/1", "us-east-1/demo/2" }, removed.OrderBy(k => k));
            Assert.Equal(new[] { "3", "4", "5" }, _store.Jobs.List().Select(r => r.JobId).OrderBy(x => x));
            Assert.Equal(new[] { "3", "4", "5" }, new JobRecordIndex(_store).Read().Select(e => e.Id).OrderBy(x => x));
        }

        [Fact]
        public void Retention_comes_from_the_environment_and_zero_keeps_everything()
        {
            Assert.Equal(TimeSpan.FromDays(30), JobRecorder.RetentionFrom(_ => null));
            Assert.Equal(TimeSpan.FromDays(7), JobRecorder.RetentionFrom(n => n == JobRecorder.RetentionVariable ? "7" : null));
            Assert.Equal(TimeSpan.FromDays(30), JobRecorder.RetentionFrom(_ => "soon"));
            var recorder = new JobRecorder(_store) { Retention = TimeSpan.Zero };
            _store.Jobs.Put(new JobRecord { Region = "us-east-1", ClusterName = "demo", JobId = "1", State = "COMPLETED", EndTime = DateTimeOffset.UtcNow.AddYears(-1) });
            File.SetLastWriteTimeUtc(_store.Jobs.PathFor("us-east-1/demo/1"), DateTime.UtcNow.AddYears(-1));
            Assert.Empty(recorder.Prune());
            Assert.Single(_store.Jobs.List());
        }
    }
}
