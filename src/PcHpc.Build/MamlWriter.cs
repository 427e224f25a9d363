using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Xml;

namespace PcHpc.Build
{
    /// <summary>
    /// Writes PowerShell external help (MAML, the &lt;helpItems schema="maml"&gt; document that Get-Help reads from
    /// en-US/&lt;Assembly&gt;.dll-Help.xml). Layout follows the published MAML command schema.
    /// </summary>
    internal static class MamlWriter
    {
        private const string Msh = "http://msh";
        private const string Maml = "http://schemas.microsoft.com/maml/2004/10";
        private const string Command = "http://schemas.microsoft.com/maml/dev/command/2004/10";
        private const string Dev = "http://schemas.microsoft.com/maml/dev/2004/10";

        public static string Write(IEnumerable<CmdletHelp> cmdlets)
        {
            var sb = new StringBuilder();
            var settings = new XmlWriterSettings { Indent = true, IndentChars = "  ", Encoding = new UTF8Encoding(false), NewLineChars = "\n" };
            using (var sw = new StringWriterUtf8(sb))
            using (var w = XmlWriter.Create(sw, settings))
            {
                w.WriteStartDocument();
                w.WriteStartElement("helpItems", Msh);
                w.WriteAttributeString("schema", "maml");
                foreach (var help in cmdlets.OrderBy(c => c.Name, StringComparer.OrdinalIgnoreCase))
                {
                    WriteCommand(w, help);
                }
                w.WriteEndElement();
                w.WriteEndDocument();
            }
            return sb.ToString() + "\n";
        }

        private static void WriteCommand(XmlWriter w, CmdletHelp help)
        {
            w.WriteStartElement("command", "command", Command);
            w.WriteAttributeString("xmlns", "maml", null, Maml);
            w.WriteAttributeString("xmlns", "dev", null, Dev);

            w.WriteStartElement("command", "details", Command);
            w.WriteElementString("command", "name", Command, help.Name);
            w.WriteElementString("command", "verb", Command, help.Verb);
            w.WriteElementString("command", "noun", Command, help.Noun);
            Description(w, help.Synopsis);
            w.WriteEndElement();

            Description(w, help.Description);

            w.WriteStartElement("command", "syntax", Command);
            foreach (var set in SetsInOrder(help))
            {
                w.WriteStartElement("command", "syntaxItem", Command);
                w.WriteElementString("maml", "name", Maml, help.Name);
                foreach (var p in help.Parameters.Where(p => p.InAllSets || p.ParameterSets.Contains(set, StringComparer.OrdinalIgnoreCase)))
                {
                    Parameter(w, p);
                }
                w.WriteEndElement();
            }
            w.WriteEndElement();

            w.WriteStartElement("command", "parameters", Command);
            foreach (var p in help.Parameters)
            {
                Parameter(w, p);
            }
            w.WriteEndElement();

            TypeList(w, "inputTypes", "inputType", help.Inputs);
            TypeList(w, "returnValues", "returnValue", help.Outputs);

            w.WriteStartElement("maml", "alertSet", Maml);
            w.WriteStartElement("maml", "alert", Maml);
            Paragraphs(w, help.Notes);
            w.WriteEndElement();
            w.WriteEndElement();

            w.WriteStartElement("command", "examples", Command);
            foreach (var ex in help.Examples)
            {
                w.WriteStartElement("command", "example", Command);
                w.WriteElementString("maml", "title", Maml, "-------------------------- " + ex.Title + " --------------------------");
                w.WriteElementString("dev", "code", Dev, ex.Code);
                w.WriteStartElement("dev", "remarks", Dev);
                Paragraphs(w, ex.Remarks);
                w.WriteEndElement();
                w.WriteEndElement();
            }
            w.WriteEndElement();

            w.WriteStartElement("command", "relatedLinks", Command);
            foreach (var link in help.RelatedLinks)
            {
                w.WriteStartElement("maml", "navigationLink", Maml);
                w.WriteElementString("maml", "linkText", Maml, link.Text);
                // Only an absolute http(s) address is a link Get-Help -Online can open; a page of these docs
                // (Install-HpcApi.md) stays a named related command without a uri ("URI not valid" otherwise).
                w.WriteElementString("maml", "uri", Maml, AboutTopicWriter.OnlineUri(link.Uri));
                w.WriteEndElement();
            }
            w.WriteEndElement();

            w.WriteEndElement();
        }

        private static IEnumerable<string> SetsInOrder(CmdletHelp help)
        {
            if (help.Syntax.Count == 0) return new[] { "(All)" };
            return help.Syntax.OrderByDescending(s => s.IsDefault).Select(s => s.Name);
        }

