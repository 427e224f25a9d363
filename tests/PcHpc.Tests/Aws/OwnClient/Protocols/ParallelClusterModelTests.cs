using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Text.Json;
using PcHpc.Aws.Http;
using PcHpc.Aws.Protocols;
using PcHpc.Tests.Support;

namespace PcHpc.Tests.Aws.OwnClient.Protocols
{
    /// <summary>The hand-made ParallelCluster rest-json model: paths, query parameters, bodies, responses, errors.</summary>
    public class ParallelClusterModelTests
    {
        private static Dictionary<string, object> D(params (string k, object v)[] items) => items.ToDictionary(i => i.k, i => i.v);
        private static Operation Op(string name) => ServiceModels.ParallelCluster.Operation(name);
        private static List<string> Query(AwsHttpRequest r) => r.Query.Select(p => p.Key + "=" + p.Value).ToList();

        [Fact]
        public void ModelHasTheProductOperations()
        {
            var expected = new[] { "BuildImage", "CreateCluster", "DeleteCluster", "DeleteClusterInstances", "DeleteImage", "DescribeCluster", "DescribeClusterInstances",
                "DescribeComputeFleet", "DescribeImage", "GetClusterLogEvents", "GetClusterStackEvents", "GetImageLogEvents", "GetImageStackEvents",
                "ListClusterLogStreams", "ListClusters", "ListImageLogStreams", "ListImages", "ListOfficialImages", "UpdateCluster", "UpdateComputeFleet" };
            Assert.Equal(expected, ServiceModels.ParallelCluster.Operations.Keys.OrderBy(k => k, StringComparer.Ordinal));
            Assert.Equal("rest-json", ServiceModels.ParallelCluster.Protocol);
            Assert.Equal("execute-api", ServiceModels.ParallelCluster.SigningName);
        }

        [Fact]
        public void ListClustersRepeatsClusterStatusAndSendsNoBody()
        {
            var r = RequestSerializer.Serialize(Op("ListClusters"), D(
                ("region", "eu-west-1"), ("nextToken", "a/b=="), ("clusterStatus", new List<object> { "CREATE_FAILED", "UPDATE_FAILED" })));
            Assert.Equal("GET", r.Method);
            Assert.Equal("/v3/clusters", r.Path);
            Assert.Equal(new[] { "region=eu-west-1", "nextToken=a/b==", "clusterStatus=CREATE_FAILED", "clusterStatus=UPDATE_FAILED" }, Query(r));
            Assert.Empty(r.Body);
            Assert.Null(r.GetHeader("Content-Type"));
        }

        [Fact]
        public void PathParametersArePercentEncoded()
        {
            var r = RequestSerializer.Serialize(Op("GetClusterLogEvents"), D(
                ("clusterName", "my cluster"), ("logStreamName", "ip-10-0-0-1.i-0abc.slurmctld/x"),
                ("startFromHead", true), ("limit", 100L),
                ("startTime", new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero)),
                ("endTime", new DateTime(2026, 1, 2, 4, 0, 0, DateTimeKind.Utc))));
            Assert.Equal("/v3/clusters/my%20cluster/logstreams/ip-10-0-0-1.i-0abc.slurmctld%2Fx", r.Path);
            Assert.Equal(new[] { "startFromHead=true", "limit=100", "startTime=2026-01-02T03:04:05Z", "endTime=2026-01-02T04:00:00Z" }, Query(r));
        }

        [Fact]
        public void CreateClusterPutsQueryFlagsInTheQueryAndConfigurationInTheBody()
        {
            var r = RequestSerializer.Serialize(Op("CreateCluster"), D(
                ("region", "us-east-1"), ("dryrun", true), ("rollbackOnFailure", false), ("validationFailureLevel", "WARNING"),
                ("suppressValidators", new List<object> { "type:KeyPairValidator", "ALL" }),
                ("clusterName", "hpc1"), ("clusterConfiguration", "Image:\n  Os: alinux2023\n")));
            Assert.Equal("POST", r.Method);
            Assert.Equal("/v3/clusters", r.Path);
            var q = Query(r);
            Assert.Contains("dryrun=true", q);
            Assert.Contains("rollbackOnFailure=false", q);
            Assert.Contains("validationFailureLevel=WARNING", q);
            Assert.Contains("suppressValidators=type:KeyPairValidator", q);
            Assert.Contains("suppressValidators=ALL", q);
            Assert.Equal("application/json", r.GetHeader("Content-Type"));
            using (var doc = JsonDocument.Parse(r.Body))
            {
                Assert.Equal("hpc1", doc.RootElement.GetProperty("clusterName").GetString());
                Assert.Equal("Image:\n  Os: alinux2023\n", doc.RootElement.GetProperty("clusterConfiguration").GetString());
                Assert.False(doc.RootElement.TryGetProperty("dryrun", out _));
            }
        }

