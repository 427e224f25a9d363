using System;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Runspaces;
using System.Threading;
using PcHpc.Cmdlets.Tests.Support;

namespace PcHpc.Cmdlets.Tests.Clusters
{
    /// <summary>Ctrl+C (PowerShell.Stop) during a wait: the command stops promptly and leaves no progress bar open.</summary>
    [Collection(ClustersCollection.Name)]
    public class CtrlCTests
    {
        private readonly ClusterSession _s;

        public CtrlCTests(ClusterSession session) => _s = session;

        [Fact]
        public void CtrlC_DuringWaitHpcCluster_StopsAndCompletesItsProgress()
        {
            var name = "ctrlc" + Guid.NewGuid().ToString("N").Substring(0, 6);
            _s.Aws.Knobs.TransitionPolls = 100000;
            try
            {
                _s.Invoke("New-HpcCluster -Name $args[0] -ConfigPath $args[1]", name, _s.ConfigFile()).Succeeded();
                // A console of its own, pointed at the same fake AWS; the pipeline runs on the runspace's thread, as at a console.
                var host = new AnsweringHost();
                using var runspace = RunspaceFactory.CreateRunspace(host, InitialSessionState.CreateDefault2());
                runspace.Open();
                using (var setup = PowerShell.Create())
                {
                    setup.Runspace = runspace;
                    setup.AddScript(@"
                        Import-Module $args[0] -ErrorAction Stop
                        $url, $ak, $sk, $home_, $api = $args[1..5]
                        $global:PSDefaultParameterValues['*-Hpc*:EndpointUrl'] = $url
                        $global:PSDefaultParameterValues['*-Hpc*:AccessKey'] = $ak
                        $global:PSDefaultParameterValues['*-Hpc*:SecretKey'] = $sk
                        $global:PSDefaultParameterValues['*-Hpc*:ApiUri'] = $api
                        $global:StoredAWSRegion = 'us-east-1'
                        [PcHpc.InternalHooks]::SetTestHook('PollInterval', [timespan]::FromMilliseconds(50))")
                        .AddArgument(TestPaths.ModuleManifest).AddArgument(_s.Aws.Url.ToString()).AddArgument(FakeAwsSession.AccessKey)
                        .AddArgument(FakeAwsSession.SecretKey).AddArgument(_s.StateHome).AddArgument(_s.Aws.ParallelClusterInvokeUrl.ToString());
                    setup.Invoke();
                    Assert.False(setup.HadErrors, string.Join("; ", setup.Streams.Error.Select(e => e.ToString())));
                }
                using var ps = PowerShell.Create();
                ps.Runspace = runspace;
                ps.AddScript("Wait-HpcCluster -Name $args[0]").AddArgument(name);
                // One list in arrival order: records the engine keeps in the stream and those written to the host directly.
                ps.Streams.Progress.DataAdded += (sender, e) => host.Console.WriteProgress(0, ps.Streams.Progress[e.Index]);
                var running = ps.BeginInvoke();
                var deadline = DateTime.UtcNow.AddSeconds(60);
                while (DateTime.UtcNow < deadline && !host.Console.ProgressSnapshot().Any(p => p.Activity.Contains(name)))
                {
                    Thread.Sleep(20);
                }
                Assert.True(host.Console.ProgressSnapshot().Any(p => p.Activity.Contains(name)), "the wait showed no progress");
                var before = host.Console.ProgressSnapshot().Count;
                ps.Stop();
                Assert.True(running.IsCompleted || running.AsyncWaitHandle.WaitOne(TimeSpan.FromSeconds(30)), "Wait-HpcCluster did not stop");
                Assert.Equal(PSInvocationState.Stopped, ps.InvocationStateInfo.State);
                var progress = host.Console.ProgressSnapshot().ToList();
                var afterStop = progress.Skip(before).ToList();
                foreach (var activity in progress.GroupBy(p => p.ActivityId))
                {
                    // The bar this wait showed is ended: a Completed record for it reaches the host once Ctrl+C was pressed.
                    Assert.True(activity.Last().RecordType == ProgressRecordType.Completed
                        || afterStop.Any(p => p.ActivityId == activity.Key && p.RecordType == ProgressRecordType.Completed),
                        $"progress activity {activity.Key} ('{activity.Last().Activity}') got no Completed record after Ctrl+C: "
                        + string.Join(", ", activity.Select(p => p.RecordType)));
                }
            }
            finally
            {
                _s.Aws.Knobs.TransitionPolls = 1;
            }
        }
    }
}
