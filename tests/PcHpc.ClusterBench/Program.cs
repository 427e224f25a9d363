// Get-HpcCluster benchmark: the engine behind Get-HpcCluster (ClusterEngine.ListAsync, real PcHpc.Aws adapters) against
// the loopback fake AWS with simulated latency. Not a test: it prints wall times and API call counts.
//   dotnet run -c Release --project tests/PcHpc.ClusterBench -- [clustersPerRegion=25] [latencyMs=150] [rounds=3]
using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using PcHpc.Aws.Session;
using PcHpc.Core.Activity;
using PcHpc.Core.Clusters;
using PcHpc.Core.Connection;
using PcHpc.Core.Ports;
using PcHpc.Core.State;
using PcHpc.FakeAws;

namespace PcHpc.ClusterBench
{
    public static class Program
    {
        private static readonly string[] Regions = { "us-east-1", "us-west-2", "eu-west-1", "ap-southeast-2" };
        private const string Yaml =
            "Region: REGION\nImage:\n  Os: alinux2023\nHeadNode:\n  InstanceType: c5.xlarge\n  Networking:\n    SubnetId: subnet-0123456789abcdef0\n" +
            "Scheduling:\n  Scheduler: slurm\n  SlurmQueues:\n    - Name: q1\n      ComputeResources:\n        - Name: cr1\n          InstanceType: c5n.18xlarge\n          MinCount: 0\n          MaxCount: 4\n      Networking:\n        SubnetIds:\n          - subnet-0123456789abcdef0\n";

        public static async Task<int> Main(string[] args)
        {
            var perRegion = args.Length > 0 ? int.Parse(args[0]) : 25;
            var latency = TimeSpan.FromMilliseconds(args.Length > 1 ? int.Parse(args[1]) : 150);
            var rounds = args.Length > 2 ? int.Parse(args[2]) : 3;
            await using var aws = await FakeAwsServer.StartAsync();
            var root = Path.Combine(Path.GetTempPath(), "pchpc-bench-" + Guid.NewGuid().ToString("N"));
            var factory = new AwsSessionFactory();
            ClusterEngine Engine(int parallel) => new ClusterEngine(new ClusterEngineOptions
            {
                OpenSession = r => factory.Create(new AwsConnectionOptions { Region = r, AccessKey = "AKIABENCH00000000001", SecretKey = "bench", EndpointUrl = aws.Url.ToString() }, NullActivitySink.Instance),
                Store = StateStore.Open(root),
                ApiUri = aws.ParallelClusterInvokeUrl,
                Roles = new ApiRoleSessions(),
                MaxParallel = parallel,
            });

            using (var seed = Engine(8))
            {
                await Task.WhenAll(Regions.SelectMany(r => Enumerable.Range(1, perRegion).Select(i => seed.CreateAsync(new ClusterCreateRequest
                {
                    Name = $"c{i:000}", Region = r, ConfigYaml = Yaml.Replace("REGION", r),
                }, NullActivitySink.Instance, CancellationToken.None))));
            }
            aws.Knobs.Latency = latency;
            Console.WriteLine($"Get-HpcCluster engine: {Regions.Length} regions x {perRegion} clusters, {latency.TotalMilliseconds:0} ms simulated latency per call, median of {rounds} rounds");

            async Task<(double Ms, int Calls, int Lists, int Found)> Measure(string[] regions, int parallel)
            {
                var times = new List<double>();
                int calls = 0, lists = 0, found = 0;
                for (var round = 0; round < rounds; round++)
                {
                    aws.Calls.Clear();
                    using var engine = Engine(parallel);
                    var sw = Stopwatch.StartNew();
                    var result = await engine.ListAsync(regions, null, null, false, NullActivitySink.Instance, CancellationToken.None);
                    sw.Stop();
                    if (result.Failures.Count > 0) throw result.Failures[0].Error;
                    times.Add(sw.Elapsed.TotalMilliseconds);
                    calls = aws.Calls.All.Count;
                    lists = aws.Calls.Count("ListClusters");
                    found = result.Clusters.Count;
                }
                times.Sort();
                return (times[times.Count / 2], calls, lists, found);
            }

            await Measure(Regions, 8); // warm-up: JIT, connections
            var one = await Measure(new[] { Regions[0] }, 8);
            var four = await Measure(Regions, 8);
            var serial = await Measure(Regions, 1);
            Console.WriteLine($"  1 region           : {one.Ms,7:0} ms, {one.Found,3} clusters, {one.Calls} API calls ({one.Lists} ListClusters)");
            Console.WriteLine($"  4 regions parallel : {four.Ms,7:0} ms, {four.Found,3} clusters, {four.Calls} API calls ({four.Lists} ListClusters)");
            Console.WriteLine($"  4 regions serial   : {serial.Ms,7:0} ms, {serial.Found,3} clusters, {serial.Calls} API calls ({serial.Lists} ListClusters)");
            Console.WriteLine($"  4-region/1-region wall-time ratio: {four.Ms / one.Ms:0.00}");
            try { Directory.Delete(root, true); } catch (IOException) { }
            return 0;
        }
    }
}
