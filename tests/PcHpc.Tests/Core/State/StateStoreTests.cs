using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using PcHpc.Core.Errors;
using PcHpc.Core.State;
using PcHpc.Core.State.Records;

namespace PcHpc.Tests.Core.State
{
    public class StateStoreTests
    {
        private static ClusterRecord Demo(string status = "CREATE_COMPLETE") => new ClusterRecord
        {
            Name = "demo",
            Region = "us-east-1",
            ClusterStatus = status,
            StackStatus = "CREATE_COMPLETE",
            Version = "3.13.0",
            Scheduler = "slurm",
            Os = "alinux2023",
            HeadNodeInstanceId = "i-0123456789abcdef0",
            HeadNodePublicIp = "203.0.113.10",
            HeadNodePrivateIp = "10.0.0.10",
            ApiUri = "https://abc.execute-api.us-east-1.amazonaws.com/prod",
            CreatedTime = new DateTimeOffset(2026, 11, 1, 12, 0, 0, TimeSpan.Zero),
            LastUpdatedTime = new DateTimeOffset(2026, 11, 2, 12, 0, 0, TimeSpan.Zero),
            LastSeen = new DateTimeOffset(2026, 11, 3, 12, 0, 0, TimeSpan.Zero),
        };

        [Fact]
        public void PutGetListRemoveRoundTrip()
        {
            using (var root = new TempStateRoot())
            {
                var store = StateStore.Open(root.Path);
                Assert.Null(store.Clusters.TryGet("us-east-1/demo"));
                Assert.Empty(store.Clusters.List());

                store.Clusters.Put(Demo());
                store.Clusters.Put(new ClusterRecord { Name = "alpha", Region = "us-east-1", ClusterStatus = "CREATE_IN_PROGRESS" });

                var reopened = StateStore.Open(root.Path);
                var demo = reopened.Clusters.TryGet("us-east-1/demo");
                Assert.NotNull(demo);
                Assert.Equal("CREATE_COMPLETE", demo.ClusterStatus);
                Assert.Equal("i-0123456789abcdef0", demo.HeadNodeInstanceId);
                Assert.Equal(new DateTimeOffset(2026, 11, 2, 12, 0, 0, TimeSpan.Zero), demo.LastUpdatedTime);
                Assert.Equal(StateStore.SchemaVersion, demo.SchemaVersion);
                Assert.NotNull(demo.SavedTime);
                Assert.False(demo.IsReadOnly);

                Assert.Equal(new[] { "us-east-1/alpha", "us-east-1/demo" }, reopened.Clusters.List().Select(c => c.GetKey()).ToArray());

                Assert.True(reopened.Clusters.Remove("us-east-1/demo"));
                Assert.False(reopened.Clusters.Remove("us-east-1/demo"));
                Assert.Null(reopened.Clusters.TryGet("us-east-1/demo"));
                Assert.Single(reopened.Clusters.List());
            }
        }

        [Fact]
        public void RecordFileCarriesTheSchemaVersionAndCamelCaseNames()
        {
            using (var root = new TempStateRoot())
            {
                var store = StateStore.Open(root.Path);
                store.Clusters.Put(Demo());
                var path = Path.Combine(root.Path, "clusters", "us-east-1_2fdemo.json");
                Assert.True(File.Exists(path));
                var json = JsonNode.Parse(File.ReadAllText(path)).AsObject();
                Assert.Equal(StateStore.SchemaVersion, (int)json["schemaVersion"]);
                Assert.Equal("demo", (string)json["name"]);
                Assert.Equal("10.0.0.10", (string)json["headNodePrivateIp"]);
            }
        }

