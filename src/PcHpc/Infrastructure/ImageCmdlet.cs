using System;
using System.Management.Automation;
using PcHpc.Core.Images;

namespace PcHpc.Infrastructure
{
    /// <summary>
    /// Base of the cmdlets that work on one named custom image: -ImageId and -Region by property name, so
    /// <c>Get-HpcImage | Verb-HpcImage</c> binds; an id ParallelCluster cannot have is refused before any call.
    /// </summary>
    public abstract class ImageCmdlet : ImageEngineCmdlet
    {
        /// <summary>The image's id (the name given at build time).</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        public string ImageId { get; set; }

        protected override void CheckInputs()
        {
            base.CheckInputs();
            if (ImageId != null) ImageConfigValidator.CheckImageId(ImageId);
        }
    }

    /// <summary>A one-region cmdlet with an image engine: -ApiUri, the engine from <see cref="EngineFactory"/>.</summary>
    public abstract class ImageEngineCmdlet : AwsRegionalCmdlet
    {
        /// <summary>The ParallelCluster API invoke URL; overrides discovery (Get-HpcApi).</summary>
        [Parameter]
        public Uri ApiUri { get; set; }

        private ImageEngine _images;

        /// <summary>The image engine of this invocation (call on the pipeline thread: it reads session variables).</summary>
        protected ImageEngine Images => _images ?? (_images = Engines.Images(ConnectionOptions(null), ApiUri));
    }
}
