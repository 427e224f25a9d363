using System.Collections.Generic;
using System.Linq;
using PcHpc.Core.Errors;

namespace PcHpc.Core.Config
{
    /// <summary>A PcHpcException carrying the problems found.</summary>
    public sealed class ConfigValidationException : PcHpcException
    {
        public ConfigValidationException(IReadOnlyList<ConfigProblem> problems, string message)
            : base(ErrorKind.Validation, "ConfigInvalid", message)
        {
            Problems = problems;
        }

        public IReadOnlyList<ConfigProblem> Problems { get; }

        /// <summary>Throws one Validation exception that lists every error (warnings are ignored).</summary>
        public static void ThrowIfErrors(IEnumerable<ConfigProblem> problems, string what, object target)
        {
            var errors = problems.Where(p => p.Severity == ConfigProblemSeverity.Error).ToList();
            if (errors.Count == 0) return;
            throw new ConfigValidationException(errors, $"The {what} is not valid ({errors.Count} problem{(errors.Count == 1 ? "" : "s")}): " +
                string.Join(" ", errors.Select(e => e.Message))) { Target = target };
        }
    }
}
