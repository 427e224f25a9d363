using System;
using System.Collections.Generic;
using PcHpc.Infrastructure;

namespace PcHpc.Tests.Support
{
    /// <summary>
    /// Runs a cmdlet the way the PowerShell engine would: Begin once, Process once per pipeline record (after the
    /// record's properties were bound), End once. Pipeline records are modelled as actions that bind parameters.
    /// </summary>
    public static class CmdletRunner
    {
        public static RecordingHost Run(PcHpcCmdlet cmdlet, RecordingHost host = null)
        {
            return RunPipeline(cmdlet, new Action[] { () => { } }, host);
        }

        public static RecordingHost RunPipeline(PcHpcCmdlet cmdlet, IEnumerable<Action> bindEachRecord, RecordingHost host = null)
        {
            host = host ?? new RecordingHost();
            cmdlet.Seam = host;
            cmdlet.InvokeBegin();
            foreach (var bind in bindEachRecord)
            {
                bind();
                cmdlet.InvokeProcess();
            }
            cmdlet.InvokeEnd();
            return host;
        }

        /// <summary>Binds each input object by property name onto the cmdlet, as ValueFromPipelineByPropertyName does.</summary>
        public static RecordingHost RunWithInput<TCmdlet>(TCmdlet cmdlet, IEnumerable<object> input, RecordingHost host = null)
            where TCmdlet : PcHpcCmdlet
        {
            var binds = new List<Action>();
            foreach (var item in input)
            {
                binds.Add(() => PipelineBinder.BindByPropertyName(cmdlet, item));
            }
            return RunPipeline(cmdlet, binds, host);
        }
    }
}