        [Fact]
        public void AllCollectionsLiveInTheirOwnFolders()
        {
            using (var root = new TempStateRoot())
            {
                var store = StateStore.Open(root.Path);
                store.Clusters.Put(Demo());
                store.Networks.Put(new NetworkRecord { Region = "us-east-1", Name = "net", VpcId = "vpc-1", PublicSubnetIds = { "subnet-a" }, AvailabilityZones = { "us-east-1a" } });
                store.Apis.Put(new ApiRecord { Region = "us-east-1", StackName = "pcluster-api", InvokeUrl = "https://x.execute-api.us-east-1.amazonaws.com/prod" });
                store.Jobs.Put(new JobRecord { Region = "us-east-1", ClusterName = "demo", JobId = "7", ArrayTaskId = 2, State = "RUNNING" });

                Assert.True(File.Exists(Path.Combine(root.Path, "clusters", "us-east-1_2fdemo.json")));
                Assert.True(File.Exists(Path.Combine(root.Path, "networks", "us-east-1_2fnet.json")));
                Assert.True(File.Exists(Path.Combine(root.Path, "apis", "us-east-1_2fpcluster-api.json")));
                Assert.True(File.Exists(Path.Combine(root.Path, "jobs", "us-east-1_2fdemo_2f7_5f2.json")));

                var reopened = StateStore.Open(root.Path);
                Assert.Equal(new[] { "subnet-a" }, reopened.Networks.TryGet("us-east-1/net").PublicSubnetIds);
                Assert.Equal(2, reopened.Jobs.TryGet("us-east-1/demo/7_2").ArrayTaskId);
                Assert.Equal("https://x.execute-api.us-east-1.amazonaws.com/prod", reopened.Apis.TryGet("us-east-1/pcluster-api").InvokeUrl);
            }
        }

        [Fact]
        public void KeysWithTraversalAndCaseAreStoredInsideTheCollection()
        {
            using (var root = new TempStateRoot())
            {
                var store = StateStore.Open(root.Path);
                var jobs = store.Collection<ProbeRecord>("probe");
                jobs.Put(new ProbeRecord { Id = "../x", Value = "traversal" });
                jobs.Put(new ProbeRecord { Id = "Demo", Value = "upper" });
                jobs.Put(new ProbeRecord { Id = "demo", Value = "lower" });
                jobs.Put(new ProbeRecord { Id = "クラスター/é", Value = "unicode" });

                Assert.False(File.Exists(Path.Combine(root.Path, "x.json")));
                Assert.Empty(Directory.GetFiles(root.Path, "*.json"));
                var files = Directory.GetFiles(Path.Combine(root.Path, "probe"), "*.json");
                Assert.Equal(4, files.Length);

                Assert.Equal("traversal", jobs.TryGet("../x").Value);
                Assert.Equal("upper", jobs.TryGet("Demo").Value);
                Assert.Equal("lower", jobs.TryGet("demo").Value);
                Assert.Equal("unicode", jobs.TryGet("クラスター/é").Value);
                Assert.Equal(4, jobs.List().Count);
            }
        }

        [Fact]
        public void UpdatePassesNullWhenAbsentAndNullResultLeavesStoreUnchanged()
        {
            using (var root = new TempStateRoot())
            {
                var store = StateStore.Open(root.Path);
                ClusterRecord seen = Demo();
                var result = store.Clusters.Update("us-east-1/demo", current => { seen = current; return null; });
                Assert.Null(seen);
                Assert.Null(result);
                Assert.False(Directory.Exists(Path.Combine(root.Path, "clusters")) && Directory.GetFiles(Path.Combine(root.Path, "clusters"), "*.json").Length > 0);

                store.Clusters.Update("us-east-1/demo", current => current ?? Demo("CREATE_IN_PROGRESS"));
                store.Clusters.Update("us-east-1/demo", current => { current.ClusterStatus = "CREATE_COMPLETE"; return current; });
                Assert.Equal("CREATE_COMPLETE", store.Clusters.TryGet("us-east-1/demo").ClusterStatus);
            }
        }

