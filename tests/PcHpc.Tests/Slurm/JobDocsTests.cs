using System;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using PcHpc.Cmdlets;
using PcHpc.Tests.Support;

namespace PcHpc.Tests.Slurm
{
    public sealed class JobDocsTests
    {
        [Theory]
        [InlineData(typeof(InvokeHpcJob))]
        [InlineData(typeof(GetHpcJob))]
        [InlineData(typeof(WaitHpcJob))]
        [InlineData(typeof(StopHpcJob))]
        [InlineData(typeof(ReceiveHpcJob))]
        [InlineData(typeof(GetHpcQueue))]
        public void Docs_page_documents_exactly_the_cmdlets_parameters(Type type)
        {
            var info = PcHpc.Tests.Support.ParameterMetadata.Cmdlet(type);
            var text = File.ReadAllText(Path.Combine(TestEnvironment.RepoRoot, "docs", info.Name + ".md"));
            var documented = Regex.Matches(text, @"^### -(\w+)", RegexOptions.Multiline).Select(m => m.Groups[1].Value).ToHashSet();
            var actual = PcHpc.Tests.Support.ParameterMetadata.Parameters(type).Select(p => p.Name).ToHashSet();
            if (info.SupportsShouldProcess) { actual.Add("WhatIf"); actual.Add("Confirm"); }
            Assert.Equal(actual.OrderBy(x => x), documented.OrderBy(x => x));
            Assert.Contains("'" + info.Name + "'", File.ReadAllText(Path.Combine(TestEnvironment.RepoRoot, "PcHpc.psd1")));
        }
    }
}
