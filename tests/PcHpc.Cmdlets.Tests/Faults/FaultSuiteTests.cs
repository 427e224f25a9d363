using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Text.RegularExpressions;
using PcHpc.Cmdlets.Tests.Jobs;
using PcHpc.Cmdlets.Tests.Support;
using Xunit.Abstractions;

namespace PcHpc.Cmdlets.Tests.Faults
{
    /// <summary>
    /// Issue 11: an outcome that never lies. 200 mixed operations (list, create, delete, submit, wait) through the real
    /// engine against the fake AWS with 30 % injected faults (throttling, 5xx, connection resets, and "acted, then lost
    /// the answer"), a fixed seed; every reported outcome is compared with what the fake (and SLURM) really did.
    /// </summary>
    [Collection("Faults")]
    public sealed class FaultSuiteTests
    {
        private const int Operations = 200;
        private readonly FaultSession _s;
        private readonly ITestOutputHelper _out;

        public FaultSuiteTests(FaultSession session, ITestOutputHelper output)
        {
            _s = session;
            _out = output;
        }

        private sealed class Tally
        {
            public int Run, Matched, Unknown, Failed, Duplicates;
            public readonly List<string> Mismatches = new List<string>();
            public void Check(bool ok, string what) { Run++; if (ok) Matched++; else Mismatches.Add(what); }
        }

        private static string ErrorIdOf(PsResult r) =>
            r.Errors.Select(e => e.FullyQualifiedErrorId).FirstOrDefault() ?? r.Terminating?.ErrorRecord?.FullyQualifiedErrorId ?? string.Empty;

        private static string ErrorTextOf(PsResult r) =>
            string.Join(" | ", r.Errors.Select(e => e.Exception.Message)) + (r.Terminating != null ? r.Terminating.Message : string.Empty);

        private static bool IsUnknown(string errorId) => errorId.Contains("OutcomeUnknown") || errorId.Contains("StatusUnknown");

        private int Acts(string act, string name) => _s.Aws.ParallelCluster.Acts.Count(a => a == act + " us-east-1/" + name);