        private static void Parameter(XmlWriter w, ParameterHelp p)
        {
            var isSwitch = p.Type.Equals("SwitchParameter", StringComparison.OrdinalIgnoreCase);
            w.WriteStartElement("command", "parameter", Command);
            w.WriteAttributeString("required", p.Required ? "true" : "false");
            w.WriteAttributeString("variableLength", p.Type.EndsWith("[]") ? "true" : "false");
            w.WriteAttributeString("globbing", p.Globbing ? "true" : "false");
            w.WriteAttributeString("pipelineInput", p.PipelineInput);
            w.WriteAttributeString("position", p.Position.Equals("Named", StringComparison.OrdinalIgnoreCase) ? "named" : p.Position);
            w.WriteAttributeString("aliases", p.Aliases.Count == 0 ? "none" : string.Join(", ", p.Aliases));
            w.WriteElementString("maml", "name", Maml, p.Name);
            Description(w, p.Description);
            if (!isSwitch)
            {
                w.WriteStartElement("command", "parameterValue", Command);
                w.WriteAttributeString("required", "true");
                w.WriteAttributeString("variableLength", "false");
                w.WriteString(p.Type);
                w.WriteEndElement();
            }
            w.WriteStartElement("dev", "type", Dev);
            w.WriteElementString("maml", "name", Maml, p.Type);
            w.WriteElementString("maml", "uri", Maml, "");
            w.WriteEndElement();
            w.WriteElementString("dev", "defaultValue", Dev, p.DefaultValue);
            w.WriteEndElement();
        }

        private static void TypeList(XmlWriter w, string listName, string itemName, List<TypeHelp> types)
        {
            w.WriteStartElement("command", listName, Command);
            foreach (var t in types)
            {
                w.WriteStartElement("command", itemName, Command);
                w.WriteStartElement("dev", "type", Dev);
                w.WriteElementString("maml", "name", Maml, t.Name);
                w.WriteEndElement();
                Description(w, t.Description);
                w.WriteEndElement();
            }
            w.WriteEndElement();
        }

        private static void Description(XmlWriter w, string text)
        {
            w.WriteStartElement("maml", "description", Maml);
            Paragraphs(w, text);
            w.WriteEndElement();
        }

        /// <summary>Blank-line separated markdown paragraphs become maml:para elements (soft line breaks joined).</summary>
        private static void Paragraphs(XmlWriter w, string text)
        {
            var paragraphs = (text ?? "").Replace("\r\n", "\n").Split(new[] { "\n\n" }, StringSplitOptions.RemoveEmptyEntries)
                .Select(p => string.Join(" ", p.Split('\n').Select(l => l.Trim())).Trim())
                .Where(p => p.Length > 0)
                .ToList();
            if (paragraphs.Count == 0)
            {
                w.WriteElementString("maml", "para", Maml, "");
                return;
            }
            foreach (var para in paragraphs)
            {
                w.WriteElementString("maml", "para", Maml, para);
            }
        }

        private sealed class StringWriterUtf8 : StringWriter
        {
            public StringWriterUtf8(StringBuilder sb) : base(sb) { }
            public override Encoding Encoding => new UTF8Encoding(false);
        }
    }

    /// <summary>about_*.md (PlatyPS about-topic layout) → about_*.help.txt as Get-Help shows it.</summary>
    internal static class AboutTopicWriter
    {
        public static string Write(string markdown)
        {
            var lines = MarkdownHelpReader.StripFrontMatter(markdown.Replace("\r\n", "\n").Split('\n'));
            var sb = new StringBuilder();
            var inFence = false;
            foreach (var line in lines)
            {
                if (line.TrimStart().StartsWith("```")) { inFence = !inFence; continue; }
                if (inFence) { sb.Append("    ").Append(line).Append('\n'); continue; }
                if (line.StartsWith("# ")) { sb.Append("TOPIC\n    ").Append(line.Substring(2).Trim().ToLowerInvariant()).Append('\n'); continue; }
                if (line.StartsWith("## ")) { sb.Append('\n').Append(line.Substring(3).Trim().ToUpperInvariant()).Append('\n'); continue; }
                if (line.StartsWith("### ")) { sb.Append('\n').Append("  ").Append(line.Substring(4).Trim()).Append('\n'); continue; }
                sb.Append(line.Length == 0 ? "" : "    " + line).Append('\n');
            }
            return sb.ToString().TrimEnd('\n') + "\n";
        }

        /// <summary>The uri MamlWriter writes for a related link: only absolute http(s) addresses (Get-Help -Online opens the first).</summary>
        internal static string OnlineUri(string uri) =>
            Uri.TryCreate(uri ?? string.Empty, UriKind.Absolute, out var u) && (u.Scheme == Uri.UriSchemeHttps || u.Scheme == Uri.UriSchemeHttp) ? uri : string.Empty;
    }
}
