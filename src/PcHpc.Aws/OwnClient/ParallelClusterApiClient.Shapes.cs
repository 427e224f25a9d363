using System;
using System.Collections.Generic;
using System.Linq;
using PcHpc.Core.Connection;
using PcHpc.Core.Identity;
using PcHpc.Core.Ports;

namespace PcHpc.Aws.Services
{
    /// <summary>Shapes the cluster and image operations share: log streams, log event pages and stack events.</summary>
    internal sealed partial class ParallelClusterApiClient
    {
        private static LogStream ReadLogStream(IDictionary<string, object> s) => new LogStream
        {
            LogStreamName = s.Str("logStreamName"),
            CreationTime = s.Date("creationTime"),
            FirstEventTimestamp = s.Date("firstEventTimestamp"),
            LastEventTimestamp = s.Date("lastEventTimestamp"),
            LastIngestionTime = s.Date("lastIngestionTime"),
            UploadSequenceToken = s.Str("uploadSequenceToken"),
            LogStreamArn = s.Str("logStreamArn"),
        };

        private static void PutLogEventOptions(Dictionary<string, object> input, string nextToken, bool? startFromHead, int? limit, DateTime? startTime, DateTime? endTime)
        {
            input.PutIf("nextToken", nextToken);
            if (startFromHead.HasValue) input["startFromHead"] = startFromHead.Value;
            if (limit.HasValue) input["limit"] = limit.Value;
            if (startTime.HasValue) input["startTime"] = Utc(startTime.Value);
            if (endTime.HasValue) input["endTime"] = Utc(endTime.Value);
        }

        private static DateTimeOffset Utc(DateTime time) => new DateTimeOffset(DateTime.SpecifyKind(time.ToUniversalTime(), DateTimeKind.Utc));

        private static LogEventsPage ReadLogEventsPage(IDictionary<string, object> o) => new LogEventsPage
        {
            Events = o.Items("events").Select(e => new LogEvent { Timestamp = e.Date("timestamp") ?? default(DateTime), Message = e.Str("message") }).ToList(),
            NextToken = o.Str("nextToken"),
            PrevToken = o.Str("prevToken"),
        };

        private static StackEvent ReadStackEvent(IDictionary<string, object> e) => new StackEvent
        {
            StackId = e.Str("stackId"),
            EventId = e.Str("eventId"),
            StackName = e.Str("stackName"),
            LogicalResourceId = e.Str("logicalResourceId"),
            PhysicalResourceId = e.Str("physicalResourceId"),
            ResourceType = e.Str("resourceType"),
            Timestamp = e.Date("timestamp") ?? default(DateTime),
            ResourceStatus = e.Str("resourceStatus"),
            ResourceStatusReason = e.Str("resourceStatusReason"),
            ResourceProperties = e.Str("resourceProperties"),
            ClientRequestToken = e.Str("clientRequestToken"),
        };
    }
}
