namespace PcHpc.Core.Connection
{
    /// <summary>
    /// What the user (or the session) said about how to reach AWS, before resolution. Mirrors the common parameters of
    /// AWS Tools for PowerShell, plus the session defaults left by Set-AWSCredential / Set-DefaultAWSRegion.
    /// </summary>
    public sealed class AwsConnectionOptions
    {
        public string Region { get; set; }
        public string ProfileName { get; set; }
        public string ProfileLocation { get; set; }
        public string AccessKey { get; set; }
        public string SecretKey { get; set; }
        public string SessionToken { get; set; }
        public string EndpointUrl { get; set; }

        /// <summary>
        /// -Credential: an AWSCredentials object (of any AWSSDK.Core copy, e.g. from AWS.Tools' Get-AWSCredential /
        /// New-AWSCredential), read by duck typing (its GetCredentials()); or null.
        /// </summary>
        public object Credential { get; set; }

        /// <summary>The value of $StoredAWSCredentials (an AWSCredentials object of whatever AWSSDK.Core AWS.Tools loaded), or null.</summary>
        public object SessionCredentials { get; set; }

        /// <summary>The value of $StoredAWSRegion, or null.</summary>
        public string SessionRegion { get; set; }

        public AwsConnectionOptions WithRegion(string region)
        {
            var copy = (AwsConnectionOptions)MemberwiseClone();
            copy.Region = region;
            return copy;
        }
    }
}
