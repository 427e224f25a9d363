using System.Management.Automation;
using PcHpc.Core.Errors;
using PcHpc.Core.Jobs;
using PcHpc.Infrastructure;

namespace PcHpc.Cmdlets
{
    /// <summary>Gets the standard output and error of SLURM jobs submitted with Invoke-HpcJob.</summary>
    [Cmdlet(VerbsCommunications.Receive, "HpcJob")]
    [OutputType(typeof(JobOutput))]
    public sealed class ReceiveHpcJob : JobCmdlet
    {
        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [Alias("JobId")]
        [ArgumentCompleter(typeof(JobIdCompleter))]
        public string[] Id { get; set; }

        /// <summary>Only the last N lines of each stream.</summary>
        [Parameter]
        [ValidateRange(1, int.MaxValue)]
        public int? Tail { get; set; }

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
                    EmitAll(Run((sink, token) => engine.ReceiveAsync(ids, Tail ?? 0, token)));
                }
                catch (PcHpcException ex) when (ex.ErrorId == "JobOutputNotFound" && ex.Target is System.Collections.Generic.List<JobOutput> found)
                {
                    EmitAll(found);
                    ReportError(ex, string.Join(",", ids));
                }
            }
        }
    }
}
