using System.Collections.Generic;
using System.Management.Automation;
using PcHpc.Core.Iam;
using PcHpc.Infrastructure;

namespace PcHpc.Cmdlets
{
    /// <summary>The least-privilege IAM policy for chosen PcHpc cmdlets (offline; from the proven per-cmdlet action table).</summary>
    [Cmdlet(VerbsCommon.Get, "HpcIamPolicy")]
    [OutputType(typeof(IamPolicy), typeof(string))]
    public sealed class GetHpcIamPolicy : PcHpcCmdlet
    {
        /// <summary>Cmdlet names or wildcard patterns; binds Name from Get-Command output. Default: every cmdlet.</summary>
        [Parameter(Position = 0, ValueFromPipelineByPropertyName = true)]
        [Alias("Name")]
        [SupportsWildcards]
        public string[] Cmdlet { get; set; }

        [Parameter]
        [ArgumentCompleter(typeof(AwsRegionCompleter))]
        public string Region { get; set; }

        [Parameter]
        public string AccountId { get; set; }

        [Parameter]
        [SupportsWildcards]
        public string[] ClusterName { get; set; }

        [Parameter]
        public SwitchParameter AsJson { get; set; }

        private readonly List<string> _cmdlets = new List<string>();

        protected override void Process()
        {
            if (Cmdlet != null) _cmdlets.AddRange(Cmdlet);
        }

        protected override void End()
        {
            var policy = IamPolicyBuilder.Build(new IamPolicyRequest
            {
                Cmdlets = _cmdlets, Region = Region, AccountId = AccountId, ClusterNames = ClusterName ?? new string[0],
            });
            if (policy.Statement.Length == 0)
            {
                WriteWarning($"{string.Join(", ", policy.Cmdlets)} call{(policy.Cmdlets.Length == 1 ? "s" : string.Empty)} no AWS service: no policy is needed.");
                return;
            }
            Emit(AsJson.IsPresent ? (object)policy.ToJson() : policy);
        }
    }
}
