using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Xml.Linq;

namespace PcHpc.Build
{
    /// <summary>Merges src/PcHpc/Formats/*.format.ps1xml into the one PcHpc.format.ps1xml the manifest names.</summary>
    internal static class FormatMerger
    {
        public static XDocument Merge(IEnumerable<string> files)
        {
            var views = new XElement("ViewDefinitions");
            var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            foreach (var file in files.OrderBy(f => f, StringComparer.Ordinal))
            {
                var doc = XDocument.Load(file);
                if (doc.Root?.Name.LocalName != "Configuration")
                {
                    throw new InvalidDataException($"{file}: the root element must be <Configuration>.");
                }
                foreach (var view in doc.Root.Elements("ViewDefinitions").Elements("View"))
                {
                    var name = (string)view.Element("Name");
                    if (string.IsNullOrEmpty(name) || view.Element("ViewSelectedBy") == null)
                    {
                        throw new InvalidDataException($"{file}: every <View> needs a <Name> and a <ViewSelectedBy>.");
                    }
                    if (!names.Add(name))
                    {
                        throw new InvalidDataException($"{file}: view name '{name}' is defined twice.");
                    }
                    views.Add(new XElement(view));
                }
            }
            return new XDocument(new XDeclaration("1.0", "utf-8", null), new XElement("Configuration", views));
        }

        /// <summary>Type names that have a view (ViewSelectedBy/TypeName).</summary>
        public static ISet<string> ViewedTypes(XDocument merged) =>
            new HashSet<string>(merged.Descendants("ViewSelectedBy").Elements("TypeName").Select(e => e.Value.Trim()), StringComparer.Ordinal);
    }
}
