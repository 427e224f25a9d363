using System;
using System.Collections;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Management.Automation;
using PcHpc.Core.Errors;
using PcHpc.Core.Jobs;
using PcHpc.Infrastructure;

namespace PcHpc.Cmdlets
{
    /// <summary>Submits SLURM batch jobs (sbatch) on a cluster's head node or on this machine; pipeline input is sent in batches.</summary>
    // Script is the default set on purpose: PowerShell tries the default set first when binding pipeline input, and with
    // Command (ValueFromPipeline, string) as default any piped object would be turned into a string for -Command instead
    // of binding its Script/ScriptPath/Command/JobName properties by name. Strings still bind -Command (by value), and a
    // positional argument is -Command (the only positional parameter).
    [Cmdlet(VerbsLifecycle.Invoke, "HpcJob", DefaultParameterSetName = ScriptSet, SupportsShouldProcess = true)]
    [OutputType(typeof(Job))]
    public sealed class InvokeHpcJob : JobCmdlet
    {
        private const string CommandSet = "Command";
        private const string ScriptSet = "Script";
        private const string ScriptPathSet = "ScriptPath";

        // Not ValueFromPipeline: for a [string] parameter PowerShell would bind any piped object by value, as its
        // string form ("@{Command=...}"), before trying its Command property. Piped strings go to CommandText instead.
        [Parameter(Position = 0, ParameterSetName = CommandSet, ValueFromPipelineByPropertyName = true)]
        public string Command { get; set; }

        /// <summary>A piped string: the command line (a piped object's Command property wins).</summary>
        [Parameter(ParameterSetName = CommandSet, ValueFromPipeline = true, DontShow = true)]
        public string CommandText { get; set; }

        [Parameter(Mandatory = true, ParameterSetName = ScriptSet, ValueFromPipelineByPropertyName = true)]
        public string Script { get; set; }

        [Parameter(Mandatory = true, ParameterSetName = ScriptPathSet, ValueFromPipelineByPropertyName = true)]
        [Alias("FullName", "Path")]
        public string ScriptPath { get; set; }

        /// <summary>The job name. Never taken from piped objects: a piped cluster's Name is the target, not the job's name.</summary>
        [Parameter]
        public string Name { get; set; }

        /// <summary>The job name from a piped object's JobName property (-Name wins when both are given).</summary>
        [Parameter(ValueFromPipelineByPropertyName = true, DontShow = true)]
        public string JobName { get; set; }

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

        private readonly List<(JobTarget Target, JobSpec Spec)> _pending = new List<(JobTarget, JobSpec)>();
        private readonly List<(JobTarget Target, Job Job)> _submitted = new List<(JobTarget, Job)>();

        protected override void Process()
        {
            JobSpec spec;
            JobTarget target;
            try
            {
                target = CurrentTarget();
                spec = BuildSpec(target);
                spec.Validate(Engines.Queues.For(target)); // fail before anything is sent
            }
            catch (PcHpcException ex)
            {
                ReportError(ex, JobNameGiven ?? Command ?? CommandText ?? ScriptPath);
                return;
            }
            if (!ShouldProcess(target.ToString(), "Submit SLURM job '" + spec.Name + "'"))
            {
                return;
            }
            _pending.Add((target, spec));
            if (_pending.Count >= JobEngine.MaxBatchJobs)
            {
                Flush();
            }
        }

        protected override void End()
        {
            Flush();
            if (!Wait.IsPresent || _submitted.Count == 0) return;
            foreach (var group in _submitted.GroupBy(s => s.Target.Key))
            {
                var target = group.First().Target;
                var jobs = group.Select(g => g.Job).ToList();
                var ids = jobs.Select(j => j.Id).ToList();
                try
                {
                    var engine = EngineFor(target);
                    var result = Run((sink, token) => engine.WaitAsync(ids, null, false, sink, token));
                    EmitAll(result.Jobs);
                }
                catch (Exception ex) when (IsItemFailure(ex))
                {
                    // The jobs were submitted: hand them out as submitted, with the reason the wait failed.
                    EmitAll(jobs);
                    ReportError(ex, string.Join(",", ids));
                }
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
                List<SubmitOutcome> outcomes;
                try
                {
                    var engine = EngineFor(target);
                    outcomes = Run((sink, token) => engine.SubmitAsync(specs, sink, token));
                }
                catch (Exception ex) when (IsItemFailure(ex))
                {
                    // One target failing (no head node, SSM refused, ...) costs only its own jobs: the other targets go on.
                    foreach (var spec in specs)
                    {
                        ReportError(ex, spec.Name);
                    }
                    continue;
                }
                foreach (var outcome in outcomes)
                {
                    if (outcome.Error != null)
                    {
                        ReportError(outcome.Error, outcome.Spec.Name);
                        continue;
                    }
                    _submitted.Add((target, outcome.Job));
                    if (!Wait.IsPresent) Emit(outcome.Job);
                }
            }
        }

        /// <summary>A failure that belongs to some items only (never Ctrl+C or a stopped pipeline).</summary>
        private bool IsItemFailure(Exception ex) =>
            !(ex is PipelineStoppedException) && !(ex is OperationCanceledException && CancelToken.IsCancellationRequested);

        private string JobNameGiven => Name ?? JobName;

        private JobSpec BuildSpec(JobTarget target)
        {
            byte[] script;
            string defaultName;
            switch (ParameterSetName)
            {
                case ScriptSet:
                    script = System.Text.Encoding.UTF8.GetBytes(Script ?? string.Empty);
                    defaultName = JobSpec.DefaultName(null);
                    break;
                case ScriptPathSet:
                    var path = SessionState.Path.GetUnresolvedProviderPathFromPSPath(ScriptPath);
                    if (!File.Exists(path))
                    {
                        throw new PcHpcException(ErrorKind.NotFound, "ScriptNotFound", $"The script '{path}' does not exist; check -ScriptPath.") { Target = path };
                    }
                    script = File.ReadAllBytes(path);
                    defaultName = JobSpec.DefaultName(Path.GetFileName(path));
                    break;
                case CommandSet:
                    var command = Command ?? CommandText;
                    if (string.IsNullOrWhiteSpace(command))
                    {
                        throw new PcHpcException(ErrorKind.InvalidArgument, "EmptyCommand", "-Command is empty; give the command line the job should run.");
                    }
                    script = JobSpec.CommandScript(command);
                    defaultName = JobSpec.DefaultName(command);
                    break;
                default:
                    throw new InvalidOperationException("Unknown parameter set '" + ParameterSetName + "'.");
            }
            var workingDirectory = WorkingDirectory;
            if (target.Local)
            {
                // A local job runs where the caller is (like any command at the prompt); a relative -WorkingDirectory is
                // relative to that location too. Remote jobs start in the login user's home unless -WorkingDirectory.
                workingDirectory = workingDirectory == null
                    ? SessionState.Path.CurrentFileSystemLocation.ProviderPath
                    : (workingDirectory.Length == 0 || workingDirectory.IndexOf('\0') >= 0 ? workingDirectory : SessionState.Path.GetUnresolvedProviderPathFromPSPath(workingDirectory));
            }
            return new JobSpec
            {
                Script = script,
                Name = JobNameGiven ?? defaultName,
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
                WorkingDirectory = workingDirectory,
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
