using System;
using System.Management.Automation;
using PcHpc.Core.Errors;
using PcHpc.Infrastructure;

namespace PcHpc.Cmdlets
{
    /// <summary>Lists a cluster's log streams, or with -LogStream reads one (-Tail, -Since).</summary>
    [Cmdlet(VerbsCommon.Get, "HpcClusterLog", DefaultParameterSetName = StreamsSet)]
    [OutputType(typeof(ClusterLogStream), typeof(ClusterLogEvent))]
    public sealed class GetHpcClusterLog : ClusterCmdlet
    {
        private const string StreamsSet = "Streams";
        private const string EventsSet = "Events";

        /// <summary>ParallelCluster log stream filters, e.g. "Name=node-type,Values=HeadNode".</summary>
        [Parameter(ParameterSetName = StreamsSet)]
        public string[] Filter { get; set; }

        [Parameter(Mandatory = true, Position = 1, ParameterSetName = EventsSet, ValueFromPipelineByPropertyName = true)]
        public string LogStream { get; set; }

        [Parameter(ParameterSetName = EventsSet)]
        [ValidateRange(1, 10000)]
        public int Tail { get; set; }

        [Parameter(ParameterSetName = EventsSet)]
        public DateTime Since { get; set; }

        protected override void Process()
        {
            var engine = PrepareEngine();
            var name = Name;
            var region = Region;
            try
            {
                if (string.IsNullOrEmpty(LogStream))
                {
                    EmitAll(Run((sink, token) => engine.GetLogStreamsAsync(name, region, Filter, sink, token)));
                    return;
                }
                var stream = LogStream;
                int? tail = Tail > 0 ? Tail : (int?)null;
                DateTime? since = Since == default ? (DateTime?)null : Since;
                EmitAll(Run((sink, token) => engine.GetLogEventsAsync(name, region, stream, tail, since, sink, token)));
            }
            catch (PcHpcException ex)
            {
                ReportError(ex, name);
            }
        }
    }
}
