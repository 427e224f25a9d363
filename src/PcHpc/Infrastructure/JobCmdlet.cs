using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using PcHpc.Core.Activity;
using PcHpc.Core.Errors;
using PcHpc.Core.Ports;
using PcHpc.Core.Jobs;
using PcHpc.Core.State;

namespace PcHpc.Infrastructure
{
    /// <summary>
    /// Base of the job cmdlets: -ClusterName/-Region (by property name, so clusters and jobs bind) or -Local, plus
    /// the common AWS parameters. Works out the target; engines are built per target.
    /// </summary>
    public abstract class JobCmdlet : AwsCmdlet
    {
        /// <summary>The cluster whose head node runs the jobs (completes from the clusters in the state store).</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [ArgumentCompleter(typeof(ClusterNameCompleter))]
        public string ClusterName { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true)]
        [Alias("RegionToCall")]
        [ArgumentCompleter(typeof(AwsRegionCompleter))]
        public string Region { get; set; }

        protected override IEnumerable<string> RegionsToCheck => new[] { Region };

        /// <summary>Run against this machine's SLURM with bash instead of a cluster.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        public SwitchParameter Local { get; set; }

        /// <summary>The login user on the head node (SSM); default by the cluster's OS. Binds from piped jobs.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        public string RunAsUser { get; set; }

        /// <summary>An S3 bucket SSM writes the full command output to (read back when the inline output was cut).</summary>
        [Parameter]
        public string OutputS3Bucket { get; set; }

        /// <summary>The target as bound now (each pipeline record may name another cluster).</summary>
        protected JobTarget CurrentTarget()
        {
            if (Local.IsPresent)
            {
                return new JobTarget { Local = true, RunAsUser = RunAsUser };
            }
            if (string.IsNullOrEmpty(ClusterName))
            {
                throw new PcHpcException(ErrorKind.InvalidArgument, "NoJobTarget",
                    "Say where the jobs run: give -ClusterName (or pipe a cluster or job) or -Local for this machine's SLURM.");
            }
            var nameProblem = PcHpc.Core.Config.ConfigValidator.ValidateClusterName(ClusterName).FirstOrDefault();
            if (nameProblem != null)
            {
                // Checked here, before any AWS call: such a name cannot have a head node.
                throw new PcHpcException(ErrorKind.InvalidArgument, "InvalidClusterName", nameProblem.Message + " Check -ClusterName (Get-HpcCluster lists the clusters).") { Target = ClusterName };
            }
            return new JobTarget { ClusterName = ClusterName, Region = Region, RunAsUser = RunAsUser, OutputS3Bucket = OutputS3Bucket, Connection = ConnectionOptions(Region) };
        }

        /// <summary>The engine of a target (one per target and invocation), from <see cref="EngineFactory"/>.</summary>
        protected JobEngine EngineFor(JobTarget target) => Engines.Jobs(target);

        /// <summary>
        /// A transport for system queries of the target: over SSM they run as the agent (root, as ParallelCluster runs
        /// bootstrap scripts), with -Local as this user.
        /// </summary>
        protected IJobTransport SystemTransportFor(JobTarget target) => Engines.SystemTransport(target);
    }
}
