using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;

namespace PcHpc.Cmdlets.Tests.Examples
{
    /// <summary>
    /// One ```powershell block of README.md or docs/*.md. An HTML comment right before the fence tells the harness
    /// what the example expects of the (fake) AWS account and the console, e.g.
    /// <c>&lt;!-- example: needs=api,cluster:demo; answers=Y,N --&gt;</c>; <c>skip=reason</c> marks an example that
    /// cannot run offline (the reason is shown as the skip reason); <c>throws=ErrorId</c> an example that shows an error.
    /// </summary>
    public sealed class DocExample
    {
        private static readonly Regex Directive = new Regex(@"^\s*<!--\s*example:(?<body>.*?)-->\s*$");

        public string File { get; private set; }
        public int Index { get; private set; }
        public string Title { get; private set; }
        public string Code { get; private set; }
        public IReadOnlyList<string> Needs { get; private set; } = new string[0];
        public IReadOnlyList<string> Answers { get; private set; } = new string[0];
        public string Skip { get; private set; }
        /// <summary><c>throws=ErrorId</c>: the example shows a failure; it must stop with that error id (and no other error).</summary>
        public string Throws { get; private set; }

        /// <summary>The test case name: file and example number (and title where the docs give one).</summary>
        public string Name => File + " #" + Index + (string.IsNullOrEmpty(Title) ? "" : " (" + Title + ")");

        public override string ToString() => Name;

        public static IReadOnlyList<DocExample> All(string root)
        {
            var files = new[] { Path.Combine(root, "README.md") }
                .Concat(Directory.GetFiles(Path.Combine(root, "docs"), "*.md").OrderBy(f => f, StringComparer.Ordinal));
            return files.SelectMany(f => Parse(Path.GetRelativePath(root, f).Replace('\\', '/'), System.IO.File.ReadAllLines(f))).ToList();
        }

        public static IEnumerable<DocExample> Parse(string file, string[] lines)
        {
            var index = 0;
            string heading = null;
            for (var i = 0; i < lines.Length; i++)
            {
                if (lines[i].StartsWith("#", StringComparison.Ordinal)) heading = lines[i].TrimStart('#').Trim();
                if (lines[i].Trim() != "```powershell") continue;
                var code = new List<string>();
                var j = i + 1;
                for (; j < lines.Length && lines[j].Trim() != "```"; j++) code.Add(lines[j]);
                var example = new DocExample { File = file, Index = ++index, Code = string.Join("\n", code), Title = heading };
                for (var k = i - 1; k >= 0 && (Directive.IsMatch(lines[k]) || lines[k].Trim().Length == 0); k--)
                {
                    var m = Directive.Match(lines[k]);
                    if (m.Success) example.Apply(m.Groups["body"].Value);
                }
                yield return example;
                i = j;
            }
        }

        private void Apply(string body)
        {
            foreach (var part in body.Split(';').Select(p => p.Trim()).Where(p => p.Length > 0))
            {
                var eq = part.IndexOf('=');
                var key = eq < 0 ? part : part.Substring(0, eq).Trim();
                var value = eq < 0 ? "" : part.Substring(eq + 1).Trim();
                var list = value.Split(',').Select(v => v.Trim()).Where(v => v.Length > 0).ToArray();
                switch (key)
                {
                    case "needs": Needs = Needs.Concat(list).ToArray(); break;
                    case "answers": Answers = list; break;
                    case "throws": Throws = value; break;
                    case "skip": Skip = value.Length == 0 ? "marked as not runnable offline" : value; break;
                    default: throw new FormatException(File + ": unknown example directive '" + key + "'.");
                }
            }
        }
    }
}