        [Fact]
        public void UpdateCannotChangeTheKey()
        {
            using (var root = new TempStateRoot())
            {
                var store = StateStore.Open(root.Path);
                store.Clusters.Put(Demo());
                var ex = Assert.Throws<PcHpcException>(() => store.Clusters.Update("us-east-1/demo", c => { c.Name = "other"; return c; }));
                Assert.Equal(ErrorKind.InvalidArgument, ex.Kind);
                Assert.Equal("StateKeyChanged", ex.ErrorId);
                Assert.Equal("demo", store.Clusters.TryGet("us-east-1/demo").Name);
            }
        }

        [Fact]
        public void UnknownPropertiesFromANewerWriterSurviveReadModifyWrite()
        {
            using (var root = new TempStateRoot())
            {
                var store = StateStore.Open(root.Path);
                store.Clusters.Put(Demo());
                var path = store.Clusters.PathFor("us-east-1/demo");
                var json = JsonNode.Parse(File.ReadAllText(path)).AsObject();
                json["futureField"] = JsonNode.Parse("{\"nested\":[1,2,{\"x\":\"y\"}]}");
                json["futureFlag"] = true;
                File.WriteAllText(path, json.ToJsonString());

                // Modify in place.
                store.Clusters.Update("us-east-1/demo", c => { c.ClusterStatus = "UPDATE_IN_PROGRESS"; return c; });
                // Return a brand-new object: the unknown properties still come along.
                store.Clusters.Update("us-east-1/demo", c => { var copy = Demo("UPDATE_COMPLETE"); return copy; });

                var after = JsonNode.Parse(File.ReadAllText(path)).AsObject();
                Assert.Equal("UPDATE_COMPLETE", (string)after["clusterStatus"]);
                Assert.True(JsonNode.DeepEquals(JsonNode.Parse("{\"nested\":[1,2,{\"x\":\"y\"}]}"), after["futureField"]));
                Assert.True((bool)after["futureFlag"]);
            }
        }

        [Fact]
        public void NewerSchemaFilesAreReadOnlyWithAWarningAndNeverOverwritten()
        {
            using (var root = new TempStateRoot())
            {
                var sink = new WarningSink();
                var store = StateStore.Open(root.Path, new StateStoreOptions { Sink = sink });
                store.Clusters.Put(Demo());
                var path = store.Clusters.PathFor("us-east-1/demo");
                var json = JsonNode.Parse(File.ReadAllText(path)).AsObject();
                json["schemaVersion"] = StateStore.SchemaVersion + 1;
                json["newThing"] = "kept";
                var newer = json.ToJsonString();
                File.WriteAllText(path, newer);

                var record = store.Clusters.TryGet("us-east-1/demo");
                Assert.NotNull(record);
                Assert.True(record.IsReadOnly);
                Assert.Equal("demo", record.Name);
                Assert.Contains(sink.Warnings, w => w.Contains("newer PcHpc") && w.Contains(path));
                Assert.Single(store.Warnings);

                var put = Assert.Throws<PcHpcException>(() => store.Clusters.Put(Demo("DELETE_IN_PROGRESS")));
                Assert.Equal(ErrorKind.LocalState, put.Kind);
                Assert.Equal("StateRecordNewerSchema", put.ErrorId);
                var update = Assert.Throws<PcHpcException>(() => store.Clusters.Update("us-east-1/demo", c => c));
                Assert.Equal("StateRecordNewerSchema", update.ErrorId);
                var remove = Assert.Throws<PcHpcException>(() => store.Clusters.Remove("us-east-1/demo"));
                Assert.Equal("StateRecordNewerSchema", remove.ErrorId);

                Assert.Equal(newer, File.ReadAllText(path));
                Assert.Single(store.Clusters.List());
            }
        }

