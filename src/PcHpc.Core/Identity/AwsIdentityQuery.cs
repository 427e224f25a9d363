using System;
using System.Threading;
using System.Threading.Tasks;
using PcHpc.Core.Errors;
using PcHpc.Core.Ports;

namespace PcHpc.Core.Identity
{
    /// <summary>"Am I set up?": asks STS who the session's credentials belong to and says where they came from.</summary>
    public static class AwsIdentityQuery
    {
        /// <summary>
        /// Calls STS GetCallerIdentity. Rejected credentials become an Authentication error that says how to fix them
        /// (the generic advice to run Get-HpcAwsIdentity would be circular here).
        /// </summary>
        public static async Task<AwsIdentity> GetAsync(IAwsSession session, string endpointUrl, CancellationToken cancellationToken)
        {
            if (session == null) throw new ArgumentNullException(nameof(session));
            CallerIdentity caller;
            try
            {
                caller = await session.Sts.GetCallerIdentityAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (PcHpcException ex) when (ex.Kind == ErrorKind.Authentication)
            {
                throw new PcHpcException(ErrorKind.Authentication, ex.ErrorId,
                    "AWS rejected the credentials from " + session.CredentialSource + " (" + FirstSentence(ex.Message) + "): they are expired, revoked or mistyped. "
                    + "Refresh them (aws sso login, a new session token, Set-AWSCredential or 'aws configure'), check the system clock, then run Get-HpcAwsIdentity again.", ex);
            }
            return new AwsIdentity
            {
                Account = caller.Account,
                Arn = caller.Arn,
                UserId = caller.UserId,
                Region = session.Region,
                RegionSource = session.RegionSource,
                CredentialSource = session.CredentialSource,
                Endpoint = StsEndpoint(session.Region, endpointUrl),
            };
        }

        /// <summary>The STS endpoint of a region (or the -EndpointUrl override).</summary>
        public static string StsEndpoint(string region, string endpointUrl)
        {
            if (!string.IsNullOrEmpty(endpointUrl)) return endpointUrl;
            var suffix = (region ?? string.Empty).StartsWith("cn-", StringComparison.Ordinal) ? "amazonaws.com.cn" : "amazonaws.com";
            return "https://sts." + region + "." + suffix;
        }

        private static string FirstSentence(string message)
        {
            message = message ?? string.Empty;
            var end = message.IndexOf(". ", StringComparison.Ordinal);
            return (end > 0 ? message.Substring(0, end) : message).Trim().TrimEnd('.');
        }
    }
}
