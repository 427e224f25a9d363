using System;
using System.IO;
using System.Linq;
using PcHpc.Cmdlets.Tests.Support;

namespace PcHpc.Cmdlets.Tests.Clusters
{
    /// <summary>One real-engine session against the loopback fake AWS, shared by the Clusters collection.</summary>
    public sealed class ClusterSession : FakeAwsSession
    {
        public const string ValidYaml =
            "Region: us-east-1\n" +
            "Image:\n  Os: alinux2023\n" +
            "HeadNode:\n  InstanceType: t3.medium\n  Networking:\n    SubnetId: subnet-0123456789abcdef0\n" +
            "Scheduling:\n  Scheduler: slurm\n  SlurmQueues:\n    - Name: q1\n      ComputeResources:\n        - Name: cr1\n          InstanceType: c6i.xlarge\n          MinCount: 0\n          MaxCount: 4\n      Networking:\n        SubnetIds:\n          - subnet-0123456789abcdef0\n";

        /// <summary>A config file for <paramref name="region"/> (MaxCount as given), returning its path.</summary>
        public string ConfigFile(string region = "us-east-1", int maxCount = 4)
        {
            var path = Path.Combine(StateHome, "cfg-" + Guid.NewGuid().ToString("N") + ".yaml");
            File.WriteAllText(path, ValidYaml.Replace("Region: us-east-1", "Region: " + region).Replace("MaxCount: 4", "MaxCount: " + maxCount));
            return path;
        }

        /// <summary>Creates a cluster through New-HpcCluster -Wait (ready, or failed when <paramref name="failed"/>).</summary>
        public void Cluster(string name, string region = "us-east-1", bool failed = false)
        {
            if (failed) Aws.ParallelCluster.FailCreate(name, "HeadNodeBootstrapFailure", "Cluster creation timed out");
            var r = Invoke("New-HpcCluster -Name $args[0] -Region $args[1] -ConfigPath $args[2] -Wait -ErrorAction SilentlyContinue | Out-Null", name, region, ConfigFile(region));
            if (r.Terminating != null) throw new InvalidOperationException("Could not create cluster " + name + ": " + r.Describe());
            var status = Aws.ParallelCluster.Find(name, region)?.Status;
            if (status != (failed ? "CREATE_FAILED" : "CREATE_COMPLETE")) throw new InvalidOperationException("Cluster " + name + " is " + status);
        }

        public string Status(string name, string region = "us-east-1") => Aws.ParallelCluster.Find(name, region)?.Status;

        public int Calls(string action) => Aws.Calls.Count(action);

        /// <summary>Removes every cluster the fake knows and forgets all calls (each test starts from an empty account).</summary>
        public void Reset()
        {
            foreach (var c in Aws.ParallelCluster.Clusters.ToList())
            {
                Invoke("Remove-HpcCluster -Name $args[0] -Region $args[1] -Force -Wait -ErrorAction SilentlyContinue | Out-Null", c.Name, c.Region);
            }
            Aws.ParallelCluster.UpdateRequiresStoppedFleet = false;
            Aws.Calls.Clear();
        }
    }

    [CollectionDefinition(Name)]
    public sealed class ClustersCollection : ICollectionFixture<ClusterSession>
    {
        public const string Name = "Clusters";
    }
}
