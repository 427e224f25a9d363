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

        /// <summary>The network engine over an open session, reporting to <paramref name="sink"/>.</summary>
        protected NetworkEngine Network(IAwsSession session, IActivitySink sink) => Engines.Network(session, sink);
    }
}
