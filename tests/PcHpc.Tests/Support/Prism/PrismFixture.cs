using System;
using System.Diagnostics;
using System.IO;
using System.Net;
using System.Net.Http;
using System.Net.Sockets;
using System.Text;
using System.Threading;
using PcHpc.Tests.Support;

namespace PcHpc.Tests.Support.Prism
{
    /// <summary>
    /// Stoplight Prism serving the official ParallelCluster OpenAPI spec in mock mode on 127.0.0.1, with request
    /// validation errors turned on (--errors): a request that breaks the spec gets a 4xx problem document.
    /// Installed by `npm ci` in tests/contract (.ci/run does it).
    /// </summary>
    public sealed class PrismFixture : IDisposable
    {
        public const string SpecRelativePath = "parallelcluster/ParallelCluster.openapi.yaml";
        private readonly Process _process;
        private readonly StringBuilder _log = new StringBuilder();

        public static string PrismScript => Path.Combine(TestEnvironment.RepoRoot, "tests", "contract", "node_modules", "@stoplight", "prism-cli", "dist", "index.js");

        /// <summary>Why the contract tests cannot run here, or null when they can.</summary>
        public static string UnavailableReason
        {
            get
            {
                if (!TestEnvironment.SharedExists(SpecRelativePath)) return $"The ParallelCluster spec is not under {TestEnvironment.SharedRoot}.";
                if (!File.Exists(PrismScript)) return "Prism is not installed: run `npm ci` in tests/contract (.ci/run does).";
                return null;
            }
        }

        public PrismFixture()
        {
            if (UnavailableReason != null) return;
            Port = FreePort();
            var psi = new ProcessStartInfo("node")
            {
                UseShellExecute = false,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            foreach (var arg in new[] { PrismScript, "mock", "--errors", "-h", "127.0.0.1", "-p", Port.ToString(), TestEnvironment.Shared(SpecRelativePath) })
            {
                psi.ArgumentList.Add(arg);
            }
            _process = Process.Start(psi);
            _process.OutputDataReceived += (_, e) => { lock (_log) _log.AppendLine(e.Data); };
            _process.ErrorDataReceived += (_, e) => { lock (_log) _log.AppendLine(e.Data); };
            _process.BeginOutputReadLine();
            _process.BeginErrorReadLine();
            BaseUri = new Uri($"http://127.0.0.1:{Port}");
            WaitUntilListening();
        }

        public int Port { get; }
        public Uri BaseUri { get; }

        /// <summary>Prism's list of spec violations for a request (the sl-violations header), or null when it validated.</summary>
        public static string Violations(HttpResponseMessage response) =>
            response.Headers.TryGetValues("sl-violations", out var values) ? string.Join(" ", values) : null;

        public string Log { get { lock (_log) return _log.ToString(); } }

        private void WaitUntilListening()
        {
            using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
            var deadline = DateTime.UtcNow.AddSeconds(90);
            while (DateTime.UtcNow < deadline)
            {
                if (_process.HasExited) throw new InvalidOperationException("Prism exited: " + Log);
                try
                {
                    using var response = client.GetAsync(new Uri(BaseUri, "/v3/clusters?region=us-east-1")).GetAwaiter().GetResult();
                    return; // any HTTP answer means it is up
                }
                catch (HttpRequestException) { }
                catch (System.Threading.Tasks.TaskCanceledException) { }
                Thread.Sleep(300);
            }
            throw new TimeoutException("Prism did not start within 90 s: " + Log);
        }

        private static int FreePort()
        {
            var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            var port = ((IPEndPoint)listener.LocalEndpoint).Port;
            listener.Stop();
            return port;
        }

        public void Dispose()
        {
            if (_process == null) return;
            try { if (!_process.HasExited) _process.Kill(entireProcessTree: true); } catch (InvalidOperationException) { }
            _process.Dispose();
        }
    }

    /// <summary>A fact that needs Prism and the spec; skipped with the reason when either is missing.</summary>
    public sealed class PrismFactAttribute : FactAttribute
    {
        public PrismFactAttribute()
        {
            var reason = PrismFixture.UnavailableReason;
            if (reason != null) Skip = reason;
        }
    }
}
