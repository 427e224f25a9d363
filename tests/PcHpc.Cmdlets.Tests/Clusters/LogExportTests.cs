using System;
using System.Collections.Generic;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Management.Automation;

namespace PcHpc.Cmdlets.Tests.Clusters
{
    /// <summary>Export-HpcClusterLog in the real engine against the fake ParallelCluster API's log endpoints.</summary>
    [Collection(ClustersCollection.Name)]
    public sealed class LogExportTests
    {
        private readonly ClusterSession _s;

        public LogExportTests(ClusterSession session) => _s = session;

        private static string Unique(string prefix) => prefix + Guid.NewGuid().ToString("N").Substring(0, 6);

        private string Folder(string name) => Path.Combine(_s.StateHome, name + "-" + Guid.NewGuid().ToString("N").Substring(0, 6));

        private static string S(PSObject o, string name) => o.Properties[name].Value?.ToString();

        [Fact]
        public void Every_stream_goes_to_its_own_file_in_pages_with_progress_and_a_rerun_skips_complete_streams()
        {
            var name = Unique("logs");
            _s.Cluster(name);
            _s.Aws.ParallelCluster.AddLogEvents(name, "ip-10-0-0-9.i-0abc.slurmd", Enumerable.Range(1, 25).Select(i => "line " + i).ToArray());
            _s.Aws.ParallelCluster.LogEventsPageSize = 4;
            try
            {
                var dir = Folder("export");
                var pages = _s.Calls("GetClusterLogEvents");
                var first = _s.Invoke("Get-HpcCluster -Name $args[0] | Export-HpcClusterLog -Path $args[1]", name, dir).Succeeded();
                Assert.Equal(5, first.Output.Count); // 4 head node streams + slurmd
                Assert.All(first.Output, o => Assert.Equal("Downloaded", S(o, "Status")));
                // 25 events at 4 a page: 7 pages with events + the empty one that ends the stream; 2 events: 1 + 1.
                Assert.Equal(8 + 4 * 2, _s.Calls("GetClusterLogEvents") - pages);
                var slurmd = first.Output.Single(o => S(o, "LogStream").EndsWith(".slurmd"));
                Assert.Equal(25, (int)slurmd.Properties["Events"].Value);
                var lines = File.ReadAllLines(Path.Combine(dir, S(slurmd, "File")));
                Assert.Equal(Enumerable.Range(1, 25).Select(i => "line " + i), lines.Select(l => l.Substring(l.IndexOf(' ') + 1)));
                Assert.All(lines, l => Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z ", l));
                Assert.Equal(new FileInfo(Path.Combine(dir, S(slurmd, "File"))).Length, (long)slurmd.Properties["Bytes"].Value);
                Assert.Equal(6, Directory.GetFiles(dir).Length); // 5 streams + the manifest, no temp files left
                Assert.True(File.Exists(Path.Combine(dir, "pchpc-export.json")));
                Assert.Contains(first.Progress, p => p.Activity.StartsWith("Exporting the logs of " + name) && p.StatusDescription.Contains("of 5"));
                Assert.Contains(first.Progress, p => p.Activity.StartsWith("Exporting the logs of " + name) && p.RecordType == ProgressRecordType.Completed);

                pages = _s.Calls("GetClusterLogEvents");
                var again = _s.Invoke("Export-HpcClusterLog -Name $args[0] -Path $args[1]", name, dir).Succeeded();
                Assert.All(again.Output, o => Assert.Equal("Skipped", S(o, "Status")));
                Assert.Equal(pages, _s.Calls("GetClusterLogEvents"));

                // A stream with new events is downloaded again; the others stay skipped.
                _s.Aws.ParallelCluster.AddLogEvents(name, "ip-10-0-0-9.i-0abc.slurmd", "line 26");
                var grown = _s.Invoke("Export-HpcClusterLog -Name $args[0] -Path $args[1]", name, dir).Succeeded();
                Assert.Equal("Downloaded", S(grown.Output.Single(o => S(o, "LogStream").EndsWith(".slurmd")), "Status"));
                Assert.Equal(4, grown.Output.Count(o => S(o, "Status") == "Skipped"));
                Assert.Equal(26, File.ReadAllLines(Path.Combine(dir, S(slurmd, "File"))).Length);
            }
            finally
            {
                _s.Aws.ParallelCluster.LogEventsPageSize = 10000;
            }
        }

        [Fact]
        public void An_interrupted_export_resumes_with_only_the_streams_that_did_not_finish()
        {
            var name = Unique("resume");
            _s.Cluster(name);
            var broken = _s.Aws.ParallelCluster.Find(name).LogStreams.Keys.Single(k => k.EndsWith(".clustermgtd"));
            lock (_s.Aws.ParallelCluster.Lock) _s.Aws.ParallelCluster.FailLogStreams.Add(broken);
            var dir = Folder("resume");
            try
            {
                var first = _s.Invoke("Export-HpcClusterLog -Name $args[0] -Path $args[1]", name, dir);
                Assert.Equal(3, first.Output.Count);
                var error = Assert.Single(first.Errors);
                Assert.Equal(broken, error.TargetObject);
                Assert.DoesNotContain(Directory.GetFiles(dir), f => f.Contains("clustermgtd") && !Path.GetFileName(f).StartsWith("."));
            }
            finally
            {
                lock (_s.Aws.ParallelCluster.Lock) _s.Aws.ParallelCluster.FailLogStreams.Remove(broken);
            }
            var second = _s.Invoke("Export-HpcClusterLog -Name $args[0] -Path $args[1]", name, dir).Succeeded();
            Assert.Equal(broken, S(second.Output.Single(o => S(o, "Status") == "Downloaded"), "LogStream"));
            Assert.Equal(3, second.Output.Count(o => S(o, "Status") == "Skipped"));
            Assert.Equal(2, File.ReadAllLines(Path.Combine(dir, broken + ".log")).Length);
        }

        [Fact]
        public void A_zip_holds_one_entry_per_stream_and_a_rerun_resumes_from_the_zip()
        {
            var name = Unique("zip");
            _s.Cluster(name);
            var zip = Folder("logs") + ".zip";
            var first = _s.Invoke("Export-HpcClusterLog -Name $args[0] -Path $args[1] -LogStream *cfn-init, *slurmctld", name, zip).Succeeded();
            Assert.Equal(2, first.Output.Count);
            Assert.All(first.Output, o => Assert.Equal(zip, S(o, "Path")));
            Assert.False(Directory.Exists(zip + ".parts"));
            using (var archive = ZipFile.OpenRead(zip))
            {
                Assert.Equal(new[] { "pchpc-export.json" }.Concat(first.Output.Select(o => S(o, "File"))).OrderBy(n => n, StringComparer.Ordinal),
                    archive.Entries.Select(e => e.FullName).OrderBy(n => n, StringComparer.Ordinal));
                using var reader = new StreamReader(archive.GetEntry(S(first.Output[0], "File")).Open());
                Assert.Contains("starting", reader.ReadToEnd());
            }
            var pages = _s.Calls("GetClusterLogEvents");
            var again = _s.Invoke("Export-HpcClusterLog -Name $args[0] -Path $args[1] -LogStream *cfn-init, *slurmctld", name, zip).Succeeded();
            Assert.All(again.Output, o => Assert.Equal("Skipped", S(o, "Status")));
            Assert.Equal(pages, _s.Calls("GetClusterLogEvents"));
            using (var archive = ZipFile.OpenRead(zip)) Assert.Equal(3, archive.Entries.Count);
        }

        [Fact]
        public void Since_and_Until_keep_the_events_of_the_window_and_a_new_window_rewrites_the_files()
        {
            var name = Unique("window");
            _s.Cluster(name);
            var t0 = new DateTime(2026, 3, 1, 12, 0, 0, DateTimeKind.Utc);
            _s.Aws.ParallelCluster.AddLogEventsAt(name, "ip-10-0-0-7.i-0def.slurmd", t0, TimeSpan.FromMinutes(1), Enumerable.Range(0, 10).Select(i => "minute " + i).ToArray());
            var dir = Folder("window");
            var r = _s.Invoke("Export-HpcClusterLog -Name $args[0] -Path $args[1] -LogStream *slurmd -Since $args[2] -Until $args[3]", name, dir, t0.AddMinutes(3), t0.AddMinutes(6)).Succeeded();
            var item = Assert.Single(r.Output);
            var lines = File.ReadAllLines(Path.Combine(dir, S(item, "File")));
            Assert.Equal(new[] { "minute 3", "minute 4", "minute 5" }, lines.Select(l => l.Substring(l.IndexOf(' ') + 1)));
            Assert.StartsWith("2026-03-01T12:03:00.000Z ", lines[0]);

            var wider = _s.Invoke("Export-HpcClusterLog -Name $args[0] -Path $args[1] -LogStream *slurmd -Since $args[2]", name, dir, t0.AddMinutes(8)).Succeeded();
            Assert.Equal("Downloaded", S(Assert.Single(wider.Output), "Status"));
            Assert.Equal(2, File.ReadAllLines(Path.Combine(dir, S(item, "File"))).Length);

            // The head node streams (events now) are outside a window in the past: not fetched, no file.
            var past = _s.Invoke("Export-HpcClusterLog -Name $args[0] -Path $args[1] -Until $args[2]", name, Folder("past"), t0.AddMinutes(30)).Succeeded();
            Assert.Equal("ip-10-0-0-7.i-0def.slurmd", S(Assert.Single(past.Output), "LogStream"));
        }

        [Fact]
        public void Bad_paths_and_windows_fail_before_any_call()
        {
            var file = Path.Combine(_s.StateHome, "plain.txt");
            File.WriteAllText(file, "x");
            var calls = _s.Aws.Calls.All.Count;
            var cases = new Dictionary<string, string>
            {
                ["Export-HpcClusterLog -Name demo -Path $args[0]"] = "ExportPathIsAFile",
                ["Export-HpcClusterLog -Name demo -Path (Join-Path $args[1] 'missing/logs.zip')"] = "ExportFolderNotFound",
                ["Export-HpcClusterLog -Name demo -Path $args[1] -Since '2026-02-01' -Until '2026-01-01'"] = "ExportWindowEmpty",
                ["Export-HpcClusterLog -Name 'bad name' -Path $args[1]"] = "InvalidClusterName",
            };
            foreach (var c in cases)
            {
                var error = _s.Invoke(c.Key, file, _s.StateHome).SingleError();
                Assert.StartsWith(c.Value, error.FullyQualifiedErrorId);
            }
            Assert.Equal(calls, _s.Aws.Calls.All.Count);
        }
    }
}
