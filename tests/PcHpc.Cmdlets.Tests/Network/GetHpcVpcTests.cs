using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using PcHpc.Cmdlets.Tests.Support;
using PcHpc.FakeAws;

namespace PcHpc.Cmdlets.Tests.Network
{
    /// <summary>Get-HpcVpc (live and -Cached) and the not-found rule shared with Remove-HpcVpc, through the real engine.</summary>
    [Collection(NetworkCollection.Name)]
    public class GetHpcVpcTests
    {
        private readonly NetworkSession _s;

        public GetHpcVpcTests(NetworkSession session) => _s = session;

        [Fact]
        public void Live_lists_the_networks_sorted_and_Cached_answers_from_the_state_store_without_any_call()
        {
            var prefix = _s.UniqueName("list");
            _s.CreateReady(prefix + "-b");
            _s.CreateReady(prefix + "-a");

            var live = _s.Invoke("Get-HpcVpc -Name ($args[0] + '-*')", prefix).Succeeded();
            Assert.Equal(new[] { prefix + "-a", prefix + "-b" }, live.Output.Select(o => o.Prop<string>("Name")));
            Assert.All(live.Output, o => Assert.Equal("Ready", o.Prop<string>("Status")));
            Assert.All(live.Output, o => Assert.Equal("PcHpc.Vpc", o.TypeNames[0]));

            _s.Aws.Calls.Clear();
            var cached = _s.Invoke("Get-HpcVpc -Name ($args[0] + '-*') -Cached -EndpointUrl http://127.0.0.1:9/", prefix).Succeeded();
            Assert.Equal(new[] { prefix + "-a", prefix + "-b" }, cached.Output.Select(o => o.Prop<string>("Name")));
            Assert.Empty(_s.Aws.Calls.All);

            var one = _s.Invoke("Get-HpcVpc -Name ($args[0] + '-?')", prefix).Succeeded();
            Assert.Equal(2, one.Output.Count);
            var exact = _s.Invoke("Get-HpcVpc $args[0]", prefix + "-b").Succeeded();
            Assert.Equal(prefix + "-b", Assert.Single(exact.Output).Prop<string>("Name"));
        }

        [Fact]
        public void Live_listing_drops_records_whose_stack_is_gone_and_says_so()
        {
            var name = _s.UniqueName("vanish");
            _s.CreateReady(name);
            // Deleted without waiting: the record stays (DELETE_IN_PROGRESS) until a live listing sees the stack gone.
            _s.Invoke("Remove-HpcVpc -Name $args[0] -Force", name).Succeeded();
            Assert.Equal("Deleting", Assert.Single(_s.Invoke("Get-HpcVpc -Cached -Name $args[0]", name).Succeeded().Output).Prop<string>("Status"));

            // The fake finishes the deletion after a describe or two.
            var r = _s.Invoke("Get-HpcVpc -Verbose | Out-Null; Get-HpcVpc -Verbose").Succeeded();

            Assert.DoesNotContain(r.Output, o => o.Prop<string>("Name") == name);
            Assert.Contains(r.Verbose, v => v.Contains("'" + name + "'") && v.Contains("removed it from the local state"));
            Assert.Empty(_s.Invoke("Get-HpcVpc -Cached -Name ($args[0] + '*')", name).Succeeded().Output);
        }

        // ---- an exact name that is not found is an error; a wildcard that matches nothing is not ----------------------

        [Fact]
        public void An_exact_name_not_found_live_is_a_non_terminating_ObjectNotFound_error()
        {
            var r = _s.Invoke("Get-HpcVpc -Name nosuch; 'after'");

            var error = r.SingleError();
            Assert.StartsWith("NetworkNotFound,", error.FullyQualifiedErrorId);
            Assert.Equal(ErrorCategory.ObjectNotFound, error.CategoryInfo.Category);
            Assert.Equal("nosuch", error.TargetObject);
            Assert.Equal(new object[] { "after" }, r.Objects);
        }

        [Fact]
        public void An_exact_name_not_found_in_the_cache_is_the_same_error()
        {
            _s.Aws.Calls.Clear();

            var r = _s.Invoke("Get-HpcVpc -Name nosuch -Cached");

            var error = r.SingleError();
            Assert.StartsWith("NetworkNotFound,", error.FullyQualifiedErrorId);
            Assert.Equal(ErrorCategory.ObjectNotFound, error.CategoryInfo.Category);
            Assert.Empty(_s.Aws.Calls.All);
        }

        [Theory]
        [InlineData("Get-HpcVpc -Name 'nosuch*'")]
        [InlineData("Get-HpcVpc -Name 'nosuch?'")]
        [InlineData("Get-HpcVpc -Name 'nosuch*' -Cached")]
        public void A_wildcard_that_matches_nothing_is_not_an_error(string command)
        {
            var r = _s.Invoke(command).Succeeded();
            Assert.Empty(r.Output);
        }

        [Fact]
        public void Remove_of_an_exact_name_not_found_is_the_same_ObjectNotFound_error_and_deletes_nothing()
        {
            _s.Aws.Calls.Clear();

            var r = _s.Invoke("Remove-HpcVpc -Name nosuch -Force; 'after'");

            var error = r.SingleError();
            Assert.StartsWith("NetworkNotFound,", error.FullyQualifiedErrorId);
            Assert.Equal(ErrorCategory.ObjectNotFound, error.CategoryInfo.Category);
            Assert.Equal(new object[] { "after" }, r.Objects);
            Assert.Empty(_s.MutatingCalls());
        }

