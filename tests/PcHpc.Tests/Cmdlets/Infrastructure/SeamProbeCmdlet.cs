using System.Management.Automation;
using PcHpc.Infrastructure;

namespace PcHpc.Tests.Cmdlets.Infrastructure
{
    /// <summary>A cmdlet shape for the help tooling tests (HelpTests); the plumbing itself is tested in the real engine.</summary>
    [Cmdlet("Test", "Seam", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
    public sealed class SeamProbeCmdlet : PcHpcCmdlet
    {
        [Parameter] public SwitchParameter Force { get; set; }
        [Parameter] public string FailWith { get; set; }
    }
}
