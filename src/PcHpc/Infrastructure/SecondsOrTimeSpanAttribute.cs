using System;
using System.Globalization;
using System.Management.Automation;

namespace PcHpc.Infrastructure
{
    /// <summary>
    /// Lets a TimeSpan parameter also take a plain number of seconds: <c>-Timeout 90</c> is 90 seconds,
    /// <c>-Timeout 03:00:00</c> and <c>-Timeout (New-TimeSpan -Hours 3)</c> are three hours. Anything else is left to
    /// PowerShell's own TimeSpan conversion (which reports a clear binding error).
    /// </summary>
    [AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
    public sealed class SecondsOrTimeSpanAttribute : ArgumentTransformationAttribute
    {
        public override object Transform(EngineIntrinsics engineIntrinsics, object inputData)
        {
            var value = inputData is PSObject ps ? ps.BaseObject : inputData;
            switch (value)
            {
                case null:
                case TimeSpan _:
                    return value;
                case int i: return TimeSpan.FromSeconds(i);
                case long l: return TimeSpan.FromSeconds(l);
                case double d: return TimeSpan.FromSeconds(d);
                case decimal m: return TimeSpan.FromSeconds((double)m);
                case string s:
                    if (double.TryParse(s.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds)) return TimeSpan.FromSeconds(seconds);
                    if (TimeSpan.TryParse(s.Trim(), CultureInfo.InvariantCulture, out var span)) return span;
                    throw new ArgumentTransformationMetadataException(
                        $"'{s}' is not a time span; give seconds (90), hh:mm:ss (03:00:00), d.hh:mm:ss or a [TimeSpan].");
                default:
                    return value;
            }
        }
    }
}
