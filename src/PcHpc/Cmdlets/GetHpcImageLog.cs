using System;
using System.Management.Automation;
using PcHpc.Core.Errors;
using PcHpc.Infrastructure;

namespace PcHpc.Cmdlets
{
    /// <summary>Lists the Image Builder log streams of an image build, or with -LogStream reads one (-Tail, -Since).</summary>
    [Cmdlet(VerbsCommon.Get, "HpcImageLog", DefaultParameterSetName = StreamsSet)]
    [OutputType(typeof(ImageLogStream), typeof(ImageLogEvent))]
    public sealed class GetHpcImageLog : ImageCmdlet
    {
        private const string StreamsSet = "Streams";
        private const string EventsSet = "Events";

        [Parameter(Mandatory = true, Position = 1, ParameterSetName = EventsSet, ValueFromPipelineByPropertyName = true)]
        public string LogStream { get; set; }

        [Parameter(ParameterSetName = EventsSet)]
        [ValidateRange(1, 10000)]
        public int Tail { get; set; }

        [Parameter(ParameterSetName = EventsSet)]
        public DateTime Since { get; set; }

        protected override void Process()
        {
            var images = Images;
            var id = ImageId;
            var region = Region;
            try
            {
                if (string.IsNullOrEmpty(LogStream))
                {
                    EmitAll(Run((sink, token) => images.LogStreamsAsync(id, region, sink, token)));
                    return;
                }
                var stream = LogStream;
                int? tail = Tail > 0 ? Tail : (int?)null;
                DateTime? since = Since == default ? (DateTime?)null : Since;
                EmitAll(Run((sink, token) => images.LogEventsAsync(id, region, stream, tail, since, sink, token)));
            }
            catch (PcHpcException ex)
            {
                ReportError(ex, id);
            }
        }
    }
}
