using System.Collections.Generic;
using System.Management.Automation;
using PcHpc.Core.Errors;
using PcHpc.Core.Jobs;
using PcHpc.Infrastructure;

namespace PcHpc.Cmdlets
{
    /// <summary>Cancels SLURM jobs (scancel), one remote call per target.</summary>
    [Cmdlet(VerbsLifecycle.Stop, "HpcJob", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
    [OutputType(typeof(Job))]
    public sealed class StopHpcJob : JobCmdlet
    {
        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [Alias("JobId")]
        [ArgumentCompleter(typeof(JobIdCompleter))]
        public string[] Id { get; set; }

        [Parameter]
        public SwitchParameter Force { get; set; }

        /// <summary>Emit the jobs' state after cancelling (nothing is emitted without it).</summary>
        [Parameter]
        public SwitchParameter PassThru { get; set; }

        private readonly JobRequests _requests = new JobRequests();

        protected override void Process()
        {
            var target = CurrentTarget();
            var confirmed = new List<string>();
            foreach (var id in Id ?? new string[0])
            {
                if (Confirm($"job {id} on {target}", "Cancel SLURM job", Force.IsPresent)) confirmed.Add(id);
            }
            if (confirmed.Count > 0) _requests.Add(target, confirmed);
        }

        protected override void End()
        {
            foreach (var (target, ids) in _requests.Groups())
            {
                if (ids.Count == 0) continue;
                List<string> unknown;
                JobEngine engine;
                try
                {
                    engine = EngineFor(target);
                    unknown = Run((sink, token) => engine.CancelAsync(ids, token));
                }
                catch (PcHpcException ex)
                {
                    ReportError(ex, string.Join(",", ids));
                    continue;
                }
                foreach (var id in unknown)
                {
                    ReportError(new PcHpcException(ErrorKind.NotFound, "JobNotFound",
                        $"Job {id} is not known on {target} (not in SLURM, not in PcHpc's job markers), so nothing was cancelled; check the id with Get-HpcJob.") { Target = id }, id);
                }
                var cancelled = ids.FindAll(id => !unknown.Contains(id));
                if (PassThru.IsPresent && cancelled.Count > 0)
                {
                    var result = Run((sink, token) => engine.GetJobsAsync(cancelled, token));
                    EmitAll(result.Jobs);
                }
            }
        }
    }
}
