using System;
using System.Collections.Generic;
using System.IO;
using System.Text;

namespace PcHpc.Aws.Protocols
{
    /// <summary>
    /// The trimmed service models embedded in PcHpc.Aws (OwnClient/Protocols/Models/*.json), loaded once on first use.
    /// Refresh them with: PCHPC_REGENERATE_MODELS=1 dotnet test PcHpc.slnx --filter "FullyQualifiedName~PcHpc.Tests.Aws.OwnClient.Protocols.EmbeddedModelTests"
    /// </summary>
    public static class ServiceModels
    {
        /// <summary>Operations PcHpc calls per service; the trimmer keeps these and every shape they reach.</summary>
        public static readonly IReadOnlyDictionary<string, string[]> Operations = new Dictionary<string, string[]>
        {
            ["cloudformation"] = new[] { "CreateStack", "UpdateStack", "DeleteStack", "DescribeStacks", "DescribeStackEvents", "DescribeStackResources", "ListStacks" },
        };

        private static readonly Lazy<ServiceModel> CloudFormationLazy = new Lazy<ServiceModel>(() => Load("cloudformation"));
        private static readonly Lazy<ServiceModel> ParallelClusterLazy = new Lazy<ServiceModel>(() => Load("parallelcluster"));

        public static ServiceModel CloudFormation => CloudFormationLazy.Value;

        /// <summary>The hand-made rest-json model of the ParallelCluster API (from ParallelCluster.openapi.yaml).</summary>
        public static ServiceModel ParallelCluster => ParallelClusterLazy.Value;

        /// <summary>The embedded JSON text of a model (cloudformation, parallelcluster).</summary>
        public static string EmbeddedText(string name)
        {
            var resource = "PcHpc.Aws.Protocols.Models." + name + ".json";
            using (var stream = typeof(ServiceModels).Assembly.GetManifestResourceStream(resource))
            {
                if (stream == null) throw new InvalidOperationException($"Embedded model '{resource}' is missing from PcHpc.Aws.");
                using (var reader = new StreamReader(stream, Encoding.UTF8)) return reader.ReadToEnd();
            }
        }

        private static ServiceModel Load(string name) => ServiceModel.Parse(EmbeddedText(name));
    }
}
