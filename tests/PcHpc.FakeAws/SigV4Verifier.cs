using System;
using System.Collections.Generic;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace PcHpc.FakeAws
{
    /// <summary>Recomputes an AWS Signature Version 4 (header form) for a received request, from the public algorithm description.</summary>
    internal static class SigV4Verifier
    {
        private static readonly Regex Parts = new Regex(@"Credential=(?<cred>[^,\s]+)\s*,\s*SignedHeaders=(?<sh>[^,\s]+)\s*,\s*Signature=(?<sig>[0-9a-f]+)");

        public static bool Verify(HttpContext ctx, string body, string secret, out string reason)
        {
            reason = null;
            var auth = ctx.Request.Headers["Authorization"].ToString();
            var m = Parts.Match(auth);
            if (!m.Success) { reason = "malformed Authorization header"; return false; }
            var cred = m.Groups["cred"].Value.Split('/');
            if (cred.Length != 5) { reason = "malformed credential scope"; return false; }
            var amzDate = ctx.Request.Headers["X-Amz-Date"].ToString();
            if (amzDate.Length == 0) { reason = "missing X-Amz-Date"; return false; }

            var raw = ctx.Features.Get<IHttpRequestFeature>()?.RawTarget ?? (ctx.Request.Path + ctx.Request.QueryString.ToString());
            var q = raw.IndexOf('?');
            var rawPath = q < 0 ? raw : raw.Substring(0, q);
            var rawQuery = q < 0 ? "" : raw.Substring(q + 1);
            var canonicalUri = Encode(rawPath, keepSlash: true);
            var canonicalQuery = string.Join("&", rawQuery.Split('&', StringSplitOptions.RemoveEmptyEntries)
                .Select(p =>
                {
                    var eq = p.IndexOf('=');
                    var k = Uri.UnescapeDataString(eq < 0 ? p : p.Substring(0, eq));
                    var v = eq < 0 ? "" : Uri.UnescapeDataString(p.Substring(eq + 1));
                    return (K: Encode(k, false), V: Encode(v, false));
                })
                .OrderBy(p => p.K, StringComparer.Ordinal).ThenBy(p => p.V, StringComparer.Ordinal)
                .Select(p => p.K + "=" + p.V));
            var signed = m.Groups["sh"].Value.Split(';');
            var headers = new StringBuilder();
            foreach (var h in signed)
            {
                var value = h == "host" ? ctx.Request.Host.ToString() : string.Join(",", ctx.Request.Headers[h].ToArray());
                headers.Append(h).Append(':').Append(Regex.Replace(value.Trim(), @"\s+", " ")).Append('\n');
            }
            var payloadHash = ctx.Request.Headers["X-Amz-Content-Sha256"].ToString();
            if (payloadHash.Length == 0) payloadHash = Hex(SHA256.HashData(Encoding.UTF8.GetBytes(body ?? "")));
            var canonical = $"{ctx.Request.Method}\n{canonicalUri}\n{canonicalQuery}\n{headers}\n{m.Groups["sh"].Value}\n{payloadHash}";
            var scope = $"{cred[1]}/{cred[2]}/{cred[3]}/{cred[4]}";
            var toSign = $"AWS4-HMAC-SHA256\n{amzDate}\n{scope}\n{Hex(SHA256.HashData(Encoding.UTF8.GetBytes(canonical)))}";
            var key = Hmac(Encoding.UTF8.GetBytes("AWS4" + secret), cred[1]);
            key = Hmac(key, cred[2]);
            key = Hmac(key, cred[3]);
            key = Hmac(key, "aws4_request");
            var expected = Hex(Hmac(key, toSign));
            if (expected == m.Groups["sig"].Value) return true;
            reason = "canonical request was:\n" + canonical;
            return false;
        }

        private static byte[] Hmac(byte[] key, string data) => HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(data));

        private static string Hex(byte[] b) => Convert.ToHexString(b).ToLowerInvariant();

        private static string Encode(string s, bool keepSlash)
        {
            var sb = new StringBuilder();
            foreach (var b in Encoding.UTF8.GetBytes(s))
            {
                char c = (char)b;
                if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.' || c == '~' || (keepSlash && c == '/'))
                    sb.Append(c);
                else
                    sb.Append('%').Append(b.ToString("X2"));
            }
            return sb.ToString();
        }
    }
}
