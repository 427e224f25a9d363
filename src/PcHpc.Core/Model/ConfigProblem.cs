namespace PcHpc
{
    public enum ConfigProblemSeverity
    {
        Error,
        Warning,
    }

    /// <summary>One thing wrong with a cluster configuration, found locally (no network).</summary>
    public sealed class ConfigProblem
    {
        public ConfigProblem(string path, string value, string rule, ConfigProblemSeverity severity, string message)
        {
            Path = path;
            Value = value;
            Rule = rule;
            Severity = severity;
            Message = message;
        }

        /// <summary>Where in the configuration, e.g. Scheduling.SlurmQueues[1].ComputeResources[0].MaxCount.</summary>
        public string Path { get; }
        /// <summary>The offending value as text (null when the value is missing).</summary>
        public string Value { get; }
        /// <summary>The rule that failed, e.g. MinCountNotAboveMaxCount.</summary>
        public string Rule { get; }
        public ConfigProblemSeverity Severity { get; }
        /// <summary>What is wrong and what to do about it.</summary>
        public string Message { get; }
        /// <summary>The file the configuration was read from (null when it was not read from a file).</summary>
        public string File { get; internal set; }

        public override string ToString() => (File == null ? "" : File + ": ") + $"{Severity} {Path}: {Message}";
    }
}
