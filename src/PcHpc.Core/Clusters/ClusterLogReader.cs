using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using PcHpc.Core.Activity;
using PcHpc.Core.Errors;
using PcHpc.Core.Ports;

namespace PcHpc.Core.Clusters
{
    /// <summary>What Export-HpcClusterLog asks for.</summary>
    public sealed class LogExportRequest
    {
        public string ClusterName { get; set; }
        public string Region { get; set; }
        /// <summary>A folder (created when missing) or a path ending in .zip.</summary>
        public string Path { get; set; }
        /// <summary>ParallelCluster log stream filters ("Name=node-type,Values=HeadNode"), sent to the API.</summary>
        public IList<string> Filters { get; set; }
        /// <summary>Streams to keep (by name); null keeps all.</summary>
        public Func<string, bool> StreamFilter { get; set; }
        public DateTime? Since { get; set; }
        public DateTime? Until { get; set; }
    }

    public sealed class LogExportResult
    {
        public List<ClusterLogExport> Streams { get; } = new List<ClusterLogExport>();
        public List<KeyValuePair<string, PcHpcException>> Failures { get; } = new List<KeyValuePair<string, PcHpcException>>();
    }

    /// <summary>A cluster's stack events and CloudWatch logs: read (Get-HpcClusterEvent, Get-HpcClusterLog) and exported to files.</summary>
    internal sealed class ClusterLogReader : ClusterOperation
    {
        public ClusterLogReader(ClusterConnections connections, ClusterRecords records)
            : base(connections, records)
        {
        }

        public async Task<IReadOnlyList<ClusterEvent>> GetEventsAsync(string name, string region, IActivitySink sink, CancellationToken cancellationToken)
        {
            var c = await Connections.ConnectAsync(region, sink, cancellationToken).ConfigureAwait(false);
            try
            {
                var events = await c.Api.GetClusterStackEventsAsync(name, c.Region, cancellationToken).ConfigureAwait(false);
                return events.Select(e => ClusterMapper.ToEvent(e, name, c.Region)).ToList();
            }
            catch (ParallelClusterApiException ex)
            {
                throw ClusterErrors.Translate(ex, "read the stack events of", name, c.Region, c.Endpoint.Version, Records.Version(c.Region, name));
            }
        }

        public async Task<IReadOnlyList<ClusterLogStream>> GetLogStreamsAsync(string name, string region, IEnumerable<string> filters, IActivitySink sink, CancellationToken cancellationToken)
        {
            var c = await Connections.ConnectAsync(region, sink, cancellationToken).ConfigureAwait(false);
            try
            {
                var streams = await c.Api.ListClusterLogStreamsAsync(name, c.Region, filters, cancellationToken).ConfigureAwait(false);
                return streams.Select(s => new ClusterLogStream
                {
                    ClusterName = name, Region = c.Region, LogStream = s.LogStreamName, CreationTime = ClusterMapper.Utc(s.CreationTime),
                    LastEventTime = ClusterMapper.Utc(s.LastEventTimestamp),
                }).ToList();
            }
            catch (ParallelClusterApiException ex)
            {
                throw ClusterErrors.Translate(ex, "list the log streams of", name, c.Region, c.Endpoint.Version, Records.Version(c.Region, name));
            }
        }

