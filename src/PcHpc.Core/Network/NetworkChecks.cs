using System;
using System.Collections.Generic;
using System.Linq;
using PcHpc.Core.Errors;

namespace PcHpc.Core.Network
{
    /// <summary>Checks and sentences about networks that need no AWS call: request and name validation, the plan and users described.</summary>
    public static class NetworkChecks
    {
        /// <summary>Checks everything that can be checked without AWS; throws a Validation error naming each bad parameter.</summary>
        public static void ValidateOffline(NetworkRequest request)
        {
            if (request == null) throw new ArgumentNullException(nameof(request));
            var problems = request.Validate();
            if (problems.Count > 0)
                throw new PcHpcException(ErrorKind.Validation, "InvalidNetworkRequest",
                    "The network request is not valid: " + NetworkRequest.Describe(problems)) { Target = request.Name };
        }

        /// <summary>The plan from pinned zones only (for -Export without AWS); null when zones are not pinned.</summary>
        public static NetworkPlan PlanOffline(NetworkRequest request)
        {
            ValidateOffline(request);
            if (request.AvailabilityZones == null || request.AvailabilityZones.Count == 0) return null;
            return NetworkPlanner.Plan(request);
        }

        /// <summary>One sentence saying what the plan creates (subnet counts, NAT mode, endpoints, SSH).</summary>
        public static string DescribePlan(NetworkPlan plan)
        {
            int n = plan.Zones.Count;
            return "Create network stack '" + plan.StackName + "'" + (string.IsNullOrEmpty(plan.Region) ? string.Empty : " in " + plan.Region)
                + ": VPC " + plan.VpcCidr + ", " + n + " public and " + n + " private subnet(s) in " + string.Join(", ", plan.Zones.Select(z => z.AvailabilityZone).ToArray())
                + ", NAT gateway " + plan.NatGateway
                + (plan.NatGateway == NatGatewayMode.PerAz ? " (" + n + " NAT gateways)" : plan.NatGateway == NatGatewayMode.Single ? " (1 NAT gateway)" : " (no NAT gateway)")
                + ", private endpoints " + (plan.PrivateEndpoints ? "on" : "off")
                + ", SSH " + (plan.AllowSshFrom.Count == 0 ? "closed" : "from " + string.Join(", ", plan.AllowSshFrom.Select(c => c.ToString()).ToArray()));
        }

        /// <summary>
        /// Throws a Validation error when <paramref name="name"/> cannot be a network name (checked before any AWS call by
        /// Get-HpcVpc for exact names and by Remove-HpcVpc, which takes no wildcards).
        /// </summary>
        public static void ValidateName(string name, bool wildcardsAllowed, string cmdletName)
        {
            if (wildcardsAllowed && name != null && name.IndexOfAny(new[] { '*', '?', '[' }) >= 0) return;
            var problem = NetworkRequest.NameProblem(name);
            if (problem == null) return;
            if (!wildcardsAllowed && name != null && name.IndexOfAny(new[] { '*', '?', '[' }) >= 0)
                problem = cmdletName + " -Name takes an exact network name, not a wildcard; to act on several networks, pipe them: Get-HpcVpc -Name '"
                    + name + "' | " + cmdletName + ".";
            throw new PcHpcException(ErrorKind.Validation, "InvalidNetworkName", problem) { Target = name };
        }

        /// <summary>The sentence naming who uses a network (for the refusal and the -Force warning).</summary>
        public static string DescribeUsers(Vpc vpc, IReadOnlyList<NetworkUser> users)
        {
            var clusters = users.Where(u => !string.IsNullOrEmpty(u.ClusterName)).Select(u => u.ClusterName).Distinct(StringComparer.Ordinal).OrderBy(n => n, StringComparer.Ordinal).ToList();
            var loose = users.Where(u => string.IsNullOrEmpty(u.ClusterName) && !string.IsNullOrEmpty(u.InstanceId)).Select(u => u.InstanceId).Distinct(StringComparer.Ordinal).OrderBy(n => n, StringComparer.Ordinal).ToList();
            var parts = new List<string>();
            if (clusters.Count > 0) parts.Add("cluster(s) " + string.Join(", ", clusters.ToArray()));
            if (loose.Count > 0) parts.Add("instance(s) " + string.Join(", ", loose.ToArray()));
            return "Network '" + vpc.Name + "' is still used by " + string.Join(" and ", parts.ToArray());
        }

        /// <summary>Throws NetworkInUse naming the clusters and instances when there are users.</summary>
        public static void EnsureUnused(Vpc vpc, IReadOnlyList<NetworkUser> users)
        {
            if (users == null || users.Count == 0) return;
            throw new PcHpcException(ErrorKind.InvalidState, "NetworkInUse",
                DescribeUsers(vpc, users) + "; remove those clusters (Remove-HpcCluster) or instances first, or use -Force to delete the network anyway.")
            { Target = vpc.Name };
        }
    }
}
