using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using PcHpc.Cmdlets.Tests.Support;

namespace PcHpc.Cmdlets.Tests.Examples
{
    /// <summary>One <see cref="ExampleWorld"/> per documentation file, created on first use.</summary>
    public sealed class ExampleWorlds : IDisposable
    {
        private readonly Dictionary<string, ExampleWorld> _worlds = new Dictionary<string, ExampleWorld>();

        public ExampleWorld For(string file)
        {
            if (!_worlds.TryGetValue(file, out var world))
            {
                // One file at a time: a finished file's fake AWS and runspace are released before the next starts.
                foreach (var old in _worlds.Values) old.Dispose();
                _worlds.Clear();
                _worlds[file] = world = new ExampleWorld();
            }
            return world;
        }

        public void Dispose()
        {
            foreach (var world in _worlds.Values) world.Dispose();
        }
    }

    /// <summary>
    /// The fake AWS account, console and working directory the examples of one file run in. <see cref="Prepare"/>
    /// sets up what an example's <c>needs=</c> names, once per file:
    /// <list type="bullet">
    /// <item><c>cluster:NAME[:REGION][:failed]</c> — a cluster that exists (ready, or failed to create).</item>
    /// <item><c>file:NAME</c> — a valid cluster config (YAML) at ./NAME in the working directory.</item>
    /// <item><c>network:NAME[:REGION][:failed]</c> — a PcHpc network (New-HpcVpc -Wait) that is Ready, or whose stack failed.</item>
    /// <item><c>repository</c> — run in the repository root (README's build/import lines).</item>
    /// <item><c>api[:REGION]</c> — the ParallelCluster API stack deployed (Install-HpcApi) in the region (default us-east-1).</item>
    /// <item><c>slurm[:USER...]</c> — jobs can run: the local SLURM is started, every head node the fake registers is this
    /// machine (its SSM commands run with local bash as root), and the default login user ec2-user (and any USER
    /// named) exists, created when missing. Skips the example with the reason when SLURM or root is not available.</item>
    /// <item><c>image:ID[:REGION][:failed]</c> — a custom image built with New-HpcImage -Wait (available, or failed with an
    /// Image Builder reason).</item>
    /// <item><c>script:NAME</c> — a small bash script at ./NAME in the working directory (exits 0).</item>
    /// <item><c>software:CLUSTER</c> — the cluster's head node (give <c>cluster:CLUSTER</c> first) ran a New-HpcSoftwareStack
    /// script for real (bash, Debian's Lmod, the stand-in spack, in a throwaway root its SSM commands read). Skips the
    /// example with the reason without root or Lmod.</item>
    /// </list>
    /// </summary>
    public sealed class ExampleWorld : IDisposable
    {
        public const string ValidYaml =
            "Region: us-east-1\n" +
            "Image:\n  Os: alinux2023\n" +
            "HeadNode:\n  InstanceType: t3.medium\n  Networking:\n    SubnetId: subnet-0123456789abcdef0\n" +
            "Scheduling:\n  Scheduler: slurm\n  SlurmQueues:\n    - Name: compute\n      ComputeResources:\n        - Name: cr1\n          InstanceType: c6i.xlarge\n          MinCount: 0\n          MaxCount: 10\n      Networking:\n        SubnetIds:\n          - subnet-0123456789abcdef0\n";

        private readonly HashSet<string> _done = new HashSet<string>(StringComparer.Ordinal);

        public ExampleWorld()
        {
            Session = new FakeAwsSession();
            WorkingDirectory = Path.Combine(Session.StateHome, "work");
            Directory.CreateDirectory(WorkingDirectory);
            Session.Invoke("Set-Location -LiteralPath $args[0]", WorkingDirectory).Succeeded();
        }

        public FakeAwsSession Session { get; }
        public string WorkingDirectory { get; }

