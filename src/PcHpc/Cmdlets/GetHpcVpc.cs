using System;
using System.Collections.Generic;
using System.Management.Automation;
using PcHpc.Core.Errors;
using PcHpc.Core.Network;
using PcHpc.Core.State;
using PcHpc.Infrastructure;

namespace PcHpc.Cmdlets
{
    /// <summary>
    /// Lists the networks built by New-HpcVpc: live from CloudFormation (stacks with the pchpc:network tag) merged into the
    /// state store, or with -Cached from the state store only (offline). An exact -Name that matches nothing is an error
    /// (ObjectNotFound); a wildcard that matches nothing is not.
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "HpcVpc")]
    [OutputType(typeof(Vpc))]
    public sealed class GetHpcVpc : NetworkCmdlet
    {
        [Parameter(Position = 0, ValueFromPipelineByPropertyName = true)]
        [SupportsWildcards]
        [Alias("StackName")]
        [ArgumentCompleter(typeof(VpcNameCompleter))]
        public string Name { get; set; }

        [Parameter]
        public SwitchParameter Cached { get; set; }

        protected override void Process()
        {
            bool exact = !string.IsNullOrEmpty(Name) && !WildcardPattern.ContainsWildcardCharacters(Name);
            if (exact)
            {
                try
                {
                    // An exact name that cannot be a network name is reported before any AWS call.
                    NetworkChecks.ValidateName(Name, true, "Get-HpcVpc");
                }
                catch (PcHpcException ex)
                {
                    ReportError(ex, Name);
                    return;
                }
            }
            IReadOnlyList<Vpc> found;
            if (Cached.IsPresent)
            {
                found = NetworkCache.ListCached(Store, Region, Name);
            }
            else
            {
                var session = RegionSession();
                found = Run((sink, token) => Network(session, sink).ListAsync(Name, token));
            }
            if (found.Count == 0 && exact)
            {
                ReportError(new PcHpcException(ErrorKind.NotFound, "NetworkNotFound",
                    "No network named '" + Name + "' was found" + (Cached.IsPresent ? " in the local state" : string.Empty)
                    + "; run Get-HpcVpc without -Name to list them" + (Cached.IsPresent ? " (without -Cached to ask AWS)" : string.Empty)
                    + ", or check -Region.") { Target = Name }, Name);
                return;
            }
            EmitAll(found);
        }
    }
}
