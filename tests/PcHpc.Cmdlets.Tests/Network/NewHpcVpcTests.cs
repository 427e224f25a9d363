using System;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Text.RegularExpressions;
using PcHpc.Cmdlets.Tests.Support;
using PcHpc.FakeAws;

namespace PcHpc.Cmdlets.Tests.Network
{
    /// <summary>New-HpcVpc through the real engine against the loopback fake CloudFormation/EC2.</summary>
    [Collection(NetworkCollection.Name)]
    public class NewHpcVpcTests
    {
        private readonly NetworkSession _s;

        public NewHpcVpcTests(NetworkSession session) => _s = session;

        private string FreshDirectory()
        {
            var dir = Path.Combine(_s.StateHome, "work-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(dir);
            _s.Invoke("Set-Location -LiteralPath $args[0]", dir).Succeeded();
            return dir;
        }

        [Fact]
        public void Without_Wait_it_returns_Creating_at_once_in_the_session_region_and_records_the_network()
        {
            var name = _s.UniqueName("quick");
            _s.Aws.Calls.Clear();

            var r = _s.Invoke("New-HpcVpc -Name $args[0] -CidrBlock 10.201.0.0/16", name).Succeeded();

            var vpc = Assert.Single(r.Output);
            Assert.Equal("PcHpc.Vpc", vpc.TypeNames[0]);
            Assert.Equal("Creating", vpc.Prop<string>("Status"));
            Assert.Equal(name, vpc.Prop<string>("Name"));
            Assert.Equal("us-east-1", vpc.Prop<string>("Region"));   // from $StoredAWSRegion, as Set-DefaultAWSRegion leaves it
            Assert.All(_s.Aws.Calls.All, c => Assert.Equal("us-east-1", c.Region));
            Assert.Equal(1, _s.Aws.Calls.Count("CreateStack"));
            Assert.Equal(0, _s.Aws.Calls.Count("DescribeStackEvents"));
            Assert.Empty(r.Progress);
            Assert.Empty(r.OffThreadCalls);
            Assert.Equal("CREATE_IN_PROGRESS", _s.Aws.CloudFormation.Find(name).Status);
            var cached = _s.Invoke("Get-HpcVpc -Cached -Name $args[0]", name).Succeeded();
            Assert.Equal("CREATE_IN_PROGRESS", Assert.Single(cached.Output).Prop<string>("StackStatus"));
        }

        [Fact]
        public void Region_parameter_sends_every_call_to_that_region()
        {
            var name = _s.UniqueName("west");
            _s.Aws.Calls.Clear();

            var r = _s.Invoke("New-HpcVpc -Name $args[0] -Region eu-west-1 -CidrBlock 10.202.0.0/16", name).Succeeded();

            Assert.Equal("eu-west-1", Assert.Single(r.Output).Prop<string>("Region"));
            Assert.NotEmpty(_s.Aws.Calls.All);
            Assert.All(_s.Aws.Calls.All, c => Assert.Equal("eu-west-1", c.Region));
        }

        [Fact]
        public void With_Wait_it_shows_progress_on_the_pipeline_thread_and_returns_the_ready_network_whose_subnets_exist()
        {
            var name = _s.UniqueName("waited");

            var r = _s.Invoke("New-HpcVpc -Name $args[0] -CidrBlock 10.203.0.0/16 -Wait", name).Succeeded();

            var vpc = Assert.Single(r.Output);
            Assert.Equal("Ready", vpc.Prop<string>("Status"));
            Assert.Equal("10.203.0.0/16", vpc.Prop<string>("CidrBlock"));
            Assert.Equal(new[] { "us-east-1a", "us-east-1b" }, vpc.Prop<string[]>("AvailabilityZones"));
            Assert.Equal("Single", vpc.Prop<string>("NatGateway"));
            var pub = vpc.Prop<string[]>("PublicSubnetIds");
            var prv = vpc.Prop<string[]>("PrivateSubnetIds");
            Assert.Equal(2, pub.Length);
            Assert.Equal(2, prv.Length);
            Assert.Contains(r.Progress, p => p.RecordType == ProgressRecordType.Processing && p.StatusDescription.Contains("resources created"));
            Assert.Equal(ProgressRecordType.Completed, r.Progress.Last().RecordType);
            Assert.Empty(r.OffThreadCalls);
            // The ids the network reports are real subnets of its VPC at the fake EC2.
            var vpcId = vpc.Prop<string>("VpcId");
            Assert.Equal(pub.Concat(prv).OrderBy(x => x), _s.Aws.Ec2.Subnets.Where(x => x.VpcId == vpcId).Select(x => x.SubnetId).OrderBy(x => x));
            var cached = Assert.Single(_s.Invoke("Get-HpcVpc -Cached -Name $args[0]", name).Succeeded().Output);
            Assert.Equal("CREATE_COMPLETE", cached.Prop<string>("StackStatus"));
            Assert.Equal(vpcId, cached.Prop<string>("VpcId"));
        }

        [Fact]
        public void Confirm_prompt_says_what_will_be_created_and_No_creates_nothing()
        {
            var name = _s.UniqueName("asked");
            _s.Aws.Calls.Clear();

            var r = _s.InvokeAnswering("New-HpcVpc -Name $args[0] -CidrBlock 10.204.0.0/16 -Confirm", new[] { "N" }, name).Succeeded();

            var prompt = Assert.Single(r.Prompts);
            Assert.Contains("2 public and 2 private subnet(s)", prompt);
            Assert.Contains("VPC 10.204.0.0/16", prompt);
            Assert.Empty(r.Output);
            Assert.Empty(_s.MutatingCalls());
            Assert.Null(_s.Aws.CloudFormation.Find(name));
        }

        [Fact]
        public void A_failed_stack_names_the_failing_resource_and_its_reason_and_the_record_keeps_it()
        {
            var name = _s.UniqueName("broken");
            _s.Aws.CloudFormation.FailResource(name, "NatGateway1", "Elastic IP address limit exceeded (fake).");

            var r = _s.Invoke("New-HpcVpc -Name $args[0] -CidrBlock 10.205.0.0/16 -Wait", name);

            var error = r.SingleError();
            Assert.StartsWith("NetworkCreateFailed,", error.FullyQualifiedErrorId);
            var message = error.Exception.Message;
            Assert.Contains("NatGateway1", message);
            Assert.Contains("AWS::EC2::NatGateway", message);
            Assert.Contains("Elastic IP address limit exceeded (fake).", message);
            Assert.Contains("ROLLBACK_COMPLETE", message);
            Assert.Equal(ProgressRecordType.Completed, r.Progress.Last().RecordType);
            var cached = Assert.Single(_s.Invoke("Get-HpcVpc -Cached -Name $args[0]", name).Succeeded().Output);
            Assert.Contains("Elastic IP", cached.Prop<string>("FailureReason"));
        }

        [Fact]
        public void Running_the_same_command_again_returns_the_existing_network_without_creating_or_asking()
        {
            var name = _s.UniqueName("twice");
            var first = Assert.Single(_s.Invoke("New-HpcVpc -Name $args[0] -CidrBlock 10.206.0.0/16 -Wait", name).Succeeded().Output);
            _s.Aws.Calls.Clear();

            var r = _s.InvokeAnswering("New-HpcVpc -Name $args[0] -CidrBlock 10.206.0.0/16 -Wait -Confirm", new string[0], name).Succeeded();

            var again = Assert.Single(r.Output);
            Assert.Equal(first.Prop<string>("StackId"), again.Prop<string>("StackId"));
            Assert.Equal(first.Prop<string>("VpcId"), again.Prop<string>("VpcId"));
            Assert.Empty(r.Prompts);
            Assert.Empty(_s.MutatingCalls());
        }

        [Fact]
        public void Re_running_with_Wait_while_the_first_is_still_creating_waits_for_that_stack()
        {
            var name = _s.UniqueName("inflight");
            PsResult r;
            _s.Aws.Knobs.TransitionPolls = 4;   // still CREATE_IN_PROGRESS when the second command looks
            try
            {
                _s.Invoke("New-HpcVpc -Name $args[0] -CidrBlock 10.207.0.0/16", name).Succeeded();
                _s.Aws.Calls.Clear();

                r = _s.Invoke("New-HpcVpc -Name $args[0] -CidrBlock 10.207.0.0/16 -Wait", name).Succeeded();
            }
            finally
            {
                _s.Aws.Knobs.TransitionPolls = 1;
            }

            var vpc = Assert.Single(r.Output);
            Assert.Equal("Ready", vpc.Prop<string>("Status"));
            Assert.Equal(2, vpc.Prop<string[]>("PrivateSubnetIds").Length);
            Assert.Equal(0, _s.Aws.Calls.Count("CreateStack"));
            Assert.NotEmpty(r.Progress);
            Assert.Empty(r.OffThreadCalls);
        }

        [Fact]
        public void Re_creating_with_different_settings_is_a_clear_error_and_creates_nothing()
        {
            var name = _s.UniqueName("differs");
            _s.Invoke("New-HpcVpc -Name $args[0] -CidrBlock 10.208.0.0/16 -Wait", name).Succeeded();
            _s.Aws.Calls.Clear();

            var r = _s.Invoke("New-HpcVpc -Name $args[0] -CidrBlock 10.208.0.0/16 -NatGateway PerAz", name);

            var error = r.SingleError();
            Assert.StartsWith("NetworkExistsWithDifferentSettings,", error.FullyQualifiedErrorId);
            Assert.Equal(ErrorCategory.ResourceExists, error.CategoryInfo.Category);
            Assert.Contains("-NatGateway is Single there, not PerAz", error.Exception.Message);
            Assert.Empty(_s.MutatingCalls());
        }

        [Fact]
        public void WhatIf_says_what_would_be_created_and_makes_no_mutating_call()
        {
            var name = _s.UniqueName("preview");
            _s.Aws.Calls.Clear();

            var r = _s.Invoke("New-HpcVpc -Name $args[0] -CidrBlock 10.209.0.0/16 -NatGateway PerAz -AvailabilityZoneCount 3 -WhatIf", name).Succeeded();

            Assert.Empty(r.Output);
            var line = Assert.Single(r.HostText, t => t.StartsWith("What if:"));
            Assert.Contains("\"" + name + "\"", line);
            Assert.Contains("3 public and 3 private subnet(s)", line);
            Assert.Contains("NAT gateway PerAz (3 NAT gateways)", line);
            Assert.Empty(_s.MutatingCalls());
            Assert.Null(_s.Aws.CloudFormation.Find(name));
            Assert.Empty(_s.Invoke("Get-HpcVpc -Cached -Name $args[0]", name).Output);
        }

        [Fact]
        public void WhatIf_for_a_network_that_exists_says_nothing_would_be_created_and_returns_nothing()
        {
            var name = _s.UniqueName("exists");
            _s.Invoke("New-HpcVpc -Name $args[0] -CidrBlock 10.210.0.0/16 -Wait", name).Succeeded();
            _s.Aws.Calls.Clear();

            var r = _s.Invoke("New-HpcVpc -Name $args[0] -CidrBlock 10.210.0.0/16 -WhatIf", name).Succeeded();

            var line = Assert.Single(r.HostText, t => t.StartsWith("What if:"));
            Assert.Contains("Nothing to create", line);
            Assert.Contains("already exists", line);
            Assert.DoesNotContain("Create network stack", line);
            Assert.Empty(r.Output);
            Assert.Empty(_s.MutatingCalls());
        }

        [Fact]
        public void Bad_input_names_every_bad_parameter_before_any_remote_call()
        {
            _s.Aws.Calls.Clear();

            var r = _s.Invoke("New-HpcVpc -Name hpc_net -AvailabilityZoneCount 9 -AllowSshFrom nope -Tag @{ 'aws:x' = 1 }");

            var error = r.SingleError();
            Assert.StartsWith("InvalidNetworkRequest,", error.FullyQualifiedErrorId);
            Assert.Equal(ErrorCategory.InvalidData, error.CategoryInfo.Category);
            var message = error.Exception.Message;
            foreach (var p in new[] { "-Name", "-AvailabilityZoneCount", "-AllowSshFrom", "-Tag" }) Assert.Contains(p, message);
            // Every parameter the message names is a parameter of New-HpcVpc.
            var parameters = _s.Invoke("(Get-Command New-HpcVpc).Parameters.Keys").Succeeded().Objects.Cast<string>().ToList();
            foreach (Match m in Regex.Matches(message, @"(?<=\s|^)-([A-Z][A-Za-z]+)")) Assert.Contains(m.Groups[1].Value, parameters);
            Assert.Empty(_s.Aws.Calls.All);
        }

        [Fact]
        public void A_block_too_large_for_AWS_is_refused_naming_CidrBlock_before_any_remote_call()
        {
            _s.Aws.Calls.Clear();

            var r = _s.Invoke("New-HpcVpc -Name bad -CidrBlock 10.0.0.0/8");

            Assert.StartsWith("InvalidNetworkRequest,", r.SingleError().FullyQualifiedErrorId);
            Assert.Contains("-CidrBlock", r.SingleError().Exception.Message);
            Assert.Empty(_s.Aws.Calls.All);
        }

        [Fact]
        public void Zone_count_and_pinned_zones_together_do_not_bind()
        {
            var r = _s.Invoke("New-HpcVpc -Name x -AvailabilityZoneCount 2 -AvailabilityZone us-east-1a");
            Assert.StartsWith("AmbiguousParameterSet", r.SingleError().FullyQualifiedErrorId);
        }

        [Fact]
        public void Pinned_zones_are_used_as_given()
        {
            var name = _s.UniqueName("pinned");
            var r = _s.Invoke("New-HpcVpc -Name $args[0] -CidrBlock 10.211.0.0/16 -AvailabilityZone us-east-1c, us-east-1a -Wait", name).Succeeded();
            Assert.Equal(new[] { "us-east-1c", "us-east-1a" }, Assert.Single(r.Output).Prop<string[]>("AvailabilityZones"));
        }

        [Fact]
        public void NatGateway_None_warns_on_the_warning_stream()
        {
            var name = _s.UniqueName("nonat");
            var r = _s.Invoke("New-HpcVpc -Name $args[0] -CidrBlock 10.212.0.0/16 -NatGateway None", name).Succeeded();
            Assert.Contains(r.Warnings, w => w.Contains("-NatGateway None"));
            Assert.Equal("None", Assert.Single(r.Output).Prop<string>("NatGateway"));
            Assert.Empty(r.OffThreadCalls);
        }

        // ---- CIDR block: given or chosen -------------------------------------------------------------------------------

        [Fact]
        public void A_given_CidrBlock_that_overlaps_an_existing_network_is_refused_with_a_free_suggestion()
        {
            var first = _s.UniqueName("first");
            _s.Invoke("New-HpcVpc -Name $args[0] -CidrBlock 10.213.0.0/16 -Wait", first).Succeeded();
            var second = _s.UniqueName("second");

            var r = _s.Invoke("New-HpcVpc -Name $args[0] -CidrBlock 10.213.0.0/20", second);

            var error = r.SingleError();
            Assert.StartsWith("InvalidNetworkRequest,", error.FullyQualifiedErrorId);
            Assert.Contains("-CidrBlock 10.213.0.0/20 overlaps 10.213.0.0/16", error.Exception.Message);
            Assert.Contains("such as", error.Exception.Message);
            Assert.Null(_s.Aws.CloudFormation.Find(second));
        }

        [Fact]
        public void Without_CidrBlock_a_second_network_gets_the_first_free_block_and_says_which()
        {
            // README's sequence: two networks with the default block, a few lines apart.
            var a = _s.UniqueName("auto-a");
            var b = _s.UniqueName("auto-b");
            var ra = _s.Invoke("New-HpcVpc -Name $args[0] -Wait -Verbose", a).Succeeded();
            var blockA = Assert.Single(ra.Output).Prop<string>("CidrBlock");

            var rb = _s.Invoke("New-HpcVpc -Name $args[0] -Wait -Verbose", b).Succeeded();

            var blockB = Assert.Single(rb.Output).Prop<string>("CidrBlock");
            Assert.NotEqual(blockA, blockB);
            Assert.EndsWith("/16", blockB);
            Assert.StartsWith("10.", blockB);
            Assert.Contains(rb.Verbose, v => v.Contains("No -CidrBlock was given and 10.0.0.0/16 overlaps") && v.Contains("gets " + blockB));
            // Every VPC in the region at the fake keeps a distinct block.
            var blocks = _s.Aws.Ec2.Vpcs.Where(v => v.Region == "us-east-1").Select(v => v.CidrBlock).ToList();
            Assert.Equal(blocks.Count, blocks.Distinct().Count());
            // The chosen block shows in the table view.
            var table = string.Join("\n", _s.Invoke("$args[0] | Format-Table | Out-String -Width 200", rb.Output[0]).Succeeded().Objects);
            Assert.Contains(blockB, table);

            // Running the same command again returns that network: the chosen block is not a different setting.
            _s.Aws.Calls.Clear();
            var again = _s.Invoke("New-HpcVpc -Name $args[0] -Wait", b).Succeeded();
            Assert.Equal(blockB, Assert.Single(again.Output).Prop<string>("CidrBlock"));
            Assert.Empty(_s.MutatingCalls());
        }

        [Fact]
        public void Without_CidrBlock_WhatIf_shows_the_block_that_would_be_chosen()
        {
            var a = _s.UniqueName("taken");
            var blockA = Assert.Single(_s.Invoke("New-HpcVpc -Name $args[0]", a).Succeeded().Output).Prop<string>("CidrBlock");
            var b = _s.UniqueName("wouldbe");

            var r = _s.Invoke("New-HpcVpc -Name $args[0] -WhatIf", b).Succeeded();

            var line = Assert.Single(r.HostText, t => t.StartsWith("What if:"));
            Assert.DoesNotContain("VPC " + blockA + ",", line);
            Assert.Matches(@"VPC 10\.\d+\.0\.0/16,", line);
        }

        [Fact]
        public void Without_CidrBlock_Export_avoids_the_block_of_a_network_still_being_created()
        {
            var a = _s.UniqueName("inprogress");
            var blockA = Assert.Single(_s.Invoke("New-HpcVpc -Name $args[0]", a).Succeeded().Output).Prop<string>("CidrBlock");
            var dir = FreshDirectory();

            _s.Invoke("New-HpcVpc -Name $args[0] -Export next.json", _s.UniqueName("next")).Succeeded();

            var template = File.ReadAllText(Path.Combine(dir, "next.json"));
            Assert.DoesNotContain("\"" + blockA + "\"", template);
            Assert.Matches(@"""CidrBlock"": ""10\.\d+\.0\.0/16""", template);
        }

        // ---- -Export ----------------------------------------------------------------------------------------------------

        [Fact]
        public void Export_with_pinned_zones_writes_the_template_relative_to_the_current_location_without_any_remote_call_or_output()
        {
            var dir = FreshDirectory();
            _s.Aws.Calls.Clear();

            var r = _s.Invoke("New-HpcVpc -Name exported -AvailabilityZone us-east-1a, us-east-1b -Export net.json").Succeeded();

            Assert.Empty(r.Output);
            var path = Path.Combine(dir, "net.json");
            Assert.Contains("\"PcHpc::Network\"", File.ReadAllText(path));
            Assert.Empty(_s.Aws.Calls.All);
            Assert.Empty(_s.Invoke("Get-HpcVpc -Cached -Name exported -ErrorAction SilentlyContinue").Output);
        }

        [Fact]
        public void Export_with_PassThru_returns_the_file()
        {
            var dir = FreshDirectory();

            var r = _s.Invoke("New-HpcVpc -Name exported -AvailabilityZone us-east-1a -Export net.json -PassThru").Succeeded();

            var file = Assert.IsType<FileInfo>(Assert.Single(r.Objects));
            Assert.Equal(Path.Combine(dir, "net.json"), file.FullName);
        }

        [Fact]
        public void Export_without_pinned_zones_asks_aws_read_only_and_creates_nothing()
        {
            var dir = FreshDirectory();
            var name = _s.UniqueName("planned");
            _s.Aws.Calls.Clear();

            var r = _s.Invoke("New-HpcVpc -Name $args[0] -Export planned.json -Confirm:$false", name).Succeeded();

            Assert.Empty(r.Output);
            Assert.Contains("\"us-east-1a\"", File.ReadAllText(Path.Combine(dir, "planned.json")));
            Assert.Contains(_s.Aws.Calls.All, c => c.Action == "DescribeAvailabilityZones");
            Assert.Empty(_s.MutatingCalls());
            Assert.Null(_s.Aws.CloudFormation.Find(name));
            Assert.Empty(_s.Invoke("Get-HpcVpc -Cached -Name $args[0] -ErrorAction SilentlyContinue", name).Output);
        }

        [Fact]
        public void Export_never_replaces_an_existing_file()
        {
            var dir = FreshDirectory();
            File.WriteAllText(Path.Combine(dir, "keep.json"), "keep");

            var r = _s.Invoke("New-HpcVpc -Name keep -AvailabilityZone us-east-1a -Export keep.json");

            Assert.StartsWith("TemplateFileExists,", r.SingleError().FullyQualifiedErrorId);
            Assert.Equal("keep", File.ReadAllText(Path.Combine(dir, "keep.json")));
        }

        // ---- the hand-off to cluster configuration -------------------------------------------------------------------------

        [Fact]
        public void The_new_network_pipes_into_New_HpcClusterConfig_with_a_public_head_node_and_private_queues()
        {
            var name = _s.UniqueName("piped");
            var r = _s.Invoke(@"
                $net = New-HpcVpc -Name $args[0] -CidrBlock 10.214.0.0/16 -Wait
                $config = $net | New-HpcClusterConfig -HeadNodeInstanceType t3.medium -Queue (New-HpcQueueConfig -Name compute -InstanceType c5.large)
                [pscustomobject]@{
                    Public = $net.PublicSubnetIds; Private = $net.PrivateSubnetIds
                    Head = $config.HeadNode.Networking.SubnetId; Queue = $config.Scheduling.SlurmQueues[0].Networking.SubnetIds
                    Region = $config.Region
                }", name).Succeeded();

            var o = Assert.Single(r.Output);
            Assert.Equal(o.Prop<string[]>("Public")[0], o.Prop<string>("Head"));
            Assert.Equal(o.Prop<string[]>("Private"), o.Prop<string[]>("Queue"));
            Assert.Equal("us-east-1", o.Prop<string>("Region"));
        }
    }
}
