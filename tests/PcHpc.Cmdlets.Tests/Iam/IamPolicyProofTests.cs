using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Text.RegularExpressions;
using PcHpc.FakeAws;
using Xunit.Abstractions;

namespace PcHpc.Cmdlets.Tests.Iam
{
    /// <summary>
    /// Get-HpcIamPolicy, proven: every cmdlet of the module runs end to end against the fake AWS (first-time use: API
    /// discovery, role assumption, head node lookup), every AWS call it makes is recorded, and the policy
    /// Get-HpcIamPolicy -Cmdlet X emits allows exactly those actions (ParallelCluster API calls: exactly those routes).
    /// </summary>
    [Collection(IamCollection.Name)]
    public sealed class IamPolicyProofTests
    {
        private readonly IamProofSession _s;
        private readonly ITestOutputHelper _out;

        public IamPolicyProofTests(IamProofSession session, ITestOutputHelper output)
        {
            _s = session;
            _out = output;
        }

        /// <summary>Per cmdlet, the statements that use it in its widest way (-Wait, -Detailed, every parameter set that calls AWS).</summary>
        private static readonly (string Cmdlet, string Script)[] Scenarios =
        {
            ("Get-HpcAwsIdentity", "Get-HpcAwsIdentity"),
            ("Get-HpcApi", "Get-HpcApi"),
            ("Install-HpcApi", "Install-HpcApi -Region eu-west-1 -Wait -Confirm:$false"),
            ("New-HpcCluster", "New-HpcCluster -Name iam2 -ConfigPath $cfg -Wait"),
            ("Get-HpcCluster", "Get-HpcCluster -Detailed"),
            ("Wait-HpcCluster", "Wait-HpcCluster -Name iam"),
            ("Update-HpcCluster", "Update-HpcCluster -Name iam -ConfigPath $bigger -Force -Wait"),
            ("Get-HpcClusterInstance", "Get-HpcClusterInstance -Name iam"),
            ("Get-HpcClusterEvent", "Get-HpcClusterEvent -Name iam"),
            ("Get-HpcClusterLog", "Get-HpcClusterLog -Name iam | Select-Object -First 1 | Get-HpcClusterLog -Tail 5"),
            ("Export-HpcClusterLog", "Export-HpcClusterLog -Name iam -Path (Join-Path $env:PCHPC_HOME logs)"),
            ("Stop-HpcComputeFleet", "Stop-HpcComputeFleet -Name iam -Wait -Force"),
            ("Start-HpcComputeFleet", "Start-HpcComputeFleet -Name iam -Wait -Confirm:$false"),
            ("Remove-HpcClusterInstance", "Remove-HpcClusterInstance -Name iam -Force"),
            ("Remove-HpcCluster", "Remove-HpcCluster -Name iam2 -Force -Wait"),
            ("New-HpcVpc", "New-HpcVpc -Name iamnet -AvailabilityZoneCount 1 -Wait"),
            ("Get-HpcVpc", "Get-HpcVpc"),
            ("Remove-HpcVpc", "Remove-HpcVpc -Name iamnet -Force -Wait"),
            ("Invoke-HpcJob", "$global:iamJob = Invoke-HpcJob -ClusterName iam -Command 'echo iam' -Name pchpc-t-iam"),
            ("Wait-HpcJob", "Wait-HpcJob -ClusterName iam -Id $global:iamJob.Id -Timeout 600"),
            ("Get-HpcJob", "Get-HpcJob -ClusterName iam -Id $global:iamJob.Id"),
            ("Receive-HpcJob", "Receive-HpcJob -ClusterName iam -Id $global:iamJob.Id"),
            ("Stop-HpcJob", "Stop-HpcJob -ClusterName iam -Id $global:iamSleep.Id -Force"),
            ("Get-HpcQueue", "Get-HpcQueue -ClusterName iam"),
            ("Get-HpcNode", "Get-HpcNode -ClusterName iam"),
            ("New-HpcQueueConfig", "$global:iamQueue = New-HpcQueueConfig -Name compute -InstanceType c6i.xlarge -MaxCount 4"),
            ("New-HpcStorageConfig", "New-HpcStorageConfig -Type Efs -Name shared -MountDir /shared"),
            ("New-HpcClusterConfig", "$global:iamConfig = $global:iamQueue | New-HpcClusterConfig -Region us-east-1 -HeadNodeInstanceType t3.medium -HeadNodeSubnetId subnet-0123456789abcdef0"),
            ("Export-HpcClusterConfig", "$global:iamConfig | Export-HpcClusterConfig -Path (Join-Path $env:PCHPC_HOME c.yaml)"),
            ("Import-HpcClusterConfig", "Import-HpcClusterConfig -Path $cfg"),
            ("Test-HpcClusterConfig", "Test-HpcClusterConfig -Path $cfg"),
            ("Get-HpcIamPolicy", "Get-HpcIamPolicy -AsJson"),
            ("Get-HpcOfficialImage", "Get-HpcOfficialImage -Os alinux2023 -Architecture x86_64"),
            ("New-HpcImageConfig", "$global:iamImage = New-HpcImageConfig -ParentImage ami-0123456789abcdef0 -InstanceType c6i.xlarge"),
            ("New-HpcImage", "New-HpcImage -ImageId iam-image -Config $global:iamImage -Wait"),
            ("Get-HpcImage", "Get-HpcImage"),
            ("Wait-HpcImage", "Wait-HpcImage -ImageId iam-image"),
            ("Get-HpcImageLog", "Get-HpcImageLog -ImageId iam-image | Select-Object -First 1 | Get-HpcImageLog -Tail 5"),
            ("Remove-HpcImage", "Remove-HpcImage -ImageId iam-image -Force"),
            ("New-HpcSoftwareStack", "New-HpcSoftwareStack -Name bio -Package 'samtools@1.17'"),
            ("Get-HpcClusterSoftware", "Get-HpcClusterSoftware -ClusterName iam"),
            ("Test-HpcClusterSoftware", "$null = Test-HpcClusterSoftware -ClusterName iam"),
        };

