using System;
using System.Linq;
using System.Management.Automation;
using System.Threading;
using PcHpc.Cmdlets.Tests.Support;
using PcHpc.FakeAws;

namespace PcHpc.Cmdlets.Tests.Network
{
    /// <summary>One real-engine session on the loopback fake AWS shared by the network tests (New-, Get-, Remove-HpcVpc).</summary>
    public sealed class NetworkSession : FakeAwsSession
    {
        private int _next;

        /// <summary>A network name no other test of the collection uses.</summary>
        public string UniqueName(string prefix) => prefix + "-" + Interlocked.Increment(ref _next);

        /// <summary>
        /// Creates a Ready network through New-HpcVpc -Wait with its own /16 (so tests do not depend on automatic CIDR
        /// choice) and returns its stack id.
        /// </summary>
        public string CreateReady(string name)
        {
            var block = "10." + (100 + Interlocked.Increment(ref _next) % 100) + ".0.0/16";   // 10.100-10.199: apart from the blocks tests name
            var result = Invoke("New-HpcVpc -Name $args[0] -CidrBlock $args[1] -Wait", name, block).Succeeded();
            var stackId = (string)Assert.Single(result.Output).Properties["StackId"].Value;
            Assert.Equal("CREATE_COMPLETE", Aws.CloudFormation.Find(stackId).Status);
            return stackId;
        }

        /// <summary>The stack's status at the fake (what really happened, whatever the cmdlet said).</summary>
        public string StackStatus(string stackId) => Aws.CloudFormation.Find(stackId)?.Status;

        /// <summary>True when the fake was asked to delete this stack (DELETE_IN_PROGRESS or DELETE_COMPLETE).</summary>
        public bool DeleteRequested(string stackId) => StackStatus(stackId)?.StartsWith("DELETE_", StringComparison.Ordinal) == true;

        /// <summary>Mutating calls (anything but Describe*/List*/Get*) the fake received since <see cref="FakeCallLog.Clear"/>.</summary>
        public string[] MutatingCalls() => Aws.Calls.All.Select(c => c.Action)
            .Where(a => !a.StartsWith("Describe", StringComparison.Ordinal) && !a.StartsWith("List", StringComparison.Ordinal) && !a.StartsWith("Get", StringComparison.Ordinal))
            .ToArray();
    }

    [CollectionDefinition(Name)]
    public sealed class NetworkCollection : ICollectionFixture<NetworkSession>
    {
        public const string Name = "Network";
    }

    internal static class PsObjectExtensions
    {
        public static T Prop<T>(this PSObject o, string name)
        {
            var value = o.Properties[name]?.Value;
            if (value is PSObject pso) value = pso.BaseObject;
            return (T)LanguagePrimitives.ConvertTo(value, typeof(T));
        }
    }
}
