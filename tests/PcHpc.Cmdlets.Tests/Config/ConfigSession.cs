using System;
using System.IO;
using PcHpc.Cmdlets.Tests.Support;
using Xunit;

namespace PcHpc.Cmdlets.Tests.Config
{
    /// <summary>
    /// The config cmdlets are offline: one real-engine session with the built module, working in a private folder
    /// (each test empties it first).
    /// </summary>
    public sealed class ConfigSession : PowerShellSession
    {
        public const string Subnet = "subnet-0123456789abcdef0";

        /// <summary>A valid two-queue ParallelCluster v3 config.</summary>
        public const string ValidYaml =
            "Region: us-east-1\n" +
            "Image:\n  Os: alinux2023\n" +
            "HeadNode:\n  InstanceType: t3.medium\n  Networking:\n    SubnetId: subnet-0123456789abcdef0\n" +
            "Scheduling:\n  Scheduler: slurm\n  SlurmQueues:\n" +
            "    - Name: cpu\n      ComputeResources:\n        - Name: c5-large\n          InstanceType: c5.large\n          MinCount: 0\n          MaxCount: 4\n      Networking:\n        SubnetIds:\n          - subnet-0123456789abcdef0\n" +
            "    - Name: gpu\n      ComputeResources:\n        - Name: g5-xlarge\n          InstanceType: g5.xlarge\n          MinCount: 0\n          MaxCount: 2\n      Networking:\n        SubnetIds:\n          - subnet-0123456789abcdef0\n";

        public ConfigSession()
        {
            Directory = Path.Combine(Path.GetTempPath(), "pchpc-cfg-" + Guid.NewGuid().ToString("N"));
            System.IO.Directory.CreateDirectory(Directory);
        }

        public string Directory { get; }

        /// <summary>Empties the working folder and makes it the session's current location.</summary>
        public void Reset()
        {
            foreach (var f in System.IO.Directory.GetFiles(Directory)) File.Delete(f);
            Invoke("Set-Location -LiteralPath $args[0]", Directory).Succeeded();
        }

        public string PathOf(string name) => Path.Combine(Directory, name);

        /// <summary>
        /// Runs a script inside try/catch: only a terminating error is caught there (a non-terminating one is not), so
        /// <see cref="Caught.Error"/> is set exactly when the script failed with a terminating error.
        /// </summary>
        public Caught InvokeCatching(string script, params object[] args)
        {
            var r = Invoke("$global:PcHpcCaught = $null; try { " + script + " } catch { $global:PcHpcCaught = $_ }", args);
            var error = GetVariable("PcHpcCaught");
            return new Caught(r, (error as System.Management.Automation.PSObject)?.BaseObject as System.Management.Automation.ErrorRecord ?? error as System.Management.Automation.ErrorRecord);
        }

        public sealed class Caught
        {
            public Caught(PsResult result, System.Management.Automation.ErrorRecord error)
            {
                Result = result;
                Error = error;
            }

            public PsResult Result { get; }
            public System.Management.Automation.ErrorRecord Error { get; }

            /// <summary>The terminating error; fails when there was none or when anything else went wrong.</summary>
            public System.Management.Automation.ErrorRecord Terminating()
            {
                if (Error == null) throw new Xunit.Sdk.XunitException("Expected a terminating error, got none: " + Result.Describe());
                Assert.Empty(Result.Errors);
                return Error;
            }
        }

        public override void Dispose()
        {
            base.Dispose();
            try { System.IO.Directory.Delete(Directory, true); } catch (IOException) { }
        }
    }

    [CollectionDefinition(Name)]
    public sealed class ConfigCollection : ICollectionFixture<ConfigSession>
    {
        public const string Name = "Config";
    }
}