        /// <summary>What a scenario needs first (run before recording starts).</summary>
        private static readonly Dictionary<string, string> Setups = new Dictionary<string, string>
        {
            ["Stop-HpcJob"] = "$global:iamSleep = Invoke-HpcJob -ClusterName iam -Command 'sleep 300' -Name pchpc-t-iamstop",
        };

        /// <summary>The IAM units a policy allows: "service:Action", and "execute-api:Invoke Operation" per API route.</summary>
        private static List<string> Units(string json)
        {
            var units = new List<string>();
            using var doc = JsonDocument.Parse(json);
            foreach (var st in doc.RootElement.GetProperty("Statement").EnumerateArray())
            {
                var actions = st.GetProperty("Action").EnumerateArray().Select(a => a.GetString()).ToList();
                var everywhere = st.GetProperty("Resource").EnumerateArray().Any(r => r.GetString() == "*");
                foreach (var action in actions)
                {
                    // DescribeStacks of every stack (no StackName) needs Resource "*" (see IamProofSession.Units).
                    if (action == "cloudformation:DescribeStacks" && everywhere) { units.Add(action + " *"); continue; }
                    if (action != "execute-api:Invoke") { units.Add(action); continue; }
                    foreach (var arn in st.GetProperty("Resource").EnumerateArray().Select(r => r.GetString()))
                    {
                        // arn:aws:execute-api:region:account:apiId/stage/METHOD/path
                        var m = Regex.Match(arn, @"^arn:aws:execute-api:[^:]+:[^:]+:\*/\*/([A-Z]+)(/.*)$");
                        Assert.True(m.Success, "not an execute-api route ARN: " + arn);
                        units.Add("execute-api:Invoke " + FakeParallelCluster.OperationOf(m.Groups[1].Value, m.Groups[2].Value.Replace("*", "x")));
                    }
                }
            }
            return Covered(units);
        }

        /// <summary>Distinct and sorted; DescribeStacks on one stack is covered by DescribeStacks on "*".</summary>
        internal static List<string> Covered(IEnumerable<string> units)
        {
            var set = new SortedSet<string>(units, StringComparer.Ordinal);
            if (set.Contains("cloudformation:DescribeStacks *")) set.Remove("cloudformation:DescribeStacks");
            return set.ToList();
        }

