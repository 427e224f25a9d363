using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;

namespace PcHpc.Build
{
    /// <summary>The few facts we read from PcHpc.psd1 (a PowerShell data file; we only need simple assignments).</summary>
    internal sealed class Manifest
    {
        public string Path { get; private set; }
        public string Text { get; private set; }
        public string ModuleVersion { get; private set; }
        public string RootModule { get; private set; }
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
                CmdletsToExport = Array(text, "CmdletsToExport"),
                FormatsToProcess = Array(text, "FormatsToProcess"),
            };
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
