using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;

namespace PcHpc.Build
{
    /// <summary>
    /// Like PlatyPS's New-/Update-MarkdownHelp: writes a page for a cmdlet that has none and refreshes the
    /// generated parts (SYNTAX and each parameter's yaml block) of existing pages, keeping the prose people wrote.
    /// Placeholders are "{{ ... }}", which the docs check rejects, so nothing half-written ships.
    /// </summary>
    internal static class DocsUpdater
    {
        public static string Render(CmdletShape shape, CmdletHelp existing)
        {
            var sb = new StringBuilder();
            sb.Append("---\nexternal help file: PcHpc.dll-Help.xml\nModule Name: PcHpc\nonline version:\nschema: 2.0.0\n---\n\n");
            sb.Append("# ").Append(shape.Name).Append("\n\n");
            sb.Append("## SYNOPSIS\n").Append(Or(existing?.Synopsis, "{{ Fill in the Synopsis }}")).Append("\n\n");
            sb.Append("## SYNTAX\n\n");
            foreach (var (set, isDefault) in Sets(shape))
            {
                sb.Append("### ").Append(set == CmdletShape.AllSets ? "__AllParameterSets" : set).Append(isDefault ? " (Default)" : "").Append('\n');
                sb.Append("```\n").Append(SyntaxLine(shape, set)).Append("\n```\n\n");
            }
            sb.Append("## DESCRIPTION\n").Append(Or(existing?.Description, "{{ Fill in the Description }}")).Append("\n\n");
            sb.Append("## EXAMPLES\n\n");
            if (existing != null && existing.Examples.Count > 0)
            {
                foreach (var ex in existing.Examples)
                {
                    sb.Append("### ").Append(ex.Title).Append("\n```powershell\n").Append(ex.Code).Append("\n```\n\n");
                    if (!string.IsNullOrWhiteSpace(ex.Remarks)) sb.Append(ex.Remarks).Append("\n\n");
                }
            }
            else
            {
                sb.Append("### Example 1\n```powershell\nPS C:\\> {{ Add example code here }}\n```\n\n{{ Add example description here }}\n\n");
            }
            sb.Append("## PARAMETERS\n\n");
            var docs = existing?.Parameters.ToDictionary(p => p.Name, StringComparer.OrdinalIgnoreCase) ?? new Dictionary<string, ParameterHelp>();
            foreach (var p in shape.Parameters.OrderBy(p => p.Name, StringComparer.OrdinalIgnoreCase))
            {
                docs.TryGetValue(p.Name, out var doc);
                sb.Append("### -").Append(p.Name).Append('\n').Append(Or(doc?.Description, "{{ Fill " + p.Name + " Description }}")).Append("\n\n");
                sb.Append("```yaml\n");
                sb.Append("Type: ").Append(CmdletMetadata.TypeName(p.Type)).Append('\n');
                var sets = p.Sets.Select(s => s.Name).ToList();
                sb.Append("Parameter Sets: ").Append(sets.Contains(CmdletShape.AllSets) ? "(All)" : string.Join(", ", sets)).Append('\n');
                sb.Append("Aliases: ").Append(string.Join(", ", p.Aliases)).Append('\n').Append('\n');
                sb.Append("Required: ").Append(p.MandatoryInAnySet ? "True" : "False").Append('\n');
                var position = p.Sets.Select(s => s.Position).FirstOrDefault(x => x.HasValue);
                sb.Append("Position: ").Append(position.HasValue ? position.Value.ToString() : "Named").Append('\n');
                sb.Append("Default value: ").Append(Or(doc?.DefaultValue, p.IsSwitch ? "False" : "None")).Append('\n');
                sb.Append("Accept pipeline input: ").Append(CmdletMetadata.PipelineText(p)).Append('\n');
                sb.Append("Accept wildcard characters: ").Append(p.SupportsWildcards ? "True" : "False").Append('\n');
                sb.Append("```\n\n");
            }
            if (shape.SupportsShouldProcess)
            {
                sb.Append("### -Confirm\nPrompts you for confirmation before running the cmdlet.\n\n```yaml\nType: SwitchParameter\nParameter Sets: (All)\nAliases: cf\n\nRequired: False\nPosition: Named\nDefault value: False\nAccept pipeline input: False\nAccept wildcard characters: False\n```\n\n");
                sb.Append("### -WhatIf\nShows what would happen if the cmdlet runs. The cmdlet is not run.\n\n```yaml\nType: SwitchParameter\nParameter Sets: (All)\nAliases: wi\n\nRequired: False\nPosition: Named\nDefault value: False\nAccept pipeline input: False\nAccept wildcard characters: False\n```\n\n");
            }
            sb.Append("### CommonParameters\nThis cmdlet supports the common parameters: -Debug, -ErrorAction, -ErrorVariable, -InformationAction, -InformationVariable, -OutVariable, -OutBuffer, -PipelineVariable, -Verbose, -WarningAction, and -WarningVariable. For more information, see [about_CommonParameters](http://go.microsoft.com/fwlink/?LinkID=113216).\n\n");
            sb.Append("## INPUTS\n\n");
            AppendTypes(sb, existing?.Inputs, shape.Parameters.Where(p => p.ByValue || p.ByPropertyName).Select(p => CmdletMetadata.TypeName(p.Type)).Distinct());
            sb.Append("## OUTPUTS\n\n");
            AppendTypes(sb, existing?.Outputs, shape.OutputTypes);
            sb.Append("## NOTES\n").Append(existing?.Notes ?? "").Append("\n\n");
            sb.Append("## RELATED LINKS\n\n");
            foreach (var link in existing?.RelatedLinks ?? new List<HelpLink>())
            {
                sb.Append('[').Append(link.Text).Append("](").Append(link.Uri).Append(")\n\n");
            }
            return sb.ToString().TrimEnd('\n') + "\n";
        }

