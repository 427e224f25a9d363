using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;
using PcHpc.Core.Errors;
using PcHpc.Core.Ports;
using PcHpc.Core.Jobs;

namespace PcHpc.Tests.Core.Jobs
{
    /// <summary>The SSM transport against an in-memory SSM: command text, polling, status mapping, S3 output.</summary>
    public sealed class SsmJobTransportTests
    {
        private sealed class StubSsm : ISsm
        {
            public List<SendCommandRequest> Sent { get; } = new List<SendCommandRequest>();
            public Func<int, CommandInvocation> Answer { get; set; }
            public int NotFoundFirst { get; set; }
            public int Gets;

            public Task<string> SendCommandAsync(SendCommandRequest request, CancellationToken cancellationToken)
            {
                Sent.Add(request);
                return Task.FromResult("cmd-" + Sent.Count);
            }

            public Task<CommandInvocation> GetCommandInvocationAsync(string commandId, string instanceId, CancellationToken cancellationToken)
            {
                var n = Interlocked.Increment(ref Gets);
                if (n <= NotFoundFirst) throw new PcHpcException(ErrorKind.NotFound, "InvocationDoesNotExist", "not yet");
                return Task.FromResult(Answer(n));
            }

            public Task<IReadOnlyList<CommandInvocation>> ListCommandInvocationsAsync(string commandId, string instanceId, CancellationToken cancellationToken) => throw new NotSupportedException();

            public Task<IReadOnlyList<CommandInvocation>> ListCommandsAsync(string instanceId, DateTime invokedAfter, CancellationToken cancellationToken) => throw new NotSupportedException();

            public Task<IReadOnlyList<ManagedInstance>> DescribeInstanceInformationAsync(IEnumerable<string> instanceIds, CancellationToken cancellationToken) =>
                Task.FromResult<IReadOnlyList<ManagedInstance>>(instanceIds.Select(i => new ManagedInstance { InstanceId = i, PingStatus = "Online" }).ToList());
        }

        private sealed class StubStore : IObjectStore
        {
            public Dictionary<string, byte[]> Objects { get; } = new Dictionary<string, byte[]>();
            public List<string> Reads { get; } = new List<string>();
            public Task<ObjectInfo> GetObjectAsync(string bucket, string key, Stream destination, CancellationToken cancellationToken)
            {
                Reads.Add(bucket + "/" + key);
                if (!Objects.TryGetValue(bucket + "/" + key, out var data)) throw new PcHpcException(ErrorKind.NotFound, "NoSuchKey", "no such key");
                destination.Write(data, 0, data.Length);
                return Task.FromResult(new ObjectInfo { Bucket = bucket, Key = key, Size = data.Length });
            }
            public Task<string> PutObjectAsync(string bucket, string key, Stream content, string contentType, CancellationToken cancellationToken) => throw new NotSupportedException();
            public Task<string> PutFileAsync(string bucket, string key, string filePath, CancellationToken cancellationToken) => throw new NotSupportedException();
            public Task<IReadOnlyList<ObjectInfo>> ListObjectsAsync(string bucket, string prefix, CancellationToken cancellationToken) => throw new NotSupportedException();
            public Task DeleteObjectAsync(string bucket, string key, CancellationToken cancellationToken) => throw new NotSupportedException();
            public Task<IReadOnlyList<string>> DeleteObjectsAsync(string bucket, IEnumerable<string> keys, CancellationToken cancellationToken) => throw new NotSupportedException();
        }

        private static SsmJobTransport Transport(StubSsm ssm, IObjectStore store = null, string user = "ec2-user") =>
            new SsmJobTransport(ssm, new JobTarget { ClusterName = "demo", Region = "us-east-1" }, new HeadNode { InstanceId = "i-0abc", LoginUser = user }, store)
            { PollDelay = n => TimeSpan.Zero };

        private static CommandInvocation Done(string status, int code, string stdout = "", string stderr = "") =>
            new CommandInvocation { Status = status, ResponseCode = code, StandardOutputContent = stdout, StandardErrorContent = stderr };

        [Fact]
        public async Task The_command_is_fixed_text_plus_base64_and_runs_through_runuser()
        {
            var ssm = new StubSsm { Answer = n => Done("Success", 0, "out") };
            var script = "echo 'it''s' $(whoami) `id` \"x\"; touch /tmp/never\n";
            var result = await Transport(ssm).RunAsync(script, default);
            Assert.Equal("out", result.Stdout);
            var request = Assert.Single(ssm.Sent);
            Assert.Equal("AWS-RunShellScript", request.DocumentName);
            Assert.Equal(new[] { "i-0abc" }, request.InstanceIds);
            Assert.Contains("PcHpc", request.Comment);
            Assert.Equal("1800", request.Parameters["executionTimeout"].Single());
            var command = request.Parameters["commands"].Single();
            Assert.DoesNotContain("whoami", command);
            Assert.DoesNotContain("ec2-user", command);
            Assert.Contains("runuser -l \"$u\" -c 'bash -s'", command);
            // Remove every single-quoted base64 literal: what is left is the same for any script and user.
            var skeleton = Regex.Replace(command, "'[A-Za-z0-9+/=]{8,}'", "'B64'");
            var ssm2 = new StubSsm { Answer = n => Done("Success", 0) };
            await Transport(ssm2, user: "rocky").RunAsync("something else entirely", default);
            Assert.Equal(skeleton, Regex.Replace(ssm2.Sent.Single().Parameters["commands"].Single(), "'[A-Za-z0-9+/=]{8,}'", "'B64'"));
            // The base64 literals decode back to the user and the gzipped script.
            var literals = Regex.Matches(command, "'([A-Za-z0-9+/=]{8,})'").Cast<Match>().Select(m => m.Groups[1].Value).ToList();
            Assert.Equal("ec2-user", Encoding.UTF8.GetString(Convert.FromBase64String(literals[0])));
            using var gz = new System.IO.Compression.GZipStream(new MemoryStream(Convert.FromBase64String(literals[1])), System.IO.Compression.CompressionMode.Decompress);
            Assert.Equal(script, new StreamReader(gz, Encoding.UTF8).ReadToEnd());
        }

