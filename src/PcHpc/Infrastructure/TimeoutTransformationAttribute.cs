using System;
using System.Globalization;
using System.Management.Automation;

namespace PcHpc.Infrastructure
{
    /// <summary>
    /// Lets a TimeSpan parameter take what users type: a TimeSpan (<c>(New-TimeSpan -Minutes 5)</c>), a TimeSpan string
    /// (<c>03:00:00</c>, <c>1.00:00:00</c>) or a plain number, which means seconds (<c>-Timeout 3600</c>).
    /// </summary>
    [AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
    public sealed class TimeoutTransformationAttribute : ArgumentTransformationAttribute
    {
        public override object Transform(EngineIntrinsics engineIntrinsics, object inputData)
        {
            var value = inputData is PSObject pso ? pso.BaseObject : inputData;
            switch (value)
            {
                case null:
                case TimeSpan _:
                    return value;
                case string text:
                    var trimmed = text.Trim();
                    if (double.TryParse(trimmed, NumberStyles.Float, CultureInfo.InvariantCulture, out var secondsText)) return Seconds(secondsText);
                    if (TimeSpan.TryParse(trimmed, CultureInfo.InvariantCulture, out var span)) return span;
                    throw new ArgumentTransformationMetadataException(
                        $"'{text}' is not a timeout: give seconds (3600), hh:mm:ss (03:00:00) or a TimeSpan (New-TimeSpan -Minutes 5).");
                case int _:
                case long _:
                case short _:
                case byte _:
                case double _:
                case float _:
                case decimal _:
                    return Seconds(Convert.ToDouble(value, CultureInfo.InvariantCulture));
                default:
                    return value;
            }
        }

        private static TimeSpan Seconds(double seconds)
        {
            if (double.IsNaN(seconds) || seconds <= 0 || seconds > TimeSpan.MaxValue.TotalSeconds)
            {
                throw new ArgumentTransformationMetadataException($"{seconds.ToString(CultureInfo.InvariantCulture)} is not a timeout: give a positive number of seconds.");
            }
            return TimeSpan.FromSeconds(seconds);
        }
    }
}
