using System;
using System.Collections.Concurrent;
using System.Threading;
using System.Threading.Tasks;
using PcHpc.Aws.Signing;
using PcHpc.Core.Ports;

namespace PcHpc.Aws.Session
{
    /// <summary>
    /// The process's one cache of assumed-role credentials (Core's ApiRoleSessions only decides whether to assume):
    /// shared by every session with the same source identity (access key), STS endpoint and role; refreshed
    /// <see cref="RefreshBeforeExpiry"/> before they expire.
    /// </summary>
    internal sealed class AssumedRoleCredentialCache
    {
        internal static readonly TimeSpan RefreshBeforeExpiry = TimeSpan.FromMinutes(5);
        private static readonly ConcurrentDictionary<string, AssumedRoleCredentialCache> Entries = new ConcurrentDictionary<string, AssumedRoleCredentialCache>(StringComparer.Ordinal);
        private readonly SemaphoreSlim _gate = new SemaphoreSlim(1, 1);
        private AssumedRoleCredentials _current;
        private DateTime _assumedAt;

        /// <summary>
        /// A role just assumed is used for at least this long, whatever its expiry says: the SDK clients ask for
        /// credentials several times per request, and one request must not assume the role more than once.
        /// </summary>
        internal static readonly TimeSpan MinimumUse = TimeSpan.FromMinutes(1);

        /// <summary>How many times STS AssumeRole was called for this entry (for tests and -Debug).</summary>
        internal int AssumeCount { get; private set; }

        internal static AwsSession CreateSession(AwsSession source, string roleArn, string sessionName)
        {
            if (string.IsNullOrWhiteSpace(roleArn))
                throw new Core.Errors.PcHpcException(Core.Errors.ErrorKind.InvalidArgument, "Aws.RoleArnMissing", "A role ARN is required to assume a role; give the ARN of the role, e.g. the ParallelCluster API's ParallelClusterApiUserRole.");
            sessionName = string.IsNullOrWhiteSpace(sessionName) ? "pchpc" : sessionName;
            var session = new AwsSession(source.Http, ct => GetAsync(source, roleArn, sessionName, ct), source.Region, source.RegionSource,
                "assumed role " + roleArn + " (from " + source.CredentialSource + ")", source.EndpointOverride, source.Activity)
            {
                UtcNow = source.UtcNow,
            };
            return session;
        }

        internal static string KeyOf(string sourceAccessKey, Uri stsEndpoint, string roleArn) => sourceAccessKey + "|" + stsEndpoint + "|" + roleArn;

        internal static AssumedRoleCredentialCache Entry(string key) => Entries.TryGetValue(key, out var e) ? e : null;

        private static async Task<AwsCredentialsSnapshot> GetAsync(AwsSession source, string roleArn, string sessionName, CancellationToken ct)
        {
            var sourceCredentials = await source.CredentialsAsync(ct).ConfigureAwait(false);
            var entry = Entries.GetOrAdd(KeyOf(sourceCredentials.AccessKey, source.Endpoint("sts"), roleArn), _ => new AssumedRoleCredentialCache());
            var credentials = await entry.CurrentAsync(source, roleArn, sessionName, ct).ConfigureAwait(false);
            return new AwsCredentialsSnapshot(credentials.AccessKeyId, credentials.SecretAccessKey, credentials.SessionToken, new DateTimeOffset(DateTime.SpecifyKind(credentials.Expiration, DateTimeKind.Utc)));
        }

        private bool Fresh(DateTime now) => Fresh(_current, _assumedAt, now);

        private static bool Fresh(AssumedRoleCredentials current, DateTime assumedAt, DateTime now) =>
            current != null && (now < current.Expiration - RefreshBeforeExpiry || (now >= assumedAt && now - assumedAt < MinimumUse));

        private async Task<AssumedRoleCredentials> CurrentAsync(AwsSession source, string roleArn, string sessionName, CancellationToken ct)
        {
            var current = _current;
            if (Fresh(current, _assumedAt, source.UtcNow())) return current;
            await _gate.WaitAsync(ct).ConfigureAwait(false);
            try
            {
                if (Fresh(source.UtcNow())) return _current;
                source.Activity.Debug((_current == null ? "Assuming role " : "Refreshing assumed role ") + roleArn + " (session " + sessionName + ") with " + source.CredentialSource + ".");
                var fresh = await source.Sts.AssumeRoleAsync(roleArn, sessionName, null, ct).ConfigureAwait(false);
                AssumeCount++;
                _assumedAt = source.UtcNow();
                _current = fresh;
                source.Activity.Debug("Assumed role " + roleArn + " as " + fresh.AssumedRoleArn + " until " + fresh.Expiration.ToString("u", System.Globalization.CultureInfo.InvariantCulture) + ".");
                return fresh;
            }
            finally
            {
                _gate.Release();
            }
        }
    }
}
