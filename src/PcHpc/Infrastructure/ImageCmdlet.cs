using System;
using System.Management.Automation;
using PcHpc.Core.Images;

namespace PcHpc.Infrastructure
{
    /// <summary>
    /// Base of the custom-image cmdlets: one region, -ApiUri, the engine from <see cref="EngineFactory"/>, and an image
    /// id ParallelCluster cannot have refused before any call.
    /// </summary>
    public abstract class ImageCmdlet : AwsRegionalCmdlet
    {
        /// <summary>The ParallelCluster API invoke URL; overrides discovery (Get-HpcApi).</summary>
        [Parameter]
        public Uri ApiUri { get; set; }

        /// <summary>The image id this record names (null: nothing to check).</summary>
        protected virtual string ImageIdToCheck => null;

        protected override void CheckInputs()
        {
            base.CheckInputs();
            var id = ImageIdToCheck;
            if (id != null) ImageConfigValidator.CheckImageId(id);
        }

        private ImageEngine _images;

        /// <summary>The image engine of this invocation (call on the pipeline thread: it reads session variables).</summary>
        protected ImageEngine Images => _images ?? (_images = Engines.Images(ConnectionOptions(null), ApiUri));
    }
}
