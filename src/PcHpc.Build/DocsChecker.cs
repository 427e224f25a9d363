using System;
using System.Collections.Generic;
using System.Linq;

namespace PcHpc.Build
{
    /// <summary>Compares a cmdlet's help page with the cmdlet itself; every mismatch is one readable problem.</summary>
    internal static class DocsChecker
    {
        public static readonly string[] ShouldProcessParameters = { "Confirm", "WhatIf" };

        public static List<string> Check(CmdletShape shape, CmdletHelp help)
        {
            var problems = new List<string>();
            void Problem(string text) => problems.Add($"{shape.Name}: {text}");

            if (!string.Equals(help.Name, shape.Name, StringComparison.Ordinal)) Problem($"page title is '{help.Name}'.");
            if (IsBlank(help.Synopsis)) Problem("SYNOPSIS is empty.");
            if (IsBlank(help.Description)) Problem("DESCRIPTION is empty.");
            if (help.Examples.Count == 0) Problem("has no example.");
            foreach (var ex in help.Examples.Where(e => e.Code.IndexOf(shape.Name, StringComparison.OrdinalIgnoreCase) < 0))
            {
                Problem($"example '{ex.Title}' does not call {shape.Name}.");
            }
            if (!help.HasCommonParameters) Problem("PARAMETERS lacks the CommonParameters section.");
            if (help.Outputs.Count == 0) Problem("OUTPUTS is empty.");

            var expected = shape.Parameters.ToDictionary(p => p.Name, StringComparer.OrdinalIgnoreCase);
            var documented = help.Parameters.ToDictionary(p => p.Name, StringComparer.OrdinalIgnoreCase);
            foreach (var p in shape.Parameters)
            {
                if (!documented.TryGetValue(p.Name, out var doc))
                {
                    Problem($"parameter -{p.Name} is not documented.");
                    continue;
                }
                if (IsBlank(doc.Description)) Problem($"parameter -{p.Name} has no description.");
                if (doc.Required != p.MandatoryInAnySet) Problem($"parameter -{p.Name} is documented Required: {doc.Required} but is {(p.MandatoryInAnySet ? "" : "not ")}mandatory.");
                var pipeline = CmdletMetadata.PipelineText(p);
                if (!string.Equals(Normalize(doc.PipelineInput), Normalize(pipeline), StringComparison.OrdinalIgnoreCase))
                {
                    Problem($"parameter -{p.Name} is documented 'Accept pipeline input: {doc.PipelineInput}' but is '{pipeline}'.");
                }
                var typeName = CmdletMetadata.TypeName(p.Type);
                if (!TypeMatches(doc.Type, typeName)) Problem($"parameter -{p.Name} is documented as type '{doc.Type}' but is '{typeName}'.");
            }
            foreach (var doc in help.Parameters)
            {
                var isShouldProcess = ShouldProcessParameters.Contains(doc.Name, StringComparer.OrdinalIgnoreCase);
                if (!expected.ContainsKey(doc.Name) && !(isShouldProcess && shape.SupportsShouldProcess))
                {
                    Problem($"documents parameter -{doc.Name}, which the cmdlet does not have.");
                }
            }
            if (shape.SupportsShouldProcess)
            {
                foreach (var name in ShouldProcessParameters.Where(n => !documented.ContainsKey(n)))
                {
                    Problem($"supports ShouldProcess but -{name} is not documented.");
                }
            }
            var sets = shape.ParameterSetNames.ToList();
            if (sets.Count > 0)
            {
                foreach (var set in sets.Where(s => !help.Syntax.Any(h => h.Name.Equals(s, StringComparison.OrdinalIgnoreCase))))
                {
                    Problem($"SYNTAX lacks parameter set '{set}'.");
                }
            }
            return problems;
        }

        private static bool IsBlank(string text) =>
            string.IsNullOrWhiteSpace(text) || text.Contains("{{");

        /// <summary>"True (ByValue, ByPropertyName)" and "True (ByPropertyName, ByValue)" say the same thing.</summary>
        private static string Normalize(string text)
        {
            var compact = (text ?? "").Replace(" ", "");
            var open = compact.IndexOf('(');
            if (open < 0 || !compact.EndsWith(")")) return compact;
            var kinds = compact.Substring(open + 1, compact.Length - open - 2).Split(',').OrderBy(k => k, StringComparer.OrdinalIgnoreCase);
            return compact.Substring(0, open) + "(" + string.Join(",", kinds) + ")";
        }

        private static bool TypeMatches(string documented, string actual)
        {
            if (string.Equals(documented, actual, StringComparison.OrdinalIgnoreCase)) return true;
            // Allow the short name of a namespaced type (PlatyPS writes the full name; people write the short one).
            var shortName = actual.Substring(actual.LastIndexOf('.') + 1);
            return string.Equals(documented, shortName, StringComparison.OrdinalIgnoreCase);
        }
    }
}