        [Fact]
        public void NewerSchemaFilesThatNoLongerFitAreSkippedNotQuarantined()
        {
            using (var root = new TempStateRoot())
            {
                var store = StateStore.Open(root.Path);
                store.Clusters.Put(Demo());
                var path = store.Clusters.PathFor("us-east-1/demo");
                var newer = "{\"schemaVersion\":" + (StateStore.SchemaVersion + 1) + ",\"name\":{\"first\":\"demo\"},\"region\":\"us-east-1\"}";
                File.WriteAllText(path, newer);

                Assert.Null(store.Clusters.TryGet("us-east-1/demo"));
                Assert.Empty(store.Clusters.List());
                Assert.Single(store.Warnings);
                Assert.Contains("newer PcHpc", store.Warnings[0]);
                Assert.Equal("StateRecordNewerSchema", Assert.Throws<PcHpcException>(() => store.Clusters.Put(Demo())).ErrorId);
                Assert.Equal("StateRecordNewerSchema", Assert.Throws<PcHpcException>(() => store.Clusters.Remove("us-east-1/demo")).ErrorId);
                Assert.Equal(newer, File.ReadAllText(path));
                Assert.Empty(Directory.GetFiles(Path.GetDirectoryName(path), "*.corrupt-*"));
            }
        }

        [UnixFact]
        public void OpeningTightensAnExistingLooseFolder()
        {
            using (var root = new TempStateRoot())
            {
                Directory.CreateDirectory(root.Path);
                File.SetUnixFileMode(root.Path, (UnixFileMode)0x1ED); // 0755
                StateStore.Open(root.Path);
                Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(root.Path));
            }
        }

        [Theory]
        [InlineData("{\"schemaVersion\":1,\"name\":\"demo\",\"regi")]
        [InlineData("")]
        [InlineData("null")]
        [InlineData("[1,2]")]
        [InlineData("{\"name\":\"demo\",\"region\":\"us-east-1\"}")]
        [InlineData("{\"schemaVersion\":\"one\"}")]
        [InlineData("{\"schemaVersion\":1,\"gone\":\"not a bool\"}")]
        public void CorruptFilesAreMovedAsideWithAWarning(string content)
        {
            using (var root = new TempStateRoot())
            {
                var sink = new WarningSink();
                var store = StateStore.Open(root.Path, new StateStoreOptions { Sink = sink });
                store.Clusters.Put(Demo());
                store.Clusters.Put(new ClusterRecord { Name = "other", Region = "us-east-1" });
                var path = store.Clusters.PathFor("us-east-1/demo");
                File.WriteAllText(path, content);

                var list = store.Clusters.List();
                Assert.Equal(new[] { "us-east-1/other" }, list.Select(c => c.GetKey()).ToArray());
                Assert.False(File.Exists(path));
                var aside = Directory.GetFiles(Path.GetDirectoryName(path), Path.GetFileName(path) + ".corrupt-*");
                Assert.Single(aside);
                Assert.Equal(content, File.ReadAllText(aside[0]));
                Assert.Single(sink.Warnings);
                Assert.Contains(aside[0], sink.Warnings[0]);
                Assert.Equal(sink.Warnings, store.Warnings);

                // The store keeps working: the record can be written again.
                store.Clusters.Put(Demo("CREATE_COMPLETE"));
                Assert.Equal("CREATE_COMPLETE", store.Clusters.TryGet("us-east-1/demo").ClusterStatus);
            }
        }

        [Fact]
        public void TruncatedTargetSeenByTryGetOrUpdateIsQuarantined()
        {
            using (var root = new TempStateRoot())
            {
                var store = StateStore.Open(root.Path);
                store.Clusters.Put(Demo());
                var path = store.Clusters.PathFor("us-east-1/demo");
                var full = File.ReadAllBytes(path);
                File.WriteAllBytes(path, full.Take(full.Length / 2).ToArray());

                Assert.Null(store.Clusters.TryGet("us-east-1/demo"));
                Assert.Single(store.Warnings);
                Assert.Single(Directory.GetFiles(Path.GetDirectoryName(path), "*.corrupt-*"));

                File.WriteAllBytes(path, full.Take(10).ToArray());
                ClusterRecord seen = Demo();
                store.Clusters.Update("us-east-1/demo", c => { seen = c; return Demo("REBUILT"); });
                Assert.Null(seen);
                Assert.Equal(2, store.Warnings.Count);
                Assert.Equal(2, Directory.GetFiles(Path.GetDirectoryName(path), "*.corrupt-*").Length);
                Assert.Equal("REBUILT", store.Clusters.TryGet("us-east-1/demo").ClusterStatus);
            }
        }

