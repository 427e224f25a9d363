using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using PcHpc.Aws.Protocols;

namespace PcHpc.Tests.Aws.OwnClient.Protocols
{
    public class PaginatorTests
    {
        private static Dictionary<string, object> D(params (string k, object v)[] items) => items.ToDictionary(i => i.k, i => i.v);

        /// <summary>A fake service: returns pages[i] for the i-th call and records each request.</summary>
        private sealed class FakePages
        {
            private readonly List<Dictionary<string, object>> _pages;
            public List<Dictionary<string, object>> Requests { get; } = new List<Dictionary<string, object>>();
            public FakePages(params Dictionary<string, object>[] pages) { _pages = pages.ToList(); }
            public Task<Dictionary<string, object>> Call(Dictionary<string, object> request)
            {
                Requests.Add(request);
                if (Requests.Count > _pages.Count) throw new InvalidOperationException("Paginator asked for more pages than the service has.");
                return Task.FromResult(_pages[Requests.Count - 1]);
            }
        }

        [Fact]
        public async Task DescribeStackEventsFollowsNextTokenAndConcatenates()
        {
            var def = PaginatorDefinition.For(ServiceModels.CloudFormation, "DescribeStackEvents");
            var fake = new FakePages(
                D(("StackEvents", new List<object> { "e1", "e2" }), ("NextToken", "t1")),
                D(("StackEvents", new List<object> { "e3" }), ("NextToken", "t2")),
                D(("StackEvents", new List<object> { "e4" })));
            var result = await Paginator.PaginateAsync(def, D(("StackName", "s")), fake.Call);
            Assert.Equal(new object[] { "e1", "e2", "e3", "e4" }, (List<object>)result["StackEvents"]);
            Assert.False(result.ContainsKey("NextToken"));
            Assert.Equal(3, fake.Requests.Count);
            Assert.False(fake.Requests[0].ContainsKey("NextToken"));
            Assert.Equal("t1", fake.Requests[1]["NextToken"]);
            Assert.Equal("t2", fake.Requests[2]["NextToken"]);
            Assert.All(fake.Requests, r => Assert.Equal("s", r["StackName"]));
        }

        [Fact]
        public async Task CloudFormationListStacksConcatenatesSummariesAndStopsOnEmptyToken()
        {
            var def = PaginatorDefinition.For(ServiceModels.CloudFormation, "ListStacks");
            var r1 = D(("StackName", "a"));
            var r2 = D(("StackName", "b"));
            var fake = new FakePages(
                D(("StackSummaries", new List<object> { r1 }), ("NextToken", "abc")),
                D(("StackSummaries", new List<object> { r2 }), ("NextToken", "")));
            var result = await Paginator.PaginateAsync(def, D(("StackStatusFilter", new List<object> { "CREATE_COMPLETE" })), fake.Call);
            Assert.Equal(new object[] { r1, r2 }, (List<object>)result["StackSummaries"]);
            Assert.Equal(2, fake.Requests.Count);
            Assert.Equal("abc", fake.Requests[1]["NextToken"]);
        }

        [Fact]
        public async Task DescribeStackEventsStopsOnRepeatedToken()
        {
            var def = PaginatorDefinition.For(ServiceModels.CloudFormation, "DescribeStackEvents");
            var fake = new FakePages(
                D(("StackEvents", new List<object> { "a" }), ("NextToken", "same")),
                D(("StackEvents", new List<object> { "b" }), ("NextToken", "same")),
                D(("StackEvents", new List<object> { "never" })));
            var result = await Paginator.PaginateAsync(def, null, fake.Call);
            Assert.Equal(new object[] { "a", "b" }, (List<object>)result["StackEvents"]);
            Assert.Equal(2, fake.Requests.Count);
        }

        [Fact]
        public async Task StopsWhenTokenMissingOnFirstPage()
        {
            var def = PaginatorDefinition.For(ServiceModels.CloudFormation, "DescribeStackEvents");
            var fake = new FakePages(D(("StackEvents", new List<object>())));
            var result = await Paginator.PaginateAsync(def, null, fake.Call);
            Assert.Empty((List<object>)result["StackEvents"]);
            Assert.Single(fake.Requests);
        }

        [Fact]
        public async Task MultipleNestedTokensAndMoreResults()
        {
            var def = PaginatorDefinition.FromJson((JsonObject)JsonNode.Parse(
                @"{""input_token"": [""Marker"", ""Sub""], ""output_token"": [""Page.Next"", ""Items[-1].Id""],
                   ""result_key"": [""Items"", ""Page.Extra""], ""more_results"": ""Page.More""}"));
            var fake = new FakePages(
                D(("Items", new List<object> { D(("Id", "i1")) }), ("Page", D(("Next", "m1"), ("More", true), ("Extra", new List<object> { 1L })))),
                D(("Items", new List<object> { D(("Id", "i2")) }), ("Page", D(("Next", "m2"), ("More", false), ("Extra", new List<object> { 2L })))));
            var result = await Paginator.PaginateAsync(def, null, fake.Call);
            Assert.Equal(2, fake.Requests.Count);
            Assert.Equal("m1", fake.Requests[1]["Marker"]);
            Assert.Equal("i1", fake.Requests[1]["Sub"]);
            Assert.Equal(new[] { "i1", "i2" }, ((List<object>)result["Items"]).Select(i => ((Dictionary<string, object>)i)["Id"]));
            var page = (Dictionary<string, object>)result["Page"];
            Assert.Equal(new object[] { 1L, 2L }, (List<object>)page["Extra"]);
            Assert.False(page.ContainsKey("Next"));
        }

        [Fact]
        public void OperationsWithoutPaginatorHaveNone()
        {
            Assert.Null(PaginatorDefinition.For(ServiceModels.CloudFormation, "CreateStack"));
            Assert.NotNull(PaginatorDefinition.For(ServiceModels.CloudFormation, "ListStacks"));
        }
    }
}
