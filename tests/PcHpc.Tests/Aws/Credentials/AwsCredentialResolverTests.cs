using System;
using System.Collections.Generic;
using System.IO;
using Amazon.Runtime;
using PcHpc.Aws.Credentials;
using PcHpc.Core.Errors;
using PcHpc.Core.Connection;
using PcHpc.Core.Ports;

namespace PcHpc.Tests.Aws.Credentials
{
    public sealed class FakeEnvironment : IEnvironmentReader
    {
        public Dictionary<string, string> Values { get; } = new Dictionary<string, string>();
        public string Get(string name) => Values.TryGetValue(name, out var v) ? v : null;
    }

    // Shaped like AWS.Tools' AWSPSCredentials: the AWSCredentials sits in a non-public Credentials property.
    public sealed class ToolsLikeStoredCredentials
    {
        public ToolsLikeStoredCredentials(string access, string secret, string token) => Credentials = new ToolsLikeCredentials(access, secret, token);
        private ToolsLikeCredentials Credentials { get; }
    }

    public sealed class ToolsLikeCredentials
    {
        private readonly string _a, _s, _t;
        public ToolsLikeCredentials(string a, string s, string t) { _a = a; _s = s; _t = t; }
        public ToolsLikeImmutable GetCredentials() => new ToolsLikeImmutable { AccessKey = _a, SecretKey = _s, Token = _t };
    }

    public sealed class ToolsLikeImmutable
    {
        public string AccessKey { get; set; }
        public string SecretKey { get; set; }
        public string Token { get; set; }
    }

    public class AwsCredentialResolverTests : IDisposable
    {
        private readonly string _dir = Path.Combine(Path.GetTempPath(), "pchpc-creds-" + Guid.NewGuid().ToString("N"));
        private readonly FakeEnvironment _env = new FakeEnvironment();
        private readonly string _credentialsFile;
        private int _instanceCalls;

        public AwsCredentialResolverTests()
        {
            Directory.CreateDirectory(_dir);
            _credentialsFile = Path.Combine(_dir, "credentials");
            File.WriteAllText(_credentialsFile, string.Join("\n",
                "[default]", "aws_access_key_id = AKIDDEFAULT", "aws_secret_access_key = default-secret", "region = eu-west-1", "",
                "[dev]", "aws_access_key_id = AKIDDEV", "aws_secret_access_key = dev-secret", "region = ap-southeast-2", "",
                "[role]", "role_arn = arn:aws:iam::123456789012:role/HpcAdmin", "source_profile = dev", "",
                "[sso]", "sso_start_url = https://example.awsapps.com/start", "sso_region = us-east-1", "sso_account_id = 123456789012", "sso_role_name = HpcAdmin", ""));
            _env.Values["AWS_SHARED_CREDENTIALS_FILE"] = _credentialsFile;
        }

        public void Dispose() => Directory.Delete(_dir, true);

        private AwsCredentialResolver Resolver() => new AwsCredentialResolver(_env,
            () => { _instanceCalls++; return new BasicAWSCredentials("AKIDINSTANCE", "instance-secret"); },
            () => "sa-east-1");

        private static string AccessKeyOf(CredentialResolution r) => r.Credentials.GetCredentials().AccessKey;

        [Fact]
        public void ExplicitKeysWinOverEverything()
        {
            _env.Values["AWS_ACCESS_KEY_ID"] = "AKIDENV";
            _env.Values["AWS_SECRET_ACCESS_KEY"] = "env-secret";
            var r = Resolver().ResolveCredentials(new AwsConnectionOptions
            {
                AccessKey = "AKIDEXPLICIT", SecretKey = "explicit-secret", SessionToken = "tok", ProfileName = "dev",
                SessionCredentials = new ToolsLikeStoredCredentials("AKIDSESSION", "s", null),
            });
            Assert.Equal("AKIDEXPLICIT", AccessKeyOf(r));
            Assert.Equal("tok", r.Credentials.GetCredentials().Token);
            Assert.Contains("-AccessKey/-SecretKey", r.Source);
        }

