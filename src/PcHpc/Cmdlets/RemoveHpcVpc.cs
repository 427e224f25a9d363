using System;
using System.Management.Automation;
using PcHpc.Core.Errors;
using PcHpc.Core.Network;
using PcHpc.Core.State;
using PcHpc.Infrastructure;

namespace PcHpc.Cmdlets
{
    /// <summary>
    /// Deletes a network's CloudFormation stack. Refuses while clusters (state store) or instances (EC2) still use its
    /// subnets, naming them, unless -Force. With -Wait the record leaves the state store once the stack is gone.
    /// </summary>
    [Cmdlet(VerbsCommon.Remove, "HpcVpc", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
    [OutputType(typeof(Vpc))]
    public sealed class RemoveHpcVpc : NetworkCmdlet
    {
        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [Alias("StackName")]
        [ArgumentCompleter(typeof(VpcNameCompleter))]
        public string Name { get; set; }

        [Parameter]
        public SwitchParameter Force { get; set; }

        [Parameter]
        public SwitchParameter Wait { get; set; }

        [Parameter]
        public SwitchParameter PassThru { get; set; }

        protected override void Process()
        {
            try
            {
                // A name that cannot be a network (or a wildcard) is reported before any AWS call.
                NetworkChecks.ValidateName(Name, false, "Remove-HpcVpc");
                RemoveOne();
            }
            catch (PcHpcException ex) when (ex.Kind != ErrorKind.Authentication && ex.Kind != ErrorKind.Cancelled)
            {
                // One network's failure must not stop the rest of a piped list.
                ReportError(ex, Name);
            }
        }

        private void RemoveOne()
        {
            var session = RegionSession();
            var (vpc, users) = Run(async (sink, token) =>
            {
                var service = Network(session, sink);
                var found = await service.GetForRemovalAsync(Name, token).ConfigureAwait(false);
                var using_ = await service.FindUsersAsync(found, token).ConfigureAwait(false);
                return (found, using_);
            });
            if (users.Count > 0)
            {
                if (!Force.IsPresent) NetworkChecks.EnsureUnused(vpc, users);
                WriteWarning(NetworkChecks.DescribeUsers(vpc, users) + "; deleting it anyway (-Force). The stack deletion fails while instances still use its subnets.");
            }
            if (!Confirm(vpc.Name + " (" + (vpc.VpcId ?? vpc.StackId) + ")", "Delete network stack and its VPC, subnets and NAT gateways", Force.IsPresent)) return;
            var removed = Run((sink, token) => Network(session, sink).DeleteAsync(vpc, Wait.IsPresent, token));
            if (PassThru.IsPresent) Emit(removed);
        }
    }
}
