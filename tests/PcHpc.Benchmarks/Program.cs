// PcHpc benchmarks.
//   Parse benchmarks (BenchmarkDotNet):
//     dotnet run -c Release --project tests/PcHpc.Benchmarks -- --filter '*Slurm*'
//   Plain timing of a 1,000-task sweep through the local transport vs plain `sbatch --array=1-1000`
//   (needs the local SLURM: sudo tests/slurm/start-slurm.sh):
//     dotnet run -c Release --project tests/PcHpc.Benchmarks -- sweep [tasks]
//   The same sweep through the SSM transport (loopback fake AWS whose SSM really runs bash → runuser → the local
//   SLURM): SendCommand calls and wall time until SLURM accepted all tasks, against a plain local
//   `sbatch --array=1-N`, against one `aws ssm send-command` per task (the Debian/pip `aws` CLI, ~10 calls measured
//   and extrapolated), Get-HpcJob over all tasks (remote calls, client parse time), and completion time for a
//   smaller sweep (default 50). The big arrays are cancelled right after submission (this SLURM runs ~1 job/s):
//     dotnet run -c Release --project tests/PcHpc.Benchmarks -- ssm-sweep [tasks=1000] [completeTasks=50] [cliCalls=10]
//   Issue 15 (jobs at scale) through the SSM transport into the local SLURM: P2 Get-HpcJob over a held array among
//   another user's held jobs (SendCommand count, reply size, client parse time; also a 5,000-task array), P6 SSM
//   calls per minute while Wait-HpcJob waits on one job, P5 Get-HpcJob -Id and completion at 100 vs 10,000 records.
//   Cleans up everything it submitted:
//     dotnet run -c Release --project tests/PcHpc.Benchmarks -- jobs-scale [tasks=1000] [unrelated=2000] [waitSeconds=60]
//   Cold start of the built module in a real PowerShell 7.6, one fresh process per run (Import-Module, first offline
//   cmdlet, first EC2 call against the loopback fake):
//     dotnet run -c Release --project tests/PcHpc.Benchmarks -- module-load [moduleDir=out/PcHpc] [runs=7]
using System;
using System.Diagnostics;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Running;
using PcHpc;
using PcHpc.Core.Jobs;

namespace PcHpc.Benchmarks
{
    public static class Program
    {
        public static int Main(string[] args)
        {
            if (args.Length > 0 && args[0] == "ssm-sweep")
            {
                return SsmSweep.Run(args.Length > 1 ? int.Parse(args[1]) : 1000, args.Length > 2 ? int.Parse(args[2]) : 50, args.Length > 3 ? int.Parse(args[3]) : 10);
            }
            if (args.Length > 0 && args[0] == "jobs-scale")
            {
                return JobsScale.Run(args.Length > 1 ? int.Parse(args[1]) : 1000, args.Length > 2 ? int.Parse(args[2]) : 2000, args.Length > 3 ? int.Parse(args[3]) : 60);
            }
            if (args.Length > 0 && args[0] == "module-load")
            {
                return ModuleLoad.Run(args.Length > 1 ? args[1] : "out/PcHpc", args.Length > 2 ? int.Parse(args[2]) : 7);
            }
            if (args.Length > 0 && args[0] == "module-load-once")
            {
                return ModuleLoad.Once(args[1]);
            }
            if (args.Length > 0 && args[0] == "sweep")
            {
                return Sweep.Run(args.Length > 1 ? int.Parse(args[1]) : 1000);
            }
            BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
            return 0;
        }
    }

