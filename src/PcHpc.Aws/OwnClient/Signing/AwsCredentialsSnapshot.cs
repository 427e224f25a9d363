using System;

namespace PcHpc.Aws.Signing
{
    /// <summary>Resolved AWS credentials at one moment: what the signer needs. Never log the secret or the token.</summary>
    public sealed class AwsCredentialsSnapshot
    {
        public AwsCredentialsSnapshot(string accessKey, string secretKey, string sessionToken = null, DateTimeOffset? expiration = null)
        {
            if (string.IsNullOrEmpty(accessKey)) throw new ArgumentException("An access key is required.", nameof(accessKey));
            if (string.IsNullOrEmpty(secretKey)) throw new ArgumentException("A secret key is required.", nameof(secretKey));
            AccessKey = accessKey;
            SecretKey = secretKey;
            SessionToken = string.IsNullOrEmpty(sessionToken) ? null : sessionToken;
            Expiration = expiration;
        }

        public string AccessKey { get; }
        public string SecretKey { get; }
        public string SessionToken { get; }
        /// <summary>When temporary credentials stop working, or null for long-term keys.</summary>
        public DateTimeOffset? Expiration { get; }

        /// <summary>Keeps secrets out of logs and debugger displays.</summary>
        public override string ToString() => "AwsCredentialsSnapshot(" + AccessKey + (SessionToken != null ? ", temporary" : "") + ")";
    }
}
