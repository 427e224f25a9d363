using System;
using System.Threading;
using System.Threading.Tasks;
using Amazon.SecurityToken;
using PcHpc.Aws.AwsSdk;
using PcHpc.Core.Errors;
using PcHpc.Core.Ports;
using Sdk = Amazon.SecurityToken.Model;

namespace PcHpc.Aws.Services
{
    /// <summary><see cref="ISts"/> on AWSSDK.SecurityToken.</summary>
    internal sealed class StsService : ISts, IDisposable
    {
        private readonly AmazonSecurityTokenServiceClient _client;

        public StsService(AmazonSecurityTokenServiceClient client) { _client = client; }

        public async Task<CallerIdentity> GetCallerIdentityAsync(CancellationToken cancellationToken)
        {
            var o = await SdkHooks.Call(_client.Config, "GetCallerIdentity",
                () => _client.GetCallerIdentityAsync(new Sdk.GetCallerIdentityRequest(), cancellationToken), cancellationToken).ConfigureAwait(false);
            return new CallerIdentity { Account = o.Account, Arn = o.Arn, UserId = o.UserId };
        }

        public async Task<AssumedRoleCredentials> AssumeRoleAsync(string roleArn, string sessionName, int? durationSeconds, CancellationToken cancellationToken)
        {
            if (string.IsNullOrEmpty(roleArn)) throw new ArgumentException("A role ARN is required.", nameof(roleArn));
            var request = new Sdk.AssumeRoleRequest
            {
                RoleArn = roleArn,
                RoleSessionName = string.IsNullOrEmpty(sessionName) ? "pchpc" : sessionName,
                DurationSeconds = durationSeconds,
            };
            Sdk.AssumeRoleResponse o;
            try
            {
                o = await SdkHooks.Call(_client.Config, "AssumeRole", () => _client.AssumeRoleAsync(request, cancellationToken), cancellationToken).ConfigureAwait(false);
            }
            catch (AwsServiceException ex) when (ex.Kind == ErrorKind.PermissionDenied)
            {
                throw SsmService.Remap(ex, ErrorKind.PermissionDenied, ex.ErrorId,
                    "STS AssumeRole of " + roleArn + " was denied in " + ex.Region + ": " + (ex.ServiceMessage ?? ex.Code) + " (request id " + ex.RequestId
                    + "). Ask an administrator to let your identity assume this role (its trust policy), or use a profile that may.");
            }
            return new AssumedRoleCredentials
            {
                AccessKeyId = o.Credentials?.AccessKeyId,
                SecretAccessKey = o.Credentials?.SecretAccessKey,
                SessionToken = o.Credentials?.SessionToken,
                Expiration = Ec2Service.Utc(o.Credentials?.Expiration) ?? DateTime.UtcNow.AddHours(1),
                AssumedRoleArn = o.AssumedRoleUser?.Arn,
                AssumedRoleId = o.AssumedRoleUser?.AssumedRoleId,
            };
        }

        public void Dispose() => _client.Dispose();
    }
}
