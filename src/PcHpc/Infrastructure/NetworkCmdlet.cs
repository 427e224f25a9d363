using PcHpc.Core.Activity;
using PcHpc.Core.Network;
using PcHpc.Core.Ports;
using PcHpc.Core.State;

namespace PcHpc.Infrastructure
{
    /// <summary>Base of the VPC cmdlets: one region, the state store's network records, the engine from <see cref="EngineFactory"/>.</summary>
    public abstract class NetworkCmdlet : AwsRegionalCmdlet
    {
        protected StateStore Store => Engines.Store;

        /// <summary>
        /// A session for this record's region, opened by <see cref="EngineFactory"/> (closed with the cmdlet). Call on the
        /// pipeline thread: the connection options read session variables.
        /// </summary>
        protected IAwsSession RegionSession() => Engines.Session(ConnectionOptions());

        /// <summary>The network engine over an open session, reporting to <paramref name="sink"/>.</summary>
        protected NetworkEngine Network(IAwsSession session, IActivitySink sink) => Engines.Network(session, sink);
    }
}
