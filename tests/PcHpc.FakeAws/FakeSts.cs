using System;
using System.Collections.Concurrent;
using System.Text;

namespace PcHpc.FakeAws
{
    /// <summary>A caller identity the fake STS reports.</summary>
    public sealed record FakeIdentity(string Account, string Arn, string UserId);

    /// <summary>Fake STS (query protocol, 2011-06-15): GetCallerIdentity and AssumeRole.</summary>
    public sealed class FakeSts
    {
        public const string Namespace = "https://sts.amazonaws.com/doc/2011-06-15/";
        private readonly FakeAwsServer _server;
        private readonly ConcurrentDictionary<string, FakeIdentity> _byAccessKey = new ConcurrentDictionary<string, FakeIdentity>();
        private readonly Random _random = new Random(7);

        internal FakeSts(FakeAwsServer server) { _server = server; }

        /// <summary>Identity for access keys not in the map.</summary>
        public FakeIdentity DefaultIdentity { get; set; } =
            new FakeIdentity("123456789012", "arn:aws:iam::123456789012:user/hpc-admin", "AIDAEXAMPLEUSERID0001");

        /// <summary>Maps an access key to an identity (account derived from the key).</summary>
        public void MapAccessKey(string accessKey, FakeIdentity identity) => _byAccessKey[accessKey] = identity;

        public FakeIdentity IdentityFor(string accessKey) =>
            accessKey != null && _byAccessKey.TryGetValue(accessKey, out var id) ? id : DefaultIdentity;

        internal FakeResponse Handle(FakeRequest r)
        {
            var sb = new StringBuilder();
            switch (r.Action)
            {
                case "GetCallerIdentity":
                {
                    var id = IdentityFor(r.AccessKey);
                    Xml.E(sb, "Arn", id.Arn);
                    Xml.E(sb, "UserId", id.UserId);
                    Xml.E(sb, "Account", id.Account);
                    break;
                }
                case "AssumeRole":
                {
                    var roleArn = r.Param("RoleArn");
                    var session = r.Param("RoleSessionName");
                    if (string.IsNullOrEmpty(roleArn) || string.IsNullOrEmpty(session))
                        throw new FakeAwsError(400, "ValidationError", "1 validation error detected: Value null at 'roleArn' failed to satisfy constraint: Member must not be null");
                    var parts = roleArn.Split(':');
                    var account = parts.Length > 4 ? parts[4] : IdentityFor(r.AccessKey).Account;
                    var roleName = roleArn.Substring(roleArn.LastIndexOf('/') + 1);
                    int seconds = int.TryParse(r.Param("DurationSeconds"), out var d) ? d : 3600;
                    string key, secret, token, roleId;
                    lock (_random)
                    {
                        key = "ASIA" + RandomUpper(16);
                        secret = RandomBase64(40);
                        token = "FwoGZXIvYXdzE" + RandomBase64(200);
                        roleId = "AROA" + RandomUpper(17);
                    }
                    var assumedArn = $"arn:aws:sts::{account}:assumed-role/{roleName}/{session}";
                    MapAccessKey(key, new FakeIdentity(account, assumedArn, roleId + ":" + session));
                    Xml.E(sb, "Credentials", c =>
                    {
                        Xml.E(c, "AccessKeyId", key);
                        Xml.E(c, "SecretAccessKey", secret);
                        Xml.E(c, "SessionToken", token);
                        Xml.E(c, "Expiration", Xml.Time(DateTime.UtcNow.AddSeconds(seconds)));
                    });
                    Xml.E(sb, "AssumedRoleUser", a =>
                    {
                        Xml.E(a, "AssumedRoleId", roleId + ":" + session);
                        Xml.E(a, "Arn", assumedArn);
                    });
                    break;
                }
                default:
                    throw new FakeAwsError(400, "InvalidAction", $"Could not find operation {r.Action} for version 2011-06-15");
            }
            return QueryResponse(Namespace, r.Action, sb.ToString(), r.RequestId);
        }

        internal static FakeResponse QueryResponse(string ns, string action, string resultXml, string requestId) => new FakeResponse
        {
            ContentType = "text/xml",
            Body = $"<{action}Response xmlns=\"{ns}\">\n  <{action}Result>{resultXml}</{action}Result>\n  <ResponseMetadata>\n    <RequestId>{requestId}</RequestId>\n  </ResponseMetadata>\n</{action}Response>\n",
        };

        private string RandomUpper(int n)
        {
            const string chars = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
            var c = new char[n];
            for (int i = 0; i < n; i++) c[i] = chars[_random.Next(chars.Length)];
            return new string(c);
        }

        private string RandomBase64(int n)
        {
            const string chars = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
            var c = new char[n];
            for (int i = 0; i < n; i++) c[i] = chars[_random.Next(chars.Length)];
            return new string(c);
        }
    }
}
