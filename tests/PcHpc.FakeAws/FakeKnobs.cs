using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Threading;

namespace PcHpc.FakeAws
{
    /// <summary>Runtime-settable behaviour shared by all services. Safe to change while requests are in flight.</summary>
    public sealed class FakeKnobs
    {
        private readonly object _rngLock = new object();
        private Random _rng = new Random(12345);

        /// <summary>Fixed delay added to every request.</summary>
        public TimeSpan Latency { get; set; } = TimeSpan.Zero;
        /// <summary>Fraction (0..1) of requests answered with the protocol's throttling error.</summary>
        public double ThrottleRate { get; set; }
        /// <summary>Fraction of requests answered with a 5xx error.</summary>
        public double ServerErrorRate { get; set; }
        /// <summary>Fraction of requests whose connection is aborted (HttpContext.Abort) without an answer.</summary>
        public double ConnectionResetRate { get; set; }
        /// <summary>
        /// Fraction of requests that are carried out and then lose their answer (the connection is aborted after the
        /// service acted): the client cannot tell this from a reset before the action.
        /// </summary>
        public double LostResponseRate { get; set; }
        /// <summary>The next this many requests (of <see cref="FaultActions"/>, when set) act and then lose their answer.</summary>
        public int LoseNextResponses { get => _loseNext; set => _loseNext = value; }
        private int _loseNext;
        internal bool TakeLostResponse(string action)
        {
            if (FaultActions != null && !FaultActions.Contains(action)) return false;
            while (true)
            {
                var left = _loseNext;
                if (left <= 0) return false;
                if (Interlocked.CompareExchange(ref _loseNext, left - 1, left) == left) return true;
            }
        }
        /// <summary>Requests whose answer was dropped after the service acted (see <see cref="LostResponseRate"/>).</summary>
        public int LostResponses => _lostResponses;
        private int _lostResponses;
        internal void CountLostResponse() => Interlocked.Increment(ref _lostResponses);
        /// <summary>Fraction of requests delayed by <see cref="SlowResponseDelay"/>.</summary>
        public double SlowResponseRate { get; set; }
        public TimeSpan SlowResponseDelay { get; set; } = TimeSpan.FromSeconds(2);
        /// <summary>Only inject faults into calls of these actions (null: all).</summary>
        public ISet<string> FaultActions { get; set; }
        /// <summary>Number of describe polls after which an in-progress resource moves on (used when <see cref="TransitionDelay"/> is null).</summary>
        public int TransitionPolls { get; set; } = 2;
        /// <summary>When set, in-progress resources move on after this much time instead of after polls.</summary>
        public TimeSpan? TransitionDelay { get; set; }
        /// <summary>Require an Authorization: AWS4-HMAC-SHA256 header (default true).</summary>
        public bool RequireAuthorization { get; set; } = true;
        /// <summary>Page size for CloudFormation DescribeStackEvents / ListStacks.</summary>
        public int CloudFormationPageSize { get; set; } = 10;
        /// <summary>Page size for EC2 describes when the caller gives no MaxResults (0: no paging).</summary>
        public int Ec2PageSize { get; set; }
        public string DefaultRegion { get; set; } = "us-east-1";
        /// <summary>Access key → secret key. Requests signed with a key listed here have their SigV4 signature verified.</summary>
        public ConcurrentDictionary<string, string> SigningSecrets { get; } = new ConcurrentDictionary<string, string>();

        public void Seed(int seed) { lock (_rngLock) _rng = new Random(seed); }

        internal double Next() { lock (_rngLock) return _rng.NextDouble(); }
    }

    /// <summary>Thread-safe call log.</summary>
    public sealed class FakeCallLog
    {
        private readonly ConcurrentQueue<FakeCall> _calls = new ConcurrentQueue<FakeCall>();
        public IReadOnlyList<FakeCall> All => _calls.ToArray();
        public int Count(string action) => _calls.Count(c => c.Action == action);
        public int Count(string service, string action) => _calls.Count(c => c.Service == service && c.Action == action);
        public void Clear() { while (_calls.TryDequeue(out _)) { } }
        internal void Add(FakeCall call) => _calls.Enqueue(call);
    }
}
