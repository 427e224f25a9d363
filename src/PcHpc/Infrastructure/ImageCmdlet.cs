using System;
using System.Management.Automation;
using PcHpc.Core.Images;

namespace PcHpc.Infrastructure
{
    /// <summary>
    /// Base of the custom-image cmdlets: one region, -ApiUri, the engine from the one factory
    /// (<see cref="EngineFactory"/>), and an image id ParallelCluster cannot have refused before any call.
    /// </summary>
    public abstract class ImageCmdlet : ClusterEngineCmdlet
    {
        /// <summary>The ParallelCluster API invoke URL; overrides discovery (Get-HpcApi).</summary>
        [Parameter]
        public Uri ApiUri { get; set; }

        protected override Uri ApiUriValue => ApiUri;

        /// <summary>The image id this record names (null: nothing to check).</summary>
        protected virtual string ImageIdToCheck => null;

        protected override void CheckInputs()
        {
            base.CheckInputs();
            var id = ImageIdToCheck;
            if (id != null) ImageConfigValidator.CheckImageId(id);
        }

        /// <summary>The image operations of this invocation's engine (call on the pipeline thread).</summary>
        protected ImageEngine Images => PrepareEngine().Images;
    }
}