        [Fact]
        public void UpdateClusterAndComputeFleetUseTheirVerbs()
        {
            var u = RequestSerializer.Serialize(Op("UpdateCluster"), D(("clusterName", "c"), ("forceUpdate", true), ("clusterConfiguration", "x")));
            Assert.Equal("PUT", u.Method);
            Assert.Contains("forceUpdate=true", Query(u));
            var f = RequestSerializer.Serialize(Op("UpdateComputeFleet"), D(("clusterName", "c"), ("status", "STOP_REQUESTED")));
            Assert.Equal("PATCH", f.Method);
            Assert.Equal("/v3/clusters/c/computefleet", f.Path);
            Assert.Equal("{\"status\":\"STOP_REQUESTED\"}", Encoding.UTF8.GetString(f.Body));
            var d = RequestSerializer.Serialize(Op("DescribeClusterInstances"), D(("clusterName", "c"), ("nodeType", "HeadNode"), ("queueName", "q1")));
            Assert.Equal(new[] { "nodeType=HeadNode", "queueName=q1" }, Query(d));
            var del = RequestSerializer.Serialize(Op("DeleteCluster"), D(("clusterName", "c"), ("region", "us-east-1")));
            Assert.Equal("DELETE", del.Method);
            Assert.Empty(del.Body);
        }

        [Fact]
        public void BothStackStatusSpellingsParseToOneName()
        {
            var list = Encoding.UTF8.GetBytes(@"{""clusters"":[{""clusterName"":""a"",""cloudformationStackStatus"":""CREATE_COMPLETE"",""clusterStatus"":""CREATE_COMPLETE""}],""nextToken"":""n""}");
            var parsed = ResponseParser.Parse(Op("ListClusters"), new AwsHttpResponse { StatusCode = 200, Body = list });
            var c = (Dictionary<string, object>)((List<object>)parsed["clusters"]).Single();
            Assert.Equal("CREATE_COMPLETE", c["cloudFormationStackStatus"]);

            var describe = Encoding.UTF8.GetBytes(@"{""clusterName"":""a"",""cloudFormationStackStatus"":""UPDATE_ROLLBACK_COMPLETE"",
                ""creationTime"":""2026-01-02T03:04:05.000Z"",""headNode"":{""instanceId"":""i-1"",""privateIpAddress"":""10.0.0.5""}}");
            var d = ResponseParser.Parse(Op("DescribeCluster"), new AwsHttpResponse { StatusCode = 200, Body = describe });
            Assert.Equal("UPDATE_ROLLBACK_COMPLETE", d["cloudFormationStackStatus"]);
            Assert.Equal(new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero), d["creationTime"]);
            Assert.Equal("i-1", ((Dictionary<string, object>)d["headNode"])["instanceId"]);
        }

        [Fact]
        public void ErrorsReadHeaderCodeAndMessage()
        {
            var response = new AwsHttpResponse { StatusCode = 404, Body = Encoding.UTF8.GetBytes(@"{""message"":""Cluster 'x' does not exist.""}") };
            response.Headers["x-amzn-ErrorType"] = "NotFoundException:http://internal.amazon.com/coral/";
            response.Headers["x-amzn-RequestId"] = "rid-1";
            var e = ProtocolErrorParsers.For("rest-json").Parse(response);
            Assert.Equal("NotFoundException", e.Code);
            Assert.Equal("Cluster 'x' does not exist.", e.Message);
            Assert.Equal("rid-1", e.RequestId);
            Assert.Equal(404, e.StatusCode);
            Assert.Contains("does not exist", e.RawBody);
        }

        [SharedDataFact("parallelcluster/ParallelCluster.openapi.yaml")]
        public void OperationsMatchTheOpenApiSpec()
        {
            var lines = System.IO.File.ReadAllLines(PcHpc.Tests.Support.TestEnvironment.Shared("parallelcluster/ParallelCluster.openapi.yaml"));
            foreach (var op in ServiceModels.ParallelCluster.Operations.Values)
            {
                var opLine = Array.FindIndex(lines, l => l.Trim() == "operationId: " + op.Name);
                Assert.True(opLine > 2, $"{op.Name} not in the spec");
                // the verb line sits just above operationId (after a description), the path above that
                var verbLine = Enumerable.Range(0, opLine).Reverse().First(i => lines[i].StartsWith("    ") && !lines[i].StartsWith("     "));
                Assert.Equal(op.Method.ToLowerInvariant() + ":", lines[verbLine].Trim());
                var pathLine = Enumerable.Range(0, verbLine).Reverse().First(i => lines[i].StartsWith("  /"));
                Assert.Equal(op.RequestUri + ":", lines[pathLine].Trim());
                foreach (var m in op.Input.Shape.Members.Where(x => x.Location == "querystring" || x.Location == "uri"))
                {
                    var next = Array.FindIndex(lines, opLine + 1, l => l.Trim().StartsWith("operationId: "));
                    var section = lines.Skip(opLine).Take((next < 0 ? lines.Length : next) - opLine);
                    Assert.Contains(section, l => l.Trim() == "- name: " + m.LocationName);
                }
            }
        }

        [Fact]
        public void PaginatorEntriesExist()
        {
            Assert.Equal("clusters", PaginatorDefinition.For(ServiceModels.ParallelCluster, "ListClusters").ResultKeys.Single());
            Assert.Equal("events", PaginatorDefinition.For(ServiceModels.ParallelCluster, "GetClusterStackEvents").ResultKeys.Single());
        }
    }
}
