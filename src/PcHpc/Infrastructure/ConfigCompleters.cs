using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;
using PcHpc.Core.Config;

namespace PcHpc.Infrastructure
{
    /// <summary>Completes EC2 instance types (-InstanceType, -HeadNodeInstanceType) from a fixed list: fast, offline, never throws.</summary>
    public sealed class InstanceTypeCompleter : IArgumentCompleter
    {
        public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters) =>
            CatalogCompletion.Results(() => ConfigCatalog.InstanceTypes, wordToComplete, "EC2 instance type ");
    }

    /// <summary>Completes -Os with the operating systems ParallelCluster 3 supports: fast, offline, never throws.</summary>
    public sealed class OsCompleter : IArgumentCompleter
    {
        public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters) =>
            CatalogCompletion.Results(() => ConfigCatalog.OperatingSystems, wordToComplete, "Image.Os ");
    }

    internal static class CatalogCompletion
    {
        public static IEnumerable<CompletionResult> Results(Func<IEnumerable<string>> values, string word, string tip)
        {
            try
            {
                return ConfigCatalog.Complete(values(), word)
                    .Select(v => new CompletionResult(v, v, CompletionResultType.ParameterValue, tip + v)).ToList();
            }
            catch (Exception)
            {
                return new List<CompletionResult>();
            }
        }
    }
}