        private static void AppendTypes(StringBuilder sb, List<TypeHelp> existing, IEnumerable<string> fromCode)
        {
            var types = existing != null && existing.Count > 0 ? existing : fromCode.Select(t => new TypeHelp { Name = t }).ToList();
            foreach (var t in types)
            {
                sb.Append("### ").Append(t.Name).Append('\n');
                if (!string.IsNullOrWhiteSpace(t.Description)) sb.Append(t.Description).Append('\n');
                sb.Append('\n');
            }
        }

        private static string Or(string value, string fallback) => string.IsNullOrWhiteSpace(value) ? fallback : value.Trim();

        private static IEnumerable<(string Set, bool IsDefault)> Sets(CmdletShape shape)
        {
            var sets = shape.ParameterSetNames.ToList();
            if (sets.Count == 0) return new[] { (CmdletShape.AllSets, true) };
            return sets.OrderByDescending(s => s == shape.DefaultParameterSetName).Select(s => (s, s == shape.DefaultParameterSetName));
        }

        public static string SyntaxLine(CmdletShape shape, string set)
        {
            var parts = new List<string> { shape.Name };
            var inSet = shape.Parameters
                .Select(p => (Param: p, Membership: p.Sets.FirstOrDefault(s => s.Name == set) ?? p.Sets.FirstOrDefault(s => s.Name == CmdletShape.AllSets)))
                .Where(x => x.Membership != null)
                .OrderBy(x => x.Membership.Position ?? int.MaxValue)
                .ThenByDescending(x => x.Membership.Mandatory)
                .ThenBy(x => x.Param.IsSwitch);
            foreach (var (p, m) in inSet)
            {
                var name = m.Position.HasValue ? $"[-{p.Name}]" : $"-{p.Name}";
                var text = p.IsSwitch ? $"-{p.Name}" : $"{name} <{CmdletMetadata.TypeName(p.Type)}>";
                parts.Add(m.Mandatory ? text : $"[{text}]");
            }
            if (shape.SupportsShouldProcess) parts.Add("[-WhatIf] [-Confirm]");
            parts.Add("[<CommonParameters>]");
            return string.Join(" ", parts);
        }
    }
}
