using System.Management.Automation;
using PcHpc.Core.Activity;

namespace PcHpc.Infrastructure
{
    /// <summary>The production seam: forwards to the running cmdlet.</summary>
    internal sealed class PowerShellHost : ICmdletHost
    {
        private readonly PSCmdlet _cmdlet;

        public PowerShellHost(PSCmdlet cmdlet) => _cmdlet = cmdlet;

        public void WriteObject(object value, bool enumerateCollection) => _cmdlet.WriteObject(value, enumerateCollection);

        public void WriteError(CmdletError error) => _cmdlet.WriteError(ToRecord(error));

        public void ThrowTerminatingError(CmdletError error) => _cmdlet.ThrowTerminatingError(ToRecord(error));

        public void WriteWarning(string message) => _cmdlet.WriteWarning(message);

        public void WriteVerbose(string message) => _cmdlet.WriteVerbose(message);

        public void WriteDebug(string message) => _cmdlet.WriteDebug(message);

        public void WriteProgress(ProgressUpdate update)
        {
            var record = new ProgressRecord(update.ActivityId, update.Activity ?? "PcHpc", string.IsNullOrEmpty(update.Status) ? "Working" : update.Status)
            {
                PercentComplete = update.PercentComplete,
                CurrentOperation = update.CurrentOperation,
                RecordType = update.Completed ? ProgressRecordType.Completed : ProgressRecordType.Processing,
            };
            _cmdlet.WriteProgress(record);
        }

        public bool ShouldProcess(string target, string action) => _cmdlet.ShouldProcess(target, action);

        public bool ShouldContinue(string query, string caption) => _cmdlet.ShouldContinue(query, caption);

        public bool WhatIfRequested
        {
            get
            {
                var bound = _cmdlet.MyInvocation?.BoundParameters;
                if (bound != null && bound.TryGetValue("WhatIf", out var value))
                {
                    return value is SwitchParameter sw ? sw.IsPresent : LanguagePrimitives.IsTrue(value);
                }
                return LanguagePrimitives.IsTrue(GetVariableValue("WhatIfPreference"));
            }
        }

        public object GetVariableValue(string name)
        {
            var value = _cmdlet.SessionState?.PSVariable?.GetValue(name);
            return value is PSObject pso ? pso.BaseObject : value;
        }

        public string ResolveFilePath(string path)
        {
            var resolver = _cmdlet.SessionState?.Path;
            return resolver == null ? System.IO.Path.GetFullPath(path) : resolver.GetUnresolvedProviderPathFromPSPath(path);
        }

        private static ErrorRecord ToRecord(CmdletError error)
        {
            var record = new ErrorRecord(error.Exception, error.ErrorId, error.Category, error.Target);
            if (!string.IsNullOrEmpty(error.RecommendedAction))
            {
                record.ErrorDetails = new ErrorDetails(error.Exception.Message) { RecommendedAction = error.RecommendedAction };
            }
            return record;
        }
    }
}
