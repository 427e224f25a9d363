using System;
using System.Globalization;

namespace PcHpc
{
    /// <summary>
    /// The one place tests change the module's behaviour, from PowerShell:
    /// <c>[PcHpc.InternalHooks]::SetTestHook('PollInterval', [timespan]'00:00:00.01')</c>. Production never sets these;
    /// every hook defaults to "off". Endpoints, credentials and the state store need no hook: tests pass
    /// -EndpointUrl/-AccessKey/-SecretKey/-ApiUri and set PCHPC_HOME as a user would.
    /// </summary>
    public static class InternalHooks
    {
        /// <summary>Wait between status polls (clusters, stacks, networks, jobs); null keeps each engine's default.</summary>
        internal static TimeSpan? PollInterval { get; private set; }

        /// <summary>
        /// How long an operation that was accepted keeps asking for its outcome through failing calls (SSM polls, cluster
        /// describes without -Timeout) before it says the outcome is unknown; null keeps each engine's default.
        /// </summary>
        internal static TimeSpan? RetryBudget { get; private set; }

        /// <summary>Sets a hook by name; <c>$null</c> turns it off.</summary>
        public static void SetTestHook(string name, object value)
        {
            switch (name)
            {
                case nameof(PollInterval):
                    PollInterval = value == null ? (TimeSpan?)null : ToTimeSpan(value);
                    break;
                case nameof(RetryBudget):
                    RetryBudget = value == null ? (TimeSpan?)null : ToTimeSpan(value);
                    break;
                default:
                    throw new ArgumentException("Unknown test hook '" + name + "'.", nameof(name));
            }
        }

        /// <summary>Turns every hook off.</summary>
        public static void Reset()
        {
            PollInterval = null;
            RetryBudget = null;
        }

        private static TimeSpan ToTimeSpan(object value)
        {
            if (value is TimeSpan span) return span;
            if (value is IConvertible) return TimeSpan.FromMilliseconds(Convert.ToDouble(value, CultureInfo.InvariantCulture));
            return TimeSpan.Parse(value.ToString(), CultureInfo.InvariantCulture);
        }
    }
}
