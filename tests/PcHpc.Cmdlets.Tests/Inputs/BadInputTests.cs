using System.Collections.Generic;
using System.Linq;

namespace PcHpc.Cmdlets.Tests.Inputs
{
    /// <summary>
    /// Every invalid input is named before any network call: each row is a cmdlet call with one bad input, the error it
    /// must report, and the fake AWS must have seen zero calls. $cfg is a valid us-east-1 config file, $cfgTypo one whose
    /// Region is us-est-1.
    /// </summary>
    [Collection(InputsCollection.Name)]
    public class BadInputTests
    {
        private const string NameRule = "The cluster name can contain only alphanumeric characters";
        private readonly InputsSession _s;

        public BadInputTests(InputsSession session) => _s = session;

        public static IEnumerable<object[]> BadInputs()
        {
            var clusterCmdlets = new[]
            {
                "Remove-HpcCluster -Name $n -Region us-east-1 -Force",
                "Remove-HpcClusterInstance -Name $n -Region us-east-1 -Force",
                "Start-HpcComputeFleet -Name $n -Region us-east-1 -Confirm:$false",
                "Stop-HpcComputeFleet -Name $n -Region us-east-1 -Force",
                "Wait-HpcCluster -Name $n -Region us-east-1",
                "Get-HpcClusterEvent -Name $n -Region us-east-1",
                "Get-HpcClusterInstance -Name $n -Region us-east-1",
                "Get-HpcClusterLog -Name $n -Region us-east-1",
                "Update-HpcCluster -Name $n -Region us-east-1 -ConfigPath $cfg -Force",
                "New-HpcCluster -Name $n -Region us-east-1 -ConfigPath $cfg -Confirm:$false",
            };
            foreach (var cmd in clusterCmdlets)
            {
                foreach (var name in new[] { "1starts-with-digit", "under_score", "has space", new string('a', 61) })
                {
                    yield return new object[] { cmd.Replace("$n", "'" + name + "'"), NameRule };
                }
            }
            // Image ids ParallelCluster cannot have, in every cmdlet that names one image (ImageCmdlet declares -ImageId).
            foreach (var cmd in new[]
            {
                "Remove-HpcImage -ImageId $i -Region us-east-1 -Force",
                "Wait-HpcImage -ImageId $i -Region us-east-1",
                "Get-HpcImageLog -ImageId $i -Region us-east-1",
                "New-HpcImage -ImageId $i -Region us-east-1 -ConfigPath $cfg -Confirm:$false",
            })
            {
                yield return new object[] { cmd.Replace("$i", "'9-starts-with-digit'"), "is not an image id ParallelCluster accepts" };
            }
            // A wait bound that cannot be met.
            yield return new object[] { "Install-HpcApi -Region us-east-1 -Wait -Timeout 0 -Confirm:$false", "-Timeout must be positive" };
            yield return new object[] { "Install-HpcApi -Region us-east-1 -Wait -Timeout -5 -Confirm:$false", "-Timeout must be positive" };
            // Regions AWS does not have: named with "did you mean", in every AWS cmdlet family.
            yield return new object[] { "Get-HpcCluster -Region us-east-1,'Not A Region'", "'Not A Region' (from -Region parameter) is not an AWS region." };
            yield return new object[] { "Get-HpcCluster -Region us-est-1", "Did you mean 'us-east-1'" };
            yield return new object[] { "Get-HpcCluster -Region US-EAST-1", "Did you mean 'us-east-1'" };
            yield return new object[] { "Get-HpcAwsIdentity -Region us-est-1", "Did you mean 'us-east-1'" };
            yield return new object[] { "Get-HpcAwsIdentity -Region eu-wets-1", "Did you mean 'eu-west-1'?" };
            yield return new object[] { "Get-HpcVpc -Region us-est-1", "Did you mean 'us-east-1'" };
            yield return new object[] { "Get-HpcApi -Region us-est-1", "Did you mean 'us-east-1'" };
            yield return new object[] { "Remove-HpcCluster -Name demo -Region us-est-1 -Force", "Did you mean 'us-east-1'" };
            yield return new object[] { "Get-HpcClusterInstance -Name demo -Region us-est-1", "Did you mean 'us-east-1'" };
            yield return new object[] { "New-HpcCluster -Name demo -Region us-est-1 -ConfigPath $cfg -Confirm:$false", "Did you mean 'us-east-1'" };
            yield return new object[] { "Get-HpcJob -ClusterName demo -Region us-est-1", "Did you mean 'us-east-1'" };
            yield return new object[] { "Invoke-HpcJob -ClusterName demo -Region us-est-1 -Command hostname", "Did you mean 'us-east-1'" };
            yield return new object[] { "$StoredAWSRegion = 'us-est-1'; try { Get-HpcCluster } finally { $StoredAWSRegion = 'us-east-1' }", "Did you mean 'us-east-1'" };
            // A job name SLURM would not store as given.
            yield return new object[] { "Invoke-HpcJob -ClusterName demo -Region us-east-1 -Command hostname -Name \"two`nlines\"", "-Name contains a line break" };
            yield return new object[] { "Invoke-HpcJob -ClusterName demo -Region us-east-1 -Command hostname -Name \"cr`rlf\"", "-Name contains a line break" };
            // A config whose Region differs from -Region, or is not a region.
            yield return new object[] { "New-HpcCluster -Name demo -Region eu-west-1 -ConfigPath $cfg -Confirm:$false", "Region: us-east-1 but -Region is eu-west-1" };
            yield return new object[] { "Update-HpcCluster -Name demo -Region eu-west-1 -ConfigPath $cfg -Force", "Region: us-east-1 but -Region is eu-west-1" };
            yield return new object[] { "New-HpcCluster -Name demo -ConfigPath $cfgTypo -Confirm:$false", "Did you mean 'us-east-1'" };
        }

