using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using PcHpc.Core.Ports;
using PcHpc.FakeAws;
using PcHpc.Tests.Support.FakeAws;
using Xunit.Abstractions;

using PcHpc.Tests.Support;
using PcHpc.Tests.Aws.OwnClient;

namespace PcHpc.Tests.Aws.Services
{
    /// <summary>
    /// Sends the same operations with the Debian AWS CLI (botocore) and with our adapters to the fake, then compares
    /// what the fake received: action, protocol, service/region scope and every parameter (query/ec2 forms exactly,
    /// JSON bodies structurally). Skipped with the reason when /usr/bin/aws is absent.
    /// </summary>
    public class AwsCliComparisonTests : IAsyncLifetime
    {
        private static readonly CancellationToken None = CancellationToken.None;
        private readonly ITestOutputHelper _output;
        private FakeAwsServer _server;
        private IAwsSession _session;

        public AwsCliComparisonTests(ITestOutputHelper output) => _output = output;

        public async Task InitializeAsync()
        {
            _server = await FakeAwsServer.StartAsync();
            _session = WireKit.Session(_server);
        }

        public async Task DisposeAsync()
        {
            _session.Dispose();
            await _server.DisposeAsync();
        }

        private FakeCall Cli(string action, params string[] args)
        {
            var psi = new ProcessStartInfo(AwsCliFactAttribute.CliPath) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            foreach (var a in new[] { "--endpoint-url", _server.Url.ToString().TrimEnd('/'), "--output", "json" }.Concat(args)) psi.ArgumentList.Add(a);
            psi.Environment["AWS_ACCESS_KEY_ID"] = WireKit.AccessKey;
            psi.Environment["AWS_SECRET_ACCESS_KEY"] = WireKit.SecretKey;
            foreach (var name in new[] { "AWS_SESSION_TOKEN", "AWS_PROFILE", "AWS_DEFAULT_PROFILE" }) psi.Environment.Remove(name);
            psi.Environment["AWS_DEFAULT_REGION"] = WireKit.Region;
            psi.Environment["AWS_CONFIG_FILE"] = "/nonexistent/aws-config";
            psi.Environment["AWS_SHARED_CREDENTIALS_FILE"] = "/nonexistent/aws-credentials";
            psi.Environment["AWS_EC2_METADATA_DISABLED"] = "true";
            psi.Environment["AWS_MAX_ATTEMPTS"] = "1";
            psi.Environment["AWS_PAGER"] = "";
            var before = _server.Calls.All.Count;
            using var p = Process.Start(psi);
            var stdout = p.StandardOutput.ReadToEndAsync();
            var stderr = p.StandardError.ReadToEndAsync();
            if (!p.WaitForExit(TimeSpan.FromSeconds(120)))
            {
                p.Kill(true);
                throw new TimeoutException("aws " + string.Join(" ", args) + " did not finish");
            }
            Assert.True(p.ExitCode == 0, "aws " + string.Join(" ", args) + ": " + stderr.Result + _server.LastSignatureFailure);
            return _server.Calls.All.Skip(before).Single(c => c.Action == action);
        }

        private async Task<FakeCall> Ours(string action, Func<Task> call)
        {
            var before = _server.Calls.All.Count;
            await call();
            return _server.Calls.All.Skip(before).Single(c => c.Action == action);
        }

        private void AssertSame(FakeCall cli, FakeCall ours, params string[] ignore)
        {
            _output.WriteLine($"{cli.Action}: cli {Describe(cli, ignore)}");
            _output.WriteLine($"{ours.Action}: ours {Describe(ours, ignore)}");
            Assert.Equal((cli.Service, cli.Region, cli.Action, cli.Protocol), (ours.Service, ours.Region, ours.Action, ours.Protocol));
            Assert.Equal(Form(cli, ignore), Form(ours, ignore));
            if (cli.Protocol == FakeProtocol.Json)
                Assert.True(JsonNode.DeepEquals(JsonNode.Parse(cli.Body), JsonNode.Parse(ours.Body)), "JSON bodies differ:\n" + cli.Body + "\n" + ours.Body);
        }

        private static string Form(FakeCall call, string[] ignore) =>
            string.Join("&", call.Parameters.Where(p => !ignore.Contains(p.Key)).OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => p.Key + "=" + string.Join(",", p.Value)));

        private static string Describe(FakeCall call, string[] ignore) =>
            call.Service + "/" + call.Region + " " + Form(call, ignore) + (call.Protocol == FakeProtocol.Json ? " " + call.Body : "");

