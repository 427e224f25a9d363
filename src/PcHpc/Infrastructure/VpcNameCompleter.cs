using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;
using PcHpc.Core.Network;
using PcHpc.Core.State;

namespace PcHpc.Infrastructure
{
    /// <summary>
    /// Tab completion of network names (-Name of Get-HpcVpc and Remove-HpcVpc) from the state store: no AWS call, never
    /// throws; limited to the -Region typed so far, when there is one.
    /// </summary>
    public sealed class VpcNameCompleter : IArgumentCompleter
    {
        public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
            CommandAst commandAst, IDictionary fakeBoundParameters)
        {
            try
            {
                string region = null;
                if (fakeBoundParameters != null && fakeBoundParameters.Contains("Region"))
                    region = fakeBoundParameters["Region"]?.ToString();
                return NetworkCache.CompleteNames(EngineFactory.StoreForCompletion(), region, wordToComplete)
                    .Select(n => new CompletionResult(n, n, CompletionResultType.ParameterValue, n))
                    .ToList();
            }
            catch (Exception)
            {
                return new CompletionResult[0];
            }
        }
    }
}
