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
    public sealed class NewHpcVpc : NetworkCmdlet
    {
        private const string CountSet = "AvailabilityZoneCount";
        private const string ZoneSet = "AvailabilityZone";

        [Parameter(Mandatory = true, Position = 0)]
        [Alias("StackName")]
        public string Name { get; set; }

        /// <summary>Null when not given: the first block of the default size that no VPC of the region uses.</summary>
        [Parameter]
        [Alias("Cidr")]
        public string CidrBlock { get; set; }

        [Parameter(ParameterSetName = CountSet)]
        public int AvailabilityZoneCount { get; set; } = NetworkRequest.DefaultAvailabilityZoneCount;

        [Parameter(Mandatory = true, ParameterSetName = ZoneSet)]
        public string[] AvailabilityZone { get; set; }

        [Parameter]
        public NatGatewayMode NatGateway { get; set; } = NatGatewayMode.Single;

        [Parameter]
        public SwitchParameter PrivateEndpoints { get; set; }

        [Parameter]
        public string[] AllowSshFrom { get; set; }

        [Parameter]
        public int PublicSubnetPrefixLength { get; set; } = NetworkRequest.DefaultPublicSubnetPrefixLength;

        [Parameter]
        public Hashtable Tag { get; set; }

        [Parameter]
        public SwitchParameter Wait { get; set; }

        [Parameter]
        [Alias("ExportPath")]
        public string Export { get; set; }

        /// <summary>With -Export, returns the template file (without it, -Export writes the file and returns nothing).</summary>
        [Parameter]
        public SwitchParameter PassThru { get; set; }

        protected override void Process()
        {
            var request = BuildRequest();
            // Everything that can be checked offline is checked before any AWS call.
            NetworkChecks.ValidateOffline(request);

            if (Export != null)
            {
                DoExport(request);
                return;
            }

            var session = RegionSession();
            var prepared = Run((sink, token) => Network(session, sink).PrepareAsync(request, token));
            if (prepared.Existing != null)
            {
                var existing = prepared.Existing;
                bool waitFor = Wait.IsPresent && existing.Status != VpcStatus.Ready;
                if (WhatIfRequested)
                {
                    // Nothing would be created: say so on the What if line, and return nothing as -WhatIf always does.
                    ShouldProcess(Name, "Nothing to create: network '" + existing.Name + "' already exists with the same settings ("
                        + existing.Status + ", VPC " + (existing.VpcId ?? "not yet created") + " " + existing.CidrBlock + "); "
                        + (waitFor ? "wait until it is Ready and return it" : "return it as it is"));
                    return;
                }
                WriteVerbose("Network '" + Name + "' already exists with the same settings; returning it.");
                if (waitFor)
                    existing = Run((sink, token) => Network(session, sink)
                        .WaitForCreateAsync(existing.Name, existing.StackId, 0, token));
                Emit(existing);
                return;
            }
            if (!Confirm(Name, prepared.Describe(), false)) return;
            Emit(Run((sink, token) => Network(session, sink)
                .CreateAsync(prepared.Plan, Wait.IsPresent, token)));
        }

        private void DoExport(NetworkRequest request)
        {
            var path = ResolveFilePath(Export);
            var plan = NetworkChecks.PlanOffline(request);
            if (plan == null)
            {
                // Zones not pinned: ask AWS (read-only) which zones to use and which CIDR blocks are taken.
                var session = RegionSession();
                // The store is read for the blocks of networks still being created; nothing is recorded for a new network.
                var prepared = Run((sink, token) => Network(session, sink).PrepareAsync(request, token));
                if (prepared.Existing != null)
                    throw new Core.Errors.PcHpcException(Core.Errors.ErrorKind.AlreadyExists, "NetworkExists",
                        "A network named '" + Name + "' already exists with these settings; pin zones with -AvailabilityZone to export its template offline, or choose another -Name.")
                    { Target = Name };
                plan = prepared.Plan;
            }
            else
            {
                foreach (var w in plan.Warnings) WriteWarning(w);
            }
            if (!Confirm(path, "Write the template of: " + NetworkChecks.DescribePlan(plan), false)) return;
            var file = VpcTemplateExporter.Export(plan, path);
            WriteVerbose("Wrote the template of network '" + plan.Name + "' (VPC " + plan.VpcCidr + ") to " + file.FullName + ".");
            if (PassThru.IsPresent) Emit(file);
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
            bool pinned = ParameterSetName == ZoneSet;
            return new NetworkRequest
            {
                Name = Name,
                Region = Region,
                CidrBlock = CidrBlock ?? NetworkRequest.DefaultCidrBlock,
                PickFreeCidrBlock = CidrBlock == null,
                AvailabilityZones = pinned ? new List<string>(AvailabilityZone) : null,
                AvailabilityZoneCount = pinned ? (int?)null : AvailabilityZoneCount,
                NatGateway = NatGateway,
                PrivateEndpoints = PrivateEndpoints.IsPresent,
                AllowSshFrom = AllowSshFrom == null ? null : new List<string>(AllowSshFrom),
                Tags = tags,
                PublicSubnetPrefixLength = PublicSubnetPrefixLength,
            };
        }
    }
}
