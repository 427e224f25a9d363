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
    public sealed class RemoveHpcVpc : AwsRegionalCmdlet
    {
        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [Alias("StackName")]
        public string Name { get; set; }

        [Parameter]
        public SwitchParameter Force { get => new SwitchParameter(_force); set => _force = value.IsPresent; }

        /// <summary>The switch as a plain bool (tests set it here: SwitchParameter is a stub outside PowerShell).</summary>
        internal bool ForceFlag { get => _force; set => _force = value; }

        private bool _force;

        [Parameter]
        public SwitchParameter Wait { get => new SwitchParameter(_wait); set => _wait = value.IsPresent; }

        /// <summary>The switch as a plain bool (tests set it here: SwitchParameter is a stub outside PowerShell).</summary>
        internal bool WaitFlag { get => _wait; set => _wait = value; }

        private bool _wait;

        [Parameter]
        public SwitchParameter PassThru { get => new SwitchParameter(_passThru); set => _passThru = value.IsPresent; }

        /// <summary>The switch as a plain bool (tests set it here: SwitchParameter is a stub outside PowerShell).</summary>
        internal bool PassThruFlag { get => _passThru; set => _passThru = value; }

        private bool _passThru;

        /// <summary>Tests point this at a temporary folder; otherwise the per-user store is opened on first use.</summary>
        internal StateStore Store { get => _store ?? (_store = StateStore.Open(null, new StateStoreOptions { Sink = Activity })); set => _store = value; }

        private StateStore _store;

        /// <summary>Time between polls with -Wait (tests use zero).</summary>
        internal TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(5);

        protected override void Process()
        {
            try
            {
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
            using (var session = Run((sink, token) => System.Threading.Tasks.Task.FromResult(OpenSession(Region, sink))))
            {
                var store = Store;
                var (vpc, users) = Run(async (sink, token) =>
                {
                    var service = new NetworkService(session, store, sink);
                    var found = await service.GetForRemovalAsync(Name, token).ConfigureAwait(false);
                    var using_ = await service.FindUsersAsync(found, token).ConfigureAwait(false);
                    return (found, using_);
                });
                if (users.Count > 0)
                {
                    if (!_force) NetworkService.EnsureUnused(vpc, users);
                    Seam.WriteWarning(NetworkService.DescribeUsers(vpc, users) + "; deleting it anyway (-Force). The stack deletion fails while instances still use its subnets.");
                }
                if (!Confirm(vpc.Name + " (" + (vpc.VpcId ?? vpc.StackId) + ")", "Delete network stack and its VPC, subnets and NAT gateways", _force)) return;
                var removed = Run((sink, token) => new NetworkService(session, store, sink) { PollInterval = InternalHooks.PollInterval ?? PollInterval }.DeleteAsync(vpc, _wait, token));
                if (_passThru) Emit(removed);
            }
        }
    }
}
