using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using PcHpc.Core.Errors;
using PcHpc.Core.Jobs;

namespace PcHpc.Tests.Core.Jobs
{
    /// <summary>Pure parsing and validation, from outputs captured on the real SLURM 22.05 of start-slurm.sh.</summary>
    public sealed class SlurmParserTests
    {
        internal const string ScontrolFailed = "JobId=1 JobName=wrap UserId=root(0) GroupId=root(0) MCS_label=N/A Priority=4294901759 Nice=0 Account=(null) QOS=(null) JobState=FAILED Reason=NonZeroExitCode Dependency=(null) Requeue=1 Restarts=0 BatchFlag=1 Reboot=0 ExitCode=3:0 RunTime=00:00:00 TimeLimit=UNLIMITED TimeMin=N/A SubmitTime=2026-11-22T03:35:52 EligibleTime=2026-11-22T03:35:52 AccrueTime=2026-11-22T03:35:52 StartTime=2026-11-22T03:35:52 EndTime=2026-11-22T03:35:53 Deadline=N/A SuspendTime=None SecsPreSuspend=0 LastSchedEval=2026-11-22T03:35:52 Scheduler=Main Partition=compute AllocNode:Sid=localhost:5158 ReqNodeList=(null) ExcNodeList=(null) NodeList=vm BatchHost=vm NumNodes=1 NumCPUs=1 NumTasks=1 CPUs/Task=1 ReqB:S:C:T=0:0:*:* TRES=cpu=1,node=1,billing=1 Socks/Node=* NtasksPerN:B:S:C=0:0:*:* CoreSpec=* MinCPUsNode=1 MinMemoryNode=0 MinTmpDiskNode=0 Features=(null) DelayBoot=00:00:00 OverSubscribe=OK Contiguous=0 Licenses=(null) Network=(null) Command=(null) WorkDir=/tmp StdErr=/tmp/j1.out StdIn=/dev/null StdOut=/tmp/j1.out Power= ";

        internal static string SqueueLine(int i) =>
            $"{i}\u001f{i}\u001fN/A\u001fRUNNING\u001fcompute\u001froot\u001f2026-11-22T03:38:04\u001f2026-11-22T03:38:04\u001f2027-11-22T03:38:04\u001fvm\u001fNone\u001fjob {i}";

        [Fact]
        public void Scontrol_line_gives_state_exit_code_times_and_paths()
        {
            var job = Assert.Single(SlurmParsers.ParseScontrol(ScontrolFailed));
            Assert.Equal("1", job.Id);
            Assert.Equal("wrap", job.Name);
            Assert.Equal(JobState.Failed, job.State);
            Assert.Equal(3, job.ExitCode);
            Assert.Equal("compute", job.Queue);
            Assert.Equal("vm", job.Nodes);
            Assert.Equal("root", job.User);
            Assert.Equal(new DateTime(2026, 11, 22, 3, 35, 53), job.EndTime);
            Assert.Equal("/tmp/j1.out", job.OutputPath);
            Assert.Equal("NonZeroExitCode", job.Reason);
        }

        [Fact]
        public void Scontrol_array_task_gets_the_underscore_id_and_pending_ranges_are_left_to_squeue()
        {
            var line = ScontrolFailed.Replace("JobId=1 ", "JobId=14 ").Replace("Dependency=", "ArrayJobId=12 ArrayTaskId=2 Dependency=");
            var job = Assert.Single(SlurmParsers.ParseScontrol(line));
            Assert.Equal("12_2", job.Id);
            Assert.Equal("12", job.ArrayJobId);
            Assert.Equal(2, job.ArrayTaskId);
            Assert.Empty(SlurmParsers.ParseScontrol(line.Replace("ArrayTaskId=2", "ArrayTaskId=3-9")));
        }

        [Fact]
        public void Scontrol_job_name_with_spaces_is_kept()
        {
            var job = Assert.Single(SlurmParsers.ParseScontrol(ScontrolFailed.Replace("JobName=wrap", "JobName=my big job")));
            Assert.Equal("my big job", job.Name);
        }

