using System;
using Amazon.Runtime;

namespace PcHpc.Aws.Credentials
{
    /// <summary>Builds the real provider on first use (container/instance providers read their endpoints at construction).</summary>
    internal sealed class LazyCredentials : AWSCredentials
    {
        private readonly Lazy<AWSCredentials> _inner;

        public LazyCredentials(Func<AWSCredentials> factory) => _inner = new Lazy<AWSCredentials>(factory);

        public override ImmutableCredentials GetCredentials() => _inner.Value.GetCredentials();

        public override System.Threading.Tasks.Task<ImmutableCredentials> GetCredentialsAsync() => _inner.Value.GetCredentialsAsync();
    }
}
