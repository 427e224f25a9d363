using System;
using System.Linq;
using System.Threading.Tasks;
using PcHpc.FakeAws;

namespace PcHpc.Tests.Support.FakeAws
{
    public class Ec2StsFakeTests : IAsyncLifetime
    {
        private FakeAwsServer _server;
        private FakeAwsClient _client;

        public async Task InitializeAsync()
        {
            _server = await FakeAwsServer.StartAsync();
            _client = new FakeAwsClient(_server);
        }

        public async Task DisposeAsync()
        {
            _client.Dispose();
            await _server.DisposeAsync();
        }

        [Fact]
        public async Task DescribeAvailabilityZones_UsesEc2XmlShape()
        {
            _client.Region = "us-west-2";
            var r = await _client.Ec2Async("DescribeAvailabilityZones");
            Assert.Equal(200, r.Status);
            Assert.Equal("{http://ec2.amazonaws.com/doc/2016-11-15/}DescribeAvailabilityZonesResponse", r.Xml.Name.ToString());
            Assert.False(string.IsNullOrEmpty(r.Xml.Element(r.Xml.Name.Namespace + "requestId")?.Value));
            var items = r.Xml.D("availabilityZoneInfo").Elements().ToList();
            Assert.Equal(new[] { "us-west-2a", "us-west-2b", "us-west-2c" }, items.Select(i => i.V("zoneName")));
            Assert.All(items, i => Assert.Equal("available", i.V("zoneState")));
            Assert.Equal("usw2-az1", items[0].V("zoneId"));
        }

        [Fact]
        public async Task AvailabilityZoneState_FromFixtures_IsFilterable()
        {
            _server.Ec2.SetAvailabilityZones("us-east-1", new[]
            {
                new FakeAvailabilityZone("us-east-1", "us-east-1a", "use1-az1"),
                new FakeAvailabilityZone("us-east-1", "us-east-1b", "use1-az2", "impaired"),
            });
            var r = await _client.Ec2Async("DescribeAvailabilityZones", ("Filter.1.Name", "state"), ("Filter.1.Value.1", "impaired"));
            Assert.Equal("us-east-1b", r.Xml.D("availabilityZoneInfo").Elements().Single().V("zoneName"));
        }

        [Fact]
        public async Task DescribeInstanceTypes_ReportsVcpusMemoryEfaAndGpus_AndFilters()
        {
            var r = await _client.Ec2Async("DescribeInstanceTypes", ("InstanceType.1", "p4d.24xlarge"), ("InstanceType.2", "c5n.18xlarge"));
            var items = r.Xml.D("instanceTypeSet").Elements().ToDictionary(i => i.V("instanceType"));
            Assert.Equal("96", items["p4d.24xlarge"].D("vCpuInfo").V("defaultVCpus"));
            Assert.Equal("8", items["p4d.24xlarge"].D("gpuInfo").V("count"));
            Assert.Equal("true", items["c5n.18xlarge"].D("networkInfo").V("efaSupported"));
            Assert.Equal("196608", items["c5n.18xlarge"].D("memoryInfo").V("sizeInMiB"));

            var efa = await _client.Ec2Async("DescribeInstanceTypes", ("Filter.1.Name", "network-info.efa-supported"), ("Filter.1.Value.1", "true"),
                ("Filter.2.Name", "instance-type"), ("Filter.2.Value.1", "hpc*"));
            Assert.Equal(new[] { "hpc7g.16xlarge", "hpc6a.48xlarge" }, efa.Xml.D("instanceTypeSet").Elements().Select(i => i.V("instanceType")));

            var bad = await _client.Ec2Async("DescribeInstanceTypes", ("InstanceType.1", "x9.huge"));
            Assert.Equal(400, bad.Status);
            Assert.Equal("Response", bad.Xml.Name.LocalName);
            Assert.Equal("InvalidInstanceType", bad.Xml.D("Errors").D("Error").V("Code"));
            Assert.False(string.IsNullOrEmpty(bad.Xml.V("RequestID")));
        }

