using System;
using System.Text.RegularExpressions;
using PcHpc.Core.Errors;

namespace PcHpc.Core.Bootstrap
{
    /// <summary>
    /// A Spack spec checked offline against Spack's spec grammar (name, @versions, %compiler, +/~ variants,
    /// key=value, ^dependencies, /hash), so that a typo fails here instead of an hour into a cluster's boot.
    /// </summary>
    public sealed class SpackSpec
    {
        private const string Name = "[a-z0-9][a-z0-9_-]*(?:\\.[a-z0-9][a-z0-9_-]*)*";
        private const string VersionList = "=?[A-Za-z0-9_][A-Za-z0-9_.+-]*(?::(?:[A-Za-z0-9_][A-Za-z0-9_.+-]*)?)?|:[A-Za-z0-9_][A-Za-z0-9_.+-]*";
        private static readonly Regex NameToken = new Regex("^(" + Name + ")", RegexOptions.CultureInvariant);
        private static readonly Regex VersionToken = new Regex("^@((?:" + VersionList + ")(?:,(?:" + VersionList + "))*)", RegexOptions.CultureInvariant);
        private static readonly Regex CompilerToken = new Regex("^%(" + Name + ")(?:@((?:" + VersionList + ")(?:,(?:" + VersionList + "))*))?", RegexOptions.CultureInvariant);
        private static readonly Regex VariantToken = new Regex("^(?:\\+\\+|~~|\\+|~)[a-zA-Z0-9_][a-zA-Z0-9_.-]*", RegexOptions.CultureInvariant);
        private static readonly Regex KeyValueToken = new Regex("^[a-zA-Z_][a-zA-Z0-9_-]*==?(?:\"[^\"]*\"|'[^']*'|[^\\s\"'\\^%@~]+)", RegexOptions.CultureInvariant);
        private static readonly Regex HashToken = new Regex("^/[a-z0-9]+", RegexOptions.CultureInvariant);

        private SpackSpec(string text, string name, string version)
        {
            Text = text;
            PackageName = name;
            Version = version;
        }

        /// <summary>The spec as given (trimmed).</summary>
        public string Text { get; }

        /// <summary>The root package's name (samtools in samtools@1.17 %gcc ^zlib).</summary>
        public string PackageName { get; }

        /// <summary>The root package's version constraint as written (1.17), null when none.</summary>
        public string Version { get; }

        public override string ToString() => Text;

        /// <summary>Parses a spec or throws InvalidArgument naming the spec and the position of the problem.</summary>
        public static SpackSpec Parse(string text)
        {
            var spec = (text ?? string.Empty).Trim();
            if (spec.Length == 0)
                throw Invalid(text, "is empty; give a spec such as samtools@1.17 or py-numpy@1.26 %gcc@11.3.0.");
            if (spec.StartsWith("-", StringComparison.Ordinal) || spec.IndexOfAny(new[] { ';', '&', '|', '`', '$', '<', '>', '\n', '\\' }) >= 0)
                throw Invalid(spec, "has characters a Spack spec cannot have (shell characters or a leading '-').");
            var first = NameToken.Match(spec);
            if (!first.Success)
                throw Invalid(spec, "must start with a package name in lowercase letters, digits, '-' and '_' (for example samtools@1.17).");
            string name = first.Groups[1].Value, version = null;
            var at = first.Length;
            var inDependency = false;
            var expectName = false;
            while (at < spec.Length)
            {
                var rest = spec.Substring(at);
                if (char.IsWhiteSpace(rest[0])) { at++; continue; }
                Match m;
                if (expectName)
                {
                    m = NameToken.Match(rest);
                    if (!m.Success) throw Invalid(spec, $"has '^' without a dependency name at position {at + 1}.");
                    expectName = false;
                }
                else if (rest[0] == '^') { inDependency = true; expectName = true; at++; continue; }
                else if ((m = VersionToken.Match(rest)).Success)
                {
                    if (!inDependency)
                    {
                        if (version != null) throw Invalid(spec, $"gives {name} a version twice ('@{version}' and '{m.Value}').");
                        version = m.Groups[1].Value;
                    }
                }
                else if ((m = CompilerToken.Match(rest)).Success || (m = VariantToken.Match(rest)).Success
                         || (m = KeyValueToken.Match(rest)).Success || (m = HashToken.Match(rest)).Success) { }
                else if (rest[0] == '@')
                    throw Invalid(spec, $"has an empty or malformed version at position {at + 1} ('{Cut(rest)}'); write @1.17, @1.2:1.4 or @=1.17.");
                else if (rest.StartsWith("==", StringComparison.Ordinal) || rest[0] == '=')
                    throw Invalid(spec, $"uses '{Cut(rest)}'; Spack writes versions with @ (samtools@1.17), not ==.");
                else if (NameToken.IsMatch(rest))
                    throw Invalid(spec, $"has a second package name '{Cut(rest)}' at position {at + 1}; give each package as its own -Package entry, or write a dependency as ^{Cut(rest)}.");
                else
                    throw Invalid(spec, $"has '{Cut(rest)}' at position {at + 1}, which is not Spack spec syntax (@version, %compiler, +variant, ~variant, key=value, ^dependency).");
                at += m.Length;
            }
            if (expectName) throw Invalid(spec, "ends with '^' without a dependency name.");
            return new SpackSpec(spec, name, version);
        }

        private static string Cut(string rest)
        {
            var end = rest.IndexOf(' ');
            return end < 0 ? rest : rest.Substring(0, end);
        }

        private static PcHpcException Invalid(string spec, string problem) =>
            new PcHpcException(ErrorKind.InvalidArgument, "SpackSpecInvalid", $"The package spec '{spec}' {problem}") { Target = spec };
    }
}
