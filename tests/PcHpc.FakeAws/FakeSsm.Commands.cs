using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json.Nodes;

namespace PcHpc.FakeAws
{
    public sealed partial class FakeSsm
    {
        /// <summary>ListCommands: by CommandId and/or InstanceId, with the InvokedAfter / InvokedBefore filters, newest first.</summary>
        private object ListCommands(JsonObject body)
        {
            var commandId = body["CommandId"]?.ToString();
            var instanceId = body["InstanceId"]?.ToString();
            DateTime? after = null, before = null;
            if (body["Filters"] is JsonArray filters)
                foreach (var f in filters)
                {
                    var key = f?["key"]?.ToString() ?? f?["Key"]?.ToString();
                    var value = f?["value"]?.ToString() ?? f?["Value"]?.ToString();
                    if (!DateTime.TryParse(value, System.Globalization.CultureInfo.InvariantCulture,
                            System.Globalization.DateTimeStyles.AdjustToUniversal | System.Globalization.DateTimeStyles.AssumeUniversal, out var t))
                        throw new FakeAwsError(400, "InvalidFilterValue", $"The value {value} is not valid for filter {key}.");
                    if (key == "InvokedAfter") after = t;
                    else if (key == "InvokedBefore") before = t;
                    else throw new FakeAwsError(400, "InvalidFilterKey", $"Filter key {key} is not supported here.");
                }
            int max = (int?)body["MaxResults"] ?? 50;
            int start = int.TryParse(body["NextToken"]?.ToString(), out var st) ? st : 0;
            lock (_lock)
            {
                var all = _invocations.Where(i => (commandId == null || i.CommandId == commandId) && (instanceId == null || i.InstanceId == instanceId)
                        && (after == null || i.RequestedDateTime >= after) && (before == null || i.RequestedDateTime <= before))
                    .GroupBy(i => i.CommandId).Select(g => g.First()).OrderByDescending(i => i.RequestedDateTime).ToList();
                var page = all.Skip(start).Take(max).Select(inv => new Dictionary<string, object>
                {
                    ["CommandId"] = inv.CommandId,
                    ["DocumentName"] = inv.DocumentName,
                    ["Comment"] = inv.Comment,
                    ["RequestedDateTime"] = Json.Epoch(inv.RequestedDateTime),
                    ["Status"] = inv.Status,
                    ["StatusDetails"] = inv.StatusDetails,
                    ["InstanceIds"] = new[] { inv.InstanceId },
                    ["TargetCount"] = 1,
                }).ToList();
                var result = new Dictionary<string, object> { ["Commands"] = page };
                if (start + max < all.Count) result["NextToken"] = (start + max).ToString();
                return result;
            }
        }
    }
}