        [Fact]
        public void Squeue_line_parses_and_live_jobs_have_no_end_time()
        {
            var job = Assert.Single(SlurmParsers.ParseSqueue(SqueueLine(5)));
            Assert.Equal("5", job.Id);
            Assert.Null(job.ArrayJobId);
            Assert.Equal(JobState.Running, job.State);
            Assert.Null(job.EndTime);
            Assert.Equal(new DateTime(2026, 11, 22, 3, 38, 4), job.StartTime);
            Assert.Equal("job 5", job.Name);
            var task = Assert.Single(SlurmParsers.ParseSqueue("2_3\u001f2\u001f3\u001fPENDING\u001fcompute\u001froot\u001f2026-11-22T03:35:52\u001fN/A\u001fN/A\u001f\u001fPriority\u001fwrap"));
            Assert.Equal("2", task.ArrayJobId);
            Assert.Equal(3, task.ArrayTaskId);
            Assert.Equal(JobState.Pending, task.State);
            Assert.Equal("Priority", task.Reason);
        }

        [Fact]
        public void Markers_tell_completed_failed_cancelled_and_timed_out_apart()
        {
            var name = Convert.ToBase64String(Encoding.UTF8.GetBytes("n a m e"));
            var text = $"10\t0\t1700000000\t1700000005\t\t{name}\tcompute\tvm\troot\n11_2\t3\t1700000000\t1700000005\t\t\tcompute\tvm\troot\n12\t143\t1\t2\tTERM\t\t\t\t\n13\t143\t1\t2\tTERM\t\t\t\t\n";
            var jobs = SlurmParsers.ParseMarkers(text, new HashSet<string> { "12" }).ToDictionary(j => j.Id);
            Assert.Equal(JobState.Completed, jobs["10"].State);
            Assert.Equal("n a m e", jobs["10"].Name);
            Assert.Equal(JobState.Failed, jobs["11_2"].State);
            Assert.Equal("11", jobs["11_2"].ArrayJobId);
            Assert.Equal(3, jobs["11_2"].ExitCode);
            Assert.Equal(JobState.Cancelled, jobs["12"].State);
            Assert.Equal(JobState.TimedOut, jobs["13"].State);
        }

        [Fact]
        public void Sacct_and_sinfo_parse()
        {
            var job = Assert.Single(SlurmParsers.ParseSacct("7_1|wrap|CANCELLED by 0|0:15|compute|root|2026-11-22T03:35:52|2026-11-22T03:35:52|2026-11-22T03:36:00|vm\n"));
            Assert.Equal(JobState.Cancelled, job.State);
            Assert.Equal(128 + 15, job.ExitCode);
            Assert.Equal("7", job.ArrayJobId);
            var queues = SlurmParsers.ParseSinfo("compute*\u001fup\u001f1\u001fidle\u001finfinite\ncompute*\u001fup\u001f16\u001fidle~\u001finfinite\ndebug\u001fup\u001f1\u001fidle\u001f1:00:00\n");
            Assert.Equal(2, queues.Count);
            Assert.True(queues[0].Default);
            Assert.Equal(17, queues[0].Nodes);
            Assert.Equal("idle=1, idle~=16", queues[0].NodeStates);
            Assert.Equal("1:00:00", queues[1].TimeLimit);
        }

        [Theory]
        [InlineData("PENDING", JobState.Pending)]
        [InlineData("CONFIGURING", JobState.Pending)]
        [InlineData("RUNNING", JobState.Running)]
        [InlineData("COMPLETING", JobState.Completing)]
        [InlineData("COMPLETED", JobState.Completed)]
        [InlineData("FAILED", JobState.Failed)]
        [InlineData("CANCELLED+", JobState.Cancelled)]
        [InlineData("TIMEOUT", JobState.TimedOut)]
        [InlineData("NODE_FAIL", JobState.NodeFail)]
        [InlineData("OUT_OF_MEMORY", JobState.OutOfMemory)]
        [InlineData("PREEMPTED", JobState.Preempted)]
        [InlineData("SUSPENDED", JobState.Suspended)]
        [InlineData("WHATEVER", JobState.Unknown)]
        public void States_map(string slurm, JobState expected) => Assert.Equal(expected, SlurmParsers.MapState(slurm));

