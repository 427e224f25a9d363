using System;
using System.Collections.Generic;

namespace PcHpc.Core.Ports
{
    public sealed class LogStream
    {
        public string LogStreamName { get; set; }
        public DateTime? CreationTime { get; set; }
        public DateTime? FirstEventTimestamp { get; set; }
        public DateTime? LastEventTimestamp { get; set; }
        public DateTime? LastIngestionTime { get; set; }
        public string UploadSequenceToken { get; set; }
        public string LogStreamArn { get; set; }
    }

    /// <summary>One page of a log stream's events (GetClusterLogEvents, GetImageLogEvents); the owner is named by the subclass.</summary>
    public abstract class LogEventsRequest
    {
        public string Region { get; set; }
        public string LogStreamName { get; set; }
        public bool? StartFromHead { get; set; }
        /// <summary>Max events (API allows up to 10000).</summary>
        public int? Limit { get; set; }
        public DateTime? StartTime { get; set; }
        public DateTime? EndTime { get; set; }
        public string NextToken { get; set; }
    }

    public sealed class GetClusterLogEventsRequest : LogEventsRequest
    {
        public string ClusterName { get; set; }
    }

    public sealed class GetImageLogEventsRequest : LogEventsRequest
    {
        public string ImageId { get; set; }
    }

    public sealed class LogEventsPage
    {
        public IList<LogEvent> Events { get; set; } = new List<LogEvent>();
        public string NextToken { get; set; }
        public string PrevToken { get; set; }
    }

    public sealed class LogEvent
    {
        public DateTime Timestamp { get; set; }
        public string Message { get; set; }
    }
}
