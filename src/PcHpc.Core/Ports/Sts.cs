using System;
using System.Threading;
using System.Threading.Tasks;

namespace PcHpc.Core.Ports
{
    /// <summary>STS port. Invalid credentials surface as <see cref="Errors.PcHpcException"/> ErrorKind.Authentication.</summary>
    public interface ISts
    {
        Task<CallerIdentity> GetCallerIdentityAsync(CancellationToken cancellationToken);

        /// <summary>
        /// STS AssumeRole: temporary credentials of <paramref name="roleArn"/> (e.g. the ParallelCluster API's
        /// ParallelClusterApiUserRole). <paramref name="durationSeconds"/> null for the service default (3600).
        /// A caller not allowed to assume the role surfaces as ErrorKind.PermissionDenied.
        /// </summary>
        Task<AssumedRoleCredentials> AssumeRoleAsync(string roleArn, string sessionName, int? durationSeconds, CancellationToken cancellationToken);
    }

    public sealed class CallerIdentity
    {
        public string Account { get; set; }
        public string Arn { get; set; }
        public string UserId { get; set; }
    }

    /// <summary>Temporary credentials from AssumeRole. <see cref="ToString"/> never shows the secret or the token.</summary>
    public sealed class AssumedRoleCredentials
    {
        public string AccessKeyId { get; set; }
        public string SecretAccessKey { get; set; }
        public string SessionToken { get; set; }
        /// <summary>UTC expiry of the credentials.</summary>
        public DateTime Expiration { get; set; }
        /// <summary>ARN of the assumed-role session (arn:aws:sts::ACCOUNT:assumed-role/ROLE/SESSION).</summary>
        public string AssumedRoleArn { get; set; }
        public string AssumedRoleId { get; set; }

        public override string ToString() => "AssumedRoleCredentials(" + AccessKeyId + ", " + AssumedRoleArn + ", expires " + Expiration.ToString("u", System.Globalization.CultureInfo.InvariantCulture) + ")";
    }
}
