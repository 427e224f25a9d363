using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using PcHpc.Core.Activity;

namespace PcHpc.Core.Clusters
{
    public sealed partial class ClusterEngine
    {
        /// <summary>
        /// Deploys the ParallelCluster API stack (see <see cref="ApiInstaller"/>); with wait, follows it until it is complete,
        /// failed, or <paramref name="timeout"/> (default <see cref="ApiInstaller.DefaultTimeout"/>) has passed.
        /// </summary>
        public Task<HpcApi> InstallApiAsync(string region, string version, string stackName, bool wait, IActivitySink sink, CancellationToken cancellationToken, TimeSpan? timeout = null) =>
            new ApiInstaller(OpenSession, _options.Store, _options.Now)
            {
                PollInterval = _options.PollInterval, RetryBudget = _options.RetryBudget, Timeout = timeout ?? ApiInstaller.DefaultTimeout,
            }.InstallAsync(region, version, stackName, wait, sink, cancellationToken);

        /// <summary>The APIs of a region, live (and cached), or only from the store.</summary>
        public async Task<IReadOnlyList<HpcApi>> GetApisAsync(string region, bool cached, IActivitySink sink, CancellationToken cancellationToken)
        {
            if (cached) return _locator.Cached(region);
            var session = OpenSession(region);
            return await _locator.DiscoverAsync(session, sink, cancellationToken).ConfigureAwait(false);
        }
    }
}