        [Fact]
        public void AHalfWrittenTempFileLeavesThePreviousVersionAndIsSweptByTheNextWriter()
        {
            using (var root = new TempStateRoot())
            {
                var store = StateStore.Open(root.Path);
                store.Clusters.Put(Demo("CREATE_COMPLETE"));
                var path = store.Clusters.PathFor("us-east-1/demo");
                var dir = Path.GetDirectoryName(path);

                // A writer crashed after writing half of its temp file, before the rename.
                var temp = Path.Combine(dir, "." + Path.GetFileName(path) + ".deadbeef0000.tmp");
                var next = JsonSerializer.Serialize(new { schemaVersion = 1, name = "demo", region = "us-east-1", clusterStatus = "DELETE_IN_PROGRESS" });
                File.WriteAllText(temp, next.Substring(0, next.Length / 2));

                var fresh = StateStore.Open(root.Path);
                Assert.Equal("CREATE_COMPLETE", fresh.Clusters.TryGet("us-east-1/demo").ClusterStatus);
                Assert.Single(fresh.Clusters.List());
                Assert.Empty(fresh.Warnings);

                fresh.Clusters.Update("us-east-1/demo", c => { c.ClusterStatus = "UPDATE_COMPLETE"; return c; });
                Assert.False(File.Exists(temp));
                Assert.Empty(Directory.GetFiles(dir, "*.tmp"));
                Assert.Equal("UPDATE_COMPLETE", fresh.Clusters.TryGet("us-east-1/demo").ClusterStatus);
            }
        }

