using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;
using PcHpc.Core.Jobs;

namespace PcHpc.Infrastructure
{
    /// <summary>Completes -Id of the job cmdlets from the job records in the state store (newest first, the -ClusterName given so far).</summary>
    public sealed class JobIdCompleter : IArgumentCompleter
    {
        public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters) =>
            Candidates(wordToComplete, fakeBoundParameters).Select(c => new CompletionResult(c.Id, c.Id, CompletionResultType.ParameterValue, c.ToolTip)).ToList();

        /// <summary>The completions as plain text (CompletionResult is a stub outside PowerShell, so tests read these).</summary>
        internal static List<(string Id, string ToolTip)> Candidates(string wordToComplete, IDictionary fakeBoundParameters)
        {
            try
            {
                var cluster = fakeBoundParameters != null && fakeBoundParameters.Contains("ClusterName") ? fakeBoundParameters["ClusterName"]?.ToString() : null;
                var prefix = (wordToComplete ?? string.Empty).Trim('\'', '"');
                var store = EngineFactory.StoreForCompletion();
                return JobRecorder.Candidates(store, cluster, prefix).Select(r =>
                {
                    var id = JobRecorder.IdOf(r);
                    return (id, $"{id} {r.Name} {r.State} on {r.ClusterName} ({r.Region})");
                }).ToList();
            }
            catch (Exception)
            {
                return new List<(string, string)>();
            }
        }
    }
}