        [Fact]
        public void AccessKeyWithoutSecretKeyIsAClearError()
        {
            var ex = Assert.Throws<PcHpcException>(() => Resolver().ResolveCredentials(new AwsConnectionOptions { AccessKey = "AKID" }));
            Assert.Equal(ErrorKind.InvalidArgument, ex.Kind);
            Assert.Contains("-SecretKey", ex.Message);
        }

        [Fact]
        public void UnknownProfileFailsAndNeverFallsThrough()
        {
            _env.Values["AWS_ACCESS_KEY_ID"] = "AKIDENV";
            _env.Values["AWS_SECRET_ACCESS_KEY"] = "env-secret";
            var ex = Assert.Throws<PcHpcException>(() => Resolver().ResolveCredentials(new AwsConnectionOptions { ProfileName = "nope" }));
            Assert.Equal(ErrorKind.Authentication, ex.Kind);
            Assert.Equal("Aws.ProfileNotFound", ex.ErrorId);
            Assert.Contains("'nope'", ex.Message);
            Assert.Contains(_credentialsFile, ex.Message);
        }

        [Fact]
        public void NamedProfileBeatsSessionAndEnvironment()
        {
            _env.Values["AWS_ACCESS_KEY_ID"] = "AKIDENV";
            _env.Values["AWS_SECRET_ACCESS_KEY"] = "env-secret";
            var r = Resolver().ResolveCredentials(new AwsConnectionOptions { ProfileName = "dev", SessionCredentials = new ToolsLikeStoredCredentials("AKIDSESSION", "s", null) });
            Assert.Equal("AKIDDEV", AccessKeyOf(r));
            Assert.Equal("dev", r.ProfileName);
            Assert.StartsWith("profile 'dev'", r.Source);
        }

        [Fact]
        public void SessionCredentialsFromAwsToolsBeatEnvironment()
        {
            _env.Values["AWS_ACCESS_KEY_ID"] = "AKIDENV";
            _env.Values["AWS_SECRET_ACCESS_KEY"] = "env-secret";
            var r = Resolver().ResolveCredentials(new AwsConnectionOptions { SessionCredentials = new ToolsLikeStoredCredentials("AKIDSESSION", "session-secret", "session-token") });
            var creds = r.Credentials.GetCredentials();
            Assert.Equal("AKIDSESSION", creds.AccessKey);
            Assert.Equal("session-secret", creds.SecretKey);
            Assert.Equal("session-token", creds.Token);
            Assert.Contains("Set-AWSCredential", r.Source);
        }

        [Fact]
        public void EnvironmentBeatsDefaultProfile()
        {
            _env.Values["AWS_ACCESS_KEY_ID"] = "AKIDENV";
            _env.Values["AWS_SECRET_ACCESS_KEY"] = "env-secret";
            _env.Values["AWS_SESSION_TOKEN"] = "env-token";
            var r = Resolver().ResolveCredentials(new AwsConnectionOptions());
            Assert.Equal("AKIDENV", AccessKeyOf(r));
            Assert.Equal("env-token", r.Credentials.GetCredentials().Token);
            Assert.Contains("AWS_SESSION_TOKEN", r.Source);
        }

        [Fact]
        public void DefaultProfileThenAwsProfileVariable()
        {
            Assert.Equal("AKIDDEFAULT", AccessKeyOf(Resolver().ResolveCredentials(new AwsConnectionOptions())));
            _env.Values["AWS_PROFILE"] = "dev";
            Assert.Equal("AKIDDEV", AccessKeyOf(Resolver().ResolveCredentials(new AwsConnectionOptions())));
            Assert.Equal(0, _instanceCalls);
        }

        [Fact]
        public void ContainerThenInstanceMetadataWhenNothingElse()
        {
            File.WriteAllText(_credentialsFile, "");
            var instance = Resolver().ResolveCredentials(new AwsConnectionOptions());
            Assert.Contains("instance metadata", instance.Source);
            Assert.Equal(1, _instanceCalls);

            _env.Values["AWS_CONTAINER_CREDENTIALS_RELATIVE_URI"] = "/v2/credentials/x";
            var container = Resolver().ResolveCredentials(new AwsConnectionOptions());
            Assert.Contains("container", container.Source);
            Assert.Equal(1, _instanceCalls); // the container provider was chosen, instance metadata not asked again

            _env.Values.Remove("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI");
            _env.Values["AWS_EC2_METADATA_DISABLED"] = "true";
            var ex = Assert.Throws<PcHpcException>(() => Resolver().ResolveCredentials(new AwsConnectionOptions()));
            Assert.Equal("Aws.NoCredentials", ex.ErrorId);
            Assert.Contains("Set-AWSCredential", ex.Message);
        }