        [SkippableFact]
        public void Every_cmdlets_policy_allows_exactly_the_AWS_actions_it_calls()
        {
            Skip.If(_s.Unavailable != null, _s.Unavailable);
            var exported = _s.Invoke("(Get-Command -Module PcHpc).Name").Succeeded().Output.Select(o => o.BaseObject.ToString()).OrderBy(n => n, StringComparer.Ordinal).ToList();
            Assert.Equal(exported, Scenarios.Select(s => s.Cmdlet).Distinct().OrderBy(n => n, StringComparer.Ordinal));

            var observed = new Dictionary<string, List<string>>(StringComparer.Ordinal);
            var failures = new List<string>();
            foreach (var (cmdlet, script) in Scenarios)
            {
                if (Setups.TryGetValue(cmdlet, out var setup)) _s.Invoke(setup).Succeeded();
                var (result, units) = _s.Measure(script);
                Assert.True(result.Terminating == null && result.Errors.Count == 0, cmdlet + ": " + script + "\n" + result.Describe());
                observed[cmdlet] = Covered(units);
                _out.WriteLine(cmdlet + ": " + string.Join(", ", units));
            }
            var pairs = 0;
            foreach (var (cmdlet, units) in observed)
            {
                var policy = _s.Invoke("Get-HpcIamPolicy -Cmdlet $args[0] -AsJson -WarningAction SilentlyContinue", cmdlet).Succeeded();
                var allowed = policy.Output.Count == 0 ? new List<string>() : Units(policy.Output[0].BaseObject.ToString());
                var missing = units.Except(allowed).ToList();
                // ssm:ListCommands is asked only after a lost SendCommand answer (the table's "recovery" rows; the
                // fault tests in tests/PcHpc.Tests/Aws/OwnClient/NotIdempotentTests.cs see it asked).
                var extra = allowed.Except(units).Where(u => !(u == "ssm:ListCommands" && units.Contains("ssm:SendCommand"))).ToList();
                if (missing.Count > 0 || extra.Count > 0) failures.Add($"{cmdlet}: missing [{string.Join(", ", missing)}] extra [{string.Join(", ", extra)}]");
                pairs += units.Count;
            }
            var all = (string)_s.Invoke("Get-HpcIamPolicy -AsJson").Succeeded().Output.Single().BaseObject;
            _out.WriteLine($"(cmdlet, action) pairs proven: {pairs} over {observed.Count} cmdlets; policy for all: {Regex.Replace(all, @"\s", "").Length} characters without white space");
            Assert.True(failures.Count == 0, string.Join("\n", failures));
        }
    }
}

namespace PcHpc.Cmdlets.Tests.Iam
{
    /// <summary>Get-HpcIamPolicy's output is a valid IAM policy document, scoped as asked, and bad input fails first.</summary>
    [Collection(IamCollection.Name)]
    public sealed class IamPolicyDocumentTests
    {
        private static readonly HashSet<string> TopKeys = new HashSet<string> { "Version", "Statement" };
        private static readonly HashSet<string> StatementKeys = new HashSet<string> { "Sid", "Effect", "Action", "Resource", "Condition" };
        private readonly IamProofSession _s;

        public IamPolicyDocumentTests(IamProofSession session) => _s = session;

        /// <summary>The grammar of an identity-based policy (IAM JSON policy reference) as far as PcHpc uses it.</summary>
        internal static void AssertValidIamPolicy(string json)
        {
            using var doc = JsonDocument.Parse(json);
            var root = doc.RootElement;
            Assert.Equal(JsonValueKind.Object, root.ValueKind);
            Assert.All(root.EnumerateObject(), p => Assert.Contains(p.Name, TopKeys));
            Assert.Equal("2012-10-17", root.GetProperty("Version").GetString());
            var statements = root.GetProperty("Statement").EnumerateArray().ToList();
            Assert.NotEmpty(statements);
            var sids = new HashSet<string>();
            foreach (var st in statements)
            {
                Assert.All(st.EnumerateObject(), p => Assert.Contains(p.Name, StatementKeys));
                Assert.Matches("^[A-Za-z0-9]+$", st.GetProperty("Sid").GetString());
                Assert.True(sids.Add(st.GetProperty("Sid").GetString()), "duplicate Sid");
                Assert.Equal("Allow", st.GetProperty("Effect").GetString());
                var actions = st.GetProperty("Action").EnumerateArray().Select(a => a.GetString()).ToList();
                Assert.NotEmpty(actions);
                Assert.All(actions, a => Assert.Matches("^[a-z0-9-]+:[A-Za-z0-9]+$", a));
                var resources = st.GetProperty("Resource").EnumerateArray().Select(a => a.GetString()).ToList();
                Assert.NotEmpty(resources);
                Assert.All(resources, r => Assert.Matches(@"^(\*|arn:aws(-cn|-us-gov)?:[a-z0-9-]+:[a-z0-9-*]*:([0-9]{12}|\*)?:\S+)$", r));
                if (st.TryGetProperty("Condition", out var condition))
                {
                    foreach (var op in condition.EnumerateObject())
                    {
                        Assert.Contains(op.Name, new[] { "StringEquals", "StringLike" });
                        Assert.All(op.Value.EnumerateObject(), k => Assert.All(k.Value.EnumerateArray(), v => Assert.Equal(JsonValueKind.String, v.ValueKind)));
                    }
                }
            }
            // Managed policies: at most 6,144 characters, white space not counted.
            Assert.True(Regex.Replace(json, @"\s", "").Length <= 6144, "policy longer than IAM's managed policy limit");
        }

