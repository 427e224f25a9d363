using System;
using System.IO;
using System.Linq;
using System.Text.Json.Nodes;
using PcHpc.Cmdlets.Tests.Clusters;
using PcHpc.Cmdlets.Tests.Support;
using PcHpc.TestSupport;

namespace PcHpc.Cmdlets.Tests.State
{
    [CollectionDefinition(Name)]
    public sealed class StateFailureCollection : ICollectionFixture<ClusterSession>
    {
        public const string Name = "StateFailures";
    }

    /// <summary>
    /// The state store failing under real cmdlets (real engine, loopback fake AWS): a PCHPC_HOME that is read-only or
    /// belongs to another user, corrupt and truncated records, a record from a newer PcHpc. The remote result is always
    /// returned; the failure is a warning naming the folder or file.
    /// </summary>
    [Collection(StateFailureCollection.Name)]
    public sealed class StateFailureTests : IDisposable
    {
        private readonly ClusterSession _s;
        private readonly string _home;

        public StateFailureTests(ClusterSession session)
        {
            _s = session;
            _home = Path.Combine(session.StateHome, "home-" + Guid.NewGuid().ToString("N").Substring(0, 8));
            Directory.CreateDirectory(_home);
            _s.Aws.Calls.Clear();
        }

        public void Dispose()
        {
            _s.Invoke("$env:PCHPC_HOME = $args[0]", _s.StateHome);
        }

        private static string Unique(string prefix) => prefix + Guid.NewGuid().ToString("N").Substring(0, 6);

        /// <summary>Runs <paramref name="script"/> with PCHPC_HOME set to this test's home.</summary>
        private PsResult InHome(string script, params object[] args) =>
            _s.Invoke("$env:PCHPC_HOME = $args[0]; $rest = @($args | Select-Object -Skip 1); & {\n" + script + "\n} @rest", new object[] { _home }.Concat(args).ToArray());

        private string ClusterFile(string name) => Path.Combine(_home, "clusters", "us-east-1_2f" + name + ".json");

        private string Snapshot() => string.Join("\n", Directory.GetFiles(_home, "*", SearchOption.AllDirectories).OrderBy(f => f, StringComparer.Ordinal)
            .Select(f => f + "=" + Convert.ToBase64String(File.ReadAllBytes(f))));

        private static void NoLockMisreport(PsResult r)
        {
            Assert.DoesNotContain(r.Warnings, w => w.Contains("Another PcHpc command") || w.Contains("UnauthorizedAccessException"));
        }

        [SkippableFact]
        public void ReadOnlyHome_EveryClusterCmdletReturnsWhatAwsDid_WithOneWarningNamingTheFolderAndTheOperation()
        {
            var kept = Unique("kept");
            var added = Unique("added");
            InHome("New-HpcCluster -Name $args[0] -ConfigPath $args[1] -Wait | Out-Null", kept, _s.ConfigFile()).Succeeded();
            Assert.True(File.Exists(ClusterFile(kept)));
            var config = _s.ConfigFile();
            var before = Snapshot();
            using var folder = ReadOnlyFolder.TryMake(_home, ReadOnlyFolder.Kind.ReadOnlyMount, out var whyNot);
            Skip.If(folder == null, whyNot);

            var created = InHome("New-HpcCluster -Name $args[0] -ConfigPath $args[1]", added, config).Succeeded();
            Assert.Equal(added, created.Property("ClusterName").Single());
            Assert.Equal("CREATE_IN_PROGRESS", _s.Status(added));
            var warning = Assert.Single(created.Warnings, w => w.Contains("state folder"));
            Assert.Contains($"could not save the clusters record 'us-east-1/{added}'", warning);
            Assert.Contains("state folder '" + Path.Combine(_home, "clusters") + "'", warning);
            Assert.Contains("Read-only file system", warning);
            NoLockMisreport(created);

            var live = InHome("Get-HpcCluster").Succeeded();
            Assert.Contains(kept, live.Property("ClusterName"));
            Assert.Contains(added, live.Property("ClusterName"));
            Assert.Contains(live.Warnings, w => w.Contains("state folder '" + Path.Combine(_home, "clusters") + "'"));
            NoLockMisreport(live);

            var cached = InHome("Get-HpcCluster -Cached").Succeeded();
            Assert.Equal(new object[] { kept }, cached.Property("ClusterName").ToArray());

            var removed = InHome("Remove-HpcCluster -Name $args[0] -Force", kept).Succeeded();
            Assert.Contains(_s.Status(kept), new[] { "DELETE_IN_PROGRESS", null });
            Assert.Contains(removed.Warnings, w => w.Contains("us-east-1/" + kept) && w.Contains(Path.Combine(_home, "clusters")));
            NoLockMisreport(removed);

            Assert.Equal(before, Snapshot());
        }

