using System.Collections.Generic;
using System.Linq;
using PcHpc.Cmdlets.Tests.Support;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace PcHpc.Cmdlets.Tests.Examples
{
    /// <summary>Runs examples in the order their files show them (a later example may use what an earlier one wrote).</summary>
    public sealed class DocumentOrder : ITestCaseOrderer
    {
        public IEnumerable<TTestCase> OrderTestCases<TTestCase>(IEnumerable<TTestCase> testCases) where TTestCase : ITestCase
        {
            var order = DocExample.All(TestPaths.RepositoryRoot).Select((e, i) => (e.Name, i)).ToDictionary(p => p.Name, p => p.i);
            return testCases.OrderBy(t => t.TestMethodArguments != null && t.TestMethodArguments.Length > 0 && order.TryGetValue(t.TestMethodArguments[0]?.ToString() ?? "", out var i) ? i : int.MaxValue);
        }
    }
}