        [Fact]
        public void The_policy_for_all_cmdlets_is_a_valid_IAM_document()
        {
            var r = _s.Invoke("Get-HpcIamPolicy -AsJson").Succeeded();
            AssertValidIamPolicy((string)r.Output.Single().BaseObject);
            var scoped = _s.Invoke("Get-HpcIamPolicy -Region eu-west-1 -AccountId 123456789012 -ClusterName demo, 'prod-*' -AsJson").Succeeded();
            var json = (string)scoped.Output.Single().BaseObject;
            AssertValidIamPolicy(json);
            using var doc = JsonDocument.Parse(json);
            var resources = doc.RootElement.GetProperty("Statement").EnumerateArray().SelectMany(s => s.GetProperty("Resource").EnumerateArray().Select(x => x.GetString())).ToList();
            Assert.All(resources.Where(x => x != "*" && !x.Contains(":iam::") && !x.Contains(":document/")), x => Assert.Contains(":eu-west-1:123456789012:", x));
            Assert.Contains("arn:aws:execute-api:eu-west-1:123456789012:*/*/GET/v3/clusters/demo/logstreams/*", resources);
            Assert.Contains("arn:aws:execute-api:eu-west-1:123456789012:*/*/GET/v3/clusters/prod-*", resources);
            Assert.Contains("arn:aws:execute-api:eu-west-1:123456789012:*/*/GET/v3/clusters", resources);
            Assert.DoesNotContain(resources, x => x.Contains("/clusters/*"));
            Assert.Contains("arn:aws:iam::123456789012:role/*ParallelClusterApiUserRole*", resources);
            var ssm = doc.RootElement.GetProperty("Statement").EnumerateArray().Single(s => s.GetProperty("Sid").GetString() == "PcHpcSsmClusterHeadNodes");
            Assert.Equal(new[] { "demo", "prod-*" }, ssm.GetProperty("Condition").GetProperty("StringLike").GetProperty("ssm:resourceTag/parallelcluster:cluster-name").EnumerateArray().Select(v => v.GetString()));
        }

        [Fact]
        public void Cmdlets_bind_from_Get_Command_and_wildcards_and_offline_ones_need_nothing()
        {
            var r = _s.Invoke("Get-Command -Module PcHpc -Noun HpcJob | Get-HpcIamPolicy").Succeeded();
            var policy = r.Output.Single();
            Assert.Equal(new[] { "Get-HpcJob", "Invoke-HpcJob", "Receive-HpcJob", "Stop-HpcJob", "Wait-HpcJob" }, ((object[])policy.Properties["Cmdlets"].Value).Select(o => o.ToString()).OrderBy(n => n, StringComparer.Ordinal));
            Assert.Equal(new[] { "ec2:DescribeInstances", "ssm:DescribeInstanceInformation", "ssm:GetCommandInvocation", "ssm:ListCommands", "ssm:SendCommand" }, ((object[])policy.Properties["Actions"].Value).Select(o => o.ToString()));
            var same = _s.Invoke("(Get-HpcIamPolicy -Cmdlet *-HpcJob).Actions").Succeeded();
            Assert.Equal(5, same.Output.Count);
            var offline = _s.Invoke("Get-HpcIamPolicy -Cmdlet New-HpcQueueConfig, Test-HpcClusterConfig").Succeeded();
            Assert.Empty(offline.Output);
            Assert.Contains(offline.Warnings, w => w.Contains("no AWS service"));
        }

        [Fact]
        public void Bad_input_is_a_specific_error()
        {
            var calls = _s.Aws.Calls.All.Count;
            foreach (var (script, id) in new[]
            {
                ("Get-HpcIamPolicy -Cmdlet Get-HpcNothing", "UnknownCmdlet"),
                ("Get-HpcIamPolicy -Region us-est-1", "InvalidRegion"),
                ("Get-HpcIamPolicy -AccountId 12345", "InvalidAccountId"),
                ("Get-HpcIamPolicy -ClusterName 'bad name'", "InvalidClusterName"),
            })
            {
                var error = _s.Invoke(script).SingleError();
                Assert.StartsWith(id, error.FullyQualifiedErrorId);
            }
            Assert.Equal(calls, _s.Aws.Calls.All.Count);
        }
    }
}
