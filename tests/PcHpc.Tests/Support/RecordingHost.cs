using System;
using System.Collections.Generic;
using System.IO;
using PcHpc.Core.Activity;
using PcHpc.Infrastructure;

namespace PcHpc.Tests.Support
{
    /// <summary>Thrown by <see cref="RecordingHost.ThrowTerminatingError"/> as PowerShell would stop the command.</summary>
    public sealed class TerminatingErrorException : Exception
    {
        public TerminatingErrorException(CmdletError error) : base(error.ToString(), error.Exception) => Error = error;
        public CmdletError Error { get; }
    }

    /// <summary>The test seam: records everything a cmdlet says and answers ShouldProcess as configured.</summary>
    public sealed class RecordingHost : ICmdletHost
    {
        public List<object> Output { get; } = new List<object>();
        public List<CmdletError> Errors { get; } = new List<CmdletError>();
        public List<string> Warnings { get; } = new List<string>();
        public List<string> Verbose { get; } = new List<string>();
        public List<string> DebugLines { get; } = new List<string>();
        public List<ProgressUpdate> Progress { get; } = new List<ProgressUpdate>();
        public List<(string Target, string Action)> ShouldProcessCalls { get; } = new List<(string, string)>();
        public List<(string Query, string Caption)> ShouldContinueCalls { get; } = new List<(string, string)>();
        public Dictionary<string, object> Variables { get; } = new Dictionary<string, object>(StringComparer.OrdinalIgnoreCase);

        /// <summary>What ShouldProcess answers (false models -WhatIf or a "No" at the prompt).</summary>
        public bool ShouldProcessAnswer { get; set; } = true;
        public bool ShouldContinueAnswer { get; set; } = true;
        public bool WhatIfRequested { get; set; }
        public string CurrentDirectory { get; set; } = Directory.GetCurrentDirectory();
        public int PipelineThreadId { get; } = Environment.CurrentManagedThreadId;
        public List<string> OffThreadCalls { get; } = new List<string>();

        private void OnPipeline(string what)
        {
            if (Environment.CurrentManagedThreadId != PipelineThreadId)
            {
                OffThreadCalls.Add(what);
            }
        }

        public void WriteObject(object value, bool enumerateCollection)
        {
            OnPipeline(nameof(WriteObject));
            if (enumerateCollection && value is System.Collections.IEnumerable items && !(value is string))
            {
                foreach (var item in items) Output.Add(item);
            }
            else
            {
                Output.Add(value);
            }
        }

        public void WriteError(CmdletError error) { OnPipeline(nameof(WriteError)); Errors.Add(error); }
        public void ThrowTerminatingError(CmdletError error) { OnPipeline(nameof(ThrowTerminatingError)); throw new TerminatingErrorException(error); }
        public void WriteWarning(string message) { OnPipeline(nameof(WriteWarning)); Warnings.Add(message); }
        public void WriteVerbose(string message) { OnPipeline(nameof(WriteVerbose)); Verbose.Add(message); }
        public void WriteDebug(string message) { OnPipeline(nameof(WriteDebug)); DebugLines.Add(message); }
        public void WriteProgress(ProgressUpdate update) { OnPipeline(nameof(WriteProgress)); Progress.Add(update); }

        public bool ShouldProcess(string target, string action)
        {
            OnPipeline(nameof(ShouldProcess));
            ShouldProcessCalls.Add((target, action));
            return ShouldProcessAnswer && !WhatIfRequested;
        }

        public bool ShouldContinue(string query, string caption)
        {
            ShouldContinueCalls.Add((query, caption));
            return ShouldContinueAnswer;
        }

        public object GetVariableValue(string name) => Variables.TryGetValue(name, out var v) ? v : null;

        public string ResolveFilePath(string path)
        {
            if (path.StartsWith("~"))
            {
                path = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile) + path.Substring(1);
            }
            return Path.GetFullPath(Path.Combine(CurrentDirectory, path));
        }
    }
}
