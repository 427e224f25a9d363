using System.Collections.Generic;
using System.Management.Automation;
using PcHpc.Core.Errors;
using PcHpc.Core.Slurm;
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

        /// <summary>Emit the jobs' state after cancelling.</summary>
        [Parameter]
        public SwitchParameter PassThru { get; set; }

        internal bool ForceFlag { get; set; }
        internal bool PassThruFlag { get; set; }

        private readonly JobRequests _requests = new JobRequests();

        protected override void Process()
        {
            var target = CurrentTarget();
            var confirmed = new List<string>();
            foreach (var id in Id ?? new string[0])
            {
                if (Confirm($"job {id} on {target}", "Cancel SLURM job", ForceFlag || (bool)Force)) confirmed.Add(id);
            }
            if (confirmed.Count > 0) _requests.Add(target, confirmed);
        }

        protected override void End()
        {
            foreach (var (target, ids) in _requests.Groups())
            {
                if (ids.Count == 0) continue;
                var engine = EngineFor(target);
                try
                {
                    Run((sink, token) => engine.CancelAsync(ids, token));
                }
                catch (PcHpcException ex)
                {
                    ReportError(ex, string.Join(",", ids));
                    continue;
                }
                if ((PassThruFlag || (bool)PassThru))
                {
                    var result = Run((sink, token) => engine.GetJobsAsync(ids, token));
                    EmitAll(result.Jobs);
                }
            }
        }
    }
}
