using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Management.Automation;
using PcHpc.Core.Network;
using PcHpc.Core.State;
using PcHpc.Infrastructure;

namespace PcHpc.Cmdlets
{
    /// <summary>
    /// Builds a network for clusters (one CloudFormation stack: VPC, public and private subnets, NAT, optional SSM endpoints),
    /// or with -Export writes its template to a file instead.
    /// </summary>
    [Cmdlet(VerbsCommon.New, "HpcVpc", DefaultParameterSetName = CountSet, SupportsShouldProcess = true)]
    [OutputType(typeof(Vpc), typeof(FileInfo))]
    public sealed class NewHpcVpc : AwsRegionalCmdlet
    {
        private const string CountSet = "AvailabilityZoneCount";
        private const string ZoneSet = "AvailabilityZone";

        [Parameter(Mandatory = true, Position = 0)]
        [Alias("StackName")]
        public string Name { get; set; }

        [Parameter]
        [Alias("Cidr")]
        public string CidrBlock { get; set; } = NetworkRequest.DefaultCidrBlock;

        [Parameter(ParameterSetName = CountSet)]
        public int AvailabilityZoneCount { get; set; } = NetworkRequest.DefaultAvailabilityZoneCount;

        [Parameter(Mandatory = true, ParameterSetName = ZoneSet)]
        public string[] AvailabilityZone { get; set; }

        [Parameter]
        public NatGatewayMode NatGateway { get; set; } = NatGatewayMode.Single;

        [Parameter]
        public SwitchParameter PrivateEndpoints { get => new SwitchParameter(_privateEndpoints); set => _privateEndpoints = value.IsPresent; }

        /// <summary>The switch as a plain bool (tests set it here: SwitchParameter is a stub outside PowerShell).</summary>
        internal bool PrivateEndpointsFlag { get => _privateEndpoints; set => _privateEndpoints = value; }

        private bool _privateEndpoints;

        [Parameter]
        public string[] AllowSshFrom { get; set; }

        [Parameter]
        public int PublicSubnetPrefixLength { get; set; } = NetworkRequest.DefaultPublicSubnetPrefixLength;

        [Parameter]
        public Hashtable Tag { get; set; }

        [Parameter]
        public SwitchParameter Wait { get => new SwitchParameter(_wait); set => _wait = value.IsPresent; }

        /// <summary>The switch as a plain bool (tests set it here: SwitchParameter is a stub outside PowerShell).</summary>
        internal bool WaitFlag { get => _wait; set => _wait = value; }

        private bool _wait;

        [Parameter]
        [Alias("ExportPath")]
        public string Export { get; set; }

        /// <summary>Tests point this at a temporary folder; otherwise the per-user store is opened on first use.</summary>
        internal StateStore Store { get => _store ?? (_store = StateStore.Open(null, new StateStoreOptions { Sink = Activity })); set => _store = value; }

        private StateStore _store;

        /// <summary>Time between polls with -Wait (tests use zero).</summary>
        internal TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(5);

        protected override void Process()
        {
            var request = BuildRequest();
            // Everything that can be checked offline is checked before any AWS call.
            NetworkService.ValidateOffline(request);

            if (Export != null)
            {
                DoExport(request);
                return;
            }

            using (var session = Run((sink, token) => System.Threading.Tasks.Task.FromResult(OpenSession(Region, sink))))
            {
                var prepared = Run((sink, token) => new NetworkService(session, Store, sink).PrepareAsync(request, token));
                if (prepared.Existing != null)
                {
                    Seam.WriteVerbose("Network '" + Name + "' already exists with the same settings; returning it.");
                    var existing = prepared.Existing;
                    if (_wait && existing.Status != VpcStatus.Ready)
                        existing = Run((sink, token) => new NetworkService(session, Store, sink) { PollInterval = InternalHooks.PollInterval ?? PollInterval }
                            .WaitForCreateAsync(existing.Name, existing.StackId, 0, token));
                    Emit(existing);
                    return;
                }
                if (!Confirm(Name, prepared.Describe(), false)) return;
                Emit(Run((sink, token) => new NetworkService(session, Store, sink) { PollInterval = InternalHooks.PollInterval ?? PollInterval }
                    .CreateAsync(prepared.Plan, _wait, token)));
            }
        }

        private void DoExport(NetworkRequest request)
        {
            var path = Seam.ResolveFilePath(Export);
            var plan = NetworkService.PlanOffline(request);
            if (plan == null)
            {
                // Zones not pinned: ask AWS (read-only) which zones to use and which CIDR blocks are taken.
                using (var session = Run((sink, token) => System.Threading.Tasks.Task.FromResult(OpenSession(Region, sink))))
                {
                    var prepared = Run((sink, token) => new NetworkService(session, null, sink).PrepareAsync(request, token));
                    if (prepared.Existing != null)
                        throw new Core.Errors.PcHpcException(Core.Errors.ErrorKind.AlreadyExists, "NetworkExists",
                            "A network named '" + Name + "' already exists with these settings; pin zones with -AvailabilityZone to export its template offline, or choose another -Name.")
                        { Target = Name };
                    plan = prepared.Plan;
                }
            }
            else
            {
                foreach (var w in plan.Warnings) Seam.WriteWarning(w);
            }
            if (!Confirm(path, "Write the template of: " + NetworkService.DescribePlan(plan), false)) return;
            Emit(VpcTemplateExporter.Export(plan, path));
        }

        private NetworkRequest BuildRequest()
        {
            Dictionary<string, string> tags = null;
            if (Tag != null)
            {
                tags = new Dictionary<string, string>(StringComparer.Ordinal);
                foreach (DictionaryEntry e in Tag)
                    tags[Convert.ToString(e.Key, CultureInfo.InvariantCulture)] = Convert.ToString(e.Value, CultureInfo.InvariantCulture) ?? string.Empty;
            }
            bool pinned = AvailabilityZone != null && AvailabilityZone.Length > 0;
            return new NetworkRequest
            {
                Name = Name,
                Region = Region,
                CidrBlock = CidrBlock,
                AvailabilityZones = pinned ? new List<string>(AvailabilityZone) : null,
                AvailabilityZoneCount = pinned ? (int?)null : AvailabilityZoneCount,
                NatGateway = NatGateway,
                PrivateEndpoints = _privateEndpoints,
                AllowSshFrom = AllowSshFrom == null ? null : new List<string>(AllowSshFrom),
                Tags = tags,
                PublicSubnetPrefixLength = PublicSubnetPrefixLength,
            };
        }
    }
}
