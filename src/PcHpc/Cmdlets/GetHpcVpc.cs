using System;
using System.Management.Automation;
using PcHpc.Core.Network;
using PcHpc.Core.State;
using PcHpc.Infrastructure;

namespace PcHpc.Cmdlets
{
    /// <summary>
    /// Lists the networks built by New-HpcVpc: live from CloudFormation (stacks with the pchpc:network tag) merged into the
    /// state store, or with -Cached from the state store only (offline).
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "HpcVpc")]
    [OutputType(typeof(Vpc))]
    public sealed class GetHpcVpc : AwsRegionalCmdlet
    {
        [Parameter(Position = 0, ValueFromPipelineByPropertyName = true)]
        [SupportsWildcards]
        [Alias("StackName")]
        public string Name { get; set; }

        [Parameter]
        public SwitchParameter Cached { get => new SwitchParameter(_cached); set => _cached = value.IsPresent; }

        /// <summary>The switch as a plain bool (tests set it here: SwitchParameter is a stub outside PowerShell).</summary>
        internal bool CachedFlag { get => _cached; set => _cached = value; }

        private bool _cached;

        /// <summary>Tests point this at a temporary folder; otherwise the per-user store is opened on first use.</summary>
        internal StateStore Store { get => _store ?? (_store = StateStore.Open(null, new StateStoreOptions { Sink = Activity })); set => _store = value; }

        private StateStore _store;

        protected override void Process()
        {
            if (_cached)
            {
                EmitAll(NetworkService.ListCached(Store, Region, Name));
                return;
            }
            var found = Run(async (sink, token) =>
            {
                using (var session = OpenSession(Region, sink))
                {
                    return await new NetworkService(session, Store, sink).ListAsync(Name, token).ConfigureAwait(false);
                }
            });
            if (found.Count == 0 && !string.IsNullOrEmpty(Name) && !WildcardPattern.ContainsWildcardCharacters(Name))
            {
                ReportError(new Core.Errors.PcHpcException(Core.Errors.ErrorKind.NotFound, "NetworkNotFound",
                    "No network named '" + Name + "' was found; run Get-HpcVpc without -Name to list them, or check -Region.") { Target = Name }, Name);
                return;
            }
            EmitAll(found);
        }
    }
}
