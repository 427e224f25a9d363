using System;
using System.IO;
using System.Linq;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using PcHpc.FakeAws;

namespace PcHpc.Tests.Support.FakeAws
{
    public class SsmFakeTests : IAsyncLifetime
    {
        private FakeAwsServer _server;
        private FakeAwsClient _client;

        public async Task InitializeAsync()
        {
            _server = await FakeAwsServer.StartAsync();
            _server.Ssm.RegisterInstance("i-0head000000000001");
            _client = new FakeAwsClient(_server);
        }

        public async Task DisposeAsync()
        {
            _client.Dispose();
            await _server.DisposeAsync();
        }

        private async Task<string> Send(params string[] commands)
        {
            var r = await _client.SsmAsync("SendCommand", new
            {
                InstanceIds = new[] { "i-0head000000000001" },
                DocumentName = "AWS-RunShellScript",
                Parameters = new { commands, executionTimeout = new[] { "60" } },
                Comment = "test",
            });
            Assert.Equal(200, r.Status);
            Assert.Equal("Pending", r.Json["Command"]["Status"].ToString());
            return r.Json["Command"]["CommandId"].ToString();
        }

        private Task<FakeAwsClient.Reply> Get(string commandId) =>
            _client.SsmAsync("GetCommandInvocation", new { CommandId = commandId, InstanceId = "i-0head000000000001" });

        /// <summary>Polls until the invocation is finished (bounded by a generous deadline; not a timing assertion).</summary>
        private async Task<JsonNode> WaitFinished(string commandId, int timeoutSeconds = 60)
        {
            var deadline = DateTime.UtcNow.AddSeconds(timeoutSeconds);
            while (true)
            {
                var r = await Get(commandId);
                if (r.Status == 200)
                {
                    var status = r.Json["Status"].ToString();
                    if (status is "Success" or "Failed" or "TimedOut" or "Cancelled") return r.Json;
                }
                if (DateTime.UtcNow > deadline) throw new TimeoutException("command did not finish: " + r.Body);
                await Task.Delay(50);
            }
        }

        [Fact]
        public async Task SendCommand_RunsTheScript_AndReportsSuccessWithOutput()
        {
            var id = await Send("echo hello from $AWS_SSM_INSTANCE_ID", "echo oops >&2");
            var first = await Get(id);
            Assert.Equal(400, first.Status);
            Assert.Equal("InvocationDoesNotExist", first.Json["__type"].ToString());
            var done = await WaitFinished(id);
            Assert.Equal("Success", done["Status"].ToString());
            Assert.Equal(0, (int)done["ResponseCode"]);
            Assert.Equal("hello from i-0head000000000001\n", done["StandardOutputContent"].ToString());
            Assert.Equal("oops\n", done["StandardErrorContent"].ToString());
            Assert.NotEqual("", done["ExecutionEndDateTime"].ToString());
        }

        [Fact]
        public async Task InstanceEnvironmentAndWorkingDirectory_AreApplied()
        {
            var home = Directory.CreateTempSubdirectory("fakessm-home-").FullName;
            try
            {
                var instance = _server.Ssm.RegisterInstance("i-0head000000000001");
                instance.HomeDirectory = home;
                instance.Environment["SLURM_FAKE"] = "yes";
                var id = await Send("echo $SLURM_FAKE $(pwd)");
                var done = await WaitFinished(id);
                Assert.Equal($"yes {home}\n", done["StandardOutputContent"].ToString());
            }
            finally
            {
                Directory.Delete(home, true);
            }
        }

        [Fact]
        public async Task FailingScript_IsFailed_WithItsExitCode()
        {
            var id = await Send("echo partial", "exit 3");
            var done = await WaitFinished(id);
            Assert.Equal("Failed", done["Status"].ToString());
            Assert.Equal(3, (int)done["ResponseCode"]);
            Assert.Contains("failed to run commands: exit status 3", done["StandardErrorContent"].ToString());
        }

