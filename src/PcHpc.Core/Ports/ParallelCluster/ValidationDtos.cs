using System.Collections.Generic;

namespace PcHpc.Core.Ports
{
    /// <summary>What CreateCluster, UpdateCluster and BuildImage requests share: the region, dry run and validation options.</summary>
    public abstract class ConfigurationRequest
    {
        public string Region { get; set; }
        public bool DryRun { get; set; }
        /// <summary>"ALL" or "type:ValidatorName".</summary>
        public IList<string> SuppressValidators { get; set; } = new List<string>();
        /// <summary>INFO | WARNING | ERROR; null for the API default (ERROR).</summary>
        public string ValidationFailureLevel { get; set; }
    }

    /// <summary>What the answers to CreateCluster, UpdateCluster and BuildImage share: validation messages and the dry-run verdict.</summary>
    public abstract class ConfigurationResult
    {
        public IList<ConfigValidationMessage> ValidationMessages { get; set; } = new List<ConfigValidationMessage>();
        /// <summary>True when this was a dry run that would have succeeded.</summary>
        public bool DryRunSucceeded { get; set; }
    }

    public sealed class ConfigValidationMessage
    {
        public string Id { get; set; }
        public string Type { get; set; }
        /// <summary>INFO | WARNING | ERROR.</summary>
        public string Level { get; set; }
        public string Message { get; set; }
    }

    /// <summary>Change schema (one entry of a changeSet).</summary>
    public sealed class ConfigChange
    {
        public string Parameter { get; set; }
        public string CurrentValue { get; set; }
        public string RequestedValue { get; set; }
    }

    public sealed class UpdateError
    {
        public string Parameter { get; set; }
        public string CurrentValue { get; set; }
        public string RequestedValue { get; set; }
        public string Message { get; set; }
    }
}