        [Fact]
        public void WritesLeaveNoTempFilesAndReplaceTheFileAtomically()
        {
            using (var root = new TempStateRoot())
            {
                var store = StateStore.Open(root.Path);
                store.Clusters.Put(Demo("A"));
                var path = store.Clusters.PathFor("us-east-1/demo");
                using (var reader = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete))
                {
                    // A reader holding the old file open keeps seeing a complete old version while the writer replaces it.
                    store.Clusters.Put(Demo("B"));
                    var old = JsonNode.Parse(new StreamReader(reader, Encoding.UTF8).ReadToEnd());
                    if (!OperatingSystem.IsWindows()) Assert.Equal("A", (string)old["clusterStatus"]);
                }
                Assert.Equal("B", store.Clusters.TryGet("us-east-1/demo").ClusterStatus);
                Assert.Equal(new[] { ".lock", "us-east-1_2fdemo.json" }, Directory.GetFiles(Path.GetDirectoryName(path)).Select(Path.GetFileName).OrderBy(n => n, StringComparer.Ordinal).ToArray());
            }
        }

        [Fact]
        public void ALockHeldTooLongFailsWithAClearLocalStateError()
        {
            using (var root = new TempStateRoot())
            {
                var store = StateStore.Open(root.Path, new StateStoreOptions { LockTimeout = TimeSpan.FromMilliseconds(200) });
                store.Clusters.Put(Demo("A"));
                using (new FileStream(store.Clusters.LockPath, FileMode.Open, FileAccess.ReadWrite, FileShare.None))
                {
                    var ex = Assert.Throws<PcHpcException>(() => store.Clusters.Put(Demo("B")));
                    Assert.Equal(ErrorKind.LocalState, ex.Kind);
                    Assert.Equal("StateLockTimeout", ex.ErrorId);
                    Assert.Contains(store.Clusters.LockPath, ex.Message);
                    Assert.Equal(store.Clusters.LockPath, ex.Target);
                    // Reads do not need the lock.
                    Assert.Equal("A", store.Clusters.TryGet("us-east-1/demo").ClusterStatus);
                }
                store.Clusters.Put(Demo("B"));
                Assert.Equal("B", store.Clusters.TryGet("us-east-1/demo").ClusterStatus);
            }
        }

        [Fact]
        public void ConcurrentUpdatersInOneProcessLoseNothing()
        {
            using (var root = new TempStateRoot())
            {
                const int workers = 4, updates = 40;
                Parallel.For(0, workers, new ParallelOptions { MaxDegreeOfParallelism = workers }, w =>
                {
                    var store = StateStore.Open(root.Path);
                    var probes = store.Collection<ProbeRecord>("probe");
                    for (var i = 0; i < updates; i++)
                    {
                        probes.Update("counter", c =>
                        {
                            c = c ?? new ProbeRecord { Id = "counter" };
                            c.Count++;
                            c.Items.Add(w + ":" + i);
                            return c;
                        });
                    }
                });
                var result = StateStore.Open(root.Path).Collection<ProbeRecord>("probe").TryGet("counter");
                Assert.Equal(workers * updates, result.Count);
                Assert.Equal(workers * updates, result.Items.Distinct().Count());
            }
        }

        [Fact]
        public void AFailingChangeWritesNothingAndReleasesTheLock()
        {
            using (var root = new TempStateRoot())
            {
                var store = StateStore.Open(root.Path, new StateStoreOptions { LockTimeout = TimeSpan.FromSeconds(2) });
                store.Clusters.Put(Demo("A"));
                var before = File.ReadAllText(store.Clusters.PathFor("us-east-1/demo"));
                Assert.Throws<InvalidOperationException>(() => store.Clusters.Update("us-east-1/demo", c =>
                {
                    c.ClusterStatus = "HALF";
                    throw new InvalidOperationException("boom");
                }));
                Assert.Equal(before, File.ReadAllText(store.Clusters.PathFor("us-east-1/demo")));
                // Another store (as another runbook would) can take the lock at once.
                StateStore.Open(root.Path, new StateStoreOptions { LockTimeout = TimeSpan.FromSeconds(2) }).Clusters.Put(Demo("B"));
                Assert.Equal("B", store.Clusters.TryGet("us-east-1/demo").ClusterStatus);
            }
        }

        [UnixFact]
        public void FolderIsOwnerOnlyAndFilesAreOwnerReadWrite()
        {
            using (var root = new TempStateRoot())
            {
                var store = StateStore.Open(root.Path);
                store.Clusters.Put(Demo());
                var ownerDir = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
                var ownerFile = UnixFileMode.UserRead | UnixFileMode.UserWrite;
                Assert.Equal(ownerDir, File.GetUnixFileMode(root.Path));
                Assert.Equal(ownerDir, File.GetUnixFileMode(Path.Combine(root.Path, "clusters")));
                Assert.Equal(ownerFile, File.GetUnixFileMode(store.Clusters.PathFor("us-east-1/demo")));
                Assert.Equal(ownerFile, File.GetUnixFileMode(store.Clusters.LockPath));

                // Replacing keeps the mode (the temp file is restricted before the rename).
                store.Clusters.Put(Demo("UPDATE_COMPLETE"));
                Assert.Equal(ownerFile, File.GetUnixFileMode(store.Clusters.PathFor("us-east-1/demo")));
            }
        }

        [Fact]
        public void CollectionNamesAreValidated()
        {
            using (var root = new TempStateRoot())
            {
                var store = StateStore.Open(root.Path);
                Assert.Equal("InvalidArgument", Assert.Throws<PcHpcException>(() => store.Collection<ProbeRecord>("../up")).Kind.ToString());
                Assert.Equal("StateCollectionType", Assert.Throws<PcHpcException>(() => store.Collection<ProbeRecord>("clusters")).ErrorId);
                Assert.Same(store.Collection<ProbeRecord>("probe"), store.Collection<ProbeRecord>("probe"));
            }
        }
    }

    /// <summary>A record type defined outside Core, as later features will.</summary>
    public sealed class ProbeRecord : StateRecord
    {
        public string Id { get; set; }
        public string Value { get; set; }
        public int Count { get; set; }
        public List<string> Items { get; set; } = new List<string>();
        public override string GetKey() => Id;
    }
}
