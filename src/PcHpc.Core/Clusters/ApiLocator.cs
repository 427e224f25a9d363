using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using PcHpc.Core.Activity;
using PcHpc.Core.Errors;
using PcHpc.Core.Ports;
using PcHpc.Core.State;
using PcHpc.Core.State.Records;

namespace PcHpc.Core.Clusters
{
    /// <summary>Finds the ParallelCluster API of a region (CloudFormation stack outputs) and caches it in the state store.</summary>
    public sealed class ApiLocator
    {
        public const string InvokeUrlOutput = "ParallelClusterApiInvokeUrl";
        public const string UserRoleOutput = "ParallelClusterApiUserRole";
        public const string VersionTag = "pchpc:api-version";
        public const string DefaultStackName = "ParallelClusterApi";
        public const string DefaultVersion = "3.12.0";

        private readonly StateStore _store;

        public ApiLocator(StateStore store)
        {
            _store = store;
        }

        /// <summary>The official regional template of a ParallelCluster API version.</summary>
        public static string TemplateUrl(string region, string version) =>
            $"https://{region}-aws-parallelcluster.s3.{region}.amazonaws.com/parallelcluster/{version}/api/parallelcluster-api.yaml";

        /// <summary>Every ParallelCluster API stack of the session's region (live from CloudFormation), cached in the store.</summary>
        public async Task<IReadOnlyList<HpcApi>> DiscoverAsync(IAwsSession session, IActivitySink sink, CancellationToken cancellationToken)
        {
            sink.Verbose($"Looking for ParallelCluster API stacks in {session.Region}.");
            var stacks = await session.CloudFormation.DescribeStacksAsync(null, cancellationToken).ConfigureAwait(false);
            var apis = stacks.Where(s => s.Outputs != null && s.Outputs.ContainsKey(InvokeUrlOutput))
                .Select(s => FromStack(session.Region, s)).ToList();
            if (_store != null)
            {
                var seen = new HashSet<string>(apis.Select(a => a.StackName), StringComparer.Ordinal);
                foreach (var api in apis)
                {
                    _store.Apis.Put(ToRecord(api));
                }
                foreach (var stale in _store.Apis.List().Where(r => r.Region == session.Region && !seen.Contains(r.StackName) && !r.IsReadOnly))
                {
                    _store.Apis.Remove(stale.GetKey());
                }
            }
            return apis;
        }

        /// <summary>APIs known from the store (no AWS call).</summary>
        public IReadOnlyList<HpcApi> Cached(string region)
        {
            if (_store == null) return new HpcApi[0];
            return _store.Apis.List().Where(r => region == null || r.Region == region).Select(FromRecord).ToList();
        }

        /// <summary>
        /// The API to use in a region: the -ApiUri override, else the cached one, else a live lookup. Throws NotFound with
        /// what to do when the region has none.
        /// </summary>
        public async Task<ApiEndpoint> ResolveAsync(IAwsSession session, Uri apiUri, IActivitySink sink, CancellationToken cancellationToken)
        {
            var region = session.Region;
            if (apiUri != null)
            {
                var known = Cached(null).FirstOrDefault(a => SameUrl(a.InvokeUrl, apiUri));
                return new ApiEndpoint
                {
                    Region = region, InvokeUrl = apiUri, UserRoleArn = known?.UserRoleArn, Version = known?.Version,
                    StackName = known?.StackName, Source = "parameter",
                };
            }
            var cached = Pick(Fresh(region));
            if (cached != null)
            {
                sink.Verbose($"Using the ParallelCluster API {cached.InvokeUrl} (version {cached.Version ?? "unknown"}) cached for {region}.");
                return ToEndpoint(cached, "state store");
            }
            var live = Pick(await DiscoverAsync(session, sink, cancellationToken).ConfigureAwait(false));
            if (live == null)
            {
                throw new PcHpcException(ErrorKind.NotFound, "ParallelClusterApiNotFound",
                    $"No ParallelCluster API is deployed in {region}; deploy one with Install-HpcApi -Region {region} -Wait, or pass -ApiUri.")
                { Target = region };
            }
            sink.Verbose($"Found the ParallelCluster API {live.InvokeUrl} (stack {live.StackName}, version {live.Version ?? "unknown"}) in {region}.");
            return ToEndpoint(live, "CloudFormation");
        }