        public void Prepare(IEnumerable<string> needs)
        {
            Session.Invoke("Set-Location -LiteralPath $args[0]", WorkingDirectory).Succeeded();
            foreach (var need in needs)
            {
                if (!_done.Add(need)) continue;
                var parts = need.Split(':');
                switch (parts[0])
                {
                    case "cluster":
                        CreateCluster(parts[1], parts.Length > 2 && parts[2] != "failed" ? parts[2] : "us-east-1", Array.IndexOf(parts, "failed") > 0);
                        break;
                    case "image":
                        CreateImage(parts[1], parts.Length > 2 && parts[2] != "failed" ? parts[2] : "us-east-1", Array.IndexOf(parts, "failed") > 0);
                        break;
                    case "network":
                        CreateNetwork(parts[1], parts.Length > 2 && parts[2] != "failed" ? parts[2] : "us-east-1", Array.IndexOf(parts, "failed") > 0);
                        break;
                    case "repository":
                        Session.Invoke("Set-Location -LiteralPath $args[0]", TestPaths.RepositoryRoot).Succeeded();
                        _done.Remove(need);
                        break;
                    case "api":
                        Session.Invoke("Install-HpcApi -Region $args[0] -Wait -Confirm:$false | Out-Null", parts.Length > 1 ? parts[1] : "us-east-1").Succeeded();
                        break;
                    case "slurm":
                        var unavailable = PcHpc.Cmdlets.Tests.Jobs.SlurmWorld.Unavailable();
                        if (unavailable != null) _done.Remove(need);
                        Skip.If(unavailable != null, unavailable);
                        PcHpc.Cmdlets.Tests.Jobs.SlurmWorld.EnsureUser("ec2-user");
                        foreach (var user in parts.Skip(1)) PcHpc.Cmdlets.Tests.Jobs.SlurmWorld.EnsureUser(user);
                        break;
                    case "script":
                        var script = Path.Combine(WorkingDirectory, parts[1]);
                        File.WriteAllText(script, "#!/bin/bash\necho \"task ${1:-none} on $(hostname)\"\n");
                        File.SetUnixFileMode(script, (UnixFileMode)0x1ED); // 0755: runnable as ./NAME
                        break;
                    case "software":
                        var noSandbox = PcHpc.TestSupport.StackSandbox.Unavailable();
                        if (noSandbox != null) _done.Remove(need);
                        Skip.If(noSandbox != null, noSandbox);
                        InstallStack(parts[1]);
                        break;
                    case "file":
                        File.WriteAllText(Path.Combine(WorkingDirectory, parts[1]), ValidYaml);
                        break;
                    default:
                        throw new InvalidOperationException("Unknown example need '" + need + "'.");
                }
            }
        }

        private void CreateCluster(string name, string region, bool failed)
        {
            if (failed) Session.Aws.ParallelCluster.FailCreate(name, "HeadNodeBootstrapFailure", "Cluster creation timed out");
            var config = Path.Combine(Session.StateHome, name + "-" + region + ".yaml");
            File.WriteAllText(config, ValidYaml.Replace("Region: us-east-1", "Region: " + region));
            var result = Session.Invoke("New-HpcCluster -Name $args[0] -Region $args[1] -ConfigPath $args[2] -Wait -ErrorAction SilentlyContinue | Out-Null", name, region, config);
            if (result.Terminating != null) throw new InvalidOperationException("Could not prepare cluster " + name + ": " + result.Describe());
        }

        private void CreateImage(string id, string region, bool failed)
        {
            if (failed) Session.Aws.ParallelCluster.FailBuild(id, "Failed to execute component install-cuda: exit code 1");
            var result = Session.Invoke("New-HpcImageConfig -ParentImage ami-0123456789abcdef0 -InstanceType c6i.xlarge | New-HpcImage -ImageId $args[0] -Region $args[1] -Wait -ErrorAction SilentlyContinue | Out-Null", id, region);
            var status = Session.Aws.ParallelCluster.FindImage(id, region)?.Status;
            if (result.Terminating != null || status != (failed ? "BUILD_FAILED" : "BUILD_COMPLETE"))
                throw new InvalidOperationException("Could not prepare image " + id + " (" + status + "): " + result.Describe());
        }

        private void CreateNetwork(string name, string region, bool failed)
        {
            if (failed) Session.Aws.CloudFormation.FailResource(name, "NatGateway1", "Elastic IP address limit exceeded");
            var result = Session.Invoke("New-HpcVpc -Name $args[0] -Region $args[1] -Wait -ErrorAction SilentlyContinue | Out-Null", name, region);
            if (result.Terminating != null || (!failed && result.Errors.Count > 0))
                throw new InvalidOperationException("Could not prepare network " + name + ": " + result.Describe());
        }

        private readonly List<PcHpc.TestSupport.StackSandbox> _sandboxes = new List<PcHpc.TestSupport.StackSandbox>();

        private void InstallStack(string cluster)
        {
            var box = new PcHpc.TestSupport.StackSandbox(Path.Combine(TestPaths.RepositoryRoot, "tests", "bootstrap"));
            _sandboxes.Add(box);
            var script = (string)Session.Invoke("(New-HpcSoftwareStack -Name bio -Package 'samtools@1.17', 'bwa@0.7.17' -Compiler 'gcc@11.3.0' -User 'alice:2001').Script").Succeeded().Objects.Single();
            if (box.RunScript(script, out var output) != 0) throw new InvalidOperationException("The software stack script failed:\n" + output);
            var headNode = Session.Aws.ParallelCluster.Find(cluster)?.HeadNode?.InstanceId
                ?? throw new InvalidOperationException("needs=software:" + cluster + " needs cluster:" + cluster + " first.");
            foreach (var kv in box.Environment()) Session.Aws.Ssm.Instance(headNode).Environment[kv.Key] = kv.Value;
        }

        public void Dispose()
        {
            Session.Dispose();
            foreach (var box in _sandboxes) box.Dispose();
        }
    }
}
