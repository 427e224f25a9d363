using System;
using System.Diagnostics;
using System.Linq;
using PcHpc.Cmdlets.Tests.Support;

namespace PcHpc.Cmdlets.Tests.Jobs
{
    /// <summary>
    /// Issue 16, item 6: an array's tasks are counted right while SLURM is busy with hundreds of other jobs (a busy
    /// slurmctld splits, finishes and purges tasks between squeue and scontrol; tasks then carry job ids of their own).
    /// Nothing here depends on timing: every answer, whenever it comes, must hold all tasks.
    /// </summary>
    [Collection("Jobs")]
    public sealed class ArrayUnderLoadTests
    {
        private const int Tasks = 200;
        private const int LoadBefore = 150;
        private const int LoadAfter = 150;

        private readonly JobsSession _s;

        public ArrayUnderLoadTests(JobsSession session) => _s = session;

        [SkippableFact]
        public void An_array_among_hundreds_of_other_jobs_keeps_all_its_tasks_in_every_answer()
        {
            _s.RequireSlurm();
            var tag = "pchpc-load-" + Guid.NewGuid().ToString("N").Substring(0, 8);
            var mine = tag + "-array";
            try
            {
                Load(tag, LoadBefore);
                var r = _s.Invoke(@"
                    param($name, $count, $loadTag, $loadAfter)
                    $job = Invoke-HpcJob -Local -Script 'echo ""task $1""' -ArgumentList (1..$count) -Name $name
                    # More load while the array runs: every sbatch keeps slurmctld busy.
                    bash -c 'for i in $(seq 1 ""$2""); do sbatch -Q -J ""$1"" -o /dev/null --wrap true || exit 1; done' load $loadTag $loadAfter | Out-Null
                    if ($LASTEXITCODE -ne 0) { throw 'load submission failed' }
                    $counts = [System.Collections.Generic.List[int]]::new()
                    $busy = 0
                    $open = 1
                    $guard = [DateTime]::UtcNow.AddMinutes(30)   # a bound against hanging, not a timing assertion
                    do {
                        try {
                            $seen = @(Get-HpcJob -Local -Id $job.Id -ErrorAction Stop)
                        } catch {
                            if ($_.FullyQualifiedErrorId -notlike 'SqueueFailed*') { throw }
                            $busy++; Start-Sleep -Milliseconds 500; continue
                        }
                        $counts.Add($seen.Count)
                        $open = @($seen | Where-Object { -not $_.IsFinished }).Count
                        if ($open -gt 0) { Start-Sleep -Milliseconds 500 }
                    } while ($open -gt 0 -and [DateTime]::UtcNow -lt $guard)
                    $done = @($job | Wait-HpcJob -Timeout 1800)
                    $again = @(Get-HpcJob -Local -Id $job.Id)
                    $line = { '{0}|{1}|{2}|{3}|{4}' -f $_.Id, $_.ArrayJobId, $_.ArrayTaskId, $_.State, $_.ExitCode }
                    [pscustomobject]@{
                        Id = $job.Id; Counts = [int[]]$counts.ToArray(); Busy = $busy
                        Done = [string[]]@($done | ForEach-Object $line); Again = [string[]]@($again | ForEach-Object $line)
                    }
                ", mine, Tasks, tag, LoadAfter).Succeeded();
                var o = r.Output.Single();
                var id = o.Get<string>("Id");
                var counts = (int[])Unwrap(o.Properties["Counts"].Value);
                Assert.NotEmpty(counts);
                Assert.All(counts, c => Assert.Equal(Tasks, c)); // every Get-HpcJob answer, early or late, had every task
                var expected = Enumerable.Range(0, Tasks).Select(t => $"{id}_{t}|{id}|{t}|Completed|0").ToList();
                foreach (var name in new[] { "Done", "Again" })
                {
                    var lines = ((string[])Unwrap(o.Properties[name].Value)).OrderBy(l => int.Parse(l.Split('|')[2])).ToList();
                    Assert.Equal(expected, lines);
                }
            }
            finally
            {
                Scancel("--name=" + tag);
                Scancel("--name=" + mine);
            }
        }

        private static object Unwrap(object x) => x is System.Management.Automation.PSObject ps ? ps.BaseObject : x;

        private static void Load(string name, int count)
        {
            var p = Process.Start(new ProcessStartInfo("bash", new[] { "-c", "for i in $(seq 1 \"$2\"); do sbatch -Q -J \"$1\" -o /dev/null --wrap true || exit 1; done", "load", name, count.ToString() })
            { RedirectStandardError = true, UseShellExecute = false });
            var err = p.StandardError.ReadToEnd();
            p.WaitForExit();
            Assert.True(p.ExitCode == 0, "submitting the load failed: " + err);
        }

        private static void Scancel(string filter)
        {
            using var p = Process.Start(new ProcessStartInfo("scancel", filter) { UseShellExecute = false });
            p.WaitForExit();
        }
    }
}
