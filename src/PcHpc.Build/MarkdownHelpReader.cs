using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;

namespace PcHpc.Build
{
    /// <summary>
    /// Reads the PlatyPS markdown layout: front matter, "# Name", "## SECTION" headings, "### " sub-headings,
    /// fenced blocks. Tolerant of blank lines; strict about the section names PlatyPS uses.
    /// </summary>
    internal static class MarkdownHelpReader
    {
        public static CmdletHelp ReadFile(string path)
        {
            var help = Read(File.ReadAllText(path));
            help.SourcePath = path;
            return help;
        }

        public static CmdletHelp Read(string markdown)
        {
            var lines = StripFrontMatter(markdown.Replace("\r\n", "\n").Split('\n'));
            var help = new CmdletHelp();
            var sections = SplitSections(lines, "## ", out var preamble);
            var title = preamble.FirstOrDefault(l => l.StartsWith("# "));
            help.Name = title?.Substring(2).Trim() ?? throw new FormatException("The page has no '# Cmdlet-Name' title.");

            foreach (var (heading, body) in sections)
            {
                switch (heading.ToUpperInvariant())
                {
                    case "SYNOPSIS": help.Synopsis = Prose(body); break;
                    case "DESCRIPTION": help.Description = Prose(body); break;
                    case "SYNTAX": ReadSyntax(body, help); break;
                    case "EXAMPLES": ReadExamples(body, help); break;
                    case "PARAMETERS": ReadParameters(body, help); break;
                    case "INPUTS": ReadTypes(body, help.Inputs); break;
                    case "OUTPUTS": ReadTypes(body, help.Outputs); break;
                    case "NOTES": help.Notes = Prose(body); break;
                    case "RELATED LINKS": ReadLinks(body, help); break;
                }
            }
            return help;
        }

        internal static List<string> StripFrontMatter(string[] lines)
        {
            var list = lines.ToList();
            if (list.Count > 0 && list[0].Trim() == "---")
            {
                var end = list.FindIndex(1, l => l.Trim() == "---");
                if (end > 0) list.RemoveRange(0, end + 1);
            }
            return list;
        }

        /// <summary>Splits on headings of the given level, ignoring lines inside fenced code blocks.</summary>
        internal static List<(string Heading, List<string> Body)> SplitSections(IEnumerable<string> lines, string prefix, out List<string> preamble)
        {
            var result = new List<(string, List<string>)>();
            preamble = new List<string>();
            var current = preamble;
            var inFence = false;
            foreach (var line in lines)
            {
                if (line.TrimStart().StartsWith("```")) inFence = !inFence;
                if (!inFence && line.StartsWith(prefix) && !line.StartsWith(prefix + "#"))
                {
                    current = new List<string>();
                    result.Add((line.Substring(prefix.Length).Trim(), current));
                    continue;
                }
                current.Add(line);
            }
            return result;
        }

        private static string Prose(List<string> body)
        {
            var text = string.Join("\n", body).Trim();
            return text;
        }

        private static IEnumerable<(string Info, string Code)> Fences(List<string> body)
        {
            string info = null;
            var code = new StringBuilder();
            foreach (var line in body)
            {
                var trimmed = line.TrimStart();
                if (trimmed.StartsWith("```"))
                {
                    if (info == null)
                    {
                        info = trimmed.Substring(3).Trim();
                        code.Clear();
                    }
                    else
                    {
                        yield return (info, code.ToString().TrimEnd('\n'));
                        info = null;
                    }
                    continue;
                }
                if (info != null) code.Append(line).Append('\n');
            }
        }

        private static string OutsideFences(List<string> body)
        {
            var sb = new StringBuilder();
            var inFence = false;
            foreach (var line in body)
            {
                if (line.TrimStart().StartsWith("```")) { inFence = !inFence; continue; }
                if (!inFence && !line.TrimStart().StartsWith("<!-- example:", StringComparison.Ordinal)) sb.Append(line).Append('\n'); // test-harness directives are not help text
            }
            return sb.ToString().Trim();
        }

        private static void ReadSyntax(List<string> body, CmdletHelp help)
        {
            foreach (var (heading, setBody) in SplitSections(body, "### ", out _))
            {
                var isDefault = heading.EndsWith("(Default)", StringComparison.OrdinalIgnoreCase);
                var name = isDefault ? heading.Substring(0, heading.Length - "(Default)".Length).Trim() : heading;
                help.Syntax.Add(new SyntaxSet { Name = name, IsDefault = isDefault, Text = Fences(setBody).Select(f => f.Code).FirstOrDefault() ?? "" });
            }
        }

        private static void ReadExamples(List<string> body, CmdletHelp help)
        {
            foreach (var (heading, exBody) in SplitSections(body, "### ", out _))
            {
                help.Examples.Add(new HelpExample
                {
                    Title = heading,
                    Code = string.Join("\n", Fences(exBody).Select(f => f.Code)),
                    Remarks = OutsideFences(exBody),
                });
            }
        }

        private static void ReadParameters(List<string> body, CmdletHelp help)
        {
            foreach (var (heading, pBody) in SplitSections(body, "### ", out _))
            {
                if (heading.Equals("CommonParameters", StringComparison.OrdinalIgnoreCase))
                {
                    help.HasCommonParameters = true;
                    continue;
                }
                var parameter = new ParameterHelp { Name = heading.TrimStart('-').Trim(), Description = OutsideFences(pBody) };
                var yaml = Fences(pBody).FirstOrDefault(f => f.Info.StartsWith("yaml", StringComparison.OrdinalIgnoreCase)).Code ?? "";
                foreach (var line in yaml.Split('\n'))
                {
                    var colon = line.IndexOf(':');
                    if (colon < 0) continue;
                    var key = line.Substring(0, colon).Trim();
                    var value = line.Substring(colon + 1).Trim();
                    switch (key)
                    {
                        case "Type": parameter.Type = value; break;
                        case "Parameter Sets": parameter.ParameterSets.AddRange(SplitList(value)); break;
                        case "Aliases": parameter.Aliases.AddRange(SplitList(value)); break;
                        case "Required": parameter.Required = value.StartsWith("True", StringComparison.OrdinalIgnoreCase); break;
                        case "Position": parameter.Position = value; break;
                        case "Default value": parameter.DefaultValue = value; break;
                        case "Accept pipeline input": parameter.PipelineInput = value; break;
                        case "Accept wildcard characters": parameter.Globbing = value.StartsWith("True", StringComparison.OrdinalIgnoreCase); break;
                    }
                }
                help.Parameters.Add(parameter);
            }
        }

        private static IEnumerable<string> SplitList(string value) =>
            value.Split(',').Select(v => v.Trim()).Where(v => v.Length > 0);

        private static void ReadTypes(List<string> body, List<TypeHelp> into)
        {
            foreach (var (heading, tBody) in SplitSections(body, "### ", out _))
            {
                into.Add(new TypeHelp { Name = heading, Description = OutsideFences(tBody) });
            }
        }

        private static readonly Regex Link = new Regex(@"\[(?<text>[^\]]+)\]\((?<uri>[^)]*)\)");

        private static void ReadLinks(List<string> body, CmdletHelp help)
        {
            foreach (var line in body)
            {
                foreach (Match m in Link.Matches(line))
                {
                    help.RelatedLinks.Add(new HelpLink { Text = m.Groups["text"].Value, Uri = m.Groups["uri"].Value });
                }
            }
        }
    }
}
