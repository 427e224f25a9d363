using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using PcHpc.Core.Errors;

namespace PcHpc.Core.Bootstrap
{
    /// <summary>What New-HpcSoftwareStack asks for.</summary>
    public sealed class SoftwareStackOptions
    {
        public const string DefaultSpackVersion = "v0.22.2";
        public const string DefaultInstallRoot = "/shared/spack";

        public string Name { get; set; }
        public string[] Packages { get; set; }
        public string[] Compilers { get; set; }
        public string SpackVersion { get; set; } = DefaultSpackVersion;
        public string InstallRoot { get; set; } = DefaultInstallRoot;
        public bool Lmod { get; set; } = true;
        /// <summary>name:uid or name:uid:gid (gid defaults to uid).</summary>
        public string[] Users { get; set; }
        public string MountBucket { get; set; }
        public string MountPath { get; set; }
    }

    /// <summary>
    /// Builds a software stack and its bootstrap script: settings as bash assignments (every value checked, then
    /// single-quoted) followed by the fixed text of software-stack.sh. Same inputs, same bytes.
    /// </summary>
    public static class SoftwareStackScript
    {
        private const string BodyResource = "PcHpc.Bootstrap.software-stack.sh";
        private static readonly Regex StackName = new Regex("^[a-zA-Z0-9][a-zA-Z0-9_-]{0,39}$", RegexOptions.CultureInvariant);
        private static readonly Regex UserName = new Regex("^[a-z_][a-z0-9_-]{0,31}$", RegexOptions.CultureInvariant);
        private static readonly Regex SpackRef = new Regex("^[A-Za-z0-9][A-Za-z0-9._/-]{0,99}$", RegexOptions.CultureInvariant);
        private static readonly Regex AbsolutePath = new Regex("^(/[A-Za-z0-9._-]+)+$", RegexOptions.CultureInvariant);

        private static readonly Lazy<string> Body = new Lazy<string>(() =>
        {
            using (var stream = typeof(SoftwareStackScript).Assembly.GetManifestResourceStream(BodyResource))
            {
                if (stream == null) throw new InvalidOperationException($"Embedded resource {BodyResource} is missing.");
                using (var reader = new StreamReader(stream)) return reader.ReadToEnd().Replace("\r\n", "\n");
            }
        });

