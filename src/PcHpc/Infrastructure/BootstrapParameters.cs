using System;
using System.Collections.Generic;
using System.IO;
using PcHpc.Core.Bootstrap;
using PcHpc.Core.Errors;
using PcHpc.Core.State;

namespace PcHpc.Infrastructure
{
    /// <summary>How the config builders pass -OnNodeStart/-OnNodeConfigured/-OnNodeUpdated to the engine.</summary>
    internal static class BootstrapParameters
    {
        internal static IDictionary<string, object[]> Actions(object[] onNodeStart, object[] onNodeConfigured, object[] onNodeUpdated) =>
            new Dictionary<string, object[]>
            {
                [BootstrapActions.OnNodeStart] = onNodeStart,
                [BootstrapActions.OnNodeConfigured] = onNodeConfigured,
                [BootstrapActions.OnNodeUpdated] = onNodeUpdated,
            };

        /// <summary>Where software stack scripts are written before staging: the state directory's bootstrap folder, else the temp folder.</summary>
        internal static string StackFolder()
        {
            try { return Path.Combine(StateLocation.Resolve(), "bootstrap"); }
            catch (PcHpcException) { return Path.Combine(Path.GetTempPath(), "pchpc-bootstrap"); }
        }
    }
}
