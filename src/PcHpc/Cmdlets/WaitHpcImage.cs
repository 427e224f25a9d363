using System;
using System.Management.Automation;
using PcHpc.Core.Errors;
using PcHpc.Infrastructure;

namespace PcHpc.Cmdlets
{
    /// <summary>Waits for an image build to finish, with progress from the image stack's events; a failed build is an error that names the cause and the log to read.</summary>
    [Cmdlet(VerbsLifecycle.Wait, "HpcImage")]
    [OutputType(typeof(Image))]
    public sealed class WaitHpcImage : ImageCmdlet
    {
        /// <summary>How long to wait at most (default: no limit): a TimeSpan, hh:mm:ss, or seconds as a number.</summary>
        [Parameter]
        [Alias("TimeoutSec")]
        [SecondsOrTimeSpan]
        public TimeSpan? Timeout { get; set; }

        protected override void Process()
        {
            CheckTimeout(Timeout);
            var images = Images;
            var id = ImageId;
            var region = Region;
            var timeout = Timeout;
            try
            {
                Emit(Run((sink, token) => images.WaitAsync(id, region, timeout, sink, token)));
            }
            catch (PcHpcException ex)
            {
                ReportError(ex, id);
            }
        }
    }
}
