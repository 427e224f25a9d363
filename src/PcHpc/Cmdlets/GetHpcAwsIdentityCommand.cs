using System.Management.Automation;
using PcHpc.Core.Identity;
using PcHpc.Core.Ports;
using PcHpc.Infrastructure;

namespace PcHpc.Cmdlets
{
    /// <summary>Get-HpcAwsIdentity: who am I in AWS, in which region, and where did the credentials come from.</summary>
    [Cmdlet(VerbsCommon.Get, "HpcAwsIdentity")]
    [OutputType(typeof(AwsIdentity))]
    public sealed class GetHpcAwsIdentityCommand : AwsRegionalCmdlet
    {
        protected override void Process()
        {
            // Session variables ($StoredAWSCredentials, $StoredAWSRegion) are read here, on the pipeline thread.
            var options = ConnectionOptions();
            var endpoint = EndpointUrl;
            try
            {
                var session = Engines.Session(options);
                var identity = Run((sink, token) => AwsIdentityQuery.GetAsync(session, endpoint, token));
                Emit(identity);
            }
            catch (Core.Errors.PcHpcException ex)
            {
                // One region (pipeline item) that fails is that item's error; the next one is still asked.
                ReportError(ex, options.Region);
            }
        }
    }
}
