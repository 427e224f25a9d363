using System.Globalization;
using System.Text;
using PcHpc.Aws.Http;
using PcHpc.Core.Errors;
using PcHpc.Core.Ports;

namespace PcHpc.Aws.Services
{
    /// <summary>ParallelCluster API error answers as <see cref="ParallelClusterApiException"/>s, each with one sentence that says what to do next.</summary>
    internal static class ParallelClusterErrors
    {
        /// <summary>An API error answer as a <see cref="ParallelClusterApiException"/> with one sentence that says what to do next.</summary>
        internal static ParallelClusterApiException Map(AwsServiceException ex, string operation, string clusterName, string region) =>
            Map(ex, operation, clusterName, region, "cluster");

        /// <summary>As above for a named resource of another kind ("image": its 404 points at Get-HpcImage).</summary>
        internal static ParallelClusterApiException Map(AwsServiceException ex, string operation, string clusterName, string region, string subject)
        {
            var status = ex.StatusCode;
            var body = ParallelClusterErrorBody.Parse(ex.Error?.RawBody);
            var serviceMessage = (body.Message ?? ex.ServiceMessage ?? ex.Code ?? ("HTTP " + status)).Trim().TrimEnd('.');
            var who = clusterName == null ? string.Empty : " of " + subject + " '" + clusterName + "'";
            var rid = string.IsNullOrEmpty(ex.RequestId) ? string.Empty : " (request id " + ex.RequestId + ")";
            var head = "ParallelCluster " + operation + who + " in " + region + " failed: HTTP " + status.ToString(CultureInfo.InvariantCulture)
                + (string.IsNullOrEmpty(ex.Code) ? string.Empty : " " + ex.Code) + ": " + serviceMessage + rid + ".";
            ErrorKind kind = ParallelClusterApiException.KindOf(status);
            string errorId;
            string text;
            switch (status)
            {
                case 400:
                    errorId = "ParallelCluster.BadRequest";
                    var details = new StringBuilder();
                    foreach (var m in body.ConfigurationValidationErrors)
                        details.Append(' ').Append('[').Append(m.Level ?? "ERROR").Append("] ").Append(string.IsNullOrEmpty(m.Type) ? string.Empty : m.Type + ": ").Append((m.Message ?? string.Empty).Trim().TrimEnd('.')).Append('.');
                    foreach (var u in body.UpdateValidationErrors)
                        details.Append(" [UPDATE] ").Append(u.Parameter ?? "?").Append(" (current ").Append(u.CurrentValue ?? "none").Append(", requested ").Append(u.RequestedValue ?? "none").Append("): ")
                            .Append((u.Message ?? string.Empty).Trim().TrimEnd('.')).Append('.');
                    if (body.ConfigurationValidationErrors.Count > 0 || body.UpdateValidationErrors.Count > 0)
                    {
                        errorId = body.UpdateValidationErrors.Count > 0 ? "ParallelCluster.UpdateValidationFailed" : "ParallelCluster.ConfigurationValidationFailed";
                        text = "ParallelCluster " + operation + who + " in " + region + " rejected the configuration: " + serviceMessage + rid + "." + details
                            + " Fix the configuration (or lower the validation failure level / suppress a validator) and try again.";
                    }
                    else
                    {
                        text = head + " Check the parameters and the configuration, then try again.";
                    }
                    break;
                case 401:
                case 403:
                    errorId = status == 401 ? "ParallelCluster.Unauthorized" : "ParallelCluster.AccessDenied";
                    text = head + " The API admits only its ParallelClusterApiUserRole: assume that role (or use a profile that does) and check the invoke URL and region.";
                    break;
                case 404:
                    errorId = "ParallelCluster.NotFound";
                    text = clusterName != null && subject == "image"
                        ? "Image '" + clusterName + "' was not found in " + region + " by the ParallelCluster API (" + operation + rid + ": " + serviceMessage + "). Check the id and region with Get-HpcImage."
                        : clusterName != null
                        ? "Cluster '" + clusterName + "' was not found in " + region + " by the ParallelCluster API (" + operation + rid + ": " + serviceMessage + "). Check the name and region with Get-HpcCluster."
                        : head + " Check the API URL and region.";
                    break;
                case 409:
                    errorId = "ParallelCluster.AlreadyExists";
                    text = "ParallelCluster " + operation + who + " in " + region + " conflicts with an existing " + subject + " or operation: " + serviceMessage + rid + ". Choose another name, or wait for the running operation to finish.";
                    break;
                case 412:
                    errorId = "ParallelCluster.PreconditionFailed";
                    text = head + " Check the cluster state and try again.";
                    break;
                case 429:
                    errorId = "ParallelCluster.Throttled";
                    text = head + " The API is throttling requests after " + ex.Attempts.ToString(CultureInfo.InvariantCulture) + " attempt" + (ex.Attempts == 1 ? string.Empty : "s") + "; retry later or raise AWS_MAX_ATTEMPTS.";
                    break;
                default:
                    errorId = "ParallelCluster.Http" + status.ToString(CultureInfo.InvariantCulture);
                    text = head + (status >= 500 ? " The API failed on its side after " + ex.Attempts.ToString(CultureInfo.InvariantCulture) + " attempt" + (ex.Attempts == 1 ? string.Empty : "s") + "; try again later." : " Check the request and try again.");
                    break;
            }
            return new ParallelClusterApiException(kind, errorId, status, text, ex)
            {
                ErrorType = ex.Code,
                RequestId = ex.RequestId,
                ConfigurationValidationErrors = body.ConfigurationValidationErrors,
                ValidationMessages = body.ValidationMessages,
                UpdateValidationErrors = body.UpdateValidationErrors,
                ChangeSet = body.ChangeSet,
                Target = clusterName,
            };
        }
    }
}