        [Fact]
        public void AssumeRoleAndSsoProfilesResolveThroughTheSdk()
        {
            var role = Resolver().ResolveCredentials(new AwsConnectionOptions { ProfileName = "role" });
            Assert.IsAssignableFrom<AssumeRoleAWSCredentials>(role.Credentials);
            Assert.StartsWith("assume-role profile 'role'", role.Source);

            var sso = Resolver().ResolveCredentials(new AwsConnectionOptions { ProfileName = "sso" });
            Assert.Contains("SSO", sso.Credentials.GetType().Name, StringComparison.OrdinalIgnoreCase);
            Assert.StartsWith("SSO profile 'sso'", sso.Source);
        }

        [Fact]
        public void RegionFollowsTheAwsToolsOrder()
        {
            var resolver = Resolver();
            var options = new AwsConnectionOptions { Region = "us-west-2", SessionRegion = "eu-central-1" };
            Assert.Equal(("us-west-2", "-Region parameter"), Pair(resolver.ResolveRegion(options)));
            options.Region = null;
            Assert.Equal("eu-central-1", resolver.ResolveRegion(options).Region);
            Assert.Contains("Set-DefaultAWSRegion", resolver.ResolveRegion(options).Source);
            options.SessionRegion = null;
            _env.Values["AWS_DEFAULT_REGION"] = "us-east-2";
            Assert.Equal("us-east-2", resolver.ResolveRegion(options).Region);
            _env.Values["AWS_REGION"] = "ca-central-1";
            Assert.Equal(("ca-central-1", "environment variable AWS_REGION"), Pair(resolver.ResolveRegion(options)));
            _env.Values.Remove("AWS_REGION");
            _env.Values.Remove("AWS_DEFAULT_REGION");
            Assert.Equal(("eu-west-1", "profile 'default'"), Pair(resolver.ResolveRegion(options)));
            Assert.Equal("ap-southeast-2", resolver.ResolveRegion(new AwsConnectionOptions { ProfileName = "dev" }).Region);
            File.WriteAllText(_credentialsFile, "");
            Assert.Equal(("sa-east-1", "EC2 instance metadata"), Pair(resolver.ResolveRegion(options)));
            _env.Values["AWS_EC2_METADATA_DISABLED"] = "true";
            var ex = Assert.Throws<PcHpcException>(() => resolver.ResolveRegion(options));
            Assert.Equal("Aws.NoRegion", ex.ErrorId);
        }

        [Fact]
        public void MalformedRegionIsRejectedNamingItsSource()
        {
            var ex = Assert.Throws<PcHpcException>(() => Resolver().ResolveRegion(new AwsConnectionOptions { Region = "US East" }));
            Assert.Contains("-Region parameter", ex.Message);
            Assert.Contains("us-east-1", ex.Message);
        }

        [Fact]
        public void SourcesNeverContainSecrets()
        {
            _env.Values["AWS_ACCESS_KEY_ID"] = "AKIDENV";
            _env.Values["AWS_SECRET_ACCESS_KEY"] = "env-secret";
            _env.Values["AWS_SESSION_TOKEN"] = "env-token";
            var sources = new[]
            {
                Resolver().ResolveCredentials(new AwsConnectionOptions { AccessKey = "A", SecretKey = "explicit-secret", SessionToken = "explicit-token" }).Source,
                Resolver().ResolveCredentials(new AwsConnectionOptions()).Source,
                Resolver().ResolveCredentials(new AwsConnectionOptions { ProfileName = "dev" }).Source,
            };
            foreach (var s in sources)
            {
                foreach (var secret in new[] { "explicit-secret", "explicit-token", "env-secret", "env-token", "dev-secret" })
                {
                    Assert.DoesNotContain(secret, s);
                }
            }
        }

        private static (string, string) Pair(RegionResolution r) => (r.Region, r.Source);
    }
}
