using System.Management.Automation;
using PcHpc.Core.Remote;
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
            var identity = Run(async (sink, token) =>
            {
                using (var session = OpenSession(Region, sink))
                {
                    return await AwsIdentityQuery.GetAsync(session, EndpointUrl, token).ConfigureAwait(false);
                }
            });
            Emit(identity);
        }
    }
}
