using System;
using System.Management.Automation;
using PcHpc.Core.Errors;
using PcHpc.Core.Jobs;
using PcHpc.Infrastructure;

namespace PcHpc.Cmdlets
{
    /// <summary>Waits until SLURM jobs finish (polling with backoff, one call per poll), then emits their final state.</summary>
    [Cmdlet(VerbsLifecycle.Wait, "HpcJob")]
    [OutputType(typeof(Job))]
    public sealed class WaitHpcJob : JobCmdlet
    {
        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [Alias("JobId")]
        [ArgumentCompleter(typeof(JobIdCompleter))]
        public string[] Id { get; set; }

        /// <summary>How long to wait at most: a TimeSpan (03:00:00) or a number of seconds (90); unlimited when left out.</summary>
        [Parameter]
        [SecondsOrTimeSpan]
        public TimeSpan? Timeout { get; set; }

        /// <summary>Return as soon as one of the jobs finished.</summary>
        [Parameter]
        public SwitchParameter Any { get; set; }

        protected override void Begin()
        {
            if (Timeout.HasValue && Timeout.Value <= TimeSpan.Zero)
            {
                throw new PcHpcException(ErrorKind.InvalidArgument, "InvalidTimeout",
                    $"-Timeout must be more than zero (got {Timeout.Value}); give seconds (90) or a time span (03:00:00), or leave it out to wait until the jobs finish.") { Target = Timeout.Value };
            }
        }

        private readonly JobRequests _requests = new JobRequests();

        protected override void Process()
        {
            _requests.Add(CurrentTarget(), Id);
        }

        protected override void End()
        {
            foreach (var (target, ids) in _requests.Groups())
            {
                var engine = EngineFor(target);
                try
                {
                    var result = Run((sink, token) => engine.WaitAsync(ids, Timeout, Any.IsPresent, sink, token));
                    foreach (var missing in result.NotFound)
                    {
                        ReportError(new PcHpcException(ErrorKind.NotFound, "JobNotFound",
                            $"Job {missing} is not known on {target}; check the id with Get-HpcJob.") { Target = missing }, missing);
                    }
                    EmitAll(Any.IsPresent ? result.Jobs.FindAll(j => j.IsFinished) : result.Jobs);
                }
                catch (PcHpcException ex) when (ex.ErrorId == "WaitTimedOut" && ex.Target is JobQueryResult partial)
                {
                    EmitAll(partial.Jobs.FindAll(j => j.IsFinished));
                    ReportError(ex, string.Join(",", ids));
                }
            }
        }
    }
}
