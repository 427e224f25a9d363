using System;
using System.IO;
using System.Runtime.InteropServices;

namespace PcHpc.Core.State
{
    /// <summary>Where the per-user state directory is.</summary>
    public static class StateLocation
    {
        /// <summary>The environment variable that overrides the location.</summary>
        public const string HomeVariable = "PCHPC_HOME";

        /// <summary>
        /// <c>PCHPC_HOME</c> if set; otherwise <c>%LOCALAPPDATA%\PcHpc</c> on Windows and <c>~/.pchpc</c> elsewhere.
        /// The environment and platform can be injected (tests); by default the process's are used.
        /// </summary>
        public static string Resolve(Func<string, string> getEnvironmentVariable = null, bool? isWindows = null)
        {
            var env = getEnvironmentVariable ?? Environment.GetEnvironmentVariable;
            var windows = isWindows ?? RuntimeInformation.IsOSPlatform(OSPlatform.Windows);

            var home = env(HomeVariable);
            if (!string.IsNullOrWhiteSpace(home))
            {
                home = home.Trim();
                if (home == "~" || home.StartsWith("~/", StringComparison.Ordinal) || home.StartsWith("~\\", StringComparison.Ordinal))
                {
                    home = Path.Combine(UserHome(env, windows), home.Length > 2 ? home.Substring(2) : string.Empty);
                }
                return Path.GetFullPath(home);
            }

            if (windows)
            {
                var local = env("LOCALAPPDATA");
                if (string.IsNullOrWhiteSpace(local))
                {
                    local = Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData);
                }
                if (string.IsNullOrWhiteSpace(local))
                {
                    throw NoHome();
                }
                return Path.Combine(local, "PcHpc");
            }

            return Path.Combine(UserHome(env, windows), ".pchpc");
        }

        private static string UserHome(Func<string, string> env, bool windows)
        {
            var home = windows ? env("USERPROFILE") : env("HOME");
            if (string.IsNullOrWhiteSpace(home))
            {
                home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
            }
            if (string.IsNullOrWhiteSpace(home))
            {
                throw NoHome();
            }
            return home;
        }

        private static Errors.PcHpcException NoHome() => new Errors.PcHpcException(
            Errors.ErrorKind.LocalState, "StateHomeNotFound",
            "Cannot find your home directory for the PcHpc state folder; set the PCHPC_HOME environment variable to a writable folder.");
    }
}