        /// <summary>
        /// Events of one log stream, oldest first. With <paramref name="tail"/> only the last N (one call from the end);
        /// otherwise every page from <paramref name="since"/> (or the start).
        /// </summary>
        public async Task<IReadOnlyList<ClusterLogEvent>> GetLogEventsAsync(string name, string region, string stream, int? tail, DateTime? since,
            IActivitySink sink, CancellationToken cancellationToken)
        {
            var c = await Connections.ConnectAsync(region, sink, cancellationToken).ConfigureAwait(false);
            var result = new List<ClusterLogEvent>();
            try
            {
                if (tail != null)
                {
                    var page = await c.Api.GetClusterLogEventsAsync(new GetClusterLogEventsRequest
                    {
                        ClusterName = name, Region = c.Region, LogStreamName = stream, StartFromHead = false, Limit = Math.Max(1, Math.Min(tail.Value, 10000)),
                        StartTime = since?.ToUniversalTime(),
                    }, cancellationToken).ConfigureAwait(false);
                    result.AddRange(page.Events.Select(e => ToLog(e, name, c.Region, stream)));
                    return result.OrderBy(e => e.Timestamp).Skip(Math.Max(0, result.Count - tail.Value)).ToList();
                }
                string token = null;
                var seen = new HashSet<string>(StringComparer.Ordinal);
                while (true)
                {
                    var page = await c.Api.GetClusterLogEventsAsync(new GetClusterLogEventsRequest
                    {
                        ClusterName = name, Region = c.Region, LogStreamName = stream, StartFromHead = true, StartTime = since?.ToUniversalTime(), NextToken = token,
                    }, cancellationToken).ConfigureAwait(false);
                    result.AddRange(page.Events.Select(e => ToLog(e, name, c.Region, stream)));
                    // CloudWatch hands back the same forward token at the end of a stream.
                    if (page.Events.Count == 0 || string.IsNullOrEmpty(page.NextToken) || !seen.Add(page.NextToken)) break;
                    token = page.NextToken;
                }
            }
            catch (ParallelClusterApiException ex)
            {
                throw ClusterErrors.Translate(ex, $"read log stream '{stream}' of", name, c.Region, c.Endpoint.Version, Records.Version(c.Region, name));
            }
            return result;
        }

        private static ClusterLogEvent ToLog(LogEvent e, string name, string region, string stream) => new ClusterLogEvent
        {
            ClusterName = name, Region = region, LogStream = stream, Timestamp = ClusterMapper.Utc(e.Timestamp).Value, Message = e.Message,
        };

        /// <summary>Checks an export request before anything remote is called.</summary>
        public static void CheckExport(LogExportRequest request)
        {
            LogExportFolder.Check(request.Path);
            if (request.Since != null && request.Until != null && request.Since.Value.ToUniversalTime() > request.Until.Value.ToUniversalTime())
            {
                throw new PcHpcException(ErrorKind.InvalidArgument, "ExportWindowEmpty",
                    $"-Since ({request.Since.Value:u}) is after -Until ({request.Until.Value:u}); give a -Since earlier than -Until.");
            }
        }