    [MemoryDiagnoser]
    public class SlurmParseBenchmarks
    {
        private string _squeue;
        private string _scontrol;
        private const string Scontrol = "JobId=1 JobName=wrap UserId=root(0) GroupId=root(0) MCS_label=N/A Priority=4294901759 Nice=0 Account=(null) QOS=(null) JobState=FAILED Reason=NonZeroExitCode Dependency=(null) Requeue=1 Restarts=0 BatchFlag=1 Reboot=0 ExitCode=3:0 RunTime=00:00:00 TimeLimit=UNLIMITED TimeMin=N/A SubmitTime=2026-11-22T03:35:52 EligibleTime=2026-11-22T03:35:52 AccrueTime=2026-11-22T03:35:52 StartTime=2026-11-22T03:35:52 EndTime=2026-11-22T03:35:53 Deadline=N/A SuspendTime=None SecsPreSuspend=0 LastSchedEval=2026-11-22T03:35:52 Scheduler=Main Partition=compute AllocNode:Sid=localhost:5158 ReqNodeList=(null) ExcNodeList=(null) NodeList=vm BatchHost=vm NumNodes=1 NumCPUs=1 NumTasks=1 CPUs/Task=1 ReqB:S:C:T=0:0:*:* TRES=cpu=1,node=1,billing=1 Socks/Node=* NtasksPerN:B:S:C=0:0:*:* CoreSpec=* MinCPUsNode=1 MinMemoryNode=0 MinTmpDiskNode=0 Features=(null) DelayBoot=00:00:00 OverSubscribe=OK Contiguous=0 Licenses=(null) Network=(null) Command=(null) WorkDir=/tmp StdErr=/tmp/j1.out StdIn=/dev/null StdOut=/tmp/j1.out Power= ";

        [GlobalSetup]
        public void Setup()
        {
            _squeue = string.Join("\n", Enumerable.Range(1, 1000).Select(i =>
                $"{i}\u001f{i}\u001fN/A\u001fRUNNING\u001fcompute\u001froot\u001f2026-11-22T03:38:04\u001f2026-11-22T03:38:04\u001f2027-11-22T03:38:04\u001fvm\u001fNone\u001fjob {i}"));
            _scontrol = string.Join("\n", Enumerable.Range(1, 1000).Select(i => Scontrol.Replace("JobId=1 ", "JobId=" + i + " ")));
        }

        [Benchmark]
        public int Slurm_Squeue_1000() => SlurmParsers.ParseSqueue(_squeue).Count;

        [Benchmark]
        public int Slurm_Scontrol_1000() => SlurmParsers.ParseScontrol(_scontrol).Count;
    }

    internal static class Sweep
    {
        public static int Run(int tasks)
        {
            var transport = new LocalBashTransport();
            var engine = new JobEngine(transport, new JobTarget { Local = true }) { PollDelay = n => TimeSpan.FromMilliseconds(500) };
            var items = Enumerable.Range(1, tasks).Select(i => i.ToString()).ToArray();

            var sw = Stopwatch.StartNew();
            var outcome = engine.SubmitAsync(new[] { new JobSpec { Script = Encoding.UTF8.GetBytes("echo $1"), ArgumentList = items, Name = "sweep-pchpc" } }, null, CancellationToken.None).GetAwaiter().GetResult().Single();
            var submitted = sw.Elapsed;
            if (outcome.Error != null) { Console.Error.WriteLine(outcome.Error.Message); return 1; }
            var done = engine.WaitAsync(new[] { outcome.Job.Id }, TimeSpan.FromMinutes(30), false, null, CancellationToken.None).GetAwaiter().GetResult();
            var pchpcTotal = sw.Elapsed;
            var statusSw = Stopwatch.StartNew();
            engine.GetJobsAsync(new[] { outcome.Job.Id }, CancellationToken.None).GetAwaiter().GetResult();
            var status = statusSw.Elapsed;
            Console.WriteLine($"PcHpc  : {tasks} tasks submitted in {submitted.TotalMilliseconds:0} ms, all finished after {pchpcTotal.TotalSeconds:0.0} s ({done.Jobs.Count(j => j.State == JobState.Completed)} completed); status of all in one call: {status.TotalMilliseconds:0} ms");

            sw.Restart();
            var id = Bash($"sbatch --parsable --array=1-{tasks} -J sweep-plain -o /dev/null --wrap 'echo $SLURM_ARRAY_TASK_ID'").Trim();
            var plainSubmitted = sw.Elapsed;
            while (Bash($"squeue -h -j {id} 2>/dev/null | wc -l").Trim() != "0") Thread.Sleep(500);
            Console.WriteLine($"sbatch : {tasks} tasks submitted in {plainSubmitted.TotalMilliseconds:0} ms, all finished after {sw.Elapsed.TotalSeconds:0.0} s");
            return 0;
        }

        private static string Bash(string script)
        {
            var r = new LocalBashTransport().RunAsync(script, CancellationToken.None).GetAwaiter().GetResult();
            return r.Stdout;
        }
    }
}
