using System;
using Amazon.Runtime;
using Amazon.Runtime.CredentialManagement;
using PcHpc.Core.Errors;
using PcHpc.Core.Connection;
using PcHpc.Core.Ports;

namespace PcHpc.Aws.Credentials
{
    /// <summary>Credentials and a human-readable note of where they came from (never the secret itself).</summary>
    public sealed class CredentialResolution
    {
        internal CredentialResolution(AWSCredentials credentials, string source, string profileName)
        {
            Credentials = credentials;
            Source = source;
            ProfileName = profileName;
        }

        internal AWSCredentials Credentials { get; }
        public string Source { get; }
        /// <summary>The profile the credentials came from, if any (its region is a region fallback).</summary>
        public string ProfileName { get; }
    }

    public sealed class RegionResolution
    {
        public RegionResolution(string region, string source)
        {
            Region = region;
            Source = source;
        }

        public string Region { get; }
        public string Source { get; }
    }

    /// <summary>
    /// The AWS Tools for PowerShell resolution order, on AWSSDK.Core's public API:
    /// credentials: -AccessKey/-SecretKey → -ProfileName (unknown is an error, never a fall-through) →
    /// $StoredAWSCredentials → environment (AWS_ACCESS_KEY_ID...) → default profile (AWS_PROFILE or "default") →
    /// container credentials → EC2 instance metadata.
    /// region: -Region → $StoredAWSRegion → AWS_REGION / AWS_DEFAULT_REGION → the profile's region → instance metadata.
    /// Profiles may be static keys, assume-role (AWSSDK.SecurityToken), SSO (AWSSDK.SSO/SSOOIDC) or credential_process.
    /// </summary>
    public sealed class AwsCredentialResolver
    {
        private readonly IEnvironmentReader _env;
        private readonly Func<AWSCredentials> _instanceCredentials;
        private readonly Func<string> _instanceRegion;

        public AwsCredentialResolver(IEnvironmentReader environment = null, Func<AWSCredentials> instanceMetadataCredentials = null, Func<string> instanceMetadataRegion = null)
        {
            _env = environment ?? ProcessEnvironment.Instance;
            _instanceCredentials = instanceMetadataCredentials ?? (() => new InstanceProfileAWSCredentials());
            _instanceRegion = instanceMetadataRegion ?? (() => new InstanceProfileAWSRegion().Region?.SystemName);
        }

        public CredentialResolution ResolveCredentials(AwsConnectionOptions options)
        {
            if (!string.IsNullOrEmpty(options.AccessKey) || !string.IsNullOrEmpty(options.SecretKey))
            {
                if (string.IsNullOrEmpty(options.AccessKey) || string.IsNullOrEmpty(options.SecretKey))
                {
                    throw new PcHpcException(ErrorKind.InvalidArgument, "Aws.IncompleteKeys",
                        "-AccessKey and -SecretKey must be given together (add -SessionToken for temporary credentials).");
                }
                var explicitCredentials = string.IsNullOrEmpty(options.SessionToken)
                    ? (AWSCredentials)new BasicAWSCredentials(options.AccessKey, options.SecretKey)
                    : new SessionAWSCredentials(options.AccessKey, options.SecretKey, options.SessionToken);
                return new CredentialResolution(explicitCredentials, "-AccessKey/-SecretKey parameters" + (string.IsNullOrEmpty(options.SessionToken) ? "" : " with -SessionToken"), null);
            }

            if (options.Credential != null)
            {
                var given = StoredCredentialsAdapter.TryCreate(options.Credential);
                if (given == null)
                {
                    throw new PcHpcException(ErrorKind.InvalidArgument, "Aws.CredentialUnsupported",
                        $"-Credential takes an AWSCredentials object (as AWS Tools' Get-AWSCredential or New-AWSCredential return) or a PSCredential whose user name is the access key id and password the secret key; a {options.Credential.GetType().FullName} is neither.");
                }
                return new CredentialResolution(given, "-Credential parameter (" + options.Credential.GetType().Name + ")", null);
            }

            var location = ProfileLocation(options);
            if (!string.IsNullOrEmpty(options.ProfileName))
            {
                var fromProfile = FromProfile(options.ProfileName, location);
                if (fromProfile == null)
                {
                    throw new PcHpcException(ErrorKind.Authentication, "Aws.ProfileNotFound",
                        $"AWS profile '{options.ProfileName}' was not found in {Describe(location)}. List profiles with Get-AWSCredential -ListProfileDetail or 'aws configure list-profiles', or create it with 'aws configure --profile {options.ProfileName}'.");
                }
                return fromProfile;
            }

            var stored = StoredCredentialsAdapter.TryCreate(options.SessionCredentials);
            if (stored != null)
            {
                return new CredentialResolution(stored, "$StoredAWSCredentials (Set-AWSCredential in this session)", null);
            }

            var accessKey = _env.Get("AWS_ACCESS_KEY_ID");
            var secretKey = _env.Get("AWS_SECRET_ACCESS_KEY");
            if (!string.IsNullOrEmpty(accessKey) && !string.IsNullOrEmpty(secretKey))
            {
                var token = _env.Get("AWS_SESSION_TOKEN");
                var envCredentials = string.IsNullOrEmpty(token)
                    ? (AWSCredentials)new BasicAWSCredentials(accessKey, secretKey)
                    : new SessionAWSCredentials(accessKey, secretKey, token);
                return new CredentialResolution(envCredentials, "environment variables AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY" + (string.IsNullOrEmpty(token) ? "" : "/AWS_SESSION_TOKEN"), null);
            }

            var defaultProfile = DefaultProfileName();
            var fromDefault = FromProfile(defaultProfile, location);
            if (fromDefault != null) return fromDefault;

            if (!string.IsNullOrEmpty(_env.Get("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI")) || !string.IsNullOrEmpty(_env.Get("AWS_CONTAINER_CREDENTIALS_FULL_URI")))
            {
                return new CredentialResolution(new LazyCredentials(() => new GenericContainerCredentials()), "container credentials (AWS_CONTAINER_CREDENTIALS_*)", null);
            }

            if (!IsTrue(_env.Get("AWS_EC2_METADATA_DISABLED")))
            {
                return new CredentialResolution(_instanceCredentials(), "EC2 instance metadata (instance profile)", null);
            }

            throw new PcHpcException(ErrorKind.Authentication, "Aws.NoCredentials",
                "No AWS credentials were found. Pass -ProfileName, run Set-AWSCredential, set AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, or run 'aws configure'.");
        }

