using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;
using PcHpc.Core.Activity;
using PcHpc.Core.Config;
using PcHpc.Core.Errors;
using PcHpc.Core.Ports;

namespace PcHpc.Core.Bootstrap
{
    /// <summary>One local bootstrap script of a config and where staging puts it.</summary>
    public sealed class StagedScript
    {
        /// <summary>Where the config names it (HeadNode.CustomActions.OnNodeStart.Script).</summary>
        public string ConfigPath { get; set; }
        public string LocalPath { get; set; }
        public string Sha256 { get; set; }
        public string Bucket { get; set; }
        public string Key { get; set; }
        public string Uri => "s3://" + Bucket + "/" + Key;
        /// <summary>False when the same content was already in the bucket (or, with -WhatIf, would have been uploaded).</summary>
        public bool Uploaded { get; set; }
    }

    /// <summary>
    /// Stages the local scripts of a config's custom actions to S3 under content-addressed keys
    /// (pchpc-bootstrap/SHA256-PREFIX/NAME: the same script gets the same key and is not uploaded again), rewrites the
    /// config to the s3:// URIs and grants the nodes that run them read access to the prefix (Iam.S3Access).
    /// </summary>
    public static class ScriptStager
    {
        public const string KeyPrefix = "pchpc-bootstrap/";
        private static readonly Regex Unsafe = new Regex("[^A-Za-z0-9._-]", RegexOptions.CultureInvariant);

        /// <summary>The bucket PcHpc creates when none is given: one per account and region.</summary>
        public static string DefaultBucket(string account, string region) => $"pchpc-bootstrap-{account}-{region}";

        public static bool HasLocalScripts(ClusterConfig config) =>
            BootstrapActions.AllScripts(config).Any(s => BootstrapActions.IsLocal(s.Script.Script));

        /// <summary>The scripts to stage (every local file must exist), in config order; nothing is read remotely.</summary>
        public static IReadOnlyList<StagedScript> Plan(ClusterConfig config, string bucket)
        {
            S3Names.CheckBucket(bucket, "-BootstrapBucket");
            var result = new List<StagedScript>();
            foreach (var (path, action) in BootstrapActions.AllScripts(config))
            {
                if (!BootstrapActions.IsLocal(action.Script)) continue;
                if (!File.Exists(action.Script))
                    throw new PcHpcException(ErrorKind.InvalidArgument, "BootstrapScriptNotFound",
                        $"{path}: the script '{action.Script}' does not exist; fix the path or create the file, then export again.") { Target = action.Script };
                var sha = Hex(File.ReadAllBytes(action.Script));
                var name = Unsafe.Replace(Path.GetFileName(action.Script), "_");
                result.Add(new StagedScript { ConfigPath = path, LocalPath = action.Script, Sha256 = sha, Bucket = bucket, Key = KeyPrefix + sha.Substring(0, 16) + "/" + name });
            }
            return result;
        }

        /// <summary>
        /// Uploads what the bucket does not have yet (creating the bucket private and encrypted when <paramref name="createIfMissing"/>),
        /// and returns a copy of the config that uses the S3 copies. <paramref name="plan"/> comes from <see cref="Plan"/>.
        /// </summary>
        public static async Task<ClusterConfig> StageAsync(ClusterConfig config, IReadOnlyList<StagedScript> plan, IObjectStore objects, IBucketStore buckets,
            bool createIfMissing, IActivitySink sink, CancellationToken token)
        {
            if (plan.Count == 0) return config;
            var staged = Rewrite(config, plan); // first: a config that cannot take the access fails before any upload
            var bucket = plan[0].Bucket;
            if (!await buckets.BucketExistsAsync(bucket, token).ConfigureAwait(false))
            {
                if (!createIfMissing)
                    throw new PcHpcException(ErrorKind.NotFound, "BootstrapBucketNotFound",
                        $"The bucket '{bucket}' given with -BootstrapBucket does not exist; create it, or leave -BootstrapBucket out to let PcHpc create its own.") { Target = bucket };
                sink?.Verbose($"Creating the bootstrap bucket {bucket} (private, encrypted, public access blocked).");
                await buckets.CreatePrivateBucketAsync(bucket, token).ConfigureAwait(false);
            }
            foreach (var script in plan.GroupBy(s => s.Key).Select(g => g.First()))
            {
                if (await buckets.ObjectExistsAsync(bucket, script.Key, token).ConfigureAwait(false))
                {
                    sink?.Verbose($"{script.LocalPath} is already at {script.Uri}.");
                    continue;
                }
                sink?.Verbose($"Uploading {script.LocalPath} to {script.Uri}.");
                using (var stream = File.OpenRead(script.LocalPath))
                    await objects.PutObjectAsync(bucket, script.Key, stream, "text/x-shellscript", token).ConfigureAwait(false);
                foreach (var same in plan.Where(s => s.Key == script.Key)) same.Uploaded = true;
            }
            return staged;
        }

        /// <summary>A copy of the config with the staged URIs and read access to the prefix for the head node and the queues that run them.</summary>
        public static ClusterConfig Rewrite(ClusterConfig config, IReadOnlyList<StagedScript> plan)
        {
            var copy = ConfigYaml.Clone(config);
            if (plan.Count == 0) return copy;
            var byPath = plan.ToDictionary(s => s.ConfigPath, StringComparer.Ordinal);
            var access = new S3AccessConfig { BucketName = plan[0].Bucket, KeyName = KeyPrefix + "*" };
            foreach (var (path, action) in BootstrapActions.AllScripts(copy))
            {
                if (byPath.TryGetValue(path, out var staged)) action.Script = staged.Uri;
            }
            if (plan.Any(s => s.ConfigPath.StartsWith("HeadNode.", StringComparison.Ordinal)))
                Grant(copy.HeadNode.Iam = copy.HeadNode.Iam ?? new IamConfig(), access, "HeadNode");
            var queues = copy.Scheduling?.SlurmQueues ?? new List<QueueConfig>();
            for (var q = 0; q < queues.Count; q++)
            {
                if (plan.Any(s => s.ConfigPath.StartsWith($"Scheduling.SlurmQueues[{q}].", StringComparison.Ordinal)))
                    Grant(queues[q].Iam = queues[q].Iam ?? new IamConfig(), access, $"queue {queues[q].Name}");
            }
            return copy;
        }

        private static void Grant(IamConfig iam, S3AccessConfig access, string where)
        {
            // ParallelCluster refuses S3Access next to an own role or profile (no_coexist_s3_access): that role must allow the read.
            if (iam.InstanceRole != null || iam.InstanceProfile != null)
                throw new PcHpcException(ErrorKind.InvalidArgument, "BootstrapAccessNeedsRole",
                    $"The {where} uses its own IAM role or instance profile, so PcHpc cannot grant it S3Access to the staged scripts; allow s3:GetObject on arn:aws:s3:::{access.BucketName}/{access.KeyName} in that role, or stage the scripts yourself and give s3:// URIs.");
            S3Names.Grant(iam, new[] { new S3AccessConfig { BucketName = access.BucketName, KeyName = access.KeyName } });
        }

        private static string Hex(byte[] content)
        {
            using (var sha = SHA256.Create())
                return string.Concat(sha.ComputeHash(content).Select(b => b.ToString("x2", System.Globalization.CultureInfo.InvariantCulture)));
        }
    }
}
