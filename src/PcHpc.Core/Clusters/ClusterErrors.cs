using System;
using System.Linq;
using System.Text;
using PcHpc.Core.Errors;
using PcHpc.Core.Ports;

namespace PcHpc.Core.Clusters
{
    /// <summary>Turns ParallelCluster API errors into one readable <see cref="PcHpcException"/> that says what to do.</summary>
    public static class ClusterErrors
    {
        /// <summary>
        /// Translates <paramref name="ex"/>. <paramref name="apiVersion"/> and <paramref name="clusterVersion"/> (either may
        /// be null) let the message say when a version mismatch is the cause.
        /// </summary>
        public static PcHpcException Translate(ParallelClusterApiException ex, string operation, string clusterName, string region,
            string apiVersion = null, string clusterVersion = null)
        {
            var who = clusterName == null ? $"in {region}" : $"'{clusterName}' in {region}";
            var versionNote = VersionNote(operation, apiVersion, clusterVersion);
            PcHpcException result;
            switch (ex.StatusCode)
            {
                case 400:
                    if (ex.ConfigurationValidationErrors != null && ex.ConfigurationValidationErrors.Count > 0)
                    {
                        result = new PcHpcException(ErrorKind.Validation, "ClusterConfigurationInvalid",
                            ValidationMessage(operation, clusterName, region, ex));
                    }
                    else if (ex.UpdateValidationErrors != null && ex.UpdateValidationErrors.Count > 0)
                    {
                        var sb = new StringBuilder($"The update of cluster {who} was refused: ");
                        sb.Append(string.Join("; ", ex.UpdateValidationErrors.Select(e => $"{e.Parameter} ({e.CurrentValue} -> {e.RequestedValue}): {e.Message}")));
                        sb.Append(RequiresStoppedFleet(ex) ? ". Stop the compute fleet first (Stop-HpcComputeFleet), or run Update-HpcCluster with -Force to stop and restart it for you." : ". Change the configuration and try again.");
                        result = new PcHpcException(ErrorKind.InvalidState, RequiresStoppedFleet(ex) ? "ClusterUpdateNeedsStoppedFleet" : "ClusterUpdateRefused", sb.ToString());
                    }
                    else if (versionNote != null)
                    {
                        result = new PcHpcException(ErrorKind.InvalidState, "ParallelClusterVersionMismatch", $"The ParallelCluster API refused to {operation} cluster {who} ({ex.Message.TrimEnd('.')}). {versionNote}");
                    }
                    else
                    {
                        result = new PcHpcException(ErrorKind.InvalidArgument, "ParallelClusterBadRequest", $"The ParallelCluster API refused to {operation} cluster {who}: {ex.Message.TrimEnd('.')}. Check the parameters and the cluster's state, then try again.");
                    }
                    break;
                case 401:
                case 403:
                    result = new PcHpcException(ErrorKind.PermissionDenied, "ParallelClusterApiAccessDenied",
                        $"The ParallelCluster API denied the request to {operation} cluster {who} ({ex.Message.TrimEnd('.')}); call it as its ParallelClusterApiUserRole (PcHpc assumes it when Get-HpcApi knows the role) or check -ApiUri.");
                    break;
                case 404:
                    result = new PcHpcException(versionNote != null ? ErrorKind.InvalidState : ErrorKind.NotFound,
                        versionNote != null ? "ParallelClusterVersionMismatch" : "ClusterNotFound",
                        versionNote != null
                            ? $"Cluster {who} is not visible to the ParallelCluster API: {versionNote}"
                            : $"Cluster {who} was not found; check the name and -Region with Get-HpcCluster (a cluster of another ParallelCluster major version needs an API of that version).");
                    break;
                case 409:
                    result = new PcHpcException(ErrorKind.AlreadyExists, "ClusterAlreadyExists",
                        $"A cluster named '{clusterName}' already exists in {region}; choose another -Name or remove it first with Remove-HpcCluster -Name {clusterName} -Region {region}.");
                    break;
                case 429:
                    result = new PcHpcException(ErrorKind.Throttled, "ParallelClusterApiThrottled", $"The ParallelCluster API is throttling requests ({ex.Message.TrimEnd('.')}); wait a moment and try again.");
                    break;
                case 504:
                    result = new PcHpcException(ErrorKind.Timeout, "ParallelClusterApiTimeout", $"The ParallelCluster API timed out while trying to {operation} cluster {who}; check its state with Get-HpcCluster -Name {clusterName ?? "*"} before trying again.");
                    break;
                default:
                    result = new PcHpcException(ErrorKind.ServiceError, "ParallelClusterApiError", $"The ParallelCluster API failed to {operation} cluster {who} (HTTP {ex.StatusCode}: {ex.Message.TrimEnd('.')}); try again later.");
                    break;
            }
            result.Target = clusterName;
            return WithInner(result, ex);
        }

        private static PcHpcException WithInner(PcHpcException e, Exception inner) =>
            new PcHpcException(e.Kind, e.ErrorId, e.Message, inner) { Target = e.Target };

        /// <summary>True when the API refused an update because the compute fleet is running.</summary>
        /// <summary>The API's answer to an update whose configuration equals the cluster's ("No changes found in your cluster configuration.").</summary>
        public static bool IsNoChanges(ParallelClusterApiException ex) =>
            ex.StatusCode == 400 && ex.Message != null && ex.Message.IndexOf("No changes found", StringComparison.OrdinalIgnoreCase) >= 0;

        public static bool RequiresStoppedFleet(ParallelClusterApiException ex) =>
            ex.UpdateValidationErrors != null && ex.UpdateValidationErrors.Any(e => e.Message != null &&
                e.Message.IndexOf("compute fleet", StringComparison.OrdinalIgnoreCase) >= 0 &&
                e.Message.IndexOf("stop", StringComparison.OrdinalIgnoreCase) >= 0);

        /// <summary>
        /// Describe/list/delete need an API version ≥ the cluster's; update needs the exact version. Returns the sentence
        /// explaining the mismatch, or null when the versions fit (or are unknown).
        /// </summary>
        public static string VersionNote(string operation, string apiVersion, string clusterVersion)
        {
            var cmp = PcVersion.Compare(apiVersion, clusterVersion);
            if (cmp == null) return null;
            var api = PcVersion.Parse(apiVersion);
            var cluster = PcVersion.Parse(clusterVersion);
            if (operation == "update")
            {
                if (cmp == 0) return null;
                return $"the cluster runs ParallelCluster {clusterVersion} but the API is {apiVersion}, and an update needs an API of exactly the cluster's version: deploy one with Install-HpcApi -Version {clusterVersion} and pass its -ApiUri.";
            }
            if (cmp < 0 || api[0] != cluster[0])
            {
                return $"the cluster runs ParallelCluster {clusterVersion} but the API is {apiVersion}; describe, list and delete need an API of the same major version and at least the cluster's version: deploy one with Install-HpcApi -Version {clusterVersion} and pass its -ApiUri.";
            }
            return null;
        }

        public static string ValidationMessage(string operation, string clusterName, string region, ParallelClusterApiException ex)
        {
            var sb = new StringBuilder();
            sb.Append($"The ParallelCluster API rejected the configuration of cluster '{clusterName}' in {region}; fix these and try again (or suppress a validator with -SuppressValidator type:Name):");
            foreach (var m in ex.ConfigurationValidationErrors)
            {
                sb.Append(Environment.NewLine).Append("  ").Append(m.Level ?? "ERROR").Append(' ').Append(m.Type ?? m.Id ?? "Validator").Append(": ").Append(m.Message);
            }
            return sb.ToString();
        }
    }
}
