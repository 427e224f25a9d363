using System;
using System.Management.Automation;
using PcHpc.Core.Activity;

namespace PcHpc.Infrastructure
{
    /// <summary>
    /// Everything a cmdlet says to PowerShell goes through this seam. In a real session <see cref="PowerShellHost"/>
    /// forwards to the Cmdlet; tests plug in a recording host (PowerShellStandard.Library's members are no-ops at run time).
    /// Only called on the pipeline thread.
    /// </summary>
    public interface ICmdletHost
    {
        void WriteObject(object value, bool enumerateCollection);
        void WriteError(CmdletError error);
        /// <summary>Never returns.</summary>
        void ThrowTerminatingError(CmdletError error);
        void WriteWarning(string message);
        void WriteVerbose(string message);
        void WriteDebug(string message);
        void WriteProgress(ProgressUpdate update);
        bool ShouldProcess(string target, string action);
        bool ShouldContinue(string query, string caption);
        /// <summary>True when -WhatIf was given (or $WhatIfPreference is set): -Force must not override it.</summary>
        bool WhatIfRequested { get; }
        /// <summary>A session variable's value (e.g. StoredAWSRegion), or null.</summary>
        object GetVariableValue(string name);
        /// <summary>Turns a user path (relative to the current PowerShell location, ~, PSDrive) into a file-system path.</summary>
        string ResolveFilePath(string path);
    }

    /// <summary>Our own error description; turned into an ErrorRecord only by the real host.</summary>
    public sealed class CmdletError
    {
        public CmdletError(Exception exception, string errorId, ErrorCategory category, object target)
        {
            Exception = exception ?? throw new ArgumentNullException(nameof(exception));
            ErrorId = errorId;
            Category = category;
            Target = target;
        }

        public Exception Exception { get; }
        public string ErrorId { get; }
        public ErrorCategory Category { get; }
        public object Target { get; }
        public string RecommendedAction { get; set; }

        public override string ToString() => $"{ErrorId} ({Category}): {Exception.Message}";
    }
}
