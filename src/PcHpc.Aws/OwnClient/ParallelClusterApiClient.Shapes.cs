using System;
using System.Collections.Generic;
using System.Linq;
using PcHpc.Core.Ports;

namespace PcHpc.Aws.Services
{
    /// <summary>Shapes the cluster and image operations share: configuration options, log streams, log event pages and stack events.</summary>
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

        /// <summary>The dry-run and validation options of CreateCluster, UpdateCluster and BuildImage.</summary>
        private static void PutConfigurationOptions(Dictionary<string, object> input, ConfigurationRequest request)
        {
            if (request.DryRun) input["dryrun"] = true;
            input.PutIf("suppressValidators", ValueTree.ListOf(request.SuppressValidators));
            input.PutIf("validationFailureLevel", request.ValidationFailureLevel);
        }

        private static void PutLogEventOptions(Dictionary<string, object> input, LogEventsRequest request)
        {
            input.PutIf("nextToken", request.NextToken);
            if (request.StartFromHead.HasValue) input["startFromHead"] = request.StartFromHead.Value;
            if (request.Limit.HasValue) input["limit"] = request.Limit.Value;
            if (request.StartTime.HasValue) input["startTime"] = Utc(request.StartTime.Value);
            if (request.EndTime.HasValue) input["endTime"] = Utc(request.EndTime.Value);
        }

        private static DateTimeOffset Utc(DateTime time) => new DateTimeOffset(DateTime.SpecifyKind(time.ToUniversalTime(), DateTimeKind.Utc));

        private static LogEventsPage ReadLogEventsPage(IDictionary<string, object> o) => new LogEventsPage
        {
            Events = o.Items("events").Select(e => new LogEvent { Timestamp = e.Date("timestamp") ?? default(DateTime), Message = e.Str("message") }).ToList(),
            NextToken = o.Str("nextToken"),
            PrevToken = o.Str("prevToken"),
        };

        /// <summary>The EC2Instance fields, for the head node and for each instance of DescribeClusterInstances.</summary>
        private static T ReadInstance<T>(IDictionary<string, object> i, T instance) where T : Ec2InstanceInfo
        {
            instance.InstanceId = i.Str("instanceId");
            instance.InstanceType = i.Str("instanceType");
            instance.LaunchTime = i.Date("launchTime");
            instance.PrivateIpAddress = i.Str("privateIpAddress");
            instance.PublicIpAddress = i.Str("publicIpAddress");
            instance.State = i.Str("state");
            return instance;
        }
    }
}
