using System;
using System.IO;
using PcHpc.Cmdlets.Tests.Support;

namespace PcHpc.Cmdlets.Tests.Inputs
{
    /// <summary>One real-engine session against the loopback fake AWS for the bad-input tables.</summary>
    public sealed class InputsSession : FakeAwsSession
    {
        /// <summary>A valid config file for <paramref name="region"/>, returning its path.</summary>
        public string ConfigFile(string region)
        {
            var path = Path.Combine(StateHome, "cfg-" + Guid.NewGuid().ToString("N") + ".yaml");
            File.WriteAllText(path, Clusters.ClusterSession.ValidYaml.Replace("Region: us-east-1", "Region: " + region));
            return path;
        }
    }

    [CollectionDefinition(Name)]
    public sealed class InputsCollection : ICollectionFixture<InputsSession>
    {
        public const string Name = "Inputs";
    }
}
