using System;
using System.Collections.Generic;
using System.IO;
using System.Threading.Tasks;
using PcHpc.Aws.Session;
using PcHpc.Core.Remote;
using PcHpc.Core.State;
using PcHpc.FakeAws;
using PcHpc.Infrastructure;
using PcHpc.Tests.AwsWire;

namespace PcHpc.Tests.JobsSsm
{
    /// <summary>
    /// The loopback fake AWS set up as a ParallelCluster head node: an EC2 instance with the ParallelCluster tags that
    /// is also an SSM managed instance. Its AWS-RunShellScript commands really run with local bash, so the job cmdlets
    /// reach the real local SLURM through SSM. The fake's agent runs as root (this machine's test user), so jobs run
    /// with -RunAsUser root: the command still goes through `runuser -l root`, exactly as on a head node.
    /// </summary>
    public sealed class SsmJobKit : IAsyncDisposable
    {
        public const string HeadNodeId = "i-0headnode0000demo";
        public const string Cluster = "demo";
        public const string Region = "us-east-1";

        private SsmJobKit() { }

        public FakeAwsServer Aws { get; private set; }
        public string StoreRoot { get; private set; }
        public StateStore Store => StateStore.Open(StoreRoot);

        public static async Task<SsmJobKit> StartAsync(bool managed = true, bool headNode = true, string os = "alinux2023")
        {
            var kit = new SsmJobKit { Aws = await FakeAwsServer.StartAsync() };
            kit.Aws.Knobs.SigningSecrets[WireKit.AccessKey] = WireKit.SecretKey;
            kit.Aws.Ssm.InvocationDoesNotExistAnswers = 1;
            if (managed) kit.Aws.Ssm.RegisterInstance(HeadNodeId, Region);
            if (headNode)
            {
                kit.Aws.Ec2.AddInstance(new FakeInstance
                {
                    InstanceId = HeadNodeId,
                    Region = Region,
                    Tags = new List<KeyValuePair<string, string>>
                    {
                        new("parallelcluster:cluster-name", Cluster),
                        new("parallelcluster:node-type", "HeadNode"),
                        new("parallelcluster:attributes", os + ", slurm, 3.12.0, x86_64"),
                        new("Name", "HeadNode"),
                    },
                });
                // A compute node of the same cluster and a head node of another: the filters must skip both.
                kit.Aws.Ec2.AddInstance(new FakeInstance
                {
                    InstanceId = "i-0compute000000demo", Region = Region,
                    Tags = new List<KeyValuePair<string, string>> { new("parallelcluster:cluster-name", Cluster), new("parallelcluster:node-type", "Compute") },
                });
                kit.Aws.Ec2.AddInstance(new FakeInstance
                {
                    InstanceId = "i-0headnode000other", Region = Region,
                    Tags = new List<KeyValuePair<string, string>> { new("parallelcluster:cluster-name", "other"), new("parallelcluster:node-type", "HeadNode") },
                });
            }
            kit.StoreRoot = Path.Combine(Path.GetTempPath(), "pchpc-ssmjobs-" + Guid.NewGuid().ToString("N"));
            var root = kit.StoreRoot;
            JobTransportResolver.ForCluster = null;
            JobTransportResolver.OpenStore = sink => StateStore.Open(root, new StateStoreOptions { Sink = sink });
            JobTransportResolver.SsmPollDelayOverride = n => TimeSpan.FromMilliseconds(n < 5 ? 40 : 150);
            JobCmdlet.PollDelayOverride = n => TimeSpan.FromMilliseconds(300);
            return kit;
        }

        /// <summary>Points a job cmdlet at the demo cluster through the fake (session factory, keys, endpoint).</summary>
        public T On<T>(T cmdlet, string runAsUser = "root") where T : JobCmdlet
        {
            cmdlet.ClusterName = Cluster;
            cmdlet.Region = Region;
            cmdlet.RunAsUser = runAsUser;
            Wire(cmdlet);
            return cmdlet;
        }

        /// <summary>Only the AWS connection (for cmdlets whose cluster comes from the pipeline).</summary>
        public T Wire<T>(T cmdlet) where T : JobCmdlet
        {
            cmdlet.AccessKey = WireKit.AccessKey;
            cmdlet.SecretKey = WireKit.SecretKey;
            cmdlet.EndpointUrl = Aws.Url.ToString();
            if (cmdlet.RunAsUser == null) cmdlet.RunAsUser = "root";
            cmdlet.SessionFactory = new AwsSessionFactory(null, WireKit.InstantClient());
            return cmdlet;
        }

        public int SendCommands => Aws.Calls.Count("SendCommand");

        public async ValueTask DisposeAsync()
        {
            JobTransportResolver.OpenStore = sink => StateStore.Open(null, new StateStoreOptions { Sink = sink });
            JobTransportResolver.SsmPollDelayOverride = null;
            JobCmdlet.PollDelayOverride = null;
            await Aws.DisposeAsync();
            try { Directory.Delete(StoreRoot, true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
    }
}
