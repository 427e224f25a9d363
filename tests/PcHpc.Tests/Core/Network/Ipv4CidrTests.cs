using System;
using System.Linq;
using PcHpc.Core.Network;

namespace PcHpc.Tests.Core.Network
{
    public class Ipv4CidrTests
    {
        [Theory]
        [InlineData("10.0.0.0/16", 0x0A000000u, 16)]
        [InlineData("0.0.0.0/0", 0u, 0)]
        [InlineData("255.255.255.255/32", 0xFFFFFFFFu, 32)]
        [InlineData(" 192.168.4.0/22 ", 0xC0A80400u, 22)]
        [InlineData("172.16.0.0/12", 0xAC100000u, 12)]
        public void Parses_valid_blocks(string text, uint network, int prefix)
        {
            Assert.True(Ipv4Cidr.TryParse(text, out var cidr, out var error), error);
            Assert.Equal(network, cidr.Network);
            Assert.Equal(prefix, cidr.PrefixLength);
            Assert.Equal(text.Trim(), cidr.ToString());
        }

        [Theory]
        [InlineData("10.0.0.1/16", "host bits", "10.0.0.0/16")]
        [InlineData("10.0.0.0", "no prefix length", "10.0.0.0/16")]
        [InlineData("10.0.0.256/24", "greater than 255", "10.0.0.256")]
        [InlineData("10.0.0/24", "four", "10.0.0")]
        [InlineData("10.0.0.0/33", "prefix length", "33")]
        [InlineData("10.0.0.0/", "prefix length", "10.0.0.0/")]
        [InlineData("10.0.0.0/-1", "prefix length", "-1")]
        [InlineData("10.a.0.0/16", "not a number", "'a'")]
        [InlineData("10.0.0.0/16/2", "prefix length", "16/2")]
        [InlineData("010.0.0.0/16", "leading zero", "010")]
        [InlineData("", "empty", "10.0.0.0/16")]
        [InlineData("10..0.0/16", "not a number", "10..0.0")]
        public void Rejects_bad_notation_with_a_message_naming_the_input(string text, string expectedFragment, string mentioned)
        {
            Assert.False(Ipv4Cidr.TryParse(text, out _, out var error));
            Assert.Contains(expectedFragment, error);
            Assert.Contains(mentioned, error);
            var ex = Assert.Throws<FormatException>(() => Ipv4Cidr.Parse(text));
            Assert.Equal(error, ex.Message);
        }

        [Fact]
        public void Host_bits_message_suggests_the_network_address()
        {
            Ipv4Cidr.TryParse("10.1.2.3/20", out _, out var error);
            Assert.Contains("did you mean 10.1.0.0/20?", error);
        }

        [Fact]
        public void Size_last_and_mask()
        {
            var c = Ipv4Cidr.Parse("10.0.16.0/20");
            Assert.Equal(4096, c.Size);
            Assert.Equal("10.0.31.255", Ipv4Cidr.FormatAddress(c.Last));
            Assert.Equal(0xFFFFF000u, c.Mask);
            Assert.Equal(0u, Ipv4Cidr.MaskOf(0));
            Assert.Equal(0xFFFFFFFFu, Ipv4Cidr.MaskOf(32));
            Assert.Equal(1L << 32, Ipv4Cidr.Parse("0.0.0.0/0").Size);
            Assert.Equal("255.255.255.255", Ipv4Cidr.FormatAddress(Ipv4Cidr.Parse("0.0.0.0/0").Last));
        }

        [Theory]
        [InlineData("10.0.0.0/16", "10.0.255.0/24", true)]
        [InlineData("10.0.0.0/16", "10.1.0.0/24", false)]
        [InlineData("10.0.0.0/16", "10.0.0.0/16", true)]
        [InlineData("10.0.0.0/16", "10.0.0.0/8", false)]
        [InlineData("0.0.0.0/0", "203.0.113.0/24", true)]
        public void Contains(string outer, string inner, bool expected)
        {
            Assert.Equal(expected, Ipv4Cidr.Parse(outer).Contains(Ipv4Cidr.Parse(inner)));
        }