        /// <summary>How long a cached API is trusted before CloudFormation is asked again.</summary>
        public static readonly TimeSpan CacheLifetime = TimeSpan.FromHours(24);

        private IEnumerable<HpcApi> Fresh(string region)
        {
            if (_store == null) return new HpcApi[0];
            var cutoff = DateTimeOffset.UtcNow - CacheLifetime;
            return _store.Apis.List().Where(r => r.Region == region && r.LastSeen != null && r.LastSeen > cutoff).Select(FromRecord).ToList();
        }

        /// <summary>Drops the cached API of a region (after it stopped answering).</summary>
        public void Forget(string region, string stackName)
        {
            if (_store == null || stackName == null) return;
            try { _store.Apis.Remove(ApiRecord.KeyFor(region, stackName)); } catch (PcHpcException) { }
        }

        /// <summary>The newest healthy API of a list.</summary>
        private static HpcApi Pick(IEnumerable<HpcApi> apis) =>
            apis.Where(a => a.InvokeUrl != null && (a.Status == null || (a.Status.EndsWith("_COMPLETE", StringComparison.Ordinal) && !a.Status.Contains("ROLLBACK") && !a.Status.StartsWith("DELETE", StringComparison.Ordinal))))
                .OrderByDescending(a => PcVersion.Parse(a.Version)?[0] ?? -1)
                .ThenByDescending(a => PcVersion.Parse(a.Version)?[1] ?? -1)
                .ThenByDescending(a => PcVersion.Parse(a.Version)?[2] ?? -1)
                .ThenByDescending(a => a.CreatedTime)
                .FirstOrDefault();

        private static ApiEndpoint ToEndpoint(HpcApi api, string source) => new ApiEndpoint
        {
            Region = api.Region, InvokeUrl = new Uri(api.InvokeUrl), UserRoleArn = api.UserRoleArn, Version = api.Version,
            StackName = api.StackName, Source = source,
        };

        private static bool SameUrl(string a, Uri b) =>
            a != null && string.Equals(a.TrimEnd('/'), b.ToString().TrimEnd('/'), StringComparison.OrdinalIgnoreCase);

        public static HpcApi FromStack(string region, StackDescription stack)
        {
            stack.Outputs.TryGetValue(InvokeUrlOutput, out var url);
            stack.Outputs.TryGetValue(UserRoleOutput, out var role);
            return new HpcApi
            {
                Region = region,
                StackName = stack.StackName,
                StackId = stack.StackId,
                Status = stack.StackStatus,
                InvokeUrl = url,
                UserRoleArn = role,
                Version = VersionOf(stack),
                CreatedTime = stack.CreationTime == default ? (DateTimeOffset?)null : new DateTimeOffset(DateTime.SpecifyKind(stack.CreationTime, DateTimeKind.Utc)),
            };
        }

        /// <summary>The API version: our install tag, else the stack's Version parameter, else a version named in the description.</summary>
        public static string VersionOf(StackDescription stack)
        {
            var tag = stack.Tags?.FirstOrDefault(t => t.Key == VersionTag || t.Key == "parallelcluster:version");
            if (tag != null && !string.IsNullOrEmpty(tag.Value)) return tag.Value;
            if (stack.Parameters != null)
            {
                foreach (var p in stack.Parameters)
                {
                    if ((p.Key == "Version" || p.Key == "ParallelClusterVersion") && PcVersion.Parse(p.Value) != null) return p.Value;
                }
            }
            return PcVersion.Find(stack.Description);
        }

        public static ApiRecord ToRecord(HpcApi api) => new ApiRecord
        {
            Region = api.Region, StackName = api.StackName, StackId = api.StackId, InvokeUrl = api.InvokeUrl,
            UserRoleArn = api.UserRoleArn, Version = api.Version, Status = api.Status, CreatedTime = api.CreatedTime,
            LastSeen = DateTimeOffset.UtcNow,
        };

        public static HpcApi FromRecord(ApiRecord r) => new HpcApi
        {
            Region = r.Region, StackName = r.StackName, StackId = r.StackId, InvokeUrl = r.InvokeUrl, UserRoleArn = r.UserRoleArn,
            Version = r.Version, Status = r.Status, CreatedTime = r.CreatedTime, FromCache = true,
        };
    }
}
