using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using PcHpc.Core.Errors;
using PcHpc.Core.Jobs;
using PcHpc.Infrastructure;

namespace PcHpc.Cmdlets
{
    /// <summary>Lists SLURM jobs, including finished ones SLURM forgot (from PcHpc's completion markers); one remote call per target.</summary>
    [Cmdlet(VerbsCommon.Get, "HpcJob")]
    [OutputType(typeof(Job))]
    public sealed class GetHpcJob : JobCmdlet
    {
        [Parameter(Position = 0, ValueFromPipelineByPropertyName = true)]
        [Alias("JobId")]
        [ArgumentCompleter(typeof(JobIdCompleter))]
        public string[] Id { get; set; }

        [Parameter]
        public JobState[] State { get; set; }

        [Parameter]
        public string[] User { get; set; }

        [Parameter]
        [SupportsWildcards]
        public string Name { get; set; }

        private readonly JobRequests _requests = new JobRequests();

        protected override void Process()
        {
            _requests.Add(CurrentTarget(), Id);
        }

        protected override void End()
        {
            var pattern = Name == null ? null : new WildcardPattern(Name, WildcardOptions.IgnoreCase);
            foreach (var (target, ids) in _requests.Groups())
            {
                var engine = EngineFor(target);
                var result = Run((sink, token) => engine.GetJobsAsync(ids, token));
                foreach (var missing in result.NotFound)
                {
                    ReportError(new PcHpcException(ErrorKind.NotFound, "JobNotFound",
                        $"Job {missing} is not known on {target} (not in squeue, scontrol, sacct or PcHpc's markers); check the id.") { Target = missing }, missing);
                }
                EmitAll(result.Jobs.Where(j =>
                    (State == null || State.Length == 0 || State.Contains(j.State)) &&
                    (User == null || User.Length == 0 || User.Contains(j.User)) &&
                    (pattern == null || pattern.IsMatch(j.Name ?? string.Empty))).ToList());
            }
        }
    }
}
