using System;
using System.Collections.Generic;
using System.Linq;
using PcHpc.Build;
using PcHpc.Infrastructure;

namespace PcHpc.Tests.Module
{
    /// <summary>Rules a real PowerShell (or PSScriptAnalyzer) enforces, checked over every cmdlet of the module.</summary>
    public class CmdletConventionTests
    {
        public static IEnumerable<object[]> Cmdlets() =>
            CmdletMetadata.FromAssembly(typeof(PcHpcCmdlet).Assembly).Select(c => new object[] { c.Name });

        private static CmdletShape Shape(string name) =>
            CmdletMetadata.FromAssembly(typeof(PcHpcCmdlet).Assembly).Single(c => c.Name == name);

        // Get-Verb's approved verbs that this module may plausibly use.
        private static readonly HashSet<string> ApprovedVerbs = new HashSet<string>(StringComparer.Ordinal)
        {
            "Add", "Clear", "Copy", "Export", "Get", "Import", "Install", "Invoke", "New", "Receive", "Remove", "Set",
            "Start", "Stop", "Test", "Update", "Wait", "Uninstall", "Suspend", "Resume", "Register", "Unregister", "Show",
        };

        private static readonly string[] AwsParameters = { "ProfileName", "ProfileLocation", "AccessKey", "SecretKey", "SessionToken", "EndpointUrl", "Region" };

        [Fact]
        public void ModuleHasCmdlets() => Assert.NotEmpty(Cmdlets());

        [Theory]
        [MemberData(nameof(Cmdlets))]
        public void FollowsPowerShellConventions(string name)
        {
            var shape = Shape(name);
            Assert.Contains(shape.Verb, ApprovedVerbs);
            Assert.StartsWith("Hpc", shape.Noun);
            Assert.True(typeof(PcHpcCmdlet).IsAssignableFrom(shape.Type), $"{name} must derive from PcHpcCmdlet so its output goes through the seam.");
            Assert.NotEmpty(shape.OutputTypes);
            if (shape.ParameterSetNames.Count() > 1)
            {
                Assert.False(string.IsNullOrEmpty(shape.DefaultParameterSetName), $"{name} has several parameter sets but no DefaultParameterSetName.");
            }
            foreach (var set in shape.ParameterSetNames)
            {
                // A set is only reachable when some parameter belongs to it alone.
                Assert.True(shape.Parameters.Any(p => p.Sets.Count == 1 && p.Sets[0].Name == set) || shape.ParameterSetNames.Count() == 1,
                    $"{name}: parameter set '{set}' has no parameter unique to it.");
            }
        }

        [Theory]
        [MemberData(nameof(Cmdlets))]
        public void MutatingCmdletsSupportShouldProcessAndDestructiveOnesAskFirst(string name)
        {
            var shape = Shape(name);
            if (new[] { "Remove", "Stop", "Uninstall" }.Contains(shape.Verb))
            {
                Assert.True(shape.SupportsShouldProcess, $"{name} must support -WhatIf/-Confirm.");
                if (shape.Verb != "Stop")
                {
                    Assert.Equal("High", shape.ConfirmImpact);
                    Assert.Contains(shape.Parameters, p => p.Name == "Force" && p.IsSwitch);
                }
            }
            if (new[] { "New", "Update", "Set", "Start", "Install", "Remove", "Stop" }.Contains(shape.Verb) && shape.Noun != "HpcClusterConfig" && shape.Noun != "HpcQueueConfig" && shape.Noun != "HpcStorageConfig")
            {
                Assert.True(shape.SupportsShouldProcess, $"{name} changes something and must support -WhatIf/-Confirm.");
            }
        }

        [Theory]
        [MemberData(nameof(Cmdlets))]
        public void EverySwitchHasATestableFlag(string name)
        {
            // PowerShellStandard.Library's SwitchParameter always reads as absent outside PowerShell, so each switch
            // keeps a plain bool (<Switch>Flag) that the cmdlet reads and tests set.
            var shape = Shape(name);
            foreach (var parameter in shape.Parameters.Where(p => p.IsSwitch))
            {
                var flag = shape.Type.GetProperty(parameter.Name + "Flag", System.Reflection.BindingFlags.Instance | System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Public);
                Assert.True(flag != null && flag.PropertyType == typeof(bool), $"{name}: switch -{parameter.Name} has no bool {parameter.Name}Flag property.");
            }
        }

        [Theory]
        [MemberData(nameof(Cmdlets))]
        public void RemoteCmdletsTakeTheCommonAwsParameters(string name)
        {
            var shape = Shape(name);
            if (!typeof(AwsCmdlet).IsAssignableFrom(shape.Type)) return;
            foreach (var parameter in AwsParameters)
            {
                Assert.Contains(shape.Parameters, p => p.Name == parameter);
            }
        }
    }
}
