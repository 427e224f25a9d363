using System;
using System.Collections.Generic;
using System.IO;
using PcHpc.Core.Activity;

namespace PcHpc.Tests.Core.State
{
    /// <summary>A fresh state root under the system temp folder, deleted afterwards.</summary>
    public sealed class TempStateRoot : IDisposable
    {
        public TempStateRoot()
        {
            Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "pchpc-state-tests", Guid.NewGuid().ToString("N"));
        }

        public string Path { get; }

        public void Dispose()
        {
            try { if (Directory.Exists(Path)) Directory.Delete(Path, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
    }

    /// <summary>An activity sink that records warnings.</summary>
    public sealed class WarningSink : IActivitySink
    {
        private readonly object _gate = new object();
        public List<string> Warnings { get; } = new List<string>();
        public void Verbose(string message) { }
        public void Debug(string message) { }
        public void Warning(string message) { lock (_gate) Warnings.Add(message); }
        public void Progress(ProgressUpdate update) { }
    }

    /// <summary>A fact that only means something on Unix (permission bits); skipped with a reason on Windows.</summary>
    public sealed class UnixFactAttribute : FactAttribute
    {
        public UnixFactAttribute()
        {
            if (OperatingSystem.IsWindows()) Skip = "Unix permission bits do not exist on Windows.";
        }
    }
}
