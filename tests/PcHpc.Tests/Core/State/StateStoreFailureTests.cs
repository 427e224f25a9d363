using System;
using System.IO;
using System.Linq;
using System.Text.Json.Nodes;
using PcHpc.Core.Errors;
using PcHpc.Core.State;
using PcHpc.Core.State.Records;
using PcHpc.TestSupport;

namespace PcHpc.Tests.Core.State
{
    /// <summary>
    /// A state folder that cannot be written (read-only mount, immutable folder), a corrupt record there, and a record
    /// from a newer PcHpc: each failure is named (folder, file, operation) and, in the cmdlets' mode
    /// (<see cref="StateStoreOptions.WriteFailuresAreWarnings"/>), is a warning instead of an exception.
    /// </summary>
    public class StateStoreFailureTests
    {
        // Long enough that a lock wait (the old behaviour on a read-only disk) would hang the test instead of passing it.
        private static readonly TimeSpan LongLock = TimeSpan.FromMinutes(10);

        private static ClusterRecord Cluster(string name, string status = "CREATE_COMPLETE") =>
            new ClusterRecord { Name = name, Region = "us-east-1", ClusterStatus = status, Version = "3.13.0" };

        /// <summary>A store with two records and a lock file, then its clusters folder made unwritable the given way.</summary>
        private static (StateStore Seeded, ReadOnlyFolder Folder) Seed(TempStateRoot root, ReadOnlyFolder.Kind kind, string corrupt = null)
        {
            var seeded = StateStore.Open(root.Path);
            seeded.Clusters.Put(Cluster("alpha"));
            seeded.Clusters.Put(Cluster("beta"));
            if (corrupt != null) File.WriteAllText(seeded.Clusters.PathFor("us-east-1/broken"), corrupt);
            var folder = ReadOnlyFolder.TryMake(seeded.Clusters.Directory, kind, out var whyNot);
            Skip.If(folder == null, whyNot);
            return (seeded, folder);
        }

        private static string Snapshot(string directory) => string.Join("\n", Directory.GetFiles(directory).OrderBy(f => f, StringComparer.Ordinal)
            .Select(f => Path.GetFileName(f) + "=" + Convert.ToBase64String(File.ReadAllBytes(f))));

        [SkippableTheory]
        [InlineData(ReadOnlyFolder.Kind.ReadOnlyMount)]
        [InlineData(ReadOnlyFolder.Kind.Immutable)]
        public void AnUnwritableFolderFailsAtOnceWithItsName_NotAsALockHeldByAnotherCommand(ReadOnlyFolder.Kind kind)
        {
            using var root = new TempStateRoot();
            var (seeded, folder) = Seed(root, kind);
            using (folder)
            {
                var store = StateStore.Open(root.Path, new StateStoreOptions { LockTimeout = LongLock });
                var update = Assert.Throws<PcHpcException>(() => store.Clusters.Put(Cluster("alpha", "UPDATE_IN_PROGRESS")));
                Assert.Equal(ErrorKind.LocalState, update.Kind);
                Assert.NotEqual("StateLockTimeout", update.ErrorId);
                Assert.Contains(seeded.Clusters.Directory, update.Message);
                Assert.DoesNotContain("Another PcHpc command", update.Message);
                var remove = Assert.Throws<PcHpcException>(() => store.Clusters.Remove("us-east-1/beta"));
                Assert.Equal(ErrorKind.LocalState, remove.Kind);
                Assert.Contains(seeded.Clusters.Directory, remove.Message);
                Assert.Equal("CREATE_COMPLETE", store.Clusters.TryGet("us-east-1/alpha").ClusterStatus);
            }
        }

        [SkippableTheory]
        [InlineData(ReadOnlyFolder.Kind.ReadOnlyMount)]
        [InlineData(ReadOnlyFolder.Kind.Immutable)]
        public void InTheCmdletsMode_AWriteToAnUnwritableFolderIsOneWarningNamingFolderAndOperation(ReadOnlyFolder.Kind kind)
        {
            using var root = new TempStateRoot();
            var (seeded, folder) = Seed(root, kind);
            using (folder)
            {
                var before = Snapshot(seeded.Clusters.Directory);
                var sink = new WarningSink();
                var store = StateStore.Open(root.Path, new StateStoreOptions { Sink = sink, LockTimeout = LongLock, WriteFailuresAreWarnings = true });

                Assert.Null(store.Clusters.Put(Cluster("alpha", "UPDATE_IN_PROGRESS")));
                Assert.Null(store.Clusters.Update("us-east-1/gamma", _ => Cluster("gamma")));
                Assert.False(store.Clusters.Remove("us-east-1/beta"));

                var warning = Assert.Single(sink.Warnings, w => w.Contains("could not"));
                Assert.Contains("could not save the clusters record 'us-east-1/alpha'", warning);
                if (kind == ReadOnlyFolder.Kind.Immutable)
                {
                    // chmod fails too (EPERM): said once, naming the folder, as for a folder of another user.
                    Assert.Equal(2, sink.Warnings.Count);
                    Assert.Contains(sink.Warnings, w => w.Contains("Cannot restrict the permissions of '" + seeded.Clusters.Directory + "'") && w.Contains("immutable"));
                }
                else
                {
                    Assert.Single(sink.Warnings);
                }
                Assert.Contains("state folder '" + seeded.Clusters.Directory + "'", warning);
                Assert.Contains("not affected", warning);
                Assert.DoesNotContain("Another PcHpc command", warning);
                Assert.Equal(before, Snapshot(seeded.Clusters.Directory));
                Assert.Equal(new[] { "us-east-1/alpha", "us-east-1/beta" }, store.Clusters.List().Select(r => r.GetKey()).ToArray());
            }
        }

