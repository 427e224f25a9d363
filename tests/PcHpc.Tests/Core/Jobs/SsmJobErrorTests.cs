using System.Collections.Generic;
using System.Threading.Tasks;
using PcHpc.Core.Jobs;
using PcHpc.FakeAws;
using PcHpc.Tests.Aws.OwnClient;
using PcHpc.Tests.Aws.Services;
using PcHpc.Tests.Support;

namespace PcHpc.Tests.Core.Jobs
{
    /// <summary>
    /// The SSM transport and head-node rules on their own (no cmdlets: the job cmdlets are tested in the real engine in
    /// tests/PcHpc.Cmdlets.Tests/Jobs).
    /// </summary>
    public sealed class SsmJobErrorTests
    {
        private const string HeadNodeId = "i-0headnode0000demo";

        [Fact]
        public async Task SendCommand_InvalidInstanceId_maps_to_the_same_clear_message()
        {
            await using var aws = await FakeAwsServer.StartAsync();
            aws.Knobs.SigningSecrets[WireKit.AccessKey] = WireKit.SecretKey;
            var session = WireKit.Session(aws);
            var transport = new SsmJobTransport(session.Ssm, new JobTarget { ClusterName = "demo", Region = "us-east-1" },
                new HeadNode { InstanceId = HeadNodeId, LoginUser = "root" }) { CheckPingStatus = false, PollDelay = n => System.TimeSpan.Zero };
            var ex = await Assert.ThrowsAsync<PcHpc.Core.Errors.PcHpcException>(() => transport.RunAsync("true", default));
            Assert.Equal("HeadNodeNotManaged", ex.ErrorId);
            Assert.Contains("AmazonSSMManagedInstanceCore", ex.Message);
            Assert.Equal(1, aws.Calls.Count("SendCommand"));
        }

        [Theory]
        [InlineData("alinux2023", "ec2-user")]
        [InlineData("alinux2", "ec2-user")]
        [InlineData("rhel9", "ec2-user")]
        [InlineData("ubuntu2204", "ubuntu")]
        [InlineData("rocky9", "rocky")]
        [InlineData(null, "ec2-user")]
        public void Login_user_follows_the_cluster_OS(string os, string user) =>
            Assert.Equal(user, ClusterHeadNodeLocator.LoginUserFor(os));
    }
}
