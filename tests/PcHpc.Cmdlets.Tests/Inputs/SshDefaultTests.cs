using System.Linq;
using PcHpc.Cmdlets.Tests.Support;

namespace PcHpc.Cmdlets.Tests.Inputs
{
    /// <summary>New-HpcClusterConfig -KeyName without -AllowedIps never leaves SSH open to 0.0.0.0/0 (ParallelCluster's default).</summary>
    [Collection(InputsCollection.Name)]
    public class SshDefaultTests
    {
        private readonly InputsSession _s;

        public SshDefaultTests(InputsSession session) => _s = session;

        private static string AllowedIps(PsResult r) =>
            (string)((dynamic)r.Output.Single().BaseObject).HeadNode.Ssh.AllowedIps;

        [Fact]
        public void KeyName_WithoutNetwork_OpensSshToNoNetwork()
        {
            var r = _s.Invoke("New-HpcQueueConfig -Name q1 -InstanceType c6i.xlarge | New-HpcClusterConfig -Region us-east-1 -HeadNodeSubnetId subnet-0123456789abcdef0 -KeyName my-key -Verbose").Succeeded();
            Assert.Equal("127.0.0.1/32", AllowedIps(r));
            Assert.Contains(r.Verbose, v => v.Contains("not opened to any network"));
            var yaml = (string)_s.Invoke("$args[0] | Export-HpcClusterConfig", r.Output.Single()).Succeeded().Output.Single().BaseObject;
            Assert.DoesNotContain("0.0.0.0/0", yaml);
            Assert.Contains("AllowedIps: 127.0.0.1/32", yaml);
        }

        [Fact]
        public void KeyName_WithPipedNetwork_AllowsSshFromTheVpcCidrOnly()
        {
            var r = _s.Invoke(@"
                $net = [PcHpc.Vpc]@{ Name = 'lab'; Region = 'us-east-1'; Status = 'Ready'; VpcId = 'vpc-0123456789abcdef0'; CidrBlock = '10.7.0.0/16';
                    AvailabilityZones = @('us-east-1a'); PublicSubnetIds = @('subnet-0123456789abcdef1'); PrivateSubnetIds = @('subnet-0123456789abcdef2') }
                $q = New-HpcQueueConfig -Name q1 -InstanceType c6i.xlarge
                $net | New-HpcClusterConfig -KeyName my-key -Queue $q").Succeeded();
            Assert.Equal("10.7.0.0/16", AllowedIps(r));
        }

        [Fact]
        public void ExplicitWorldOpenSsh_IsKept_WithAWarning()
        {
            var r = _s.Invoke("New-HpcQueueConfig -Name q1 -InstanceType c6i.xlarge | New-HpcClusterConfig -Region us-east-1 -HeadNodeSubnetId subnet-0123456789abcdef0 -KeyName my-key -AllowedIps 0.0.0.0/0").Succeeded();
            Assert.Equal("0.0.0.0/0", AllowedIps(r));
            Assert.Contains(r.Warnings, w => w.Contains("-AllowedIps 0.0.0.0/0 opens SSH on the head node to the whole internet"));
        }
    }
}