        [SkippableFact]
        public void ACorruptRecordInAReadOnlyFolderCostsOnlyItself_AndIsLeftAsItIs()
        {
            using var root = new TempStateRoot();
            var (seeded, folder) = Seed(root, ReadOnlyFolder.Kind.ReadOnlyMount, corrupt: "{\"schemaVersion\":1,\"name\":\"bro");
            using (folder)
            {
                var broken = seeded.Clusters.PathFor("us-east-1/broken");
                var before = Snapshot(seeded.Clusters.Directory);
                var sink = new WarningSink();
                var store = StateStore.Open(root.Path, new StateStoreOptions { Sink = sink, LockTimeout = LongLock, WriteFailuresAreWarnings = true });

                Assert.Equal(new[] { "us-east-1/alpha", "us-east-1/beta" }, store.Clusters.List().Select(r => r.GetKey()).ToArray());
                Assert.Null(store.Clusters.TryGet("us-east-1/broken"));
                var warning = Assert.Single(sink.Warnings);
                Assert.Contains("'" + broken + "'", warning);
                Assert.Contains("could not be moved aside", warning);
                Assert.Equal(before, Snapshot(seeded.Clusters.Directory));
            }
        }

        [Fact]
        public void InTheCmdletsMode_ARecordFromANewerPcHpcIsNeitherOverwrittenNorRemoved_AndNothingThrows()
        {
            using var root = new TempStateRoot();
            var sink = new WarningSink();
            var store = StateStore.Open(root.Path, new StateStoreOptions { Sink = sink, WriteFailuresAreWarnings = true });
            store.Clusters.Put(Cluster("alpha"));
            var path = store.Clusters.PathFor("us-east-1/alpha");
            var json = JsonNode.Parse(File.ReadAllText(path)).AsObject();
            json["schemaVersion"] = StateStore.SchemaVersion + 1;
            json["futureField"] = "kept";
            File.WriteAllText(path, json.ToJsonString());
            var before = File.ReadAllBytes(path);

            Assert.Null(store.Clusters.Put(Cluster("alpha", "DELETE_IN_PROGRESS")));
            Assert.False(store.Clusters.Remove("us-east-1/alpha"));
            var shown = Assert.Single(store.Clusters.List());
            Assert.True(shown.IsReadOnly);
            Assert.Equal("CREATE_COMPLETE", shown.ClusterStatus);
            Assert.Equal(before, File.ReadAllBytes(path));
            var warning = Assert.Single(sink.Warnings);
            Assert.Contains("newer PcHpc", warning);
            Assert.Contains(path, warning);
        }

        [SkippableFact]
        public void OpeningAStoreWhoseFolderCannotBeCreatedIsNotAFailureInTheCmdletsMode()
        {
            using var root = new TempStateRoot();
            Directory.CreateDirectory(root.Path);
            var folder = ReadOnlyFolder.TryMake(root.Path, ReadOnlyFolder.Kind.ReadOnlyMount, out var whyNot);
            Skip.If(folder == null, whyNot);
            using (folder)
            {
                var home = Path.Combine(root.Path, "home");
                var strict = Assert.Throws<PcHpcException>(() => StateStore.Open(home));
                Assert.Equal("StateFolderUnavailable", strict.ErrorId);

                var sink = new WarningSink();
                var store = StateStore.Open(home, new StateStoreOptions { Sink = sink, WriteFailuresAreWarnings = true });
                Assert.Empty(store.Clusters.List());
                Assert.Null(store.Clusters.Put(Cluster("alpha")));
                var warning = Assert.Single(sink.Warnings);
                Assert.Contains("'" + Path.Combine(home, "clusters") + "'", warning);
                Assert.Contains("could not save the clusters record 'us-east-1/alpha'", warning);
            }
        }
    }
}
