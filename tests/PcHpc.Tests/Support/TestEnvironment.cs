using System;
using System.IO;

namespace PcHpc.Tests.Support
{
    /// <summary>Where the repository and the shared test data (../shared beside the clone) are.</summary>
    public static class TestEnvironment
    {
        private static readonly Lazy<string> RepoRootLazy = new Lazy<string>(() =>
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir != null && !File.Exists(Path.Combine(dir.FullName, "PcHpc.psd1")))
            {
                dir = dir.Parent;
            }
            return dir?.FullName ?? throw new InvalidOperationException("Cannot find the repository root (PcHpc.psd1) above " + AppContext.BaseDirectory);
        });

        public static string RepoRoot => RepoRootLazy.Value;

        /// <summary>The shared data folder: $PCHPC_SHARED, or ../shared beside the repository.</summary>
        public static string SharedRoot
        {
            get
            {
                var fromEnv = Environment.GetEnvironmentVariable("PCHPC_SHARED");
                if (!string.IsNullOrEmpty(fromEnv)) return fromEnv;
                return Path.GetFullPath(Path.Combine(RepoRoot, "..", "shared"));
            }
        }

        /// <summary>A path inside the shared data folder (e.g. "aws-protocol-tests/sigv4").</summary>
        public static string Shared(string relative) => Path.Combine(SharedRoot, relative);

        public static bool SharedExists(string relative) =>
            Directory.Exists(Shared(relative)) || File.Exists(Shared(relative));
    }

    /// <summary>A fact that needs a part of ../shared; skipped, with the reason, when it is absent.</summary>
    public sealed class SharedDataFactAttribute : FactAttribute
    {
        public SharedDataFactAttribute(string relativePath)
        {
            if (!TestEnvironment.SharedExists(relativePath))
            {
                Skip = $"Shared test data '{relativePath}' not found under {TestEnvironment.SharedRoot} (clone with ../shared beside the repository, or set PCHPC_SHARED).";
            }
        }
    }

    /// <summary>A theory that needs a part of ../shared; skipped, with the reason, when it is absent.</summary>
    public sealed class SharedDataTheoryAttribute : TheoryAttribute
    {
        public SharedDataTheoryAttribute(string relativePath)
        {
            if (!TestEnvironment.SharedExists(relativePath))
            {
                Skip = $"Shared test data '{relativePath}' not found under {TestEnvironment.SharedRoot} (clone with ../shared beside the repository, or set PCHPC_SHARED).";
            }
        }
    }
}