        /// <summary>
        /// Downloads every (matching) log stream of a cluster into one file per stream, oldest event first, one line per
        /// event ("timestamp message"). Streams an earlier run wrote whole and that have not changed are skipped; streams
        /// with no event in the window (by the stream list's first/last event times) are not fetched.
        /// </summary>
        public async Task<LogExportResult> ExportLogsAsync(LogExportRequest request, IActivitySink sink, CancellationToken cancellationToken)
        {
            CheckExport(request);
            var c = await Connections.ConnectAsync(request.Region, sink, cancellationToken).ConfigureAwait(false);
            var name = request.ClusterName;
            var since = request.Since?.ToUniversalTime();
            var until = request.Until?.ToUniversalTime();
            IReadOnlyList<LogStream> streams;
            try
            {
                streams = await c.Api.ListClusterLogStreamsAsync(name, c.Region, request.Filters, cancellationToken).ConfigureAwait(false);
            }
            catch (ParallelClusterApiException ex)
            {
                throw ClusterErrors.Translate(ex, "list the log streams of", name, c.Region, c.Endpoint.Version, Records.Version(c.Region, name));
            }
            var wanted = streams.Where(s => request.StreamFilter == null || request.StreamFilter(s.LogStreamName))
                .Where(s => InWindow(s, since, until, sink)).ToList();
            var folder = LogExportFolder.Open(request.Path, name, c.Region, since, until);
            var result = new LogExportResult();
            var activity = $"Exporting the logs of {name} to {folder.Target}";
            for (var i = 0; i < wanted.Count; i++)
            {
                var stream = wanted[i];
                var streamName = stream.LogStreamName;
                sink.Progress(new ProgressUpdate { Activity = activity, Status = $"Stream {i + 1} of {wanted.Count}: {streamName}", PercentComplete = i * 100 / wanted.Count });
                var item = new ClusterLogExport
                {
                    ClusterName = name, Region = c.Region, LogStream = streamName, Path = folder.Target, LastEventTime = ClusterMapper.Utc(stream.LastEventTimestamp),
                };
                if (folder.IsComplete(streamName, stream.LastEventTimestamp, out var earlier))
                {
                    sink.Verbose($"{streamName}: complete from an earlier run ({earlier.Events} events), skipped.");
                    item.Status = "Skipped";
                    item.Events = earlier.Events;
                    item.Bytes = earlier.Bytes;
                    item.File = earlier.File;
                    result.Streams.Add(item);
                    continue;
                }
                item.File = folder.FileNameFor(streamName);
                try
                {
                    item.Events = await DownloadStreamAsync(c, name, streamName, since, until, folder, item.File, stream.LastEventTimestamp, cancellationToken).ConfigureAwait(false);
                    item.Bytes = folder.Manifest.Streams[streamName].Bytes;
                    item.Status = "Downloaded";
                    result.Streams.Add(item);
                }
                catch (ParallelClusterApiException ex)
                {
                    result.Failures.Add(new KeyValuePair<string, PcHpcException>(streamName,
                        ClusterErrors.Translate(ex, $"read log stream '{streamName}' of", name, c.Region, c.Endpoint.Version, Records.Version(c.Region, name))));
                }
            }
            sink.Progress(new ProgressUpdate { Activity = activity, Status = "Done", PercentComplete = 100, Completed = true });
            folder.SaveManifest();
            folder.Finish();
            return result;
        }

        private static bool InWindow(LogStream s, DateTime? since, DateTime? until, IActivitySink sink)
        {
            if (since != null && s.LastEventTimestamp != null && s.LastEventTimestamp.Value.ToUniversalTime() < since.Value)
            {
                sink.Verbose($"{s.LogStreamName}: last event {s.LastEventTimestamp.Value:u} is before -Since, not exported.");
                return false;
            }
            var first = s.FirstEventTimestamp ?? s.CreationTime;
            if (until != null && first != null && first.Value.ToUniversalTime() > until.Value)
            {
                sink.Verbose($"{s.LogStreamName}: first event {first.Value:u} is after -Until, not exported.");
                return false;
            }
            return true;
        }

        private static async Task<int> DownloadStreamAsync(ApiConnection c, string name, string stream, DateTime? since, DateTime? until,
            LogExportFolder folder, string fileName, DateTime? listedLastEvent, CancellationToken cancellationToken)
        {
            var events = 0;
            string temp;
            using (var writer = folder.BeginStream(fileName, out temp))
            {
                string token = null;
                var seen = new HashSet<string>(StringComparer.Ordinal);
                while (true)
                {
                    var page = await c.Api.GetClusterLogEventsAsync(new GetClusterLogEventsRequest
                    {
                        ClusterName = name, Region = c.Region, LogStreamName = stream, StartFromHead = true, StartTime = since, EndTime = until, NextToken = token,
                    }, cancellationToken).ConfigureAwait(false);
                    foreach (var e in page.Events)
                    {
                        await writer.WriteAsync(e.Timestamp.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture) + " " + e.Message + "\n").ConfigureAwait(false);
                        events++;
                    }
                    // CloudWatch hands back the same forward token at the end of a stream.
                    if (page.Events.Count == 0 || string.IsNullOrEmpty(page.NextToken) || !seen.Add(page.NextToken)) break;
                    token = page.NextToken;
                }
            }
            folder.Commit(stream, fileName, temp, events, listedLastEvent);
            return events;
        }
    
    }
}