        [Theory]
        [MemberData(nameof(BadInputs))]
        public void BadInput_IsNamed_WithZeroCallsAtTheFake(string script, string expected)
        {
            _s.Aws.Calls.Clear();
            var cfg = _s.ConfigFile("us-east-1");
            var cfgTypo = _s.ConfigFile("us-est-1");
            var r = _s.Invoke("$cfg, $cfgTypo = $args; " + script, cfg, cfgTypo);
            var messages = r.Errors.Select(e => e.Exception.Message).ToList();
            if (r.Terminating != null) messages.Add(r.Terminating.Message);
            Assert.True(messages.Any(m => m.Contains(expected)), "expected an error containing \"" + expected + "\"; got: " + r.Describe());
            var calls = _s.Aws.Calls.All;
            Assert.True(calls.Count == 0, "calls made: " + string.Join(", ", calls.Select(c => c.Action)));
        }

        [Fact]
        public void ClusterName_RemoveHpcCluster_SaysWhatNewHpcClusterSays()
        {
            _s.Aws.Calls.Clear();
            var created = _s.Invoke("New-HpcCluster -Name under_score -Region us-east-1 -ConfigPath $args[0] -Confirm:$false -ErrorAction Continue", _s.ConfigFile("us-east-1"));
            var removed = _s.Invoke("Remove-HpcCluster -Name under_score -Region us-east-1 -Force -ErrorAction Continue");
            var line = created.Errors.Single().Exception.Message.Split('\n').Last(l => l.Contains(NameRule));
            var rule = line.Substring(line.IndexOf(NameRule, System.StringComparison.Ordinal)).Trim();
            Assert.Contains(rule, removed.Errors.Single().Exception.Message);
            Assert.Equal("InvalidClusterName,PcHpc.Cmdlets.RemoveHpcCluster", removed.Errors.Single().FullyQualifiedErrorId);
            Assert.Empty(_s.Aws.Calls.All);
        }
    }
}
