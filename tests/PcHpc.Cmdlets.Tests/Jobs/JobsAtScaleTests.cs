using System;
using System.Diagnostics;
using System.Linq;

namespace PcHpc.Cmdlets.Tests.Jobs
{
    /// <summary>
    /// Issue 15, P2, through SSM into the real SLURM: a large array among another user's jobs costs one SendCommand.
    /// The jobs are held (pending, never run) so the shared node is not loaded, and cancelled at the end.
    /// </summary>
    [Collection("Jobs")]
    public sealed class JobsAtScaleTests
    {
        private readonly JobsSession _s;

        public JobsAtScaleTests(JobsSession session) => _s = session;

        [SkippableFact]
        public void Get_HpcJob_over_a_thousand_task_array_among_other_jobs_is_one_SendCommand()
        {
            _s.RequireSlurm();
            var tag = "pchpc-scale-" + Guid.NewGuid().ToString("N").Substring(0, 8);
            string other = null, array = null;
            try
            {
                other = Bash($"runuser -u nobody -- sbatch --parsable --hold -J {tag}-other --array=0-499 -o /dev/null --wrap true");
                array = Bash($"sbatch --parsable --hold -J {tag} --array=0-999 -o /dev/null --wrap true");
                var before = _s.SendCommands;
                var r = _s.Invoke("Get-HpcJob -ClusterName demo -Id $args[0]", array).Succeeded();
                Assert.Equal(1, _s.SendCommands - before);
                Assert.Equal(Enumerable.Range(0, 1000), r.Output.Select(o => o.Get<int>("ArrayTaskId")).OrderBy(t => t));
                Assert.All(r.Output, o => Assert.Equal(array, o.Get<string>("ArrayJobId")));
                Assert.All(r.Output, o => Assert.Equal("Pending", o.Get<string>("State")));
                Assert.All(r.Output, o => Assert.Equal(tag, o.Get<string>("Name")));
            }
            finally
            {
                Bash("scancel " + string.Join(" ", new[] { other, array }.Where(x => !string.IsNullOrEmpty(x) && x.All(char.IsDigit))) + " 2>/dev/null; true");
            }
        }

        private static string Bash(string script)
        {
            using var p = Process.Start(new ProcessStartInfo("bash", new[] { "-c", script }) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false })!;
            var output = p.StandardOutput.ReadToEnd();
            var error = p.StandardError.ReadToEnd();
            p.WaitForExit();
            Assert.True(p.ExitCode == 0, script + " failed: " + error);
            return output.Trim();
        }
    }
}
