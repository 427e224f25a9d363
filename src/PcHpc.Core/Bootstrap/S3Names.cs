using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Net;
using System.Text.RegularExpressions;
using PcHpc.Core.Config.Schema;
using PcHpc.Core.Errors;

namespace PcHpc.Core.Bootstrap
{
    /// <summary>S3 bucket names (the S3 naming rules) and -S3Access entries (ParallelCluster's Iam.S3Access).</summary>
    public static class S3Names
    {
        private static readonly Regex BucketChars = new Regex("^[a-z0-9][a-z0-9.-]*[a-z0-9]$", RegexOptions.CultureInvariant);

        /// <summary>What is wrong with a bucket name under S3's general-purpose bucket rules (null when fine).</summary>
        public static string BucketProblem(string bucket)
        {
            if (string.IsNullOrEmpty(bucket)) return "the bucket name is empty.";
            if (bucket.Length < 3 || bucket.Length > 63) return $"the bucket name '{bucket}' has {bucket.Length} characters; S3 bucket names have 3 to 63.";
            if (!BucketChars.IsMatch(bucket))
                return $"the bucket name '{bucket}' is not valid: S3 bucket names use lowercase letters, digits, dots and hyphens, and start and end with a letter or digit.";
            if (bucket.Contains("..")) return $"the bucket name '{bucket}' has two dots in a row, which S3 does not allow.";
            if (IPAddress.TryParse(bucket, out var ip) && ip.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork && bucket.Count(c => c == '.') == 3)
                return $"the bucket name '{bucket}' looks like an IP address, which S3 does not allow.";
            if (bucket.StartsWith("xn--", StringComparison.Ordinal) || bucket.StartsWith("sthree-", StringComparison.Ordinal))
                return $"the bucket name '{bucket}' starts with a prefix S3 reserves (xn--, sthree-).";
            if (bucket.EndsWith("-s3alias", StringComparison.Ordinal) || bucket.EndsWith("--ol-s3", StringComparison.Ordinal))
                return $"the bucket name '{bucket}' ends with a suffix S3 reserves (-s3alias, --ol-s3).";
            return null;
        }

        public static void CheckBucket(string bucket, string parameter)
        {
            var problem = BucketProblem(bucket);
            if (problem != null) throw new PcHpcException(ErrorKind.InvalidArgument, "BucketNameInvalid", $"{parameter}: {problem}") { Target = bucket };
        }

        /// <summary>
        /// One -S3Access entry: 'bucket' or 'bucket/prefix' (read-only), an S3AccessConfig, or
        /// @{Bucket='b'; KeyPrefix='data/'; Write=$true} (also BucketName/KeyName/EnableWriteAccess).
        /// </summary>
        public static S3AccessConfig Access(object value, string parameter)
        {
            value = BootstrapActions.Unwrap(value);
            string bucket, prefix = null;
            bool write = false;
            switch (value)
            {
                case S3AccessConfig ready:
                    bucket = ready.BucketName; prefix = ready.KeyName; write = ready.EnableWriteAccess == true;
                    break;
                case IDictionary dict:
                    bucket = null;
                    foreach (DictionaryEntry entry in dict)
                    {
                        var key = Convert.ToString(entry.Key, CultureInfo.InvariantCulture).ToLowerInvariant();
                        var v = BootstrapActions.Unwrap(entry.Value);
                        switch (key)
                        {
                            case "bucket": case "bucketname": bucket = Convert.ToString(v, CultureInfo.InvariantCulture); break;
                            case "keyprefix": case "prefix": case "keyname": prefix = Convert.ToString(v, CultureInfo.InvariantCulture); break;
                            case "write": case "enablewriteaccess": case "readwrite": write = Convert.ToBoolean(v, CultureInfo.InvariantCulture); break;
                            default:
                                throw new PcHpcException(ErrorKind.InvalidArgument, "S3AccessUnknownKey",
                                    $"{parameter}: unknown key '{entry.Key}'; use @{{Bucket='my-bucket'; KeyPrefix='data/'; Write=$true}}.");
                        }
                    }
                    break;
                default:
                    var text = Convert.ToString(value, CultureInfo.InvariantCulture) ?? string.Empty;
                    if (text.StartsWith("s3://", StringComparison.OrdinalIgnoreCase)) text = text.Substring(5);
                    var slash = text.IndexOf('/');
                    bucket = slash < 0 ? text : text.Substring(0, slash);
                    prefix = slash < 0 || slash == text.Length - 1 ? null : text.Substring(slash + 1);
                    break;
            }
            CheckBucket(bucket, parameter);
            var access = new S3AccessConfig { BucketName = bucket, KeyName = KeyName(prefix), EnableWriteAccess = write ? true : (bool?)null };
            var error = SchemaValues.Check("S3AccessSchema", "BucketName", access.BucketName, out _, "Iam.S3Access.BucketName");
            if (error != null) throw new PcHpcException(ErrorKind.InvalidArgument, "BucketNameInvalid", $"{parameter}: {error}") { Target = bucket };
            return access;
        }

        /// <summary>A key prefix as ParallelCluster's KeyName (an IAM resource pattern): 'data' and 'data/' become 'data/*'.</summary>
        public static string KeyName(string prefix)
        {
            if (string.IsNullOrWhiteSpace(prefix) || prefix == "*") return null;
            var p = prefix.TrimStart('/');
            if (p.EndsWith("*", StringComparison.Ordinal)) return p;
            return p.TrimEnd('/') + "/*";
        }

        /// <summary>Adds entries to an Iam section's S3Access, skipping ones already there (same bucket, key and access).</summary>
        public static void Grant(IamConfig iam, IEnumerable<S3AccessConfig> entries)
        {
            foreach (var entry in entries)
            {
                iam.S3Access = iam.S3Access ?? new List<S3AccessConfig>();
                if (iam.S3Access.Any(a => a.BucketName == entry.BucketName && (a.KeyName ?? "*") == (entry.KeyName ?? "*") && (a.EnableWriteAccess == true || entry.EnableWriteAccess != true))) continue;
                iam.S3Access.Add(entry);
            }
        }

        /// <summary>-S3Access entries, plus read-only access to the buckets that software stacks mount.</summary>
        public static List<S3AccessConfig> AccessFor(object[] given, IDictionary<string, object[]> actions)
        {
            var access = (given ?? new object[0]).Select(a => S3Names.Access(a, "-S3Access")).ToList();
            var stacks = (actions?.Values ?? Enumerable.Empty<object[]>()).Where(v => v != null).SelectMany(v => v)
                .Select(BootstrapActions.Unwrap).OfType<SoftwareStack>().Where(s => s.MountBucket != null);
            access.AddRange(stacks.Select(s => new S3AccessConfig { BucketName = s.MountBucket }));
            return access;
        }
    }
}
