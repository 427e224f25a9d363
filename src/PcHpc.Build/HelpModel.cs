using System.Collections.Generic;

namespace PcHpc.Build
{
    /// <summary>One cmdlet's help as written in docs/&lt;Cmdlet&gt;.md (PlatyPS markdown layout).</summary>
    internal sealed class CmdletHelp
    {
        public string Name { get; set; }
        public string SourcePath { get; set; }
        public string Synopsis { get; set; } = "";
        public string Description { get; set; } = "";
        public List<SyntaxSet> Syntax { get; } = new List<SyntaxSet>();
        public List<HelpExample> Examples { get; } = new List<HelpExample>();
        public List<ParameterHelp> Parameters { get; } = new List<ParameterHelp>();
        public bool HasCommonParameters { get; set; }
        public List<TypeHelp> Inputs { get; } = new List<TypeHelp>();
        public List<TypeHelp> Outputs { get; } = new List<TypeHelp>();
        public string Notes { get; set; } = "";
        public List<HelpLink> RelatedLinks { get; } = new List<HelpLink>();

        public string Verb => Name.Split('-')[0];
        public string Noun => Name.Contains("-") ? Name.Substring(Name.IndexOf('-') + 1) : "";
    }

    internal sealed class SyntaxSet
    {
        public string Name { get; set; }
        public bool IsDefault { get; set; }
        public string Text { get; set; } = "";
    }

    internal sealed class HelpExample
    {
        public string Title { get; set; } = "";
        public string Code { get; set; } = "";
        public string Remarks { get; set; } = "";
    }

    internal sealed class ParameterHelp
    {
        public string Name { get; set; }
        public string Description { get; set; } = "";
        public string Type { get; set; } = "";
        /// <summary>Parameter set names, or "(All)".</summary>
        public List<string> ParameterSets { get; } = new List<string>();
        public List<string> Aliases { get; } = new List<string>();
        public bool Required { get; set; }
        public string Position { get; set; } = "Named";
        public string DefaultValue { get; set; } = "None";
        public string PipelineInput { get; set; } = "False";
        public bool Globbing { get; set; }
        public bool InAllSets => ParameterSets.Count == 0 || ParameterSets.Contains("(All)");
    }

    internal sealed class TypeHelp
    {
        public string Name { get; set; }
        public string Description { get; set; } = "";
    }

    internal sealed class HelpLink
    {
        public string Text { get; set; }
        public string Uri { get; set; } = "";
    }
}
