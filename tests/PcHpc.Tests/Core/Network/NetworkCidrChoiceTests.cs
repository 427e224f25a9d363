using System.Collections.Generic;
using PcHpc.Core.Network;

namespace PcHpc.Tests.Core.Network
{
    /// <summary>The engine's CIDR choice when the user gave no -CidrBlock (the cmdlet behaviour is tested in the real engine).</summary>
    public class NetworkCidrChoiceTests
    {
        private static NetworkRequest Request(bool pick, params string[] existing) => new NetworkRequest
        {
            Name = "net",
            PickFreeCidrBlock = pick,
            ExistingCidrBlocks = new List<string>(existing),
        };

        [Fact]
        public void A_free_default_block_is_kept_silently()
        {
            var r = Request(true, "172.31.0.0/16");
            Assert.Null(r.ChooseFreeCidrBlock());
            Assert.Equal("10.0.0.0/16", r.CidrBlock);
        }

        [Fact]
        public void A_taken_default_block_becomes_the_first_free_16_and_the_sentence_names_both()
        {
            var r = Request(true, "10.0.0.0/16", "10.1.0.0/20", "172.31.0.0/16");
            var said = r.ChooseFreeCidrBlock();
            Assert.Equal("10.2.0.0/16", r.CidrBlock);
            Assert.Contains("10.0.0.0/16 overlaps 10.0.0.0/16", said);
            Assert.Contains("gets 10.2.0.0/16", said);
            Assert.Empty(r.Validate());
        }

        [Fact]
        public void A_block_the_user_gave_is_never_changed_and_stays_refused_with_a_suggestion()
        {
            var r = Request(false, "10.0.0.0/16");
            Assert.Null(r.ChooseFreeCidrBlock());
            Assert.Equal("10.0.0.0/16", r.CidrBlock);
            var problem = Assert.Single(r.Validate());
            Assert.Equal(NetworkParameters.CidrBlock, problem.Parameter);
            Assert.Contains("such as 10.1.0.0/16", problem.Message);
        }

        [Fact]
        public void A_chosen_block_matches_an_existing_network_whatever_block_it_got()
        {
            var built = VpcTemplateBuilder.Build(NetworkPlanner.Plan(new NetworkRequest { Name = "net", CidrBlock = "10.7.0.0/16", AvailabilityZones = new List<string> { "us-east-1a", "us-east-1b" } }));
            Assert.True(NetworkMatcher.Compare(new NetworkRequest { Name = "net", PickFreeCidrBlock = true }, built, "net").Matches);
            var given = NetworkMatcher.Compare(new NetworkRequest { Name = "net", CidrBlock = "10.0.0.0/16" }, built, "net");
            Assert.Contains(given.Differences, d => d.Contains("-CidrBlock is 10.7.0.0/16 there"));
        }
    }
}
