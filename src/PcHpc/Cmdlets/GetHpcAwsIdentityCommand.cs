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
            var factory = SessionFactory;
            try
            {
                var identity = Run(async (sink, token) =>
                {
                    using (var session = factory.Create(options, sink))
                    {
                        return await AwsIdentityQuery.GetAsync(session, endpoint, token).ConfigureAwait(false);
                    }
                });
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
