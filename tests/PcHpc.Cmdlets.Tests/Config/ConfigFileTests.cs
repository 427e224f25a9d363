using System.IO;
using System.Linq;
using System.Management.Automation;

namespace PcHpc.Cmdlets.Tests.Config
{
    /// <summary>Export-, Import- and Test-HpcClusterConfig through the real engine, on real files.</summary>
    [Collection(ConfigCollection.Name)]
    public class ConfigFileTests
    {
        private const string NewConfig = "$cfg = New-HpcQueueConfig cpu c5.large | New-HpcClusterConfig -Region us-east-1 -SubnetId subnet-0123456789abcdef0\n";
        private readonly ConfigSession _ps;

        public ConfigFileTests(ConfigSession session)
        {
            _ps = session;
            _ps.Reset();
        }

        private string[] FilesInFolder() => Directory.GetFiles(_ps.Directory).Select(Path.GetFileName).OrderBy(f => f).ToArray();

        // ---- Export ----

        // Issue 9 item 7: -Path used to write a FileInfo to the pipeline; it writes nothing unless -PassThru.
        [Fact]
        public void Export_Path_WritesTheFile_AndOutputsNothing_WithoutPassThru()
        {
            var r = _ps.Invoke(NewConfig + "$cfg | Export-HpcClusterConfig -Path ./c.yaml").Succeeded();
            Assert.Empty(r.Output);
            Assert.Equal(new[] { "c.yaml" }, FilesInFolder());
            Assert.Contains("AmazonSSMManagedInstanceCore", File.ReadAllText(_ps.PathOf("c.yaml")));
        }

        [Fact]
        public void Export_PassThru_ReturnsTheWrittenFile()
        {
            var r = _ps.Invoke(NewConfig + "$cfg | Export-HpcClusterConfig -Path ./c.yaml -PassThru").Succeeded();
            var file = Assert.IsType<FileInfo>(Assert.Single(r.Objects));
            Assert.Equal(_ps.PathOf("c.yaml"), file.FullName);
        }

