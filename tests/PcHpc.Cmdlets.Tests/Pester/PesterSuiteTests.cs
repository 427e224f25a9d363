using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Management.Automation;
using PcHpc.Cmdlets.Tests.Support;
using Xunit.Abstractions;

namespace PcHpc.Cmdlets.Tests.Pester
{
    /// <summary>
    /// Runs every tests/*.Tests.ps1 under Pester 5.9.1 in the real engine, one xunit case per file; any failed test,
    /// block or container fails the case with the Pester messages. The fake AWS endpoint is offered to the scripts
    /// through PCHPC_TEST_* environment variables.
    /// </summary>
    [Collection(PesterCollection.Name)]
    public class PesterSuiteTests
    {
        private readonly FakeAwsSession _session;
        private readonly ITestOutputHelper _output;

        public PesterSuiteTests(PesterFixture fixture, ITestOutputHelper output)
        {
            _session = fixture.Session;
            _output = output;
        }

        public static IEnumerable<object[]> Files() =>
            Directory.GetFiles(Path.Combine(TestPaths.RepositoryRoot, "tests"), "*.Tests.ps1")
                .Select(Path.GetFileName).OrderBy(f => f, StringComparer.Ordinal).Select(f => new object[] { f });

        [Theory]
        [MemberData(nameof(Files))]
        public void PesterFile(string file)
        {
            var path = Path.Combine(TestPaths.RepositoryRoot, "tests", file);
            var run = _session.Invoke(@"
                $pester, $path = $args
                Import-Module $pester -RequiredVersion 5.9.1 -ErrorAction Stop
                $config = New-PesterConfiguration
                $config.Run.Path = $path
                $config.Run.PassThru = $true
                $config.Output.Verbosity = 'None'
                $r = Invoke-Pester -Configuration $config
                [pscustomobject]@{
                    Result = $r.Result; Passed = $r.PassedCount; Failed = $r.FailedCount; Skipped = $r.SkippedCount
                    FailedBlocks = $r.FailedBlocksCount; FailedContainers = $r.FailedContainersCount
                    Messages = @(
                        $r.Failed | ForEach-Object { $_.ExpandedPath + ' :: ' + ($_.ErrorRecord | ForEach-Object { $_.DisplayErrorMessage; ($_.ScriptStackTrace -split ""`n"" | Where-Object { $_ -notmatch 'Pester\.ps' } | Select-Object -First 2) }) -join ' | ' }
                        $r.FailedBlocks | ForEach-Object { 'block ' + $_.Path -join '.' + ' :: ' + ($_.ErrorRecord | ForEach-Object { $_.Exception.Message }) -join ' | ' }
                        $r.Containers | Where-Object Result -eq 'Failed' | ForEach-Object { 'container ' + $_.Item + ' :: ' + ($_.ErrorRecord | ForEach-Object { $_.Exception.Message }) -join ' | ' }
                    )
                }", TestPaths.PesterManifest, path);
            if (run.Terminating != null) throw new Xunit.Sdk.XunitException("Pester did not run: " + run.Describe());
            var summary = Assert.Single(run.Output);
            int Count(string name) => Convert.ToInt32(summary.Properties[name].Value);
            var messages = ((object[])summary.Properties["Messages"].Value ?? new object[0]).Select(m => m?.ToString()).ToList();
            var line = $"Pester {file}: {Count("Passed")} passed, {Count("Failed")} failed, {Count("Skipped")} skipped";
            _output.WriteLine(line);
            PesterTally.Record(file, Count("Passed"), Count("Failed"), Count("Skipped"), messages);
            Assert.True(Count("Failed") == 0 && Count("FailedBlocks") == 0 && Count("FailedContainers") == 0 && Count("Passed") > 0,
                line + Environment.NewLine + string.Join(Environment.NewLine, messages));
        }
    }

    /// <summary>Writes the Pester totals to out/test-results/pester.txt (the CI script prints it).</summary>
    internal static class PesterTally
    {
        private static readonly object Gate = new object();

        public static void Record(string file, int passed, int failed, int skipped, IEnumerable<string> failures)
        {
            lock (Gate)
            {
                var dir = Path.Combine(TestPaths.RepositoryRoot, "out", "test-results");
                Directory.CreateDirectory(dir);
                File.AppendAllText(Path.Combine(dir, "pester.txt"), $"{file}\t{passed}\t{failed}\t{skipped}{Environment.NewLine}");
                var lines = failures.Where(m => !string.IsNullOrWhiteSpace(m)).Select(m => file + ": " + m.Replace('\n', ' ')).ToList();
                if (lines.Count > 0) File.AppendAllLines(Path.Combine(dir, "pester-failures.txt"), lines);
            }
        }
    }

    public sealed class PesterFixture : IDisposable
    {
        public PesterFixture()
        {
            Session = new FakeAwsSession();
            Session.Invoke(@"
                $env:PCHPC_TEST_AWS_ENDPOINT, $env:PCHPC_TEST_ACCESS_KEY, $env:PCHPC_TEST_SECRET_KEY, $env:PCHPC_TEST_API_URI = $args",
                Session.Aws.Url.ToString(), FakeAwsSession.AccessKey, FakeAwsSession.SecretKey, Session.Aws.ParallelClusterInvokeUrl.ToString()).Succeeded();
            foreach (var name in new[] { "pester.txt", "pester-failures.txt" })
            {
                var results = Path.Combine(TestPaths.RepositoryRoot, "out", "test-results", name);
                if (File.Exists(results)) File.Delete(results);
            }
        }

        public FakeAwsSession Session { get; }

        public void Dispose() => Session.Dispose();
    }

    [CollectionDefinition(Name)]
    public sealed class PesterCollection : ICollectionFixture<PesterFixture>
    {
        public const string Name = "Pester";
    }
}
