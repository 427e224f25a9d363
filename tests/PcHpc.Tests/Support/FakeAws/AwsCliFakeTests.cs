using System;
using System.Diagnostics;
using System.IO;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using PcHpc.FakeAws;

namespace PcHpc.Tests.Support.FakeAws
{
    /// <summary>Runs when /usr/bin/aws (the AWS CLI) is installed; skipped with the reason otherwise.</summary>
    public sealed class AwsCliFactAttribute : FactAttribute
    {
        public const string CliPath = "/usr/bin/aws";
        public AwsCliFactAttribute()
        {
            if (!File.Exists(CliPath)) Skip = "The AWS CLI is not installed at " + CliPath + "; the real-client format check cannot run.";
        }
    }

    /// <summary>Proves the fake speaks formats a real AWS client (botocore via the AWS CLI) accepts.</summary>
    public class AwsCliFakeTests : IAsyncLifetime
    {
        private FakeAwsServer _server;

        public async Task InitializeAsync() => _server = await FakeAwsServer.StartAsync();

        public async Task DisposeAsync() => await _server.DisposeAsync();

        private (int ExitCode, string Stdout, string Stderr) Aws(params string[] args)
        {
            var psi = new ProcessStartInfo(AwsCliFactAttribute.CliPath)
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            psi.ArgumentList.Add("--endpoint-url");
            psi.ArgumentList.Add(_server.Url.ToString().TrimEnd('/'));
            psi.ArgumentList.Add("--output");
            psi.ArgumentList.Add("json");
            foreach (var a in args) psi.ArgumentList.Add(a);
            psi.Environment["AWS_ACCESS_KEY_ID"] = "AKIAFAKECLITEST00001";
            psi.Environment["AWS_SECRET_ACCESS_KEY"] = "fake/secret/key/for/the/loopback/fake0000";
            psi.Environment.Remove("AWS_SESSION_TOKEN");
            psi.Environment.Remove("AWS_PROFILE");
            psi.Environment["AWS_DEFAULT_REGION"] = "us-east-1";
            psi.Environment["AWS_CONFIG_FILE"] = "/nonexistent/aws-config";
            psi.Environment["AWS_SHARED_CREDENTIALS_FILE"] = "/nonexistent/aws-credentials";
            psi.Environment["AWS_EC2_METADATA_DISABLED"] = "true";
            psi.Environment["AWS_MAX_ATTEMPTS"] = "1";
            psi.Environment["AWS_PAGER"] = "";
            using var p = Process.Start(psi);
            var stdout = p.StandardOutput.ReadToEndAsync();
            var stderr = p.StandardError.ReadToEndAsync();
            if (!p.WaitForExit(TimeSpan.FromSeconds(120)))
            {
                p.Kill(true);
                throw new TimeoutException("aws " + string.Join(" ", args) + " did not finish");
            }
            return (p.ExitCode, stdout.Result, stderr.Result);
        }

        [AwsCliFact]
        public async Task AwsCli_UnderstandsCloudFormationEc2StsAndSsm()
        {
            _server.Ssm.RegisterInstance("i-0cli0000000000001");
            // Verify the real client's SigV4 signatures too.
            _server.Knobs.SigningSecrets["AKIAFAKECLITEST00001"] = "fake/secret/key/for/the/loopback/fake0000";
            var client = new FakeAwsClient(_server);
            await client.CfnAsync("CreateStack", ("StackName", "clinet"), ("TemplateBody", CloudFormationFakeTests.NetworkTemplate));

            var stacks = Aws("cloudformation", "describe-stacks");
            Assert.True(stacks.ExitCode == 0, stacks.Stderr + _server.LastSignatureFailure);
            Assert.Equal("clinet", JsonNode.Parse(stacks.Stdout)["Stacks"][0]["StackName"].ToString());

            var missing = Aws("cloudformation", "describe-stacks", "--stack-name", "nope");
            Assert.NotEqual(0, missing.ExitCode);
            Assert.Contains("ValidationError", missing.Stderr);
            Assert.Contains("Stack with id nope does not exist", missing.Stderr);

            var zones = Aws("ec2", "describe-availability-zones");
            Assert.True(zones.ExitCode == 0, zones.Stderr);
            var zoneList = JsonNode.Parse(zones.Stdout)["AvailabilityZones"].AsArray();
            Assert.Equal(3, zoneList.Count);
            Assert.Equal("us-east-1a", zoneList[0]["ZoneName"].ToString());
            Assert.Equal("available", zoneList[0]["State"].ToString());

            var who = Aws("sts", "get-caller-identity");
            Assert.True(who.ExitCode == 0, who.Stderr);
            Assert.Equal("123456789012", JsonNode.Parse(who.Stdout)["Account"].ToString());

            var send = Aws("ssm", "send-command", "--instance-ids", "i-0cli0000000000001", "--document-name", "AWS-RunShellScript",
                "--parameters", "{\"commands\":[\"echo cli-ok\"]}");
            Assert.True(send.ExitCode == 0, send.Stderr);
            var commandId = JsonNode.Parse(send.Stdout)["Command"]["CommandId"].ToString();

            var early = Aws("ssm", "get-command-invocation", "--command-id", commandId, "--instance-id", "i-0cli0000000000001");
            Assert.NotEqual(0, early.ExitCode);
            Assert.Contains("InvocationDoesNotExist", early.Stderr);

            JsonNode invocation = null;
            for (int i = 0; i < 30; i++)
            {
                var got = Aws("ssm", "get-command-invocation", "--command-id", commandId, "--instance-id", "i-0cli0000000000001");
                Assert.True(got.ExitCode == 0, got.Stderr);
                invocation = JsonNode.Parse(got.Stdout);
                if (invocation["Status"].ToString() == "Success") break;
                await Task.Delay(200);
            }
            Assert.Equal("Success", invocation["Status"].ToString());
            Assert.Equal("cli-ok\n", invocation["StandardOutputContent"].ToString());
            Assert.Equal(0, (int)invocation["ResponseCode"]);

            Assert.Contains(_server.Calls.All, c => c.Service == "ssm" && c.Action == "SendCommand" && c.AccessKey == "AKIAFAKECLITEST00001");
            Assert.Null(_server.LastSignatureFailure);

            // A wrong secret is caught.
            _server.Knobs.SigningSecrets["AKIAFAKECLITEST00001"] = "another-secret";
            var bad = Aws("sts", "get-caller-identity");
            Assert.NotEqual(0, bad.ExitCode);
            Assert.Contains("SignatureDoesNotMatch", bad.Stderr);
            client.Dispose();
        }
    }
}
