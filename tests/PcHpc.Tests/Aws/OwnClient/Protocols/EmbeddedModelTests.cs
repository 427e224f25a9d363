using System;
using System.IO;
using System.Linq;
using System.Text.Json.Nodes;
using PcHpc.Aws.Protocols;
using PcHpc.Tests.Support;

namespace PcHpc.Tests.Aws.OwnClient.Protocols
{
    /// <summary>
    /// The embedded trimmed models must equal what ModelTrimmer makes from the botocore models in ../shared.
    /// To refresh them after a model update run:
    ///   PCHPC_REGENERATE_MODELS=1 dotnet test PcHpc.slnx --filter "FullyQualifiedName~PcHpc.Tests.Aws.OwnClient.Protocols.EmbeddedModelTests"
    /// which writes src/PcHpc.Aws/OwnClient/Protocols/Models/cloudformation.json; then rebuild and rerun without the variable.
    /// </summary>
    public class EmbeddedModelTests
    {
        public static TheoryData<string> Services => new TheoryData<string> { "cloudformation" };

        private static string Regenerate(string service)
        {
            var dir = TestEnvironment.Shared("aws-protocol-tests/models/" + service);
            var model = (JsonObject)JsonNode.Parse(File.ReadAllText(Path.Combine(dir, "service-2.json")));
            var pagPath = Path.Combine(dir, "paginators-1.json");
            var pag = File.Exists(pagPath) ? (JsonObject)JsonNode.Parse(File.ReadAllText(pagPath)) : null;
            var extras = Directory.GetFiles(dir, "paginators-1.sdk-extras.json").Select(f => (JsonObject)JsonNode.Parse(File.ReadAllText(f))).ToArray();
            return ModelTrimmer.ToText(ModelTrimmer.Trim(model, ServiceModels.Operations[service], pag, extras));
        }

        [SharedDataTheory("aws-protocol-tests/models")]
        [MemberData(nameof(Services))]
        public void EmbeddedModelEqualsTrimmedBotocoreModel(string service)
        {
            var text = Regenerate(service);
            if (Environment.GetEnvironmentVariable("PCHPC_REGENERATE_MODELS") == "1")
            {
                File.WriteAllText(Path.Combine(TestEnvironment.RepoRoot, "src/PcHpc.Aws/OwnClient/Protocols/Models", service + ".json"), text);
            }
            var embedded = ServiceModels.EmbeddedText(service).Replace("\r\n", "\n");
            Assert.True(text == embedded, $"Embedded model {service}.json is stale; regenerate with PCHPC_REGENERATE_MODELS=1 (see this class's summary).");
        }

        [Fact]
        public void AccessorsExposeEveryProductOperationAndItsShapes()
        {
            foreach (var (model, service) in new[] { (ServiceModels.CloudFormation, "cloudformation") })
            {
                Assert.Equal(ServiceModels.Operations[service].OrderBy(x => x), model.Operations.Keys.OrderBy(x => x));
                foreach (var op in model.Operations.Values)
                {
                    if (op.Input != null) Assert.Equal("structure", op.Input.Shape.Type);
                    if (op.Output != null) Assert.Equal("structure", op.Output.Shape.Type);
                }
            }
            Assert.Equal("query", ServiceModels.CloudFormation.Protocol);
            Assert.Equal("2010-05-15", ServiceModels.CloudFormation.ApiVersion);
            Assert.Equal(new[] { "cloudformation" }, ServiceModels.Operations.Keys); // EC2, SSM and STS go through the AWSSDK clients
            Assert.Equal("StackEvents", (string)ServiceModels.CloudFormation.Paginators["DescribeStackEvents"]["result_key"]);
        }

        [Fact]
        public void TrimmerKeepsReachableShapesOnly()
        {
            var model = (JsonObject)JsonNode.Parse(@"{
  ""metadata"": {""protocol"": ""json""},
  ""operations"": {
    ""A"": {""name"": ""A"", ""input"": {""shape"": ""AIn""}, ""errors"": [{""shape"": ""Err""}], ""documentation"": ""x""},
    ""B"": {""name"": ""B"", ""input"": {""shape"": ""BIn""}}
  },
  ""shapes"": {
    ""AIn"": {""type"": ""structure"", ""members"": {""L"": {""shape"": ""List""}, ""M"": {""shape"": ""Map""}}},
    ""List"": {""type"": ""list"", ""member"": {""shape"": ""Item""}},
    ""Item"": {""type"": ""structure"", ""members"": {""Self"": {""shape"": ""Item""}}},
    ""Map"": {""type"": ""map"", ""key"": {""shape"": ""Str""}, ""value"": {""shape"": ""Num""}},
    ""Str"": {""type"": ""string""}, ""Num"": {""type"": ""integer""},
    ""Err"": {""type"": ""structure"", ""members"": {}, ""exception"": true},
    ""BIn"": {""type"": ""structure"", ""members"": {""X"": {""shape"": ""Unused""}}},
    ""Unused"": {""type"": ""string""}
  }
}");
            var pag = (JsonObject)JsonNode.Parse(@"{""pagination"": {""A"": {""input_token"": ""T"", ""output_token"": ""T"", ""result_key"": ""L""}, ""B"": {}}}");
            var trimmed = ModelTrimmer.Trim(model, new[] { "A" }, pag);
            Assert.Equal(new[] { "A" }, ((JsonObject)trimmed["operations"]).Select(kv => kv.Key));
            Assert.Equal(new[] { "AIn", "Err", "Item", "List", "Map", "Num", "Str" }, ((JsonObject)trimmed["shapes"]).Select(kv => kv.Key));
            Assert.Null(trimmed["operations"]["A"]["documentation"]);
            Assert.Equal("L", (string)trimmed["pagination"]["A"]["result_key"]);
            Assert.Null(trimmed["pagination"]["B"]);
            Assert.Throws<ArgumentException>(() => ModelTrimmer.Trim(model, new[] { "Nope" }));
        }
    }
}
