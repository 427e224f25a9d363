using System;
using System.Linq;
using PcHpc.Core.Clusters;

namespace PcHpc.Tests.Core.Clusters
{
    public sealed class WaitBackoffTests
    {
        [Fact]
        public void Wait_HpcCluster_looks_early_then_backs_off_to_the_poll_interval()
        {
            var delays = Enumerable.Range(0, 12).Select(n => ClusterWaiter.WaitBackoff(n, TimeSpan.FromSeconds(15))).ToList();
            Assert.Equal(TimeSpan.FromSeconds(2), delays[0]);
            Assert.Equal(TimeSpan.FromSeconds(3), delays[1]);
            for (var i = 1; i < delays.Count; i++) Assert.True(delays[i] >= delays[i - 1]);
            Assert.Equal(TimeSpan.FromSeconds(15), delays[^1]);
            Assert.All(delays, d => Assert.True(d <= TimeSpan.FromSeconds(15)));
            Assert.Equal(TimeSpan.FromSeconds(15), ClusterWaiter.WaitBackoff(1000, TimeSpan.FromSeconds(15)));
        }

        [Fact]
        public void A_short_poll_interval_is_used_as_is()
        {
            Assert.Equal(TimeSpan.FromMilliseconds(10), ClusterWaiter.WaitBackoff(0, TimeSpan.FromMilliseconds(10)));
            Assert.Equal(TimeSpan.Zero, ClusterWaiter.WaitBackoff(3, TimeSpan.Zero));
        }
    }
}
