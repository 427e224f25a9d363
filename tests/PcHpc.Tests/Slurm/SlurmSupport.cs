using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Reflection;
using System.Threading;
using System.Threading.Tasks;
using PcHpc.Core.Slurm;
using PcHpc.Infrastructure;
using PcHpc.Tests.Support;

namespace PcHpc.Tests.Slurm
{
    /// <summary>A fact that needs a real SLURM on this machine; skips with the reason when sbatch/slurmctld are absent.</summary>
    public sealed class SlurmFactAttribute : FactAttribute
    {
        public SlurmFactAttribute()
        {
            if (!SlurmFixture.Installed) Skip = "SLURM is not installed here (no sbatch or slurmctld on PATH); run tests/slurm/start-slurm.sh as root to install and start it.";
        }
    }

    /// <summary>Starts the one-node SLURM once for the collection (tests/slurm/start-slurm.sh, idempotent).</summary>
    public sealed class SlurmFixture
    {
        public static bool Installed =>
            OnPath("sbatch") && (OnPath("slurmctld") || File.Exists("/usr/sbin/slurmctld"));

        public SlurmFixture()
        {
            if (!Installed) return;
            var script = Path.Combine(TestEnvironment.RepoRoot, "tests", "slurm", "start-slurm.sh");
            var psi = new ProcessStartInfo("bash", script) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            using (var p = Process.Start(psi))
            {
                var output = p.StandardOutput.ReadToEnd() + p.StandardError.ReadToEnd();
                p.WaitForExit();
                StartOutput = output;
                Started = p.ExitCode == 0;
            }
        }

        public bool Started { get; }
        public string StartOutput { get; }

        private static bool OnPath(string name) =>
            (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(':').Concat(new[] { "/usr/sbin", "/usr/bin" })
                .Any(d => d.Length > 0 && File.Exists(Path.Combine(d, name)));
    }

    [CollectionDefinition("Slurm")]
    public sealed class SlurmCollection : ICollectionFixture<SlurmFixture> { }

    /// <summary>Counts calls through a transport (to prove batching).</summary>
    public sealed class CountingTransport : IJobTransport
    {
        private readonly IJobTransport _inner;
        private int _calls;

        public CountingTransport(IJobTransport inner) => _inner = inner;
        public int Calls => _calls;
        public string Description => _inner.Description;
        public int? MaxOutputChars => _inner.MaxOutputChars;
        public System.Collections.Generic.List<string> Scripts { get; } = new System.Collections.Generic.List<string>();

        public Task<RemoteResult> RunAsync(string bashScript, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _calls);
            lock (Scripts) Scripts.Add(bashScript);
            return _inner.RunAsync(bashScript, cancellationToken);
        }
    }

    /// <summary>Binds pipeline input like <see cref="PipelineBinder"/>, plus bool → SwitchParameter as PowerShell does.</summary>
    public static class JobBinder
    {
        public static RecordingHost RunWithInput<T>(T cmdlet, System.Collections.Generic.IEnumerable<object> input, RecordingHost host = null) where T : PcHpcCmdlet
        {
            var binds = input.Select(item => (Action)(() => Bind(cmdlet, item))).ToList();
            return CmdletRunner.RunPipeline(cmdlet, binds, host);
        }

        public static void Bind(object cmdlet, object input)
        {
            var props = input.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance);
            foreach (var p in PcHpc.Tests.Support.ParameterMetadata.Parameters(cmdlet.GetType()))
            {
                if (!p.ValueFromPipelineByPropertyName) continue;
                var names = new[] { p.Name }.Concat(p.Aliases);
                var src = props.FirstOrDefault(x => names.Any(n => string.Equals(n, x.Name, StringComparison.OrdinalIgnoreCase)));
                if (src == null) continue;
                var value = src.GetValue(input);
                var type = p.Property.PropertyType;
                if (type == typeof(SwitchParameter))
                {
                    // SwitchParameter is a no-op stub outside PowerShell: set the cmdlet's internal <Name>Flag instead.
                    var flag = cmdlet.GetType().GetProperty(p.Name + "Flag", BindingFlags.NonPublic | BindingFlags.Instance);
                    if (flag != null && value is bool b) flag.SetValue(cmdlet, b);
                }
                else if (value == null) p.Property.SetValue(cmdlet, null);
                else if (type == typeof(string[])) p.Property.SetValue(cmdlet, value as string[] ?? new[] { value.ToString() });
                else if (type == typeof(string)) p.Property.SetValue(cmdlet, value.ToString());
                else if (type.IsInstanceOfType(value)) p.Property.SetValue(cmdlet, value);
            }
        }
    }
}