        [SkippableFact]
        public void Mixed_operations_at_30_percent_faults_report_what_happened_and_never_act_twice()
        {
            _s.RequireRoot();
            var rng = new Random(2026);
            _s.Aws.Knobs.Seed(11);
            var tally = new Tally();
            var created = new List<string>();                      // reported created, not deleted since
            var everCreated = new HashSet<string>(_s.Aws.ParallelCluster.Clusters.Select(c => c.Name), StringComparer.Ordinal);
            var jobs = new Dictionary<int, (string Reported, string Id)>();
            var toWait = new List<int>();
            var unknownCreates = new List<string>();
            var unknownDeletes = new List<string>();
            var n = 0;
            var seconds = new Dictionary<string, double>();
            // Each kind checked in turn: 1 - 0.915^4 ≈ 30 % of requests fail; "lost" ones acted first.
            _s.Faults(0.085, 0.085, 0.085, 0.085);
            try
            {
                for (var op = 0; op < Operations; op++)
                {
                    var roll = rng.NextDouble();
                    var clock = System.Diagnostics.Stopwatch.StartNew();
                    var kind = roll < 0.2 ? "list" : roll < 0.4 ? "create" : roll < 0.55 ? "delete" : roll < 0.8 ? "submit" : "wait";
                    try
                    {
                    if (roll < 0.2 || (roll < 0.55 && roll >= 0.4 && created.Count == 0))
                    {
                        var stable = _s.Aws.ParallelCluster.Clusters.Where(c => c.Status == "CREATE_COMPLETE").Select(c => c.Name).ToList();
                        var r = _s.Invoke("Get-HpcCluster -Region us-east-1");
                        if (r.Errors.Count > 0 || r.Terminating != null) { tally.Failed++; tally.Check(ErrorTextOf(r).Length > 0, "list: unclear error"); continue; }
                        var names = r.Output.Select(o => o.Get<string>("Name")).ToList();
                        tally.Check(stable.All(names.Contains) && names.All(everCreated.Contains), $"list: reported [{string.Join(",", names)}], fake has [{string.Join(",", stable)}] ready");
                    }
                    else if (roll < 0.4)
                    {
                        var name = "f" + op;
                        var wait = rng.NextDouble() < 0.5;
                        var r = _s.Invoke("New-HpcCluster -Name $args[0] -Region us-east-1 -ConfigPath $args[1] -Wait:$args[2]", name, _s.ConfigPath, wait);
                        everCreated.Add(name);
                        var acts = Acts("CreateCluster", name);
                        tally.Duplicates += Math.Max(0, acts - 1);
                        var id = ErrorIdOf(r);
                        if (id.Length == 0 && r.Output.Count == 1)
                        {
                            var fake = _s.Aws.ParallelCluster.Find(name, "us-east-1");
                            tally.Check(acts == 1 && fake != null && (!wait || (r.Output[0].Get<string>("Status") == "Ready" && fake.Status == "CREATE_COMPLETE")),
                                $"create {name}: reported created, fake acts {acts}, status {fake?.Status}");
                            created.Add(name);
                        }
                        else if (IsUnknown(id))
                        {
                            tally.Unknown++;
                            tally.Check(ErrorTextOf(r).Contains(name), $"create {name}: unknown outcome without the name: {ErrorTextOf(r)}");
                            unknownCreates.Add(name);
                        }
                        else
                        {
                            tally.Failed++;
                            tally.Check(acts == 0, $"create {name}: reported failed ({id}: {ErrorTextOf(r)}) but the fake created it");
                        }
                    }
                    else if (roll < 0.55)
                    {
                        var name = created.FirstOrDefault(c => _s.Aws.ParallelCluster.Find(c, "us-east-1")?.Status == "CREATE_COMPLETE") ?? created[0];
                        created.Remove(name);
                        var before = Acts("DeleteCluster", name);
                        var r = _s.Invoke("Remove-HpcCluster -Name $args[0] -Region us-east-1 -Force", name);
                        var acts = Acts("DeleteCluster", name) - before;
                        tally.Duplicates += Math.Max(0, acts - 1);
                        var id = ErrorIdOf(r);
                        if (id.Length == 0) tally.Check(acts == 1, $"delete {name}: reported deleting, fake acts {acts}");
                        else if (IsUnknown(id)) { tally.Unknown++; tally.Check(ErrorTextOf(r).Contains(name), "delete: unknown without the name"); unknownDeletes.Add(name); }
                        else
                        {
                            tally.Failed++;
                            tally.Check(acts == 0, $"delete {name}: reported failed ({id}) but the fake acted {acts}");
                            if (acts == 0) created.Add(name);
                        }
                    }
                    else if (roll < 0.8 || toWait.Count == 0)
                    {
                        var k = ++n;
                        var file = Path.Combine(_s.Scratch, "ran-" + k);
                        var r = _s.Invoke("Invoke-HpcJob -ClusterName $args[0] -Region us-east-1 -Command $args[1] -Name $args[2]",
                            FaultSession.Cluster, $"echo {k} >> '{file}'", "pchpc-t-fault-" + k);
                        var id = ErrorIdOf(r);
                        if (id.Length == 0 && r.Output.Count == 1)
                        {
                            jobs[k] = ("ok", r.Output[0].Get<string>("Id"));
                            toWait.Add(k);
                        }
                        else if (IsUnknown(id))
                        {
                            tally.Unknown++;
                            jobs[k] = ("unknown", null);
                            tally.Check(Regex.IsMatch(ErrorTextOf(r), "SSM command [0-9a-f-]{36}|PcHpc request pchpc-"), "submit: unknown outcome without the command: " + ErrorTextOf(r));
                        }
                        else
                        {
                            tally.Failed++;
                            jobs[k] = ("failed:" + id, null);
                        }
                    }
                    else
                    {
                        var k = toWait[rng.Next(toWait.Count)];
                        toWait.Remove(k);
                        var r = _s.Invoke("Wait-HpcJob -ClusterName $args[0] -Region us-east-1 -Id $args[1] -Timeout 120", FaultSession.Cluster, jobs[k].Id);
                        if (ErrorIdOf(r).Length == 0 && r.Output.Count == 1)
                        {
                            var state = r.Output[0].Get<string>("State");
                            tally.Check(state == "Completed" && _s.Runs(k) == 1, $"wait job {k}: reported {state}, ran {_s.Runs(k)} time(s)");
                        }
                        else
                        {
                            tally.Failed++;
                            tally.Check(ErrorTextOf(r).Length > 0, "wait: unclear error");
                        }
                    }
                    }
                    finally
                    {
                        seconds[kind] = (seconds.TryGetValue(kind, out var t) ? t : 0) + clock.Elapsed.TotalSeconds;
                    }
                }
            }
            finally
            {
                _s.NoFaults();
            }

            // Reality, with the faults off: every job that ran has finished; unknown outcomes are picked up by Get-HpcJob / Get-HpcCluster.
            var pickup = _s.Invoke("Get-HpcJob -ClusterName $args[0] -Region us-east-1", FaultSession.Cluster).Succeeded();
            var listed = _s.Invoke("Get-HpcCluster -Region us-east-1").Succeeded().Output.Select(o => o.Get<string>("Name")).ToList();
            var jobFiles = Directory.Exists(Path.Combine(_s.StateHome, "jobs"))
                ? Directory.GetFiles(Path.Combine(_s.StateHome, "jobs")).Select(File.ReadAllText).ToList() : new List<string>();
            var submissionsLeft = Directory.Exists(Path.Combine(_s.StateHome, "submissions"))
                ? Directory.GetFiles(Path.Combine(_s.StateHome, "submissions"), "*.json").Length : 0;
            foreach (var (k, (reported, _)) in jobs)
            {
                var runs = _s.Runs(k);
                tally.Duplicates += Math.Max(0, runs - 1);
                var recorded = jobFiles.Any(t => t.Contains("\"pchpc-t-fault-" + k + "\""));
                if (reported == "ok") tally.Check(runs == 1 && recorded, $"submit {k}: reported submitted, ran {runs} time(s), recorded {recorded}");
                else if (reported == "unknown") tally.Check(runs <= 1 && recorded == (runs == 1), $"submit {k}: unknown, ran {runs} time(s), recorded after Get-HpcJob {recorded}");
                else tally.Check(runs == 0, $"submit {k}: reported {reported}, but it ran {runs} time(s)");
            }
            foreach (var name in unknownCreates) tally.Check(listed.Contains(name) == (Acts("CreateCluster", name) == 1), $"create {name}: unknown; Get-HpcCluster lists it {listed.Contains(name)}");
            foreach (var name in unknownDeletes) tally.Check(!listed.Contains(name) || _s.Aws.ParallelCluster.Find(name, "us-east-1")?.Status == "DELETE_IN_PROGRESS", $"delete {name}: unknown");
            var sends = _s.Aws.Ssm.Invocations.GroupBy(i => Regex.Match(i.Comment ?? "", "pchpc-[0-9a-f]{20}").Value).Where(g => g.Key.Length > 0).ToList();
            var duplicateSends = sends.Sum(g => g.Count() - 1);
            tally.Duplicates += duplicateSends;

            _out.WriteLine("| faults | operations | outcomes matching reality | named unknown outcomes (resolved) | reported failures | duplicates |");
            _out.WriteLine("| --- | --- | --- | --- | --- | --- |");
            _out.WriteLine($"| 30 % (seed 11, {_s.Aws.Knobs.LostResponses} acted-then-lost) | {Operations} | {tally.Matched} of {tally.Run} checks | {tally.Unknown} | {tally.Failed} | {tally.Duplicates} (SSM resends {duplicateSends}) |");
            foreach (var m in tally.Mismatches) _out.WriteLine("MISMATCH " + m);
            _out.WriteLine("seconds by kind: " + string.Join(", ", seconds.Select(kv => $"{kv.Key} {kv.Value:0.0}")));
            WriteTable("fault-suite-30.txt");

            Assert.True(tally.Mismatches.Count == 0, string.Join("\n", tally.Mismatches));
            Assert.Equal(0, tally.Duplicates);
            Assert.Equal(0, submissionsLeft);
            Assert.True(_s.Aws.Knobs.LostResponses > 0, "the suite injected no acted-then-lost answers");
            Assert.True(jobs.Count > 20 && unknownCreates.Count + tally.Failed < Operations, "too few operations of a kind ran");

            void WriteTable(string file)
            {
                var dir = Path.Combine(TestPaths.RepositoryRoot, "out", "test-results");
                Directory.CreateDirectory(dir);
                File.WriteAllText(Path.Combine(dir, file),
                    $"operations {Operations}, checks {tally.Run}, matching {tally.Matched}, unknown {tally.Unknown}, failed {tally.Failed}, duplicates {tally.Duplicates}, lost answers {_s.Aws.Knobs.LostResponses}\n"
                    + string.Join("\n", tally.Mismatches) + "\n");
            }
        }
    }
}
