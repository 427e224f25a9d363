using System.Linq;
using PcHpc.Cmdlets.Tests.Jobs;
using PcHpc.Cmdlets.Tests.Support;

namespace PcHpc.Cmdlets.Tests.Inputs
{
    /// <summary>
    /// Job inputs mean what they say, on the local SLURM (tiny single jobs, each waited for by its own id).
    /// </summary>
    [Collection(InputsCollection.Name)]
    public class JobInputMeaningTests
    {
        private readonly InputsSession _s;

        public JobInputMeaningTests(InputsSession session) => _s = session;

        private static void RequireSlurm() { var why = SlurmWorld.Unavailable(); Skip.If(why != null, why); }

        [SkippableFact]
        public void Environment_PATH_IsTheJobs_AndDoesNotBreakTheWrapper()
        {
            RequireSlurm();
            var r = _s.Invoke(@"
                $done = Invoke-HpcJob -Local -Command 'echo ""path=$PATH""' -Environment @{ PATH = '/opt/tools/bin' } -Name pchpc-t-envpath | Wait-HpcJob -Timeout 600
                $done, ($done | Receive-HpcJob)").Succeeded();
            Assert.Equal("Completed", r.Output[0].Get<string>("State"));
            Assert.Equal(0, r.Output[0].Get<int>("ExitCode"));
            Assert.Equal("path=/opt/tools/bin\n", r.Output[1].Get<string>("Output"));
        }

        [SkippableFact]
        public void MissingWorkingDirectory_FailsTheJob_AndSaysWhy()
        {
            RequireSlurm();
            var missing = "/tmp/pchpc-no-such-dir-" + System.Guid.NewGuid().ToString("N");
            var r = _s.Invoke(@"
                $done = Invoke-HpcJob -Local -Command 'pwd' -WorkingDirectory $args[0] -Name pchpc-t-nodir | Wait-HpcJob -Timeout 600
                $done, ($done | Receive-HpcJob)", missing).Succeeded();
            Assert.Equal("Failed", r.Output[0].Get<string>("State"));
            Assert.Equal(1, r.Output[0].Get<int>("ExitCode"));
            Assert.Equal(string.Empty, r.Output[1].Get<string>("Output") ?? string.Empty);
            Assert.Contains("the working directory " + missing + " does not exist", r.Output[1].Get<string>("Error"));
        }
    }
}
