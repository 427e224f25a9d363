using System;
using System.Linq;
using PcHpc.Cmdlets;
using PcHpc.Core.Errors;
using PcHpc.Core.Slurm;
using PcHpc.Infrastructure;
using PcHpc.Tests.Support;

namespace PcHpc.Tests.Slurm
{
    [Collection("Slurm")] // changes JobTransportResolver.ForCluster, which the SSM end-to-end tests read
    public sealed class JobCmdletMetadataTests
    {
        private static readonly Type[] All = { typeof(InvokeHpcJob), typeof(GetHpcJob), typeof(WaitHpcJob), typeof(StopHpcJob), typeof(ReceiveHpcJob), typeof(GetHpcQueue) };

        [Fact]
        public void Every_job_cmdlet_targets_a_cluster_by_property_name_or_local_and_has_the_aws_parameters()
        {
            foreach (var type in All)
            {
                var ps = PcHpc.Tests.Support.ParameterMetadata.Parameters(type);
                Assert.True(ps.Single(p => p.Name == "ClusterName").ValueFromPipelineByPropertyName, type.Name);
                Assert.True(ps.Single(p => p.Name == "Region").ValueFromPipelineByPropertyName, type.Name);
                Assert.True(ps.Single(p => p.Name == "Local").IsSwitch, type.Name);
                foreach (var aws in new[] { "ProfileName", "ProfileLocation", "AccessKey", "SecretKey", "SessionToken", "EndpointUrl" })
                {
                    Assert.Contains(ps, p => p.Name == aws);
                }
                Assert.NotEmpty(PcHpc.Tests.Support.ParameterMetadata.Cmdlet(type).OutputTypes);
            }
        }

        [Fact]
        public void Job_ids_bind_from_job_objects_and_stop_is_destructive()
        {
            foreach (var type in new[] { typeof(GetHpcJob), typeof(WaitHpcJob), typeof(StopHpcJob), typeof(ReceiveHpcJob) })
            {
                var id = PcHpc.Tests.Support.ParameterMetadata.Parameter(type, "Id");
                Assert.True(id.ValueFromPipelineByPropertyName, type.Name);
                Assert.Equal(0, id.Position);
            }
            var stop = PcHpc.Tests.Support.ParameterMetadata.Cmdlet(typeof(StopHpcJob));
            Assert.True(stop.SupportsShouldProcess);
            Assert.Equal("High", stop.ConfirmImpact);
            Assert.Contains(PcHpc.Tests.Support.ParameterMetadata.Parameters(typeof(StopHpcJob)), p => p.Name == "Force");
            var invoke = PcHpc.Tests.Support.ParameterMetadata.Cmdlet(typeof(InvokeHpcJob));
            Assert.True(invoke.SupportsShouldProcess);
            Assert.Equal("Command", invoke.DefaultParameterSetName);
            Assert.Equal(new[] { "Command" }, PcHpc.Tests.Support.ParameterMetadata.Parameter(typeof(InvokeHpcJob), "Command").ParameterSets);
        }

        [Fact]
        public void A_cluster_object_binds_ClusterName_and_Region_into_the_cluster_target()
        {
            var saved = JobTransportResolver.ForCluster;
            JobTarget seen = null;
            JobTransportResolver.ForCluster = (t, s) => { seen = t; throw new PcHpc.Core.Errors.PcHpcException(PcHpc.Core.Errors.ErrorKind.InvalidState, "StubTransport", "stub"); };
            try
            {
                var cmdlet = new GetHpcJob { RunAsUser = "rocky" };
                var ex = Assert.Throws<TerminatingErrorException>(() => JobBinder.RunWithInput(cmdlet, new object[] { new { ClusterName = "demo", Region = "eu-west-1" } }));
                Assert.Equal("StubTransport", ex.Error.ErrorId);
                Assert.Equal("demo", cmdlet.ClusterName);
                Assert.Equal("demo", seen.ClusterName);
                Assert.Equal("eu-west-1", seen.Region);
                Assert.Equal("rocky", seen.RunAsUser);
                Assert.False(seen.Local);
            }
            finally
            {
                JobTransportResolver.ForCluster = saved;
            }
        }

        [Fact]
        public void No_target_at_all_is_a_clear_error()
        {
            var ex = Assert.Throws<TerminatingErrorException>(() => CmdletRunner.Run(new GetHpcQueue()));
            Assert.Equal("NoJobTarget", ex.Error.ErrorId);
        }
    }
}