        [Theory]
        [InlineData("90", "0-01:30:00")]
        [InlineData("05:30", "0-00:05:30")]
        [InlineData("02:03:04", "0-02:03:04")]
        [InlineData("2-12", "2-12:00:00")]
        [InlineData("2-12:30", "2-12:30:00")]
        [InlineData("2-12:30:15", "2-12:30:15")]
        [InlineData("1.02:00:00", "1-02:00:00")]
        public void Time_limits_in_every_slurm_format_and_timespan(string input, string expected) =>
            Assert.Equal(expected, SlurmTime.Format(SlurmTime.Parse(input)));

        [Theory]
        [InlineData("")]
        [InlineData("soon")]
        [InlineData("1:2:3:4")]
        [InlineData("-5")]
        [InlineData("0")]
        [InlineData("10:99")]
        [InlineData("1-25")]
        public void Malformed_time_limits_are_rejected(string input)
        {
            var ex = Assert.Throws<PcHpcException>(() => SlurmTime.Parse(input));
            Assert.Equal("InvalidTimeLimit", ex.ErrorId);
        }

        [Fact]
        public void Spec_builds_attached_option_values_only()
        {
            var spec = new JobSpec { Script = new byte[] { 1 }, Name = "--wrap=x", Queue = "debug", Nodes = 2, TimeLimit = "90", ArgumentList = new[] { "a", "b" }, ArrayRange = "%1", DependsOn = new[] { "5", "6_1" }, WorkingDirectory = "-o /etc/passwd" };
            var args = spec.Validate(new[] { "compute", "debug" });
            Assert.Equal(new[] { "--job-name=--wrap=x", "--partition=debug", "--nodes=2", "--time=0-01:30:00", "--array=0-1%1", "--dependency=afterok:5:6_1", "--chdir=-o /etc/passwd" }, args);
            Assert.All(args, a => Assert.StartsWith("--", a));
        }

        [Fact]
        public void Envelope_carries_dynamic_content_only_as_base64()
        {
            var request = new RemoteRequest("SUBMIT");
            request.Fields.Add("'; touch /tmp/x; '$(id)`id`");
            request.AddFile(Encoding.UTF8.GetBytes("\"$(rm -rf /etc)\"\n'"));
            var envelope = SlurmRemote.BuildEnvelope(request, 24000);
            Assert.DoesNotContain("touch", envelope);
            Assert.DoesNotContain("$(id)", envelope);
            Assert.DoesNotContain("rm -rf /etc", envelope);
            foreach (var line in envelope.Split('\n').Where(l => l.StartsWith("printf %s '")))
            {
                var b64 = line.Substring(11, line.IndexOf("' | base64 -d", StringComparison.Ordinal) - 11);
                Convert.FromBase64String(b64); // throws unless pure base64
            }
            var nul = new RemoteRequest("STATUS");
            nul.Fields.Add("a\0b");
            Assert.Equal("NulCharacter", Assert.Throws<PcHpcException>(() => SlurmRemote.BuildEnvelope(nul, null)).ErrorId);
        }

        [Fact]
        public void Sections_round_trip_binary_content()
        {
            var data = Encoding.UTF8.GetBytes("a 3\nx\ny") .Concat(Encoding.UTF8.GetBytes("b 0\n")).ToArray();
            var sections = SlurmRemote.Sections(data);
            Assert.Equal(2, sections.Count);
            Assert.Equal("x\ny", Encoding.UTF8.GetString(sections[0].Value));
            Assert.Empty(sections[1].Value);
        }

        [Fact]
        public void Thousand_jobs_merge_in_order()
        {
            var squeue = string.Join("\n", Enumerable.Range(1, 1000).Select(SqueueLine));
            var scontrol = string.Join("\n", Enumerable.Range(1001, 1000).Select(i => ScontrolFailed.Replace("JobId=1 ", "JobId=" + i + " ")));
            var sections = new List<KeyValuePair<string, byte[]>>
            {
                new KeyValuePair<string, byte[]>("squeue", Encoding.UTF8.GetBytes(squeue)),
                new KeyValuePair<string, byte[]>("scontrol", Encoding.UTF8.GetBytes(scontrol)),
            };
            var engine = new JobEngine(new LocalBashTransport(), new JobTarget { Local = true });
            var result = engine.Merge(sections, new string[0]);
            Assert.Equal(2000, result.Jobs.Count);
            Assert.Equal(JobState.Failed, result.Jobs[1500].State);
            Assert.True(result.Jobs.All(j => j.Local));
        }
    }
}
