using System;
using System.Linq;
using PcHpc.Cmdlets.Tests.Jobs;
using Xunit.Abstractions;

namespace PcHpc.Cmdlets.Tests.Faults
{
    /// <summary>
    /// Issue 11 at 100 % faults: every request is throttled, answered 5xx or reset before the service acts. Every cmdlet
    /// fails with a clear error after its retries (no output, nothing done at the fake) and PCHPC_HOME stays byte-identical.
    /// </summary>
    [Collection("Faults")]
    public sealed class TotalFaultTests
    {
        private readonly FaultSession _s;
        private readonly ITestOutputHelper _out;

        public TotalFaultTests(FaultSession session, ITestOutputHelper output)
        {
            _s = session;
            _out = output;
        }

        private static readonly string[] Commands =
        {
            "Get-HpcCluster -Region us-east-1",
            "Get-HpcCluster -Name keep -Region us-east-1",
            "New-HpcCluster -Name never -Region us-east-1 -ConfigPath $args[0]",
            "New-HpcCluster -Name never2 -Region us-east-1 -ConfigPath $args[0] -Wait",
            "Remove-HpcCluster -Name keep -Region us-east-1 -Force",
            "Update-HpcCluster -Name keep -Region us-east-1 -ConfigPath $args[0] -Force",
            "Wait-HpcCluster -Name keep -Region us-east-1 -Timeout 00:00:01",
            "Wait-HpcCluster -Name keep -Region us-east-1",
            "Get-HpcClusterInstance -Name keep -Region us-east-1",
            "Get-HpcClusterEvent -Name keep -Region us-east-1",
            "Get-HpcClusterLog -Name keep -Region us-east-1",
            "Stop-HpcComputeFleet -Name keep -Region us-east-1 -Force",
            "Start-HpcComputeFleet -Name keep -Region us-east-1",
            "Remove-HpcClusterInstance -Name keep -Region us-east-1 -Force",
            "Get-HpcVpc -Region us-east-1",
            "Get-HpcAwsIdentity -Region us-east-1",
            "Invoke-HpcJob -ClusterName $args[1] -Region us-east-1 -Command 'echo never' -Name pchpc-t-fault-never",
            "Get-HpcJob -ClusterName $args[1] -Region us-east-1",
            "Get-HpcJob -ClusterName $args[1] -Region us-east-1 -Id $args[2]",
            "Wait-HpcJob -ClusterName $args[1] -Region us-east-1 -Id $args[2] -Timeout 2",
            "Receive-HpcJob -ClusterName $args[1] -Region us-east-1 -Id $args[2]",
            "Stop-HpcJob -ClusterName $args[1] -Region us-east-1 -Id $args[2] -Force",
            "Get-HpcQueue -ClusterName $args[1] -Region us-east-1",
        };

        [SkippableFact]
        public void At_100_percent_faults_every_cmdlet_fails_clearly_and_the_store_is_byte_identical()
        {
            _s.RequireRoot();
            _s.NoFaults();
            if (_s.Aws.ParallelCluster.Find("keep", "us-east-1") == null)
            {
                _s.Invoke("New-HpcCluster -Name keep -Region us-east-1 -ConfigPath $args[0] -Wait", _s.ConfigPath).Succeeded();
            }
            var job = _s.Invoke("Invoke-HpcJob -ClusterName $args[0] -Region us-east-1 -Command true -Name pchpc-t-fault-keep | Wait-HpcJob -Timeout 120", FaultSession.Cluster).Succeeded();
            var jobId = job.Output.Single().Get<string>("Id");
            var before = _s.StoreSnapshot();
            var acts = _s.Aws.ParallelCluster.Acts.Count;
            var commands = _s.Aws.Ssm.Invocations.Count;
            _s.Invoke("[PcHpc.InternalHooks]::SetTestHook('RetryBudget', [timespan]::FromSeconds(2))").Succeeded();
            _s.Aws.Knobs.Seed(100);
            // Checked in turn: a third of the requests are reset, half the rest throttled, all the others answered 5xx.
            _s.Faults(0.5, 1.0, 1.0 / 3, 0);
            var failedClearly = 0;
            try
            {
                foreach (var command in Commands)
                {
                    var callsBefore = _s.Aws.Calls.All.Count;
                    var r = _s.Invoke(command, _s.ConfigPath, FaultSession.Cluster, jobId);
                    var errors = r.Errors.Select(e => e.Exception.Message).Concat(r.Terminating == null ? new string[0] : new[] { r.Terminating.Message }).ToList();
                    var ids = r.Errors.Select(e => e.FullyQualifiedErrorId).Concat(r.Terminating == null ? new string[0] : new[] { r.Terminating.ErrorRecord.FullyQualifiedErrorId });
                    var calls = _s.Aws.Calls.All.Count - callsBefore;
                    _out.WriteLine($"{command}: {calls} call(s), {string.Join(", ", ids)}: {errors.FirstOrDefault()}");
                    Assert.True(errors.Count > 0, command + " reported no error at 100 % faults");
                    Assert.Empty(r.Output);
                    Assert.All(errors, e => Assert.Matches("(?i)fail|could not|throttl|timed out|unknown|not accept|reach", e));
                    failedClearly++;
                }
            }
            finally
            {
                _s.NoFaults();
                _s.Invoke("[PcHpc.InternalHooks]::SetTestHook('RetryBudget', $null)");
            }
            var after = _s.StoreSnapshot();
            _out.WriteLine($"| 100 % (seed 100) | {Commands.Length} cmdlet calls | {failedClearly} failed clearly, nothing done | duplicates 0 | store byte-identical: {before.SequenceEqual(after)} |");
            Assert.Equal(acts, _s.Aws.ParallelCluster.Acts.Count);
            Assert.Equal(commands, _s.Aws.Ssm.Invocations.Count);
            Assert.Equal(before, after);
        }
    }
}