        [Fact]
        public void Pipeline_QueueToClusterToExport_WritesAFileThatImportsBackValid()
        {
            _ps.Invoke(@"
                & { New-HpcQueueConfig cpu c5.xlarge -MaxCount 4; New-HpcQueueConfig gpu g5.xlarge -MaxCount 4 -SubnetId subnet-12345678 } |
                    New-HpcClusterConfig -Region us-east-1 -HeadNodeSubnetId subnet-0123456789abcdef0 -KeyName my-key |
                    Export-HpcClusterConfig -Path c.yaml").Succeeded();
            var r = _ps.Invoke(@"
                $c = Import-HpcClusterConfig ./c.yaml
                ($c.Queues -join ','); ($c.Scheduling.SlurmQueues[1].Networking.SubnetIds -join ','); ($c.Scheduling.SlurmQueues[0].Networking.SubnetIds -join ',')
                $c.HeadNode.Ssh.KeyName; @($c | Test-HpcClusterConfig).Count").Succeeded();
            Assert.Equal(new object[] { "cpu,gpu", "subnet-12345678", "subnet-0123456789abcdef0", "my-key", 0 }, r.Objects.ToArray());
            Assert.Equal(new[] { "c.yaml" }, FilesInFolder()); // no temporary file left behind
        }

        [Fact]
        public void Export_Confirm_AsksWithTheFullPath_AndNoWritesNothing()
        {
            var r = _ps.InvokeAnswering(NewConfig + "$cfg | Export-HpcClusterConfig -Path c.yaml -Confirm", new[] { "N" }).Succeeded();
            var prompt = Assert.Single(r.Prompts);
            Assert.Contains(_ps.PathOf("c.yaml"), prompt);
            Assert.Contains("Write cluster configuration", prompt);
            Assert.Empty(FilesInFolder());

            _ps.InvokeAnswering(NewConfig + "$cfg | Export-HpcClusterConfig -Path c.yaml -Confirm", new[] { "Y" }).Succeeded();
            Assert.Equal(new[] { "c.yaml" }, FilesInFolder());
        }

        [Fact]
        public void Export_WhatIf_WritesNothing_AndOutputsNothing()
        {
            var r = _ps.Invoke(NewConfig + "$cfg | Export-HpcClusterConfig -Path c.yaml -WhatIf -PassThru").Succeeded();
            Assert.Empty(r.Output);
            Assert.Empty(FilesInFolder());
        }

        [Fact]
        public void Export_WithoutPath_EmitsTheYamlText()
        {
            var r = _ps.Invoke(NewConfig + "$cfg | Export-HpcClusterConfig").Succeeded();
            var text = Assert.IsType<string>(Assert.Single(r.Objects));
            Assert.Matches("(?m)^Region: us-east-1", text);
            Assert.Empty(FilesInFolder());
        }

        [Fact]
        public void Export_InvalidConfig_FailsWithEveryProblem_AndLeavesTheFileUntouched()
        {
            File.WriteAllText(_ps.PathOf("c.yaml"), "original");
            var r = _ps.InvokeCatching(NewConfig + @"
                $cfg.Scheduling.SlurmQueues[0].ComputeResources[0].MinCount = 90
                $cfg.SharedStorage = [System.Collections.Generic.List[PcHpc.StorageConfig]]::new()
                $cfg.SharedStorage.Add([PcHpc.StorageConfig]@{ Name = 'x'; StorageType = 'Efs'; MountDir = '/etc' })
                $cfg | Export-HpcClusterConfig -Path c.yaml");
            var error = r.Terminating();
            Assert.StartsWith("ConfigInvalid,", error.FullyQualifiedErrorId);
            Assert.Equal(ErrorCategory.InvalidData, error.CategoryInfo.Category);
            Assert.Contains("Scheduling.SlurmQueues[0].ComputeResources[0].MaxCount", error.Exception.Message);
            Assert.Contains("SharedStorage[0].MountDir", error.Exception.Message);
            Assert.Equal("original", File.ReadAllText(_ps.PathOf("c.yaml")));
            Assert.Equal(new[] { "c.yaml" }, FilesInFolder());
        }

        [Fact]
        public void Export_SkipValidation_WritesAnInvalidConfig()
        {
            _ps.Invoke(NewConfig + "$cfg.HeadNode.Networking.SubnetId = $null; $cfg | Export-HpcClusterConfig -Path c.yaml -SkipValidation").Succeeded();
            var text = File.ReadAllText(_ps.PathOf("c.yaml"));
            Assert.DoesNotContain("SubnetId: subnet-0123456789abcdef0\nScheduling", text);
            Assert.Contains("Name: cpu", text);
        }

        [Fact]
        public void Export_NoClobber_RefusesAnExistingFile_ElseItIsReplaced()
        {
            File.WriteAllText(_ps.PathOf("c.yaml"), "original");
            var r = _ps.Invoke(NewConfig + "$cfg | Export-HpcClusterConfig -Path c.yaml -NoClobber");
            var error = r.SingleError();
            Assert.StartsWith("ConfigFileExists,", error.FullyQualifiedErrorId);
            Assert.Equal(ErrorCategory.ResourceExists, error.CategoryInfo.Category);
            Assert.Equal("original", File.ReadAllText(_ps.PathOf("c.yaml")));

            _ps.Invoke(NewConfig + "$cfg | Export-HpcClusterConfig -Path c.yaml").Succeeded();
            Assert.Contains("Name: cpu", File.ReadAllText(_ps.PathOf("c.yaml")));
            Assert.Equal(new[] { "c.yaml" }, FilesInFolder());
        }

        [Fact]
        public void Export_SeveralConfigsToOnePath_IsAnError_TheFirstIsKept()
        {
            var c = _ps.InvokeCatching(NewConfig + @"
                $other = New-HpcQueueConfig gpu g5.xlarge | New-HpcClusterConfig -Region eu-west-1 -SubnetId subnet-0123456789abcdef0
                $cfg, $other | Export-HpcClusterConfig -Path c.yaml");
            var error = c.Terminating();
            Assert.StartsWith("SeveralConfigsOnePath,", error.FullyQualifiedErrorId);
            Assert.Contains(_ps.PathOf("c.yaml"), error.Exception.Message);
            Assert.Contains("Region: us-east-1", File.ReadAllText(_ps.PathOf("c.yaml")));
            Assert.Equal(new[] { "c.yaml" }, FilesInFolder());
        }

        // ---- Import ----

        // Issue 9 item 2: piped YAML text did not bind at all (InputObjectNotBound).
        [Fact]
        public void Import_YamlTextFromThePipeline()
        {
            var r = _ps.Invoke("$args[0] | Import-HpcClusterConfig", ConfigSession.ValidYaml).Succeeded();
            var config = Assert.Single(r.Output);
            Assert.Equal(new[] { "cpu", "gpu" }, (string[])config.Properties["Queues"].Value);
            Assert.Null(config.Properties["SourcePath"].Value);
        }

        [Fact]
        public void Import_GetContentLines_AreReadAsOneDocument()
        {
            File.WriteAllText(_ps.PathOf("c.yaml"), ConfigSession.ValidYaml);
            var r = _ps.Invoke("Get-Content ./c.yaml | Import-HpcClusterConfig").Succeeded();
            Assert.Equal(new[] { "cpu", "gpu" }, (string[])Assert.Single(r.Output).Properties["Queues"].Value);
        }

        [Fact]
        public void Import_GetContentRaw_OneConfigPerDocument()
        {
            File.WriteAllText(_ps.PathOf("a.yaml"), ConfigSession.ValidYaml);
            File.WriteAllText(_ps.PathOf("b.yaml"), ConfigSession.ValidYaml.Replace("us-east-1", "eu-west-1"));
            var r = _ps.Invoke("Get-Content ./a.yaml -Raw | Import-HpcClusterConfig; Get-ChildItem *.yaml | Get-Content -Raw | Import-HpcClusterConfig").Succeeded();
            Assert.Equal(new object[] { "us-east-1", "us-east-1", "eu-west-1" }, r.Property("Region").ToArray());
        }

        [Fact]
        public void Import_FilesFromTheProvider_AndPositionalPath_BindToPath()
        {
            File.WriteAllText(_ps.PathOf("a.yaml"), ConfigSession.ValidYaml);
            File.WriteAllText(_ps.PathOf("b.yaml"), ConfigSession.ValidYaml.Replace("us-east-1", "eu-west-1"));
            var r = _ps.Invoke("Get-ChildItem *.yaml | Import-HpcClusterConfig; Import-HpcClusterConfig b.yaml; [pscustomobject]@{ Path = './a.yaml' } | Import-HpcClusterConfig").Succeeded();
            Assert.Equal(new object[] { _ps.PathOf("a.yaml"), _ps.PathOf("b.yaml"), _ps.PathOf("b.yaml"), _ps.PathOf("a.yaml") }, r.Property("SourcePath").ToArray());
        }

        [Fact]
        public void Import_WarnsAboutUnknownKeys_AndKeepsThem()
        {
            var yaml = ConfigSession.ValidYaml.Replace("  InstanceType: t3.medium\n", "  InstanceType: t3.medium\n  InstanceTyp: t3.large\n");
            var r = _ps.Invoke("$c = $args[0] | Import-HpcClusterConfig; $c.HeadNodeInstanceType; $c.HeadNode.UntypedKeys -contains 'InstanceTyp'", yaml).Succeeded();
            Assert.Equal(new object[] { "t3.medium", true }, r.Objects.ToArray());
            Assert.Contains("HeadNode.InstanceTyp", Assert.Single(r.Warnings));
        }

        [Fact]
        public void Import_FromPath_RoundTripsUntypedKeys_WithoutWarnings()
        {
            File.WriteAllText(_ps.PathOf("in.yaml"), ConfigSession.ValidYaml + "LoginNodes:\n  Pools: []\n");
            var r = _ps.Invoke("$c = Import-HpcClusterConfig -Path in.yaml; $c.SourcePath; $c | Export-HpcClusterConfig").Succeeded();
            Assert.Empty(r.Warnings);
            Assert.Equal(_ps.PathOf("in.yaml"), r.Objects.First());
            Assert.Contains("LoginNodes:", (string)r.Objects.Last());
        }

        [Fact]
        public void Import_MissingFile_IsObjectNotFound()
        {
            var error = _ps.Invoke("Import-HpcClusterConfig -Path nope.yaml").SingleError();
            Assert.StartsWith("ConfigFileNotFound,", error.FullyQualifiedErrorId);
            Assert.Equal(ErrorCategory.ObjectNotFound, error.CategoryInfo.Category);
        }

        // ---- Test ----

        [Fact]
        public void Test_ReturnsEveryProblem_WithItsPath()
        {
            var r = _ps.Invoke(NewConfig + "$cfg.Scheduling.SlurmQueues[0].Name = 'CPU'; $cfg.HeadNode.Networking.SubnetId = 'subnet-x'; $cfg | Test-HpcClusterConfig -ClusterName 1bad").Succeeded();
            Assert.Equal(new object[] { "ClusterName", "HeadNode.Networking.SubnetId", "Scheduling.SlurmQueues[0].Name" }, r.Property("Path").ToArray());
            Assert.All(r.Output, p => Assert.Equal("PcHpc.ConfigProblem", p.BaseObject.GetType().FullName));
            Assert.All(r.Property("File"), Assert.Null);
        }

        [Fact]
        public void Test_ValidConfig_ReturnsNothing_AndQuietTrue()
        {
            Assert.Empty(_ps.Invoke(NewConfig + "$cfg | Test-HpcClusterConfig -ClusterName good-name").Succeeded().Output);
            Assert.Equal(new object[] { true }, _ps.Invoke(NewConfig + "$cfg | Test-HpcClusterConfig -Quiet").Succeeded().Objects.ToArray());
        }

        // Issue 9 item 7: -Quiet used to answer once for all input.
        [Fact]
        public void Test_Quiet_AnswersOncePerInput()
        {
            var r = _ps.Invoke(NewConfig + @"
                $bad = $args[0] | Import-HpcClusterConfig
                $bad.Scheduling.SlurmQueues[0].ComputeResources[0].MinCount = -1
                $cfg, $bad, $cfg | Test-HpcClusterConfig -Quiet", ConfigSession.ValidYaml).Succeeded();
            Assert.Equal(new object[] { true, false, true }, r.Objects.ToArray());
        }

        [Fact]
        public void Test_Quiet_OneAnswerPerFile_UnreadableFileIsFalseAndAnError_TheRestGoesOn()
        {
            File.WriteAllText(_ps.PathOf("a.yaml"), ConfigSession.ValidYaml);
            File.WriteAllText(_ps.PathOf("b.yaml"), ConfigSession.ValidYaml.Replace("Name: gpu", "Name: default"));
            File.WriteAllText(_ps.PathOf("c.yaml"), "Region: [unclosed");
            File.WriteAllText(_ps.PathOf("d.yaml"), ConfigSession.ValidYaml);
            var r = _ps.Invoke("Get-ChildItem *.yaml | Sort-Object Name | Test-HpcClusterConfig -Quiet");
            Assert.Null(r.Terminating);
            Assert.Equal(new object[] { true, false, false, true }, r.Objects.ToArray());
            var error = Assert.Single(r.Errors);
            Assert.StartsWith("ConfigYamlInvalid,", error.FullyQualifiedErrorId);
            Assert.Contains("c.yaml", error.Exception.Message);
        }

        [Fact]
        public void Test_Quiet_WarningsOnly_StillPasses()
        {
            // A tag key with the aws: prefix is a best-practice warning (ParallelCluster itself does not reject it).
            var yaml = ConfigSession.ValidYaml + "Tags:\n  - Key: aws:team\n    Value: hpc\n";
            var r = _ps.Invoke("$c = $args[0] | Import-HpcClusterConfig -WarningAction SilentlyContinue; $c | Test-HpcClusterConfig -Quiet; $c | Test-HpcClusterConfig", yaml).Succeeded();
            Assert.Equal(true, r.Objects.First());
            var problem = r.Output.Last();
            Assert.Equal("Warning", problem.Properties["Severity"].Value.ToString());
            Assert.StartsWith("Tags[0]", (string)problem.Properties["Path"].Value);
        }

        // Issue 9 item 7: a problem of a file names the file (checked by path, piped files, or imported first).
        [Fact]
        public void Test_ProblemsNameTheFileTheyCameFrom()
        {
            File.WriteAllText(_ps.PathOf("a.yaml"), ConfigSession.ValidYaml.Replace("Name: gpu", "Name: default"));
            File.WriteAllText(_ps.PathOf("b.yaml"), ConfigSession.ValidYaml.Replace("Name: cpu", "Name: CPU"));
            var r = _ps.Invoke("Get-ChildItem *.yaml | Sort-Object Name | Test-HpcClusterConfig; Test-HpcClusterConfig -Path a.yaml; Import-HpcClusterConfig b.yaml | Test-HpcClusterConfig").Succeeded();
            Assert.Equal(new object[] { "Scheduling.SlurmQueues[1].Name", "Scheduling.SlurmQueues[0].Name", "Scheduling.SlurmQueues[1].Name", "Scheduling.SlurmQueues[0].Name" }, r.Property("Path").ToArray());
            Assert.Equal(new object[] { _ps.PathOf("a.yaml"), _ps.PathOf("b.yaml"), _ps.PathOf("a.yaml"), _ps.PathOf("b.yaml") }, r.Property("File").ToArray());
            Assert.Equal("default", r.Property("Value").First());

            var table = _ps.Invoke("Get-ChildItem *.yaml | Sort-Object Name | Test-HpcClusterConfig | Out-String -Width 200").Succeeded();
            var text = (string)Assert.Single(table.Objects);
            Assert.Contains(_ps.PathOf("a.yaml"), text);
            Assert.Contains(_ps.PathOf("b.yaml"), text);
        }
    }
}