        [Fact]
        public async Task DescribeInstances_FromFixtures_WithStateFilterAndPaging()
        {
            for (int i = 0; i < 3; i++)
                _server.Ec2.AddInstance(new FakeInstance
                {
                    InstanceId = $"i-00000000000000{i:D3}", Region = "us-east-1", InstanceType = "c5.xlarge", PrivateIpAddress = $"10.0.0.{i + 10}",
                    IamInstanceProfileArn = "arn:aws:iam::123456789012:instance-profile/hpc", Tags = new() { new("Name", "node" + i) },
                });
            _server.Ec2.SetInstanceState("i-00000000000000002", "stopped");
            var running = await _client.Ec2Async("DescribeInstances", ("Filter.1.Name", "instance-state-name"), ("Filter.1.Value.1", "running"));
            var ids = running.Xml.All("instancesSet").Select(s => s.D("item").V("instanceId")).ToList();
            Assert.Equal(new[] { "i-00000000000000000", "i-00000000000000001" }, ids);
            var first = running.Xml.All("instancesSet").First().D("item");
            Assert.Equal("16", first.D("instanceState").V("code"));
            Assert.Equal("arn:aws:iam::123456789012:instance-profile/hpc", first.D("iamInstanceProfile").V("arn"));

            var page1 = await _client.Ec2Async("DescribeInstances", ("MaxResults", "2"));
            Assert.Equal(2, page1.Xml.D("reservationSet").Elements().Count());
            var token = page1.Xml.V("nextToken");
            Assert.NotNull(token);
            var page2 = await _client.Ec2Async("DescribeInstances", ("MaxResults", "2"), ("NextToken", token));
            Assert.Single(page2.Xml.D("reservationSet").Elements());
            Assert.Null(page2.Xml.V("nextToken"));
        }

        [Fact]
        public async Task DescribeKeyPairs_AndUnknownKey()
        {
            var r = await _client.Ec2Async("DescribeKeyPairs");
            Assert.Equal("hpc-key", r.Xml.D("keySet").Elements().Single().V("keyName"));
            var bad = await _client.Ec2Async("DescribeKeyPairs", ("KeyName.1", "nope"));
            Assert.Equal("InvalidKeyPair.NotFound", bad.Xml.V("Code"));
        }

        [Fact]
        public async Task GetCallerIdentity_DefaultAndMappedKeys()
        {
            var r = await _client.StsAsync("GetCallerIdentity");
            Assert.Equal("{https://sts.amazonaws.com/doc/2011-06-15/}GetCallerIdentityResponse", r.Xml.Name.ToString());
            Assert.Equal("123456789012", r.Xml.D("GetCallerIdentityResult").V("Account"));
            _server.Sts.MapAccessKey("AKIAOTHERACCOUNT0001", new FakeIdentity("210987654321", "arn:aws:iam::210987654321:user/ops", "AIDAOPS"));
            _client.AccessKey = "AKIAOTHERACCOUNT0001";
            var other = await _client.StsAsync("GetCallerIdentity");
            Assert.Equal("210987654321", other.Xml.V("Account"));
            Assert.Equal("arn:aws:iam::210987654321:user/ops", other.Xml.V("Arn"));
        }

        [Fact]
        public async Task AssumeRole_ReturnsTemporaryCredentials_ThatIdentifyAsTheRole()
        {
            var r = await _client.StsAsync("AssumeRole", ("RoleArn", "arn:aws:iam::555555555555:role/HpcAdmin"), ("RoleSessionName", "s1"), ("DurationSeconds", "900"));
            Assert.Equal(200, r.Status);
            var key = r.Xml.V("AccessKeyId");
            Assert.StartsWith("ASIA", key);
            Assert.False(string.IsNullOrEmpty(r.Xml.V("SessionToken")));
            var expiration = DateTime.Parse(r.Xml.V("Expiration"), null, System.Globalization.DateTimeStyles.AdjustToUniversal);
            Assert.True(expiration > DateTime.UtcNow.AddMinutes(10) && expiration < DateTime.UtcNow.AddMinutes(20));
            _client.AccessKey = key;
            var who = await _client.StsAsync("GetCallerIdentity");
            Assert.Equal("arn:aws:sts::555555555555:assumed-role/HpcAdmin/s1", who.Xml.V("Arn"));
            Assert.Equal("555555555555", who.Xml.V("Account"));
        }
    }
}
