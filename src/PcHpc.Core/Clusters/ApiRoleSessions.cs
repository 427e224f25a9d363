using System;
using System.Collections.Concurrent;
using System.Threading;
using System.Threading.Tasks;
using PcHpc.Core.Activity;
using PcHpc.Core.Ports;

namespace PcHpc.Core.Clusters
{
    /// <summary>Opens a session as a role: (session, roleArn, sessionName) → session with the role's credentials.</summary>
    public delegate IAwsSession AssumeRoleFunc(IAwsSession session, string roleArn, string sessionName);

    /// <summary>
    /// The ParallelCluster API's resource policy admits only its user role. This assumes that role transparently when
    /// the caller is not already it. Who the caller is (STS GetCallerIdentity) is remembered per credential source for
    /// <see cref="IdentityLifetime"/>; the role's credentials are not kept here: <see cref="IAwsSession.AssumeRole"/>
    /// (the AWS layer's one assumed-role credential cache, per source identity, region and role) keeps and renews them,
    /// so consecutive cmdlets reuse them without another STS call.
    /// </summary>
    public sealed class ApiRoleSessions
    {
        public static ApiRoleSessions Shared { get; } = new ApiRoleSessions();

        private readonly ConcurrentDictionary<string, (string Arn, DateTimeOffset Until)> _identities = new ConcurrentDictionary<string, (string, DateTimeOffset)>(StringComparer.Ordinal);

        /// <summary>How long the caller's identity of a credential source is remembered.</summary>
        public static readonly TimeSpan IdentityLifetime = TimeSpan.FromMinutes(10);

        /// <summary>The clock (tests move it).</summary>
        public Func<DateTimeOffset> Now { get; set; } = () => DateTimeOffset.UtcNow;

        /// <summary>How to assume a role; null when the AWS layer cannot (then the caller's own credentials are used).</summary>
        public AssumeRoleFunc AssumeRole { get; set; } = (session, roleArn, sessionName) => session.AssumeRole(roleArn, sessionName);

        public void Clear()
        {
            _identities.Clear();
        }

        /// <summary>
        /// The session to call the API with: <paramref name="session"/> itself when no role is known or the caller already
        /// is the role; otherwise a new session as the role (on the role's cached credentials).
        /// </summary>
        public async Task<IAwsSession> ForApiAsync(IAwsSession session, string roleArn, IActivitySink sink, CancellationToken cancellationToken)
        {
            if (string.IsNullOrEmpty(roleArn)) return session;
            // Who the caller is, remembered per credential source for a while (keys given as parameters can change
            // from one command to the next under the same source name, so those are always asked).
            var source = session.CredentialSource ?? string.Empty;
            var identityKey = session.Region + "|" + source;
            var cacheable = !source.StartsWith("parameter", StringComparison.OrdinalIgnoreCase);
            string callerArn;
            if (!cacheable || !_identities.TryGetValue(identityKey, out var known) || known.Until <= Now())
            {
                var identity = await session.Sts.GetCallerIdentityAsync(cancellationToken).ConfigureAwait(false);
                callerArn = identity?.Arn ?? string.Empty;
                if (cacheable) _identities[identityKey] = (callerArn, Now() + IdentityLifetime);
            }
            else
            {
                callerArn = known.Arn;
            }
            if (IsSameRole(callerArn, roleArn))
            {
                sink.Verbose($"Calling the ParallelCluster API as {callerArn}, which already is its user role.");
                return session;
            }
            var assume = AssumeRole;
            if (assume == null)
            {
                sink.Verbose($"Cannot assume the API user role {roleArn} here; calling the API as {callerArn}.");
                return session;
            }
            // Sessions are never shared between commands (a session writes to its command's output): each command gets a
            // new one on its own session; the AWS layer hands it the role's cached credentials while they are fresh.
            sink.Verbose($"Assuming the ParallelCluster API user role {roleArn}.");
            var sessionName = "PcHpc-" + Now().ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
            return assume(session, roleArn, sessionName);
        }

        /// <summary>
        /// True when <paramref name="callerArn"/> (arn:aws:sts::111:assumed-role/Name/session or arn:aws:iam::111:role/path/Name)
        /// is the role <paramref name="roleArn"/> (arn:aws:iam::111:role/path/Name).
        /// </summary>
        public static bool IsSameRole(string callerArn, string roleArn)
        {
            if (string.IsNullOrEmpty(callerArn) || string.IsNullOrEmpty(roleArn)) return false;
            if (string.Equals(callerArn, roleArn, StringComparison.Ordinal)) return true;
            var caller = callerArn.Split(':');
            var role = roleArn.Split(':');
            if (caller.Length < 6 || role.Length < 6) return false;
            if (caller[4] != role[4]) return false; // account
            var roleName = role[5].Substring(role[5].LastIndexOf('/') + 1);
            var resource = caller[5];
            if (resource.StartsWith("assumed-role/", StringComparison.Ordinal))
            {
                var parts = resource.Split('/');
                return parts.Length >= 2 && parts[1] == roleName;
            }
            return false;
        }
    }
}
