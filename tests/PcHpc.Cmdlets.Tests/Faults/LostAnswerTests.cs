using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using PcHpc.Cmdlets.Tests.Jobs;

namespace PcHpc.Cmdlets.Tests.Faults
{
    /// <summary>
    /// Issue 11, items 1 and 2 one at a time: the service acts and the answer is lost; polls of an accepted command
    /// fail. The operation is never done twice, and an outcome PcHpc cannot learn is named, recorded and picked up later.
    /// </summary>
    [Collection("Faults")]
    public sealed class LostAnswerTests
    {
        private readonly FaultSession _s;

        public LostAnswerTests(FaultSession session) => _s = session;

        private void OnlyFor(params string[] actions) => _s.Aws.Knobs.FaultActions = new HashSet<string>(actions);

        private void Clear()
        {
            _s.NoFaults();
            _s.Aws.Knobs.FaultActions = null;
            _s.Invoke("[PcHpc.InternalHooks]::SetTestHook('RetryBudget', $null)");
        }

        [SkippableFact]
        public void A_SendCommand_whose_answer_is_lost_runs_the_job_once_and_reports_it()
        {
            _s.RequireRoot();
            var file = Path.Combine(_s.Scratch, "ran-lost-send");
            var sends = _s.Aws.Calls.Count("SendCommand");
            var commands = _s.Aws.Ssm.Invocations.Count;
            var lost = _s.Aws.Knobs.LostResponses;
            try
            {
                OnlyFor("SendCommand");
                _s.Faults(0, 0, 0, 1.0); // every SendCommand runs, and its answer never arrives
                var r = _s.Invoke("Invoke-HpcJob -ClusterName $args[0] -Region us-east-1 -Command $args[1] -Name pchpc-t-fault-lost -Verbose 4>&1",
                    FaultSession.Cluster, $"echo once >> '{file}'").Succeeded();
                var job = r.Output.Single(o => o.Properties["Id"] != null);
                Assert.Contains(r.Output, o => (o.BaseObject?.ToString() ?? "").Contains("not sending it again"));
                Clear();
                var done = _s.Invoke("Wait-HpcJob -ClusterName $args[0] -Region us-east-1 -Id $args[1] -Timeout 120", FaultSession.Cluster, job.Get<string>("Id")).Succeeded();
                Assert.Equal("Completed", done.Output.Single().Get<string>("State"));
            }
            finally
            {
                Clear();
            }
            Assert.Equal(new[] { "once" }, File.ReadAllLines(file));
            Assert.True(_s.Aws.Knobs.LostResponses > lost);
            Assert.Equal(1, _s.Aws.Calls.Count("SendCommand") - sends - (_s.Aws.Ssm.Invocations.Count - commands - 1)); // the submit was sent once
        }

        [SkippableFact]
        public void A_CreateCluster_whose_answer_is_lost_creates_once_and_reports_the_cluster()
        {
            _s.RequireRoot();
            try
            {
                OnlyFor("CreateCluster", "DeleteCluster");
                _s.Faults(0, 0, 0, 1.0);
                var created = _s.Invoke("New-HpcCluster -Name lostone -Region us-east-1 -ConfigPath $args[0] -Wait", _s.ConfigPath).Succeeded();
                Assert.Equal("Ready", created.Output.Single().Get<string>("Status"));
                var removed = _s.Invoke("Remove-HpcCluster -Name lostone -Region us-east-1 -Force").Succeeded();
                Assert.Equal("Deleting", removed.Output.Single().Get<string>("Status"));
            }
            finally
            {
                Clear();
            }
            Assert.Equal(1, _s.Aws.ParallelCluster.Acts.Count(a => a == "CreateCluster us-east-1/lostone"));
            Assert.Equal(1, _s.Aws.ParallelCluster.Acts.Count(a => a == "DeleteCluster us-east-1/lostone"));
            Assert.True(_s.Aws.Calls.Count("CreateCluster") >= 1);
        }

        [SkippableFact]
        public void An_UpdateCluster_whose_answer_is_lost_starts_one_update()
        {
            _s.RequireRoot();
            _s.Invoke("New-HpcCluster -Name lostupd -Region us-east-1 -ConfigPath $args[0] -Wait", _s.ConfigPath).Succeeded();
            var bigger = Path.Combine(_s.Scratch, "bigger.yaml");
            File.WriteAllText(bigger, File.ReadAllText(_s.ConfigPath).Replace("MaxCount: 4", "MaxCount: 8"));
            try
            {
                OnlyFor("UpdateCluster"); // the dry run answers 412 and is not lost; the update runs and its answer is lost
                _s.Faults(0, 0, 0, 1.0);
                _s.Invoke("Update-HpcCluster -Name lostupd -Region us-east-1 -ConfigPath $args[0] -Force", bigger).Succeeded();
            }
            finally
            {
                Clear();
            }
            Assert.Equal(1, _s.Aws.ParallelCluster.Acts.Count(a => a == "UpdateCluster us-east-1/lostupd"));
            Assert.StartsWith("UPDATE_", _s.Aws.ParallelCluster.Find("lostupd", "us-east-1").Status);
        }

        [SkippableFact]
        public void A_submission_whose_polls_keep_failing_names_its_command_is_recorded_and_Get_HpcJob_picks_it_up()
        {
            _s.RequireRoot();
            var file = Path.Combine(_s.Scratch, "ran-unknown");
            var submissions = Path.Combine(_s.StateHome, "submissions");
            Invoke_HpcJob_with_failing_polls(file, out var error);
            Assert.Matches("SSM command [0-9a-f-]{36}", error);
            Assert.Contains("Get-HpcJob -ClusterName " + FaultSession.Cluster, error);
            var commandId = Regex.Match(error, "SSM command ([0-9a-f-]{36})").Groups[1].Value;
            var record = Assert.Single(Directory.GetFiles(submissions, "*.json"));
            Assert.Contains(commandId, File.ReadAllText(record));
            Assert.Contains("pchpc-t-fault-unknown", File.ReadAllText(record));

            // Later, with SSM answering again: Get-HpcJob resolves the submission into a job record.
            var later = _s.Invoke("Get-HpcJob -ClusterName $args[0] -Region us-east-1 -Verbose 4>&1", FaultSession.Cluster).Succeeded();
            Assert.Contains(later.Output, o => (o.BaseObject?.ToString() ?? "").Contains("is resolved: job(s)"));
            Assert.Empty(Directory.GetFiles(submissions, "*.json"));
            Assert.Contains(Directory.GetFiles(Path.Combine(_s.StateHome, "jobs")).Select(File.ReadAllText),
                t => t.Contains("\"pchpc-t-fault-unknown\"") && t.Contains(commandId));
            Assert.Equal(new[] { "ran" }, File.ReadAllLines(file));
        }

        private void Invoke_HpcJob_with_failing_polls(string file, out string error)
        {
            try
            {
                _s.Invoke("[PcHpc.InternalHooks]::SetTestHook('RetryBudget', [timespan]::FromSeconds(2))").Succeeded();
                OnlyFor("GetCommandInvocation");
                _s.Faults(0, 1.0, 0, 0);
                var r = _s.Invoke("Invoke-HpcJob -ClusterName $args[0] -Region us-east-1 -Command $args[1] -Name pchpc-t-fault-unknown",
                    FaultSession.Cluster, $"echo ran >> '{file}'");
                Assert.Empty(r.Output);
                var e = Assert.Single(r.Errors);
                Assert.StartsWith("JobSubmitOutcomeUnknown", e.FullyQualifiedErrorId);
                error = e.Exception.Message;
            }
            finally
            {
                Clear();
            }
        }
    }
}