        [AwsCliFact]
        public async Task QueryAndEc2Operations_SendWhatTheAwsCliSends()
        {
            AssertSame(Cli("GetCallerIdentity", "sts", "get-caller-identity"),
                await Ours("GetCallerIdentity", () => _session.Sts.GetCallerIdentityAsync(None)));

            AssertSame(Cli("AssumeRole", "sts", "assume-role", "--role-arn", "arn:aws:iam::123456789012:role/ParallelClusterApiUserRole-x", "--role-session-name", "pchpc", "--duration-seconds", "900"),
                await Ours("AssumeRole", () => _session.Sts.AssumeRoleAsync("arn:aws:iam::123456789012:role/ParallelClusterApiUserRole-x", "pchpc", 900, None)));

            AssertSame(Cli("DescribeVpcs", "ec2", "describe-vpcs", "--filters", "Name=tag:Name,Values=hpc-vpc,other", "Name=state,Values=available"),
                await Ours("DescribeVpcs", () => _session.Ec2.DescribeVpcsAsync(null, new[] { new Ec2Filter("tag:Name", "hpc-vpc", "other"), new Ec2Filter("state", "available") }, None)));

            AssertSame(Cli("DescribeAvailabilityZones", "ec2", "describe-availability-zones", "--all-availability-zones", "--zone-names", "us-east-1a", "us-east-1b"),
                await Ours("DescribeAvailabilityZones", () => _session.Ec2.DescribeAvailabilityZonesAsync(new[] { "us-east-1a", "us-east-1b" }, null, true, None)));

            AssertSame(Cli("DescribeInstanceTypes", "ec2", "describe-instance-types", "--instance-types", "c5n.18xlarge", "hpc7g.16xlarge"),
                await Ours("DescribeInstanceTypes", () => _session.Ec2.DescribeInstanceTypesAsync(new[] { "c5n.18xlarge", "hpc7g.16xlarge" }, null, None)));

            // Stack names differ (both create a stack); every other parameter must match.
            AssertSame(Cli("CreateStack", "cloudformation", "create-stack", "--stack-name", "cli-net", "--template-body", CloudFormationFakeTests.NetworkTemplate,
                    "--parameters", "ParameterKey=Cidr,ParameterValue=10.9.0.0/16", "--tags", "Key=pchpc:network,Value=n1", "--capabilities", "CAPABILITY_IAM", "--on-failure", "DELETE", "--timeout-in-minutes", "30",
                    "--client-request-token", "pchpc-compare-1"),
                await Ours("CreateStack", () => _session.CloudFormation.CreateStackAsync(new CreateStackRequest
                {
                    StackName = "our-net", TemplateBody = CloudFormationFakeTests.NetworkTemplate, Parameters = new Dictionary<string, string> { ["Cidr"] = "10.9.0.0/16" },
                    Tags = { new ResourceTag("pchpc:network", "n1") }, Capabilities = { "CAPABILITY_IAM" }, OnFailure = "DELETE", TimeoutInMinutes = 30,
                    ClientRequestToken = "pchpc-compare-1",
                }, None)), "StackName");

            AssertSame(Cli("DescribeStacks", "cloudformation", "describe-stacks", "--stack-name", "cli-net"),
                await Ours("DescribeStacks", () => _session.CloudFormation.DescribeStacksAsync("cli-net", None)));

            AssertSame(Cli("ListStacks", "cloudformation", "list-stacks", "--stack-status-filter", "CREATE_COMPLETE", "UPDATE_COMPLETE"),
                await Ours("ListStacks", () => _session.CloudFormation.ListStacksAsync(new[] { "CREATE_COMPLETE", "UPDATE_COMPLETE" }, None)));

            AssertSame(Cli("DeleteStack", "cloudformation", "delete-stack", "--stack-name", "cli-net"),
                await Ours("DeleteStack", () => _session.CloudFormation.DeleteStackAsync("cli-net", None)));
        }

        [AwsCliFact]
        public async Task SsmJsonOperations_SendWhatTheAwsCliSends()
        {
            _server.Ssm.RegisterInstance("i-0clicompare00001");
            AssertSame(Cli("DescribeInstanceInformation", "ssm", "describe-instance-information", "--filters", "Key=InstanceIds,Values=i-0clicompare00001"),
                await Ours("DescribeInstanceInformation", () => _session.Ssm.DescribeInstanceInformationAsync(new[] { "i-0clicompare00001" }, None)));

            var cli = Cli("SendCommand", "ssm", "send-command", "--instance-ids", "i-0clicompare00001", "--document-name", "AWS-RunShellScript",
                "--parameters", "{\"commands\":[\"echo hi\"],\"executionTimeout\":[\"60\"]}", "--comment", "compare", "--timeout-seconds", "600");
            var ours = await Ours("SendCommand", () => _session.Ssm.SendCommandAsync(new SendCommandRequest
            {
                InstanceIds = { "i-0clicompare00001" },
                Parameters = { ["commands"] = new List<string> { "echo hi" }, ["executionTimeout"] = new List<string> { "60" } },
                Comment = "compare",
                TimeoutSeconds = 600,
            }, None));
            AssertSame(cli, ours);

            AssertSame(Cli("ListCommandInvocations", "ssm", "list-command-invocations", "--instance-id", "i-0clicompare00001", "--details"),
                await Ours("ListCommandInvocations", () => _session.Ssm.ListCommandInvocationsAsync(null, "i-0clicompare00001", None)));
        }
    }
}
