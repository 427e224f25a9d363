using System;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using PcHpc.Build;

namespace PcHpc.Tests.Support
{
    /// <summary>A cmdlet parameter as PowerShell would see it (a test-friendly view of PcHpc.Build.CmdletMetadata).</summary>
    public sealed class ParameterInfo
    {
        internal ParameterInfo(ParameterShape shape) => Shape = shape;
        internal ParameterShape Shape { get; }
        public PropertyInfo Property => Shape.Property;
        public string Name => Shape.Name;
        public bool Mandatory => Shape.MandatoryInAnySet;
        public bool ValueFromPipeline => Shape.ByValue;
        public bool ValueFromPipelineByPropertyName => Shape.ByPropertyName;
        public int? Position => Shape.Sets.Select(s => s.Position).FirstOrDefault(p => p.HasValue);
        public List<string> ParameterSets => Shape.Sets.Select(s => s.Name).ToList();
        public List<string> Aliases => Shape.Aliases;
        public bool HasArgumentCompleter => Shape.HasArgumentCompleter;
        public bool IsSwitch => Shape.IsSwitch;
    }

    public sealed class CmdletInfoData
    {
        internal CmdletInfoData(CmdletShape shape) => Shape = shape;
        internal CmdletShape Shape { get; }
        public string Verb => Shape.Verb;
        public string Noun => Shape.Noun;
        public string Name => Shape.Name;
        public bool SupportsShouldProcess => Shape.SupportsShouldProcess;
        public string ConfirmImpact => Shape.ConfirmImpact;
        public string DefaultParameterSetName => Shape.DefaultParameterSetName;
        public List<string> OutputTypes => Shape.OutputTypes;
    }

    /// <summary>Reads cmdlet metadata through CustomAttributeData (the reference assembly's attributes read back defaults).</summary>
    public static class ParameterMetadata
    {
        public static CmdletInfoData Cmdlet(Type type) => new CmdletInfoData(CmdletMetadata.Read(type));

        public static IReadOnlyList<ParameterInfo> Parameters(Type cmdletType) =>
            CmdletMetadata.Read(cmdletType).Parameters.Select(p => new ParameterInfo(p)).ToList();

        public static ParameterInfo Parameter(Type cmdletType, string name) =>
            Parameters(cmdletType).Single(p => p.Name == name);

        /// <summary>Every public, non-abstract cmdlet class of the module assembly.</summary>
        public static IReadOnlyList<Type> CmdletTypes() =>
            CmdletMetadata.FromAssembly(typeof(PcHpc.Infrastructure.PcHpcCmdlet).Assembly).Select(c => c.Type).ToList();
    }
}