        public static SoftwareStack New(SoftwareStackOptions options)
        {
            if (options == null) throw new ArgumentNullException(nameof(options));
            if (string.IsNullOrEmpty(options.Name) || !StackName.IsMatch(options.Name))
                throw Bad("SoftwareStackNameInvalid", $"-Name '{options.Name}' is not a usable stack name: 1 to 40 letters, digits, '-' and '_', starting with a letter or digit.", options.Name);
            var packages = (options.Packages ?? new string[0]).Select(p => SpackSpec.Parse(p).Text).ToArray();
            if (packages.Length == 0) throw Bad("SoftwareStackEmpty", "-Package is empty; give at least one Spack spec such as 'samtools@1.17'.", options.Name);
            var compilers = (options.Compilers ?? new string[0]).Select(p => SpackSpec.Parse(p).Text).ToArray();
            var duplicate = packages.Concat(compilers).GroupBy(p => p, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
            if (duplicate != null) throw Bad("SoftwareStackDuplicate", $"'{duplicate.Key}' is given twice; give each package once (compilers in -Compiler only).", duplicate.Key);
            var spack = options.SpackVersion ?? SoftwareStackOptions.DefaultSpackVersion;
            if (!SpackRef.IsMatch(spack) || spack.Contains(".."))
                throw Bad("SpackVersionInvalid", $"-SpackVersion '{spack}' is not a Spack release tag or branch (for example v0.22.2 or releases/v0.22).", spack);
            var root = CheckPath(options.InstallRoot ?? SoftwareStackOptions.DefaultInstallRoot, "-InstallRoot");
            var users = (options.Users ?? new string[0]).Select(User).ToArray();
            var clash = users.Select(u => u.Split(':')).GroupBy(u => u[1]).FirstOrDefault(g => g.Select(u => u[0]).Distinct().Count() > 1);
            if (clash != null) throw Bad("UserIdClash", $"uid {clash.Key} is given to {string.Join(" and ", clash.Select(u => u[0]))}; each user needs its own uid.", clash.Key);
            string mountPath = null;
            if (options.MountBucket != null || options.MountPath != null)
            {
                if (options.MountBucket == null || options.MountPath == null)
                    throw Bad("S3MountIncomplete", "-MountS3Bucket and -MountPath go together: the bucket to mount read-only and the directory to mount it at.", options.MountBucket ?? options.MountPath);
                S3Names.CheckBucket(options.MountBucket, "-MountS3Bucket");
                mountPath = CheckPath(options.MountPath, "-MountPath");
            }
            var stack = new SoftwareStack
            {
                Name = options.Name,
                Packages = packages,
                Compilers = compilers,
                SpackVersion = spack,
                InstallRoot = root,
                Lmod = options.Lmod,
                Users = users,
                MountBucket = options.MountBucket,
                MountPath = mountPath,
            };
            stack.Script = Render(stack);
            stack.FileName = $"pchpc-stack-{stack.Name}-{Sha256(stack.Script).Substring(0, 12)}.sh";
            return stack;
        }

        private static string Render(SoftwareStack stack)
        {
            var text = new StringBuilder();
            text.Append("#!/bin/bash\n");
            text.Append($"# PcHpc software stack '{stack.Name}' (New-HpcSoftwareStack). Generated: regenerate it instead of editing it.\n");
            text.Append("# Head node: installs the packages with Spack into shared storage, once. Other nodes: use them through Lmod.\n");
            text.Append($"# Log: {stack.LogFile}   Status (read by Get-HpcClusterSoftware): {stack.StatusFile}\n");
            text.Append("set -Eeuo pipefail\n\n");
            text.Append($"STACK_NAME={Quote(stack.Name)}\n");
            text.Append($"SPACK_VERSION={Quote(stack.SpackVersion)}\n");
            text.Append($"INSTALL_ROOT={Quote(stack.InstallRoot)}\n");
            text.Append($"LMOD_SETUP={(stack.Lmod ? "yes" : "no")}\n");
            AppendArray(text, "PACKAGES", stack.Packages);
            AppendArray(text, "COMPILERS", stack.Compilers);
            AppendArray(text, "USERS", stack.Users);
            text.Append($"S3_MOUNT_BUCKET={Quote(stack.MountBucket ?? string.Empty)}\n");
            text.Append($"S3_MOUNT_DIR={Quote(stack.MountPath ?? string.Empty)}\n\n");
            text.Append(Body.Value);
            return text.ToString();
        }

        private static void AppendArray(StringBuilder text, string name, IEnumerable<string> values)
        {
            var items = values.ToList();
            if (items.Count == 0) { text.Append(name).Append("=()\n"); return; }
            text.Append(name).Append("=(\n");
            foreach (var item in items) text.Append("  ").Append(Quote(item)).Append('\n');
            text.Append(")\n");
        }

        /// <summary>Bash single quotes; a quote inside becomes '\''.</summary>
        public static string Quote(string value) => "'" + value.Replace("'", "'\\''") + "'";

        private static string User(string entry)
        {
            var parts = (entry ?? string.Empty).Split(':');
            if (parts.Length < 2 || parts.Length > 3 || !UserName.IsMatch(parts[0])
                || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var uid)
                || (parts.Length == 3 && !int.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out _)))
                throw Bad("UserEntryInvalid", $"-User '{entry}' is not name:uid or name:uid:gid (for example alice:2001 or alice:2001:3000; names in lowercase).", entry);
            var gid = parts.Length == 3 ? int.Parse(parts[2], CultureInfo.InvariantCulture) : uid;
            if (uid < 1000 || uid > 60000 || gid < 1000 || gid > 60000)
                throw Bad("UserIdOutOfRange", $"-User '{entry}': give ids from 1000 to 60000 (lower ones belong to the system and to ParallelCluster's own users).", entry);
            return $"{parts[0]}:{uid}:{gid}";
        }

        private static string CheckPath(string path, string parameter)
        {
            var p = (path ?? string.Empty).TrimEnd('/');
            if (!AbsolutePath.IsMatch(p) || p.Split('/').Any(s => s == "." || s == ".."))
                throw Bad("PathInvalid", $"{parameter} '{path}' must be an absolute path of letters, digits, '.', '_' and '-' (for example /shared/spack).", path);
            return p;
        }

        public static string Sha256(string text)
        {
            using (var sha = SHA256.Create())
                return string.Concat(sha.ComputeHash(Encoding.UTF8.GetBytes(text)).Select(b => b.ToString("x2", CultureInfo.InvariantCulture)));
        }

        /// <summary>Writes the stack's script to <paramref name="folder"/> (content-addressed name) and returns its full path.</summary>
        public static string WriteTo(SoftwareStack stack, string folder)
        {
            if (string.IsNullOrEmpty(stack?.Script)) throw Bad("SoftwareStackEmpty", "The software stack has no script; create it with New-HpcSoftwareStack.", stack?.Name);
            Directory.CreateDirectory(folder);
            var path = Path.Combine(folder, stack.FileName ?? $"pchpc-stack-{stack.Name}-{Sha256(stack.Script).Substring(0, 12)}.sh");
            if (!File.Exists(path) || File.ReadAllText(path) != stack.Script) File.WriteAllText(path, stack.Script, new UTF8Encoding(false));
            return path;
        }

        private static PcHpcException Bad(string id, string message, string target) =>
            new PcHpcException(ErrorKind.InvalidArgument, id, message) { Target = target };
    }
}
