using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using PcHpc.Aws.Http;
using PcHpc.Aws.Session;
using PcHpc.Core.Activity;
using PcHpc.Core.Connection;
using PcHpc.Core.Ports;
using PcHpc.FakeAws;

using PcHpc.Tests.Aws.OwnClient;
using PcHpc.Tests.Aws.Services;

namespace PcHpc.Tests.Support
{
    /// <summary>Sessions built by the production <see cref="AwsSessionFactory"/> with explicit keys, pointed at the loopback fake.</summary>
    internal static class WireKit
    {
        public const string AccessKey = "AKIAWIRETEST00000001";
        public const string SecretKey = "wire/test/secret/key/never/printed/0000001";
        public const string Region = "us-east-1";

        /// <summary>A client whose backoff sleeps are instant (so retries cost no wall time) and that records the delays it was asked for.</summary>
        public static AwsHttpClient InstantClient(int maxAttempts = 3, bool retryQuota = true, List<TimeSpan> delays = null) =>
            new AwsHttpClient(null, new AwsHttpClientOptions
            {
                MaxAttempts = maxAttempts,
                UseRetryQuota = retryQuota,
                AttemptTimeout = TimeSpan.FromSeconds(20),
                Delay = (d, ct) => { if (delays != null) lock (delays) delays.Add(d); return Task.CompletedTask; },
            });

        public static AwsConnectionOptions Options(FakeAwsServer server, string region = Region) => new AwsConnectionOptions
        {
            AccessKey = AccessKey,
            SecretKey = SecretKey,
            Region = region,
            EndpointUrl = server.Url.ToString(),
        };

        /// <summary>Also makes the fake verify our SigV4 signatures for <see cref="AccessKey"/>.</summary>
        public static IAwsSession Session(FakeAwsServer server, AwsHttpClient http = null, IActivitySink activity = null, string region = Region)
        {
            server.Knobs.SigningSecrets[AccessKey] = SecretKey;
            return new AwsSessionFactory(null, http ?? InstantClient()).Create(Options(server, region), activity ?? new RecordingSink());
        }

        /// <summary>Polls until <paramref name="done"/> (the fake moves on by describe calls, so this is bounded by count, not time).</summary>
        public static async Task<T> PollAsync<T>(Func<Task<T>> describe, Func<T, bool> done, int maxPolls = 20)
        {
            T last = default(T);
            for (int i = 0; i < maxPolls; i++)
            {
                last = await describe();
                if (done(last)) return last;
            }
            throw new Xunit.Sdk.XunitException("condition not reached after " + maxPolls + " polls; last: " + last);
        }
    }

    /// <summary>An activity sink that keeps every line.</summary>
    internal sealed class RecordingSink : IActivitySink
    {
        public ConcurrentQueue<string> VerboseLines { get; } = new ConcurrentQueue<string>();
        public ConcurrentQueue<string> DebugLines { get; } = new ConcurrentQueue<string>();
        public ConcurrentQueue<string> Warnings { get; } = new ConcurrentQueue<string>();
        public void Verbose(string message) => VerboseLines.Enqueue(message);
        public void Debug(string message) => DebugLines.Enqueue(message);
        public void Warning(string message) => Warnings.Enqueue(message);
        public void Progress(ProgressUpdate update) { }
        public IEnumerable<string> All => VerboseLines.Concat(DebugLines).Concat(Warnings);
    }
}
