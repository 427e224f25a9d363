using System;
using System.Collections.Generic;
using System.Linq;
using PcHpc.Cmdlets.Tests.Support;

namespace PcHpc.Cmdlets.Tests.Examples
{
    /// <summary>
    /// Every PowerShell example of README.md and docs/*.md, run verbatim in the real engine against the loopback fake
    /// AWS (and the local SLURM for jobs). The only things injected are the endpoint/credential defaults
    /// (<see cref="FakeAwsSession"/>) and the account state an example names in its <c>needs=</c> directive.
    /// Examples of one file share a session and a working directory, in the order the file shows them.
    /// </summary>
    [Collection(ExampleCollection.Name)]
    [TestCaseOrderer("PcHpc.Cmdlets.Tests.Examples.DocumentOrder", "PcHpc.Cmdlets.Tests")]
    public class DocExampleTests
    {
        private readonly ExampleWorlds _worlds;

        public DocExampleTests(ExampleWorlds worlds) => _worlds = worlds;

        public static IEnumerable<object[]> Examples() =>
            DocExample.All(TestPaths.RepositoryRoot).Select(e => new object[] { e.Name });

        [SkippableTheory]
        [MemberData(nameof(Examples))]
        public void Example(string name)
        {
            var example = DocExample.All(TestPaths.RepositoryRoot).Single(e => e.Name == name);
            Skip.If(example.Skip != null, example.Skip);
            var world = _worlds.For(example.File);
            world.Prepare(example.Needs);
            var result = world.Session.InvokeAnswering(example.Code, example.Answers);
            if (example.Throws != null)
            {
                var id = result.Terminating?.ErrorRecord?.FullyQualifiedErrorId ?? (result.Errors.Count == 1 ? result.Errors[0].FullyQualifiedErrorId : null);
                Assert.True(id != null && id.StartsWith(example.Throws + ",", StringComparison.Ordinal) && result.Errors.Count <= 1,
                    example.Name + " should fail with " + example.Throws + ":\n" + example.Code + "\n---\n" + result.Describe());
                return;
            }
            Assert.True(result.Terminating == null && result.Errors.Count == 0 && result.OffThreadCalls.Count == 0 && result.UnansweredPrompts.Count == 0,
                example.Name + " failed:\n" + example.Code + "\n---\n" + result.Describe());
            Assert.True(result.AnswersLeft == 0, example.Name + ": " + result.AnswersLeft + " prompt answer(s) were not asked for.");
        }
    }

    [CollectionDefinition(Name)]
    public sealed class ExampleCollection : ICollectionFixture<ExampleWorlds>
    {
        public const string Name = "Examples";
    }
}
