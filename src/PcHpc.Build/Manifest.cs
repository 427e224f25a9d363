using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;

namespace PcHpc.Build
{
    /// <summary>The few facts we read from PcHpc.psd1 (a PowerShell data file; we only need simple assignments).</summary>
    internal sealed class Manifest
    {
        /// <summary>The module's loader, imported as a nested module before PowerShell reflects over PcHpc.dll.</summary>
        public const string IsolationModule = "PcHpc.Isolation.dll";

        /// <summary>The first PowerShell on each .NET: PcHpc.Isolation.dll's target framework sets the lowest PowerShellVersion possible.</summary>
        public static readonly IReadOnlyDictionary<int, Version> FirstPowerShellOnDotNet = new Dictionary<int, Version>
        {
            [8] = new Version(7, 4),
            [9] = new Version(7, 5),
            [10] = new Version(7, 6),
        };

        public string Path { get; private set; }
        public string Text { get; private set; }
        public string ModuleVersion { get; private set; }
        public string RootModule { get; private set; }
        public string PowerShellVersion { get; private set; }
        public string DotNetFrameworkVersion { get; private set; }
        public List<string> CompatiblePSEditions { get; private set; }
        public List<string> NestedModules { get; private set; }
        public List<string> Tags { get; private set; }
        public List<string> CmdletsToExport { get; private set; }
        public List<string> FormatsToProcess { get; private set; }

        public static Manifest Load(string path)
        {
            var text = File.ReadAllText(path);
            return new Manifest
            {
                Path = path,
                Text = text,
                ModuleVersion = Scalar(text, "ModuleVersion"),
                RootModule = Scalar(text, "RootModule"),
                PowerShellVersion = Scalar(text, "PowerShellVersion"),
                DotNetFrameworkVersion = Scalar(text, "DotNetFrameworkVersion"),
                CompatiblePSEditions = Array(text, "CompatiblePSEditions"),
                NestedModules = Array(text, "NestedModules"),
                Tags = Array(text, "Tags"),
                CmdletsToExport = Array(text, "CmdletsToExport"),
                FormatsToProcess = Array(text, "FormatsToProcess"),
            };
        }

        /// <summary>
        /// What the manifest claims against what the module can load on: PowerShell 7 (Core) only, no .NET Framework,
        /// no PowerShell older than the first one on PcHpc.Isolation.dll's .NET (<paramref name="isolationDotNetMajor"/>),
        /// and the loader imported before the cmdlets.
        /// </summary>
        public List<string> CompatibilityProblems(int isolationDotNetMajor)
        {
            var problems = new List<string>();
            if (CompatiblePSEditions == null || !CompatiblePSEditions.SequenceEqual(new[] { "Core" }))
                problems.Add("PcHpc.psd1 CompatiblePSEditions must be @('Core'): Windows PowerShell (Desktop) is not supported.");
            if (DotNetFrameworkVersion != null)
                problems.Add("PcHpc.psd1 sets DotNetFrameworkVersion, which only Windows PowerShell reads: remove it.");
            if (Tags != null && Tags.Contains("PSEdition_Desktop", StringComparer.OrdinalIgnoreCase))
                problems.Add("PcHpc.psd1 Tags claim PSEdition_Desktop: remove it.");
            if (!Version.TryParse(PowerShellVersion ?? "", out var claimed))
                problems.Add("PcHpc.psd1 PowerShellVersion is missing or not a version.");
            else if (!FirstPowerShellOnDotNet.TryGetValue(isolationDotNetMajor, out var floor))
                problems.Add($"{IsolationModule} targets .NET {isolationDotNetMajor}: add the first PowerShell on it to Manifest.FirstPowerShellOnDotNet.");
            else if (claimed < floor)
                problems.Add($"PcHpc.psd1 PowerShellVersion {claimed} is below {floor}, the first PowerShell on .NET {isolationDotNetMajor}, which {IsolationModule} needs.");
            if (NestedModules == null || NestedModules.Count == 0 || !string.Equals(NestedModules[0], IsolationModule, StringComparison.OrdinalIgnoreCase))
                problems.Add($"PcHpc.psd1 NestedModules must start with '{IsolationModule}': it installs the private load context PowerShell needs before it reflects over {RootModule}.");
            return problems;
        }

        private static string Scalar(string text, string key)
        {
            var m = Regex.Match(text, @"(?m)^\s*" + key + @"\s*=\s*'([^']*)'");
            return m.Success ? m.Groups[1].Value : null;
        }

        private static List<string> Array(string text, string key)
        {
            var m = Regex.Match(text, @"(?s)^\s*" + key + @"\s*=\s*@\((.*?)\)", RegexOptions.Multiline);
            if (!m.Success) return null;
            var body = Regex.Replace(m.Groups[1].Value, "(?m)#.*$", "");
            return Regex.Matches(body, "'([^']*)'").Cast<Match>().Select(x => x.Groups[1].Value).ToList();
        }
    }
}
