using System.Linq;
using PcHpc.Cmdlets.Tests.Support;

namespace PcHpc.Cmdlets.Tests.Network
{
    /// <summary>Tab completion of network names through TabExpansion2, as a console user presses Tab.</summary>
    [Collection(NetworkCollection.Name)]
    public class VpcNameCompletionTests
    {
        private readonly NetworkSession _s;

        public VpcNameCompletionTests(NetworkSession session) => _s = session;

        private string[] Complete(string line)
        {
            var r = _s.Invoke("(TabExpansion2 -inputScript $args[0] -cursorColumn $args[0].Length).CompletionMatches.CompletionText", line).Succeeded();
            return r.Objects.Select(o => o.ToString()).ToArray();
        }

        [Fact]
        public void Name_completes_from_the_state_store_for_Get_and_Remove_without_calling_AWS()
        {
            var prefix = "cmpl" + _s.UniqueName("x").Replace("-", "");
            _s.CreateReady(prefix + "-east-two");
            _s.CreateReady(prefix + "-east-one");
            _s.Aws.Calls.Clear();

            Assert.Equal(new[] { prefix + "-east-one", prefix + "-east-two" }, Complete("Get-HpcVpc -Name " + prefix));
            Assert.Equal(new[] { prefix + "-east-one", prefix + "-east-two" }, Complete("Remove-HpcVpc -Name " + prefix));
            Assert.Equal(new[] { prefix + "-east-two" }, Complete("Remove-HpcVpc " + prefix + "-east-t"));
            Assert.Empty(_s.Aws.Calls.All);
        }

        [Fact]
        public void Name_completion_follows_the_Region_typed_so_far()
        {
            var prefix = "cmpr" + _s.UniqueName("x").Replace("-", "");
            _s.CreateReady(prefix + "-east");
            _s.Invoke("New-HpcVpc -Name $args[0] -Region eu-west-1 -CidrBlock 10.92.0.0/16", prefix + "-west").Succeeded();

            Assert.Equal(new[] { prefix + "-west" }, Complete("Get-HpcVpc -Region eu-west-1 -Name " + prefix));
            Assert.Equal(new[] { prefix + "-east" }, Complete("Remove-HpcVpc -Region us-east-1 -Name " + prefix));
            Assert.Equal(new[] { prefix + "-east", prefix + "-west" }, Complete("Get-HpcVpc -Name " + prefix));
        }

        [Fact]
        public void Removed_networks_are_no_longer_offered()
        {
            var prefix = "cmpd" + _s.UniqueName("x").Replace("-", "");
            _s.CreateReady(prefix + "-keep");
            _s.CreateReady(prefix + "-drop");
            _s.Invoke("Remove-HpcVpc -Name $args[0] -Force -Wait", prefix + "-drop").Succeeded();

            Assert.Equal(new[] { prefix + "-keep" }, Complete("Get-HpcVpc -Name " + prefix));
        }
    }
}
