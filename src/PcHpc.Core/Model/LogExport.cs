using System;

namespace PcHpc
{
    /// <summary>One log stream of an Export-HpcClusterLog run: where it went and whether it was downloaded now.</summary>
    public sealed class ClusterLogExport
    {
        public string ClusterName { get; set; }
        public string Region { get; set; }
        public string LogStream { get; set; }
        /// <summary>Downloaded (now), Skipped (complete from an earlier run, unchanged since) or Failed.</summary>
        public string Status { get; set; }
        public int Events { get; set; }
        public long Bytes { get; set; }
        /// <summary>The file's name in the folder or .zip.</summary>
        public string File { get; set; }
        /// <summary>The folder or .zip the file is in.</summary>
        public string Path { get; set; }
        public DateTimeOffset? LastEventTime { get; set; }

        public override string ToString() => LogStream;
    }
}
