using System;
using System.Collections.Generic;
using PcHpc.Core.Ports;

namespace PcHpc.Aws.Services
{
    /// <summary>
    /// One reading of a stack event (or stack resource) for both wires that carry them: CloudFormation's
    /// (<c>StackId</c>, <c>LogicalResourceId</c>, ...) and the ParallelCluster API's cluster and image stack events
    /// (<c>stackId</c>, <c>logicalResourceId</c>, ...). A field the answer lacks stays null.
    /// </summary>
    internal static class StackEventReader
    {
        public static StackEvent Read(IDictionary<string, object> e)
        {
            string Field(string name) => e.Str(name) ?? e.Str(char.ToLowerInvariant(name[0]) + name.Substring(1));
            return new StackEvent
            {
                StackId = Field("StackId"),
                EventId = Field("EventId"),
                StackName = Field("StackName"),
                LogicalResourceId = Field("LogicalResourceId"),
                PhysicalResourceId = Field("PhysicalResourceId"),
                ResourceType = Field("ResourceType"),
                ResourceStatus = Field("ResourceStatus"),
                ResourceStatusReason = Field("ResourceStatusReason"),
                ResourceProperties = Field("ResourceProperties"),
                ClientRequestToken = Field("ClientRequestToken"),
                Timestamp = e.Date("Timestamp") ?? e.Date("timestamp") ?? default(DateTime),
            };
        }
    }
}
