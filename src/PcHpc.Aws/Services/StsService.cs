using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using PcHpc.Core.Errors;
using PcHpc.Core.Remote;

namespace PcHpc.Aws.Services
{
    /// <summary><see cref="ISts"/> over the STS query protocol (2011-06-15).</summary>
    internal sealed class StsService : ISts
    {
        private readonly ModelInvoker _invoker;

        public StsService(ModelInvoker invoker) { _invoker = invoker; }

        public async Task<CallerIdentity> GetCallerIdentityAsync(CancellationToken cancellationToken)
        {
            var o = await _invoker.CallAsync("GetCallerIdentity", new Dictionary<string, object>(), cancellationToken).ConfigureAwait(false);
            return new CallerIdentity { Account = o.Str("Account"), Arn = o.Str("Arn"), UserId = o.Str("UserId") };
        }

        public async Task<AssumedRoleCredentials> AssumeRoleAsync(string roleArn, string sessionName, int? durationSeconds, CancellationToken cancellationToken)
        {
            if (string.IsNullOrEmpty(roleArn)) throw new ArgumentException("A role ARN is required.", nameof(roleArn));
            var input = new Dictionary<string, object>
            {
                ["RoleArn"] = roleArn,
                ["RoleSessionName"] = string.IsNullOrEmpty(sessionName) ? "pchpc" : sessionName,
            };
            if (durationSeconds.HasValue) input["DurationSeconds"] = durationSeconds.Value;
            Dictionary<string, object> o;
            try
            {
                o = await _invoker.CallAsync("AssumeRole", input, cancellationToken).ConfigureAwait(false);
            }
            catch (AwsServiceException ex) when (ex.Kind == ErrorKind.PermissionDenied)
            {
                throw ModelInvoker.Remap(ex, ErrorKind.PermissionDenied, ex.ErrorId,
                    "STS AssumeRole of " + roleArn + " was denied in " + ex.Region + ": " + (ex.ServiceMessage ?? ex.Code) + " (request id " + ex.RequestId
                    + "). Ask an administrator to let your identity assume this role (its trust policy), or use a profile that may.");
            }
            var expiration = o.Date("Credentials.Expiration") ?? DateTime.UtcNow.AddHours(1);
            return new AssumedRoleCredentials
            {
                AccessKeyId = o.Str("Credentials.AccessKeyId"),
                SecretAccessKey = o.Str("Credentials.SecretAccessKey"),
                SessionToken = o.Str("Credentials.SessionToken"),
                Expiration = expiration,
                AssumedRoleArn = o.Str("AssumedRoleUser.Arn"),
                AssumedRoleId = o.Str("AssumedRoleUser.AssumedRoleId"),
            };
        }
    }
}
