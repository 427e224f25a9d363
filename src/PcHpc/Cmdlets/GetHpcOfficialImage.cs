using System.Linq;
using System.Management.Automation;
using PcHpc.Core.Config.Schema;
using PcHpc.Core.Errors;
using PcHpc.Infrastructure;

namespace PcHpc.Cmdlets
{
    /// <summary>Lists the official ParallelCluster AMIs of a region (ListOfficialImages), by operating system and architecture.</summary>
    [Cmdlet(VerbsCommon.Get, "HpcOfficialImage")]
    [OutputType(typeof(OfficialImage))]
    public sealed class GetHpcOfficialImage : ImageEngineCmdlet
    {
        [Parameter(Position = 0)]
        [ArgumentCompleter(typeof(OsCompleter))]
        public string Os { get; set; }

        [Parameter]
        [ValidateSet("x86_64", "arm64")]
        public string Architecture { get; set; }

        protected override void CheckInputs()
        {
            base.CheckInputs();
            if (Os == null) return;
            var known = ConfigSchema.Image.StringList("SUPPORTED_OSES");
            if (!known.Contains(Os))
                throw new PcHpcException(ErrorKind.InvalidArgument, "OsUnknown",
                    $"-Os '{Os}' is not an operating system ParallelCluster builds images for; use one of {string.Join(", ", known)}.") { Target = Os };
        }

        protected override void Process()
        {
            var images = Images;
            var region = Region;
            var os = Os;
            var architecture = Architecture;
            EmitAll(Run((sink, token) => images.OfficialAsync(region, os, architecture, sink, token)));
        }
    }
}
