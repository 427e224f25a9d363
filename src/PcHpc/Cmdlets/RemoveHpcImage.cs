using System.Management.Automation;
using PcHpc.Core.Errors;
using PcHpc.Infrastructure;

namespace PcHpc.Cmdlets
{
    /// <summary>Deletes custom images (the AMI and the image stack); also images in DELETE_FAILED.</summary>
    [Cmdlet(VerbsCommon.Remove, "HpcImage", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
    [OutputType(typeof(Image))]
    public sealed class RemoveHpcImage : ImageCmdlet
    {
        /// <summary>Skip the confirmation prompt (-WhatIf still wins).</summary>
        [Parameter]
        public SwitchParameter Force { get; set; }

        /// <summary>The API's force flag: delete even when instances use the AMI or it is shared with other accounts.</summary>
        [Parameter]
        public SwitchParameter EvenIfInUse { get; set; }

        [Parameter]
        public SwitchParameter Wait { get; set; }

        protected override void Process()
        {
            if (!Confirm($"image '{ImageId}' in {Region ?? "the default region"}", "Remove", Force.IsPresent)) return;
            var images = Images;
            var id = ImageId;
            var region = Region;
            var inUse = EvenIfInUse.IsPresent;
            var wait = Wait.IsPresent;
            try
            {
                var image = Run((sink, token) => images.DeleteAsync(id, region, inUse, wait, sink, token));
                if (image != null) Emit(image);
            }
            catch (PcHpcException ex)
            {
                ReportError(ex, id);
            }
        }
    }
}