        [Fact]
        public async Task InvocationDoesNotExist_right_after_sending_is_pending_and_Failed_returns_the_exit_code()
        {
            var ssm = new StubSsm { NotFoundFirst = 2, Answer = n => n < 4 ? new CommandInvocation { Status = "InProgress" } : Done("Failed", 3, "o", "e") };
            var result = await Transport(ssm).RunAsync("exit 3", default);
            Assert.Equal(3, result.ExitCode);
            Assert.Equal("o", result.Stdout);
            Assert.Equal("e", result.Stderr);
            Assert.Equal(4, ssm.Gets);
        }

        [Theory]
        [InlineData("TimedOut", "SsmCommandTimedOut", ErrorKind.Timeout)]
        [InlineData("Cancelled", "SsmCommandCancelled", ErrorKind.ServiceError)]
        public async Task TimedOut_and_Cancelled_are_clear_errors(string status, string errorId, ErrorKind kind)
        {
            var ssm = new StubSsm { Answer = n => new CommandInvocation { Status = status, StatusDetails = "Detail" } };
            var ex = await Assert.ThrowsAsync<PcHpcException>(() => Transport(ssm).RunAsync("true", default));
            Assert.Equal(errorId, ex.ErrorId);
            Assert.Equal(kind, ex.Kind);
            Assert.Contains("i-0abc", ex.Message);
        }

        [Fact]
        public async Task Cancellation_stops_polling()
        {
            var ssm = new StubSsm { Answer = n => new CommandInvocation { Status = "InProgress" } };
            using var cts = new CancellationTokenSource();
            var t = Transport(ssm);
            t.PollDelay = n => { if (n == 3) cts.Cancel(); return TimeSpan.Zero; };
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => t.RunAsync("true", cts.Token));
            Assert.InRange(ssm.Gets, 3, 4);
        }

        [Fact]
        public async Task With_an_output_bucket_a_cut_reply_is_read_whole_from_S3()
        {
            var full = new string('x', 30000) + "END";
            var ssm = new StubSsm { Answer = n => Done("Success", 0, full.Substring(0, 24000)) };
            var store = new StubStore();
            store.Objects["bucket/pchpc/cmd-1/i-0abc/awsrunShellScript/0.awsrunShellScript/stdout"] = Encoding.UTF8.GetBytes(full);
            var t = Transport(ssm, store);
            t.OutputS3Bucket = "bucket";
            Assert.Null(t.MaxOutputChars);
            var result = await t.RunAsync("big", default);
            Assert.Equal(full, result.Stdout);
            Assert.Equal("bucket", ssm.Sent.Single().OutputS3BucketName);
            Assert.Equal("pchpc", ssm.Sent.Single().OutputS3KeyPrefix);
            Assert.Single(store.Reads);

            // Without a bucket the cap stays SSM's and S3 is never read.
            var plain = Transport(new StubSsm { Answer = n => Done("Success", 0, "small") }, store);
            Assert.Equal(24000, plain.MaxOutputChars);
        }

        [Fact]
        public async Task A_missing_S3_object_says_what_to_check()
        {
            var ssm = new StubSsm { Answer = n => Done("Success", 0, new string('x', 24000)) };
            var t = Transport(ssm, new StubStore());
            t.OutputS3Bucket = "bucket";
            var ex = await Assert.ThrowsAsync<PcHpcException>(() => t.RunAsync("big", default));
            Assert.Equal("SsmOutputNotInS3", ex.ErrorId);
            Assert.Contains("s3:PutObject", ex.Message);
        }

        [Fact]
        public async Task A_large_request_is_staged_then_run_and_every_request_stays_under_the_bound()
        {
            var ssm = new StubSsm { Answer = n => Done("Success", 0, "ok") };
            var t = Transport(ssm);
            t.MaxCommandChars = 4096;
            var random = new byte[20000];
            new Random(1).NextBytes(random);
            await t.RunAsync("# " + Convert.ToBase64String(random), default);
            Assert.True(ssm.Sent.Count >= 7, "~36 KB of base64 in 4 KB requests");
            Assert.All(ssm.Sent, r => Assert.True(r.Parameters["commands"].Single().Length <= 4096));
            Assert.All(ssm.Sent.Take(ssm.Sent.Count - 1), r => Assert.Contains(">> \"$f\"", r.Parameters["commands"].Single()));
            var last = ssm.Sent.Last().Parameters["commands"].Single();
            Assert.Contains("wc -c", last);
            Assert.Contains("runuser -l", last);
            Assert.Equal(ssm.Sent.Count, t.SendCommandCalls);
        }

        [Theory]
        [InlineData("root; touch /tmp/x")]
        [InlineData("$(id)")]
        [InlineData("Ec2-User")]
        [InlineData("")]
        public void User_names_are_validated(string user)
        {
            var ex = Assert.Throws<PcHpcException>(() => SsmJobTransport.CheckUser(user));
            Assert.Equal("InvalidRunAsUser", ex.ErrorId);
        }
    }
}
