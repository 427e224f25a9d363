using System.Management.Automation;
using PcHpc.Core.Errors;
using PcHpc.Infrastructure;

namespace PcHpc.Cmdlets
{
    /// <summary>Lists the custom images of a region (ListImages, every page), or describes one by its exact id (DescribeImage).</summary>
    [Cmdlet(VerbsCommon.Get, "HpcImage")]
    [OutputType(typeof(Image))]
    public sealed class GetHpcImage : ImageEngineCmdlet
    {
        [Parameter(Position = 0, ValueFromPipelineByPropertyName = true)]
        [SupportsWildcards]
        public string[] ImageId { get; set; }

        [Parameter]
        public ImageState? Status { get; set; }

        protected override void CheckInputs()
        {
            base.CheckInputs();
            foreach (var id in ImageId ?? new string[0])
            {
                if (!WildcardPattern.ContainsWildcardCharacters(id)) Core.Images.ImageConfigValidator.CheckImageId(id);
            }
        }

        protected override void Process()
        {
            var images = Images;
            var region = Region;
            var status = Status;
            var ids = ImageId == null || ImageId.Length == 0 ? new string[] { null } : ImageId;
            foreach (var id in ids)
            {
                try
                {
                    if (id != null && !WildcardPattern.ContainsWildcardCharacters(id))
                    {
                        var image = Run((sink, token) => images.DescribeAsync(id, region, sink, token));
                        if (status == null || image.Status == status.Value) Emit(image);
                        continue;
                    }
                    var pattern = id;
                    EmitAll(Run((sink, token) => images.ListAsync(region, status, pattern, sink, token)));
                }
                catch (PcHpcException ex)
                {
                    ReportError(ex, id);
                }
            }
        }
    }
}
