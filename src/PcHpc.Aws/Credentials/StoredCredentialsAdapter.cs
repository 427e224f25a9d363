using System;
using System.Reflection;
using Amazon.Runtime;

namespace PcHpc.Aws.Credentials
{
    /// <summary>
    /// Wraps $StoredAWSCredentials, left by AWS.Tools' Set-AWSCredential. That object comes from whichever AWSSDK.Core
    /// AWS.Tools loaded (a different type identity from ours, often a different version), so it is read by
    /// reflection: an AWSCredentials (has GetCredentials()) or AWS.Tools' wrapper holding one in a (non-public)
    /// Credentials property. Credentials are fetched on every use, so refreshing credentials keep refreshing.
    /// </summary>
    internal sealed class StoredCredentialsAdapter : AWSCredentials
    {
        private readonly object _source;
        private readonly MethodInfo _getCredentials;

        private StoredCredentialsAdapter(object source, MethodInfo getCredentials)
        {
            _source = source;
            _getCredentials = getCredentials;
        }

        public static AWSCredentials TryCreate(object stored)
        {
            if (stored == null) return null;
            if (stored is AWSCredentials ours) return ours;
            for (var depth = 0; depth < 3 && stored != null; depth++)
            {
                var method = stored.GetType().GetMethod("GetCredentials", BindingFlags.Public | BindingFlags.Instance, null, Type.EmptyTypes, null);
                if (method != null) return new StoredCredentialsAdapter(stored, method);
                var inner = stored.GetType().GetProperty("Credentials", BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance);
                stored = inner?.GetValue(stored);
            }
            return null;
        }

        public override ImmutableCredentials GetCredentials()
        {
            var immutable = _getCredentials.Invoke(_source, null);
            if (immutable == null) throw new InvalidOperationException("$StoredAWSCredentials returned no credentials.");
            var type = immutable.GetType();
            string Read(string name) => type.GetProperty(name)?.GetValue(immutable) as string;
            var token = Read("Token");
            return new ImmutableCredentials(Read("AccessKey"), Read("SecretKey"), string.IsNullOrEmpty(token) ? null : token);
        }
    }
}
