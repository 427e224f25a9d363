using System;
using System.Collections.Concurrent;
using System.Threading;
using System.Threading.Tasks;
using PcHpc.Core.Activity;
using PcHpc.Core.Ports;

namespace PcHpc.Core.Clusters
{
    /// <summary>A region's session plus its ParallelCluster API client.</summary>
    public sealed class ApiConnection
    {
        public string Region { get; set; }
        public IAwsSession Session { get; set; }
        public ApiEndpoint Endpoint { get; set; }
        public IParallelClusterApi Api { get; set; }
        public string ApiUri => Endpoint.InvokeUrl.ToString();
    }

    /// <summary>
    /// The connections of one cmdlet invocation to the ParallelCluster API, one per region: API discovery
    /// (<see cref="ApiLocator"/>), the API's user role (<see cref="ApiRoleSessions"/>), and the sessions it opened, which
    /// it disposes. The cluster and the image engine work over it.
    /// </summary>
    public sealed class ClusterConnections : IDisposable
    {
        private readonly ConcurrentDictionary<string, Lazy<Task<ApiConnection>>> _connections = new ConcurrentDictionary<string, Lazy<Task<ApiConnection>>>(StringComparer.Ordinal);
        private readonly ConcurrentBag<IAwsSession> _opened = new ConcurrentBag<IAwsSession>();

        public ClusterConnections(ClusterEngineOptions options)
        {
            Options = options ?? throw new ArgumentNullException(nameof(options));
            if (options.OpenSession == null) throw new ArgumentException("OpenSession is required.", nameof(options));
            Locator = new ApiLocator(options.Store);
        }

        public ClusterEngineOptions Options { get; }

        public ApiLocator Locator { get; }

        private ApiRoleSessions Roles => Options.Roles ?? ApiRoleSessions.Shared;

        /// <summary>A new session for a region (null: the default region), disposed with these connections.</summary>
        public IAwsSession OpenSession(string region)
        {
            var s = Options.OpenSession(region);
            _opened.Add(s);
            return s;
        }

        /// <summary>The (cached) connection to a region's API; region null means the session's default region.</summary>
        public Task<ApiConnection> ConnectAsync(string region, IActivitySink sink, CancellationToken cancellationToken)
        {
            var lazy = _connections.GetOrAdd(region ?? string.Empty, _ => new Lazy<Task<ApiConnection>>(() => OpenConnectionAsync(region, sink, cancellationToken)));
            return lazy.Value;
        }

        private async Task<ApiConnection> OpenConnectionAsync(string region, IActivitySink sink, CancellationToken cancellationToken)
        {
            var session = OpenSession(region);
            var endpoint = await Locator.ResolveAsync(session, Options.ApiUri, sink, cancellationToken).ConfigureAwait(false);
            var apiSession = await Roles.ForApiAsync(session, endpoint.UserRoleArn, sink, cancellationToken).ConfigureAwait(false);
            return new ApiConnection { Region = session.Region, Session = session, Endpoint = endpoint, Api = apiSession.ParallelClusterApi(endpoint.InvokeUrl) };
        }

        public void Dispose()
        {
            while (_opened.TryTake(out var s))
            {
                try { s.Dispose(); } catch (Exception) { }
            }
        }
    }
}
