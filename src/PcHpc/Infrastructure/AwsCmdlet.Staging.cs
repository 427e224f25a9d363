using System.Linq;
using PcHpc.Core.Bootstrap;

namespace PcHpc.Infrastructure
{
    public abstract partial class AwsCmdlet
    {
        /// <summary>
        /// The config to send or write: unchanged when its custom actions use no local script, else a copy whose local
        /// scripts were staged to S3 (-BootstrapBucket, default pchpc-bootstrap-ACCOUNT-REGION created on first use).
        /// With -WhatIf it names each upload and returns the config as it would be, uploading nothing.
        /// </summary>
        protected ClusterConfig StageBootstrapScripts(ClusterConfig config, string bucket, string region)
        {
            if (config == null || !ScriptStager.HasLocalScripts(config)) return config;
            if (bucket != null) S3Names.CheckBucket(bucket, "-BootstrapBucket");
            if (bucket != null) ScriptStager.Plan(config, bucket); // local files and bucket name checked before any AWS call
            var session = Engines.Session(ConnectionOptions(region ?? config.Region));
            var name = bucket ?? Run(async (sink, token) =>
                ScriptStager.DefaultBucket((await session.Sts.GetCallerIdentityAsync(token).ConfigureAwait(false)).Account, session.Region));
            var plan = ScriptStager.Plan(config, name);
            if (WhatIfRequested)
            {
                foreach (var script in plan.GroupBy(s => s.Key).Select(g => g.First()))
                    ShouldProcess(script.LocalPath + " -> " + script.Uri, "Upload bootstrap script");
                return ScriptStager.Rewrite(config, plan);
            }
            return Run((sink, token) => ScriptStager.StageAsync(config, plan, session.ObjectStore, session.Buckets, bucket == null, sink, token));
        }
    }
}