        public RegionResolution ResolveRegion(AwsConnectionOptions options, CredentialResolution credentials = null)
        {
            if (!string.IsNullOrEmpty(options.Region)) return Checked(options.Region, "-Region parameter");
            if (!string.IsNullOrEmpty(options.SessionRegion)) return Checked(options.SessionRegion, "$StoredAWSRegion (Set-DefaultAWSRegion in this session)");
            foreach (var name in new[] { "AWS_REGION", "AWS_DEFAULT_REGION" })
            {
                var value = _env.Get(name);
                if (!string.IsNullOrEmpty(value)) return Checked(value, "environment variable " + name);
            }
            var profileName = credentials?.ProfileName ?? options.ProfileName ?? DefaultProfileName();
            var chain = new CredentialProfileStoreChain(ProfileLocation(options));
            if (chain.TryGetProfile(profileName, out var profile) && profile.Region != null)
            {
                return Checked(profile.Region.SystemName, $"profile '{profileName}'");
            }
            if (!IsTrue(_env.Get("AWS_EC2_METADATA_DISABLED")))
            {
                string fromInstance = null;
                try { fromInstance = _instanceRegion(); } catch (Exception) { /* not on EC2 */ }
                if (!string.IsNullOrEmpty(fromInstance)) return Checked(fromInstance, "EC2 instance metadata");
            }
            throw new PcHpcException(ErrorKind.InvalidArgument, "Aws.NoRegion",
                "No AWS region was given. Pass -Region, run Set-DefaultAWSRegion, set AWS_REGION, or add 'region' to your AWS profile.");
        }

        private static RegionResolution Checked(string region, string source)
        {
            region = region.Trim();
            var problem = PcHpc.Core.Connection.AwsRegions.Problem(region, source);
            if (problem != null) throw new PcHpcException(ErrorKind.InvalidArgument, "Aws.BadRegion", problem) { Target = region };
            return new RegionResolution(region, source);
        }

        private string ProfileLocation(AwsConnectionOptions options) =>
            !string.IsNullOrEmpty(options.ProfileLocation) ? options.ProfileLocation : _env.Get("AWS_SHARED_CREDENTIALS_FILE");

        private string DefaultProfileName()
        {
            var fromEnv = _env.Get("AWS_PROFILE");
            return string.IsNullOrEmpty(fromEnv) ? "default" : fromEnv;
        }

        private static CredentialResolution FromProfile(string name, string location)
        {
            var chain = new CredentialProfileStoreChain(location);
            if (!chain.TryGetProfile(name, out var profile)) return null;
            if (!chain.TryGetAWSCredentials(name, out var credentials))
            {
                throw new PcHpcException(ErrorKind.Authentication, "Aws.ProfileUnusable",
                    $"AWS profile '{name}' exists but holds no usable credentials ({profile.CredentialDescription ?? "unknown type"}). Check it with 'aws configure list --profile {name}'.");
            }
            var kind = profile.Options?.RoleArn != null ? "assume-role " : profile.Options?.SsoSession != null || profile.Options?.SsoStartUrl != null ? "SSO " : profile.Options?.CredentialProcess != null ? "credential_process " : "";
            return new CredentialResolution(credentials, $"{kind}profile '{name}' ({Describe(location)})", name);
        }

        private static string Describe(string location) => string.IsNullOrEmpty(location) ? "the shared AWS credentials/config files and the .NET SDK store" : location;

        private static bool IsTrue(string value) => string.Equals(value, "true", StringComparison.OrdinalIgnoreCase);
    }
}
