using System;
using System.Management.Automation;
using System.Threading.Tasks;
using PcHpc.Core.Activity;
using PcHpc.Core.Errors;
using PcHpc.Infrastructure;
using PcHpc.Tests.Support;

namespace PcHpc.Tests.Infrastructure
{
    [Cmdlet("Test", "Seam", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
    public sealed class SeamProbeCmdlet : PcHpcCmdlet
    {
        [Parameter] public SwitchParameter Force { get => new SwitchParameter(ForceFlag); set => ForceFlag = value.IsPresent; }
        // PowerShellStandard.Library's SwitchParameter is a stub (IsPresent is always false outside PowerShell),
        // so switches keep a plain bool that tests set directly.
        internal bool ForceFlag { get; set; }
        [Parameter] public string FailWith { get; set; }

        protected override void Process()
        {
            var result = Run(async (sink, token) =>
            {
                await Task.Yield();
                for (var i = 0; i <= 100; i += 50)
                {
                    sink.Progress(new ProgressUpdate { Activity = "probe", PercentComplete = i });
                    await Task.Delay(1, token);
                }
                sink.Verbose("worker says hi");
                if (FailWith != null) throw new PcHpcException(ErrorKind.NotFound, "Probe.NotFound", FailWith);
                return 42;
            });
            if (Confirm("target", "act", ForceFlag)) Emit(result);
        }
    }

    public class CmdletSeamTests
    {
        [Fact]
        public void WorkerProgressAndMessagesAreReplayedOnThePipelineThread()
        {
            var host = CmdletRunner.Run(new SeamProbeCmdlet { ForceFlag = true }, new RecordingHost { ShouldProcessAnswer = false });
            Assert.Equal(new object[] { 42 }, host.Output);
            Assert.Equal(new[] { 0, 50, 100 }, host.Progress.ConvertAll(p => p.PercentComplete));
            Assert.Contains("worker says hi", host.Verbose);
            Assert.Empty(host.OffThreadCalls);
            Assert.Empty(host.ShouldProcessCalls); // -Force skipped the prompt
        }

        [Fact]
        public void EngineExceptionBecomesTerminatingErrorWithMappedCategory()
        {
            var ex = Assert.Throws<TerminatingErrorException>(() => CmdletRunner.Run(new SeamProbeCmdlet { FailWith = "no such cluster" }));
            Assert.Equal(ErrorCategory.ObjectNotFound, ex.Error.Category);
            Assert.Equal("Probe.NotFound", ex.Error.ErrorId);
            Assert.Equal("no such cluster", ex.Error.Exception.Message);
        }

        [Fact]
        public void WhatIfBeatsForce()
        {
            var host = new RecordingHost { WhatIfRequested = true };
            CmdletRunner.Run(new SeamProbeCmdlet { ForceFlag = true }, host);
            Assert.Empty(host.Output);
            Assert.Single(host.ShouldProcessCalls);
        }

        [Fact]
        public void WithoutForceTheUserIsAsked()
        {
            var host = new RecordingHost { ShouldProcessAnswer = false };
            CmdletRunner.Run(new SeamProbeCmdlet(), host);
            Assert.Empty(host.Output);
            Assert.Equal(("target", "act"), host.ShouldProcessCalls[0]);
        }
    }
}
