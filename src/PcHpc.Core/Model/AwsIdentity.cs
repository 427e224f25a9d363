namespace PcHpc
{
    /// <summary>Who AWS says you are (STS GetCallerIdentity) and where the credentials and region came from.</summary>
    public sealed class AwsIdentity
    {
        /// <summary>The 12-digit AWS account id.</summary>
        public string Account { get; set; }

        /// <summary>ARN of the caller (IAM user, assumed-role session, root).</summary>
        public string Arn { get; set; }

        /// <summary>Unique id of the caller (AIDA… for users, AROA…:session for assumed roles).</summary>
        public string UserId { get; set; }

        /// <summary>The region the call went to.</summary>
        public string Region { get; set; }

        /// <summary>Where the region came from: parameter, session ($StoredAWSRegion), environment, profile, ...</summary>
        public string RegionSource { get; set; }

        /// <summary>Where the credentials came from: parameters, profile 'x', environment, session, instance role, ...</summary>
        public string CredentialSource { get; set; }

        /// <summary>The STS endpoint that answered.</summary>
        public string Endpoint { get; set; }

        public override string ToString() => Arn;
    }
}
