using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Reflection;

namespace PcHpc.Tests.Support
{
    /// <summary>A cmdlet parameter as PowerShell would see it, read through CustomAttributeData.</summary>
    public sealed class ParameterInfo
    {
        public PropertyInfo Property { get; set; }
        public string Name => Property.Name;
        public bool Mandatory { get; set; }
        public bool ValueFromPipeline { get; set; }
        public bool ValueFromPipelineByPropertyName { get; set; }
        public int? Position { get; set; }
        public List<string> ParameterSets { get; } = new List<string>();
        public List<string> Aliases { get; } = new List<string>();
        public bool HasArgumentCompleter { get; set; }
        public bool IsSwitch => Property.PropertyType == typeof(SwitchParameter);
    }

    public sealed class CmdletInfoData
    {
        public string Verb { get; set; }
        public string Noun { get; set; }
        public string Name => Verb + "-" + Noun;
        public bool SupportsShouldProcess { get; set; }
        public string ConfirmImpact { get; set; }
        public string DefaultParameterSetName { get; set; }
        public List<string> OutputTypes { get; } = new List<string>();
    }

    public static class ParameterMetadata
    {
        public static CmdletInfoData Cmdlet(Type type)
        {
            var data = type.GetCustomAttributesData().Single(a => a.AttributeType == typeof(CmdletAttribute));
            var info = new CmdletInfoData
            {
                Verb = (string)data.ConstructorArguments[0].Value,
                Noun = (string)data.ConstructorArguments[1].Value,
            };
            foreach (var named in data.NamedArguments)
            {
                switch (named.MemberName)
                {
                    case nameof(CmdletAttribute.SupportsShouldProcess): info.SupportsShouldProcess = (bool)named.TypedValue.Value; break;
                    case nameof(CmdletAttribute.ConfirmImpact): info.ConfirmImpact = ((ConfirmImpact)(int)named.TypedValue.Value).ToString(); break;
                    case nameof(CmdletAttribute.DefaultParameterSetName): info.DefaultParameterSetName = (string)named.TypedValue.Value; break;
                }
            }
            foreach (var output in type.GetCustomAttributesData().Where(a => a.AttributeType == typeof(OutputTypeAttribute)))
            {
                foreach (var arg in output.ConstructorArguments)
                {
                    if (arg.Value is IReadOnlyCollection<CustomAttributeTypedArgument> many)
                        info.OutputTypes.AddRange(many.Select(m => m.Value is Type t ? t.FullName : m.Value?.ToString()));
                    else
                        info.OutputTypes.Add(arg.Value is Type t ? t.FullName : arg.Value?.ToString());
                }
            }
            return info;
        }

        public static IReadOnlyList<ParameterInfo> Parameters(Type cmdletType)
        {
            var result = new List<ParameterInfo>();
            foreach (var property in cmdletType.GetProperties(BindingFlags.Public | BindingFlags.Instance))
            {
                var attrs = property.GetCustomAttributesData();
                var parameterAttrs = attrs.Where(a => a.AttributeType == typeof(ParameterAttribute)).ToList();
                if (parameterAttrs.Count == 0) continue;
                var info = new ParameterInfo { Property = property };
                foreach (var p in parameterAttrs)
                {
                    string set = "__AllParameterSets";
                    foreach (var named in p.NamedArguments)
                    {
                        switch (named.MemberName)
                        {
                            case "Mandatory": info.Mandatory |= (bool)named.TypedValue.Value; break;
                            case "ValueFromPipeline": info.ValueFromPipeline |= (bool)named.TypedValue.Value; break;
                            case "ValueFromPipelineByPropertyName": info.ValueFromPipelineByPropertyName |= (bool)named.TypedValue.Value; break;
                            case "Position": info.Position = (int)named.TypedValue.Value; break;
                            case "ParameterSetName": set = (string)named.TypedValue.Value; break;
                        }
                    }
                    info.ParameterSets.Add(set);
                }
                foreach (var alias in attrs.Where(a => a.AttributeType == typeof(AliasAttribute)))
                {
                    foreach (var arg in alias.ConstructorArguments)
                    {
                        if (arg.Value is IReadOnlyCollection<CustomAttributeTypedArgument> many)
                            info.Aliases.AddRange(many.Select(m => (string)m.Value));
                        else
                            info.Aliases.Add((string)arg.Value);
                    }
                }
                info.HasArgumentCompleter = attrs.Any(a => a.AttributeType == typeof(ArgumentCompleterAttribute));
                result.Add(info);
            }
            return result;
        }

        public static ParameterInfo Parameter(Type cmdletType, string name) =>
            Parameters(cmdletType).Single(p => p.Name == name);

        /// <summary>Every public, non-abstract cmdlet class of the module assembly.</summary>
        public static IReadOnlyList<Type> CmdletTypes() =>
            typeof(PcHpc.Infrastructure.PcHpcCmdlet).Assembly.GetTypes()
                .Where(t => !t.IsAbstract && t.IsPublic && t.GetCustomAttributesData().Any(a => a.AttributeType == typeof(CmdletAttribute)))
                .OrderBy(t => t.Name)
                .ToList();
    }
}