        [SkippableFact]
        public void ReadOnlyHome_NewHpcVpcReturnsTheNetworkAwsCreated_WithAWarningNamingTheNetworksFolder()
        {
            var folder = ReadOnlyFolder.TryMake(_home, ReadOnlyFolder.Kind.ReadOnlyMount, out var whyNot);
            Skip.If(folder == null, whyNot);
            using (folder)
            {
                var created = InHome("New-HpcVpc -Name rovpc -CidrBlock 10.203.0.0/16 -Wait").Succeeded();
                var vpc = Assert.Single(created.Output);
                Assert.Equal("CREATE_COMPLETE", _s.Aws.CloudFormation.Find((string)vpc.Properties["StackId"].Value).Status);
                Assert.Contains(created.Warnings, w => w.Contains("could not save the networks record 'us-east-1/rovpc'") && w.Contains("'" + Path.Combine(_home, "networks") + "'"));
                NoLockMisreport(created);

                var live = InHome("Get-HpcVpc -Name rovpc").Succeeded();
                Assert.Equal("rovpc", live.Property("Name").Single());
                Assert.Empty(Directory.GetFileSystemEntries(_home));
            }
        }

        [SkippableTheory]
        [InlineData("755")] // readable by the other user, not writable
        [InlineData("700")] // PcHpc's own mode: the other user cannot even read it
        public void HomeOfAnotherUser_TheClusterIsCreatedAndListed_WithAWarningNamingTheFolder_NotARawAccessError(string mode)
        {
            var whyNot = AnotherUser.WhyNot();
            Skip.If(whyNot != null, whyNot);
            var kept = Unique("root");
            var added = Unique("nobody");
            InHome("New-HpcCluster -Name $args[0] -ConfigPath $args[1] -Wait | Out-Null", kept, _s.ConfigFile()).Succeeded();
            // The folders stay root's; the other user (nobody) may read them (755) or not even that (700).
            foreach (var dir in Directory.GetDirectories(_home, "*", SearchOption.AllDirectories).Append(_home)) File.SetUnixFileMode(dir, (UnixFileMode)Convert.ToInt32(mode, 8));
            foreach (var file in Directory.GetFiles(_home, "*", SearchOption.AllDirectories)) File.SetUnixFileMode(file, (UnixFileMode)Convert.ToInt32("644", 8));
            var config = _s.ConfigFile();
            File.SetUnixFileMode(config, (UnixFileMode)Convert.ToInt32("644", 8));
            File.SetUnixFileMode(_s.StateHome, (UnixFileMode)Convert.ToInt32("755", 8)); // the store may have made it 0700
            var before = Snapshot();

            var r = AnotherUser.Run(_s, _home, @"
                (New-HpcCluster -Name '" + added + @"' -ConfigPath '" + config + @"').ClusterName
                Get-HpcCluster | ForEach-Object { 'live ' + $_.ClusterName }
                Get-HpcCluster -Cached | ForEach-Object { 'cached ' + $_.ClusterName }");

            Assert.True(r.Errors.Count == 0, r.Raw);
            Assert.NotNull(_s.Status(added));
            Assert.Contains(added, r.Output);
            Assert.Contains("live " + kept, r.Output);
            Assert.Contains("live " + added, r.Output);
            if (mode == "755") Assert.Contains("cached " + kept, r.Output);
            else Assert.DoesNotContain(r.Output, o => o.StartsWith("cached ", StringComparison.Ordinal));
            Assert.Contains(r.Warnings, w => w.Contains("state folder '" + Path.Combine(_home, "clusters") + "'") && w.Contains("us-east-1/" + added));
            Assert.Contains(r.Warnings, w => w.Contains("'" + _home + "'") && w.Contains("belongs to another user"));
            Assert.DoesNotContain(r.Warnings, w => w.Contains("Another PcHpc command") || w.Contains("UnauthorizedAccessException"));
            Assert.Equal(before, Snapshot());
        }

        [Fact]
        public void CorruptAndTruncatedRecords_CostOnlyThemselves_InTheCachedAndTheLiveListing()
        {
            var good = Unique("good");
            var cut = Unique("cut");
            InHome("$cfg = $args[2]; $args[0..1] | ForEach-Object { New-HpcCluster -Name $_ -ConfigPath $cfg -Wait | Out-Null }", good, cut, _s.ConfigFile()).Succeeded();
            var garbage = Path.Combine(_home, "clusters", "us-east-1_2fgarbage.json");
            File.WriteAllText(garbage, "this is not json");
            var bytes = File.ReadAllBytes(ClusterFile(cut));
            File.WriteAllBytes(ClusterFile(cut), bytes.Take(bytes.Length / 2).ToArray());

            var cached = InHome("Get-HpcCluster -Cached").Succeeded();
            Assert.Equal(new object[] { good }, cached.Property("ClusterName").ToArray());
            Assert.Equal(2, cached.Warnings.Count);
            Assert.Contains(cached.Warnings, w => w.Contains("'" + garbage + "'") && w.Contains("moved aside"));
            Assert.Contains(cached.Warnings, w => w.Contains("'" + ClusterFile(cut) + "'") && w.Contains("moved aside"));

            var live = InHome("Get-HpcCluster").Succeeded();
            Assert.Contains(good, live.Property("ClusterName"));
            Assert.Contains(cut, live.Property("ClusterName"));
            Assert.True(File.Exists(ClusterFile(cut)), "the live listing rebuilt the record from AWS");
        }

        [Fact]
        public void ACorruptNetworkRecord_CostsOnlyItself_InGetHpcVpcCached()
        {
            var networks = Path.Combine(_home, "networks");
            Directory.CreateDirectory(networks);
            File.WriteAllText(Path.Combine(networks, "us-east-1_2fnet1.json"),
                "{\"schemaVersion\":1,\"name\":\"net1\",\"region\":\"us-east-1\",\"stackName\":\"net1\",\"status\":\"CREATE_COMPLETE\",\"vpcId\":\"vpc-0123456789abcdef0\"}");
            var truncated = Path.Combine(networks, "us-east-1_2fnet2.json");
            File.WriteAllText(truncated, "{\"schemaVersion\":1,\"name\":\"net2\",\"regi");

            var r = InHome("Get-HpcVpc -Cached").Succeeded();
            Assert.Equal(new object[] { "net1" }, r.Property("Name").ToArray());
            var warning = Assert.Single(r.Warnings);
            Assert.Contains("'" + truncated + "'", warning);
        }

        [SkippableFact]
        public void ACorruptRecordInAReadOnlyHome_IsSkippedWithAWarning_AndLeftAsItIs()
        {
            var good = Unique("good");
            InHome("New-HpcCluster -Name $args[0] -ConfigPath $args[1] -Wait | Out-Null", good, _s.ConfigFile()).Succeeded();
            var garbage = Path.Combine(_home, "clusters", "us-east-1_2fgarbage.json");
            File.WriteAllText(garbage, "{\"schemaVersion\":1,");
            var before = Snapshot();
            using var folder = ReadOnlyFolder.TryMake(_home, ReadOnlyFolder.Kind.ReadOnlyMount, out var whyNot);
            Skip.If(folder == null, whyNot);

            var cached = InHome("Get-HpcCluster -Cached").Succeeded();
            Assert.Equal(new object[] { good }, cached.Property("ClusterName").ToArray());
            var warning = Assert.Single(cached.Warnings);
            Assert.Contains("'" + garbage + "'", warning);
            Assert.Contains("could not be moved aside", warning);
            NoLockMisreport(cached);
            Assert.Equal(before, Snapshot());
        }

        [Fact]
        public void ARecordFromANewerPcHpc_IsShown_NeverRewrittenOrDeleted_AndNeverBreaksALiveGet()
        {
            var name = Unique("future");
            InHome("New-HpcCluster -Name $args[0] -ConfigPath $args[1] -Wait | Out-Null", name, _s.ConfigFile()).Succeeded();
            var path = ClusterFile(name);
            var json = JsonNode.Parse(File.ReadAllText(path)).AsObject();
            json["schemaVersion"] = 99;
            json["clusterStatus"] = "CREATE_COMPLETE";
            json["somethingNew"] = new JsonObject { ["nested"] = 1 };
            File.WriteAllText(path, json.ToJsonString());
            var newer = File.ReadAllBytes(path);

            var live = InHome("Get-HpcCluster -Name $args[0]", name).Succeeded();
            Assert.Equal(name, live.Property("ClusterName").Single());
            Assert.Contains(live.Warnings, w => w.Contains("newer PcHpc") && w.Contains(path));

            var cached = InHome("Get-HpcCluster -Cached -Name $args[0]", name).Succeeded();
            Assert.Equal(name, cached.Property("ClusterName").Single());
            Assert.Equal(true, cached.Output.Single().Properties["FromCache"].Value);

            var removed = InHome("Remove-HpcCluster -Name $args[0] -Force -Wait", name).Succeeded();
            Assert.Null(_s.Status(name));
            NoLockMisreport(removed);
            Assert.Equal(newer, File.ReadAllBytes(path));
        }
    }
}
