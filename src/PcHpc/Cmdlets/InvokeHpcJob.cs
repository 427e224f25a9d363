using System;
using System.Collections;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Management.Automation;
using PcHpc.Core.Errors;
using PcHpc.Core.Slurm;
using PcHpc.Infrastructure;

namespace PcHpc.Cmdlets
{
    /// <summary>Submits SLURM batch jobs (sbatch) on a cluster's head node or on this machine; pipeline input is sent in batches.</summary>
    [Cmdlet(VerbsLifecycle.Invoke, "HpcJob", DefaultParameterSetName = CommandSet, SupportsShouldProcess = true)]
    [OutputType(typeof(Job))]
    public sealed class InvokeHpcJob : JobCmdlet
    {
        private const string CommandSet = "Command";
        private const string ScriptSet = "Script";
        private const string ScriptPathSet = "ScriptPath";

        [Parameter(Mandatory = true, Position = 0, ParameterSetName = CommandSet, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        public string Command { get; set; }

        [Parameter(Mandatory = true, ParameterSetName = ScriptSet, ValueFromPipelineByPropertyName = true)]
        public string Script { get; set; }

        [Parameter(Mandatory = true, ParameterSetName = ScriptPathSet, ValueFromPipelineByPropertyName = true)]
        [Alias("FullName", "Path")]
        public string ScriptPath { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true)]
        [Alias("JobName")]
        public string Name { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true)]
        [Alias("Partition")]
        public string Queue { get; set; }

        [Parameter]
        public int? Nodes { get; set; }

        [Parameter]
        public int? NTasks { get; set; }

        [Parameter]
        public int? CpusPerTask { get; set; }

        [Parameter]
        public int? MemoryMB { get; set; }

        [Parameter]
        public string TimeLimit { get; set; }

        [Parameter]
        public string ArrayRange { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true)]
        public string[] ArgumentList { get; set; }

        [Parameter]
        public object[] DependsOn { get; set; }

        [Parameter]
        [ValidateSet("after", "afterok", "afternotok", "afterany", "aftercorr")]
        public string DependencyType { get; set; } = "afterok";

        [Parameter]
        public Hashtable Environment { get; set; }

        [Parameter]
        public string WorkingDirectory { get; set; }

        [Parameter]
        public SwitchParameter Wait { get; set; }

        internal bool WaitFlag { get; set; }

        private readonly List<(JobTarget Target, JobSpec Spec)> _pending = new List<(JobTarget, JobSpec)>();
        private readonly List<(JobTarget Target, Job Job)> _submitted = new List<(JobTarget, Job)>();

        protected override void Process()
        {
            JobSpec spec;
            JobTarget target;
            try
            {
                target = CurrentTarget();
                spec = BuildSpec();
                spec.Validate(SlurmJobEngine.KnownQueues(target)); // fail before anything is sent
            }
            catch (PcHpcException ex)
            {
                ReportError(ex, Name ?? Command ?? ScriptPath);
                return;
            }
            if (!Seam.ShouldProcess(target.ToString(), "Submit SLURM job" + (Name != null ? " '" + Name + "'" : string.Empty)))
            {
                return;
            }
            _pending.Add((target, spec));
            if (_pending.Count >= SlurmJobEngine.MaxBatchJobs)
            {
                Flush();
            }
        }

        protected override void End()
        {
            Flush();
            if (!(WaitFlag || (bool)Wait) || _submitted.Count == 0) return;
            foreach (var group in _submitted.GroupBy(s => s.Target.Key))
            {
                var target = group.First().Target;
                var ids = group.Select(g => g.Job.Id).ToList();
                var engine = Prepare(EngineFor(target));
                var result = Run((sink, token) => engine.WaitAsync(ids, null, false, sink, token));
                EmitAll(result.Jobs);
            }
        }

        private void Flush()
        {
            if (_pending.Count == 0) return;
            var batch = _pending.ToList();
            _pending.Clear();
            foreach (var group in batch.GroupBy(p => p.Target.Key))
            {
                var target = group.First().Target;
                var specs = group.Select(g => g.Spec).ToList();
                var engine = EngineFor(target);
                var outcomes = Run((sink, token) => engine.SubmitAsync(specs, sink, token));
                foreach (var outcome in outcomes)
                {
                    if (outcome.Error != null)
                    {
                        ReportError(outcome.Error, outcome.Spec.Name);
                        continue;
                    }
                    _submitted.Add((target, outcome.Job));
                    if (!(WaitFlag || (bool)Wait)) Emit(outcome.Job);
                }
            }
        }

        private JobSpec BuildSpec()
        {
            byte[] script;
            // Which set was bound, from the values (ParameterSetName is only known inside PowerShell).
            var set = Script != null ? ScriptSet : ScriptPath != null ? ScriptPathSet : CommandSet;
            switch (set)
            {
                case ScriptSet:
                    script = System.Text.Encoding.UTF8.GetBytes(Script ?? string.Empty);
                    break;
                case ScriptPathSet:
                    var path = Seam.ResolveFilePath(ScriptPath);
                    if (!File.Exists(path))
                    {
                        throw new PcHpcException(ErrorKind.NotFound, "ScriptNotFound", $"The script '{path}' does not exist; check -ScriptPath.") { Target = path };
                    }
                    script = File.ReadAllBytes(path);
                    break;
                default:
                    if (string.IsNullOrWhiteSpace(Command))
                    {
                        throw new PcHpcException(ErrorKind.InvalidArgument, "EmptyCommand", "-Command is empty; give the command line the job should run.");
                    }
                    script = JobSpec.CommandScript(Command);
                    break;
            }
            return new JobSpec
            {
                Script = script,
                Name = Name,
                Queue = Queue,
                Nodes = Nodes,
                NTasks = NTasks,
                CpusPerTask = CpusPerTask,
                MemoryMB = MemoryMB,
                TimeLimit = TimeLimit,
                ArrayRange = ArrayRange,
                ArgumentList = ArgumentList,
                DependsOn = DependsOn?.Select(DependencyId).ToList(),
                DependencyType = DependencyType,
                Environment = Environment?.Cast<DictionaryEntry>()
                    .Select(e => new KeyValuePair<string, string>(Unwrap(e.Key)?.ToString(), Unwrap(e.Value)?.ToString()))
                    .OrderBy(kv => kv.Key, StringComparer.Ordinal).ToList(),
                WorkingDirectory = WorkingDirectory,
            };
        }

        private static object Unwrap(object value) => value is PSObject ps ? ps.BaseObject : value;

        private static string DependencyId(object item)
        {
            item = Unwrap(item);
            return item is Job job ? job.Id : item?.ToString();
        }
    }
}