        [Fact]
        public async Task Output_IsCutAt24000Characters()
        {
            var id = await Send("head -c 30000 /dev/zero | tr '\\0' 'a'", "head -c 25000 /dev/zero | tr '\\0' 'b' >&2");
            var done = await WaitFinished(id);
            Assert.Equal(24000, done["StandardOutputContent"].ToString().Length);
            Assert.Equal(24000, done["StandardErrorContent"].ToString().Length);
            Assert.True(done["StandardOutputContent"].ToString().All(c => c == 'a'));
            Assert.Equal(30000, _server.Ssm.Invocations.Single(i => i.CommandId == id).StandardOutput.Length);
        }

        [Fact]
        public async Task Status_GoesPending_ThenInProgress_ThenSuccess()
        {
            var gate = Path.Combine(Path.GetTempPath(), "fakessm-gate-" + Guid.NewGuid());
            var started = gate + ".started";
            _server.Ssm.InvocationDoesNotExistAnswers = 0;
            _server.Ssm.HoldCommands = true;
            try
            {
                var id = await Send($"touch {started}", $"while [ ! -f {gate} ]; do sleep 0.05; done", "echo done");
                Assert.Equal("Pending", (await Get(id)).Json["Status"].ToString());
                _server.Ssm.ReleaseCommands();
                var deadline = DateTime.UtcNow.AddSeconds(30);
                while (!File.Exists(started) && DateTime.UtcNow < deadline) await Task.Delay(20);
                var running = (await Get(id)).Json;
                Assert.Equal("InProgress", running["Status"].ToString());
                Assert.Equal(-1, (int)running["ResponseCode"]);
                File.WriteAllText(gate, "");
                var done = await WaitFinished(id);
                Assert.Equal("Success", done["Status"].ToString());
                Assert.Equal("done\n", done["StandardOutputContent"].ToString());
            }
            finally
            {
                File.Delete(gate);
                File.Delete(started);
            }
        }

        [Fact]
        public async Task ExecutionTimeout_EndsTimedOut()
        {
            var r = await _client.SsmAsync("SendCommand", new
            {
                InstanceIds = new[] { "i-0head000000000001" },
                DocumentName = "AWS-RunShellScript",
                Parameters = new { commands = new[] { "sleep 30" }, executionTimeout = new[] { "1" } },
            });
            var done = await WaitFinished(r.Json["Command"]["CommandId"].ToString());
            Assert.Equal("TimedOut", done["Status"].ToString());
            Assert.Equal("ExecutionTimedOut", done["StatusDetails"].ToString());
        }

        [Fact]
        public async Task UnregisteredInstance_IsInvalidInstanceId_InJsonErrorFormat()
        {
            var r = await _client.SsmAsync("SendCommand", new
            {
                InstanceIds = new[] { "i-0nothere000000001" },
                DocumentName = "AWS-RunShellScript",
                Parameters = new { commands = new[] { "true" } },
            });
            Assert.Equal(400, r.Status);
            Assert.Equal("InvalidInstanceId", r.Json["__type"].ToString());
            Assert.Contains("i-0nothere000000001", r.Json["message"].ToString());
            Assert.Equal("application/x-amz-json-1.1", r.Message.Content.Headers.ContentType.MediaType);
        }

        [Fact]
        public async Task ListInvocations_AndInstanceInformation()
        {
            _server.Ssm.RegisterInstance("i-0other00000000002", pingStatus: "ConnectionLost");
            var id = await Send("true");
            await WaitFinished(id);
            var list = await _client.SsmAsync("ListCommandInvocations", new { CommandId = id, Details = true });
            var inv = list.Json["CommandInvocations"].AsArray().Single();
            Assert.Equal("Success", inv["Status"].ToString());
            Assert.Equal("aws:runShellScript", inv["CommandPlugins"][0]["Name"].ToString());

            var info = await _client.SsmAsync("DescribeInstanceInformation", new
            {
                Filters = new[] { new { Key = "InstanceIds", Values = new[] { "i-0other00000000002" } } },
            });
            var item = info.Json["InstanceInformationList"].AsArray().Single();
            Assert.Equal("ConnectionLost", item["PingStatus"].ToString());
            Assert.Equal("Linux", item["PlatformType"].ToString());
            Assert.True(item["LastPingDateTime"].GetValue<double>() > 1.6e9);
            var all = await _client.SsmAsync("DescribeInstanceInformation", new { });
            Assert.Equal(2, all.Json["InstanceInformationList"].AsArray().Count);
        }
    }
}