        [Theory]
        [InlineData("10.0.0.0/16", "10.0.128.0/17", true)]
        [InlineData("10.0.0.0/8", "10.200.0.0/16", true)]
        [InlineData("10.0.0.0/24", "10.0.1.0/24", false)]
        [InlineData("10.0.0.0/23", "10.0.1.0/24", true)]
        [InlineData("192.168.0.0/16", "172.16.0.0/12", false)]
        [InlineData("10.0.255.0/24", "10.1.0.0/16", false)]
        public void Overlaps_is_symmetric(string a, string b, bool expected)
        {
            var x = Ipv4Cidr.Parse(a);
            var y = Ipv4Cidr.Parse(b);
            Assert.Equal(expected, x.Overlaps(y));
            Assert.Equal(expected, y.Overlaps(x));
        }

        [Fact]
        public void Subdivide_yields_consecutive_aligned_blocks_covering_the_parent()
        {
            var parent = Ipv4Cidr.Parse("10.0.0.0/22");
            var parts = parent.Subdivide(24).ToList();
            Assert.Equal(new[] { "10.0.0.0/24", "10.0.1.0/24", "10.0.2.0/24", "10.0.3.0/24" }, parts.Select(p => p.ToString()));
            Assert.Single(parent.Subdivide(22));
            Assert.Equal(16, Ipv4Cidr.Parse("255.255.255.0/24").Subdivide(28).Count());
            Assert.Throws<ArgumentOutOfRangeException>(() => parent.Subdivide(21).ToList());
        }

        [Fact]
        public void Constructor_rejects_host_bits_and_bad_prefix()
        {
            Assert.Throws<ArgumentException>(() => new Ipv4Cidr(0x0A000001, 16));
            Assert.Throws<ArgumentOutOfRangeException>(() => new Ipv4Cidr(0, 33));
            Assert.Throws<ArgumentOutOfRangeException>(() => new Ipv4Cidr(0, -1));
        }

        [Fact]
        public void Equality_and_ordering()
        {
            Assert.Equal(Ipv4Cidr.Parse("10.0.0.0/16"), Ipv4Cidr.Parse("10.0.0.0/16"));
            Assert.NotEqual(Ipv4Cidr.Parse("10.0.0.0/16"), Ipv4Cidr.Parse("10.0.0.0/17"));
            Assert.True(Ipv4Cidr.Parse("10.0.0.0/16") == Ipv4Cidr.Parse("10.0.0.0/16"));
            var sorted = new[] { "10.1.0.0/16", "10.0.0.0/17", "10.0.0.0/16" }.Select(Ipv4Cidr.Parse).OrderBy(c => c).Select(c => c.ToString());
            Assert.Equal(new[] { "10.0.0.0/16", "10.0.0.0/17", "10.1.0.0/16" }, sorted);
        }

        [Fact]
        public void FindOverlaps_lists_each_clashing_existing_block()
        {
            var existing = new[] { "10.0.0.0/20", "10.1.0.0/16", "10.0.128.0/24", "192.168.0.0/16" }.Select(Ipv4Cidr.Parse);
            var clashes = Ipv4Cidr.FindOverlaps(Ipv4Cidr.Parse("10.0.0.0/16"), existing);
            Assert.Equal(new[] { "10.0.0.0/20", "10.0.128.0/24" }, clashes.Select(c => c.ToString()));
            Assert.Empty(Ipv4Cidr.FindOverlaps(Ipv4Cidr.Parse("10.0.0.0/16"), null));
        }

        [Fact]
        public void FirstFree_skips_used_blocks()
        {
            var used = new[] { "10.0.0.0/16", "10.1.128.0/24" }.Select(Ipv4Cidr.Parse);
            Assert.Equal("10.2.0.0/16", Ipv4Cidr.FirstFree(Ipv4Cidr.Parse("10.0.0.0/8"), 16, used).ToString());
            Assert.Null(Ipv4Cidr.FirstFree(Ipv4Cidr.Parse("10.0.0.0/16"), 16, used));
        }
    }
}