        [Fact]
        public void Remove_refuses_a_wildcard_before_any_call_and_says_how_to_remove_several()
        {
            _s.Aws.Calls.Clear();

            var r = _s.Invoke("Remove-HpcVpc -Name 'nosuch*' -Force");

            var error = r.SingleError();
            Assert.StartsWith("InvalidNetworkName,", error.FullyQualifiedErrorId);
            Assert.Equal(ErrorCategory.InvalidData, error.CategoryInfo.Category);
            Assert.Contains("Get-HpcVpc -Name 'nosuch*' | Remove-HpcVpc", error.Exception.Message);
            Assert.Empty(_s.Aws.Calls.All);
        }

        [Theory]
        [InlineData("Get-HpcVpc -Name bad_name")]
        [InlineData("Remove-HpcVpc -Name bad_name -Force")]
        [InlineData("Remove-HpcVpc -Name 9net -Force")]
        public void A_name_that_cannot_be_a_network_is_refused_before_any_call(string command)
        {
            _s.Aws.Calls.Clear();

            var r = _s.Invoke(command);

            var error = r.SingleError();
            Assert.StartsWith("InvalidNetworkName,", error.FullyQualifiedErrorId);
            Assert.Contains("letters, digits and hyphens", error.Exception.Message);
            Assert.Empty(_s.Aws.Calls.All);
        }

        // ---- Remove-HpcVpc beyond the prompt ---------------------------------------------------------------------------

        [Fact]
        public void Remove_goes_on_after_a_failed_item_and_reports_each_failure_separately()
        {
            var name = _s.UniqueName("keepgoing");
            var id = _s.CreateReady(name);

            var r = _s.Invoke("'missing-net', $args[0] | ForEach-Object { [pscustomobject]@{ Name = $_; Region = 'us-east-1' } } | Remove-HpcVpc -Force", name);

            var error = r.SingleError();
            Assert.StartsWith("NetworkNotFound,", error.FullyQualifiedErrorId);
            Assert.Equal("missing-net", error.TargetObject);
            Assert.True(_s.DeleteRequested(id));
            Assert.Empty(r.Output);
            Assert.Equal("Deleting", Assert.Single(_s.Invoke("Get-HpcVpc -Cached -Name $args[0]", name).Succeeded().Output).Prop<string>("Status"));
        }

        [Fact]
        public void Piped_networks_are_removed_in_their_own_region()
        {
            var name = _s.UniqueName("westrm");
            var created = _s.Invoke("New-HpcVpc -Name $args[0] -Region eu-west-1 -CidrBlock 10.90.0.0/16 -Wait", name).Succeeded();
            var id = Assert.Single(created.Output).Prop<string>("StackId");
            _s.Aws.Calls.Clear();

            // The session's default region is us-east-1: Region binds from the piped object.
            var r = _s.Invoke("Get-HpcVpc -Region eu-west-1 -Name $args[0] | Remove-HpcVpc -Force", name).Succeeded();

            Assert.True(_s.DeleteRequested(id));
            Assert.All(_s.Aws.Calls.All, c => Assert.Equal("eu-west-1", c.Region));
        }

        [Fact]
        public void Remove_is_refused_while_a_cluster_uses_the_network_naming_it_and_Force_deletes_anyway()
        {
            var name = _s.UniqueName("busy");
            var net = Assert.Single(_s.Invoke("New-HpcVpc -Name $args[0] -CidrBlock 10.91.0.0/16 -Wait", name).Succeeded().Output);
            _s.Aws.Ec2.AddInstance(new FakeInstance
            {
                InstanceId = "i-0123456789abcdef0", Region = "us-east-1", VpcId = net.Prop<string>("VpcId"), SubnetId = net.Prop<string[]>("PublicSubnetIds")[0],
                Tags = { new KeyValuePair<string, string>("parallelcluster:cluster-name", "cfd-prod") },
            });
            // A cluster PcHpc created from this network (its record names the network's subnets).
            _s.Invoke(@"
                $net = Get-HpcVpc -Name $args[0]
                $net | New-HpcClusterConfig -HeadNodeInstanceType t3.medium -Queue (New-HpcQueueConfig -Name compute -InstanceType c5.large) | Export-HpcClusterConfig -Path (Join-Path $args[1] 'busy.yaml')
                New-HpcCluster -Name md-dev -ConfigPath (Join-Path $args[1] 'busy.yaml') | Out-Null", name, _s.StateHome).Succeeded();
            _s.Aws.Calls.Clear();

            var refused = _s.InvokeAnswering("Get-HpcVpc -Name $args[0] | Remove-HpcVpc", new string[0], name);

            var error = refused.SingleError();
            Assert.StartsWith("NetworkInUse,", error.FullyQualifiedErrorId);
            Assert.Contains("cfd-prod", error.Exception.Message);
            Assert.Contains("md-dev", error.Exception.Message);
            Assert.Empty(refused.Prompts);
            Assert.Equal(0, _s.Aws.Calls.Count("DeleteStack"));
            Assert.Equal("CREATE_COMPLETE", _s.StackStatus(net.Prop<string>("StackId")));

            var forced = _s.Invoke("Remove-HpcVpc -Name $args[0] -Force -Wait -PassThru", name).Succeeded();

            Assert.Contains(forced.Warnings, w => w.Contains("md-dev") && w.Contains("-Force"));
            Assert.Equal("Deleted", Assert.Single(forced.Output).Prop<string>("Status"));
            Assert.Equal("DELETE_COMPLETE", _s.StackStatus(net.Prop<string>("StackId")));
            Assert.Empty(_s.Invoke("Get-HpcVpc -Cached -Name ($args[0] + '*')", name).Succeeded().Output);
        }
    }
}
