using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Reflection;

namespace PcHpc.Build
{
    /// <summary>A cmdlet as PowerShell will see it, read through CustomAttributeData (the reference assembly's
    /// attribute instances read back defaults at run time).</summary>
    internal sealed class CmdletShape
    {
        public Type Type { get; set; }
        public string Verb { get; set; }
        public string Noun { get; set; }
        public string Name => Verb + "-" + Noun;
        public bool SupportsShouldProcess { get; set; }
        public string ConfirmImpact { get; set; } = "Medium";
        public string DefaultParameterSetName { get; set; }
        public List<string> OutputTypes { get; } = new List<string>();
        public List<ParameterShape> Parameters { get; } = new List<ParameterShape>();

        public IEnumerable<string> ParameterSetNames =>
            Parameters.SelectMany(p => p.Sets.Select(s => s.Name)).Where(n => n != AllSets).Distinct();

        public const string AllSets = "__AllParameterSets";
    }

    internal sealed class ParameterShape
    {
        public PropertyInfo Property { get; set; }
        public string Name => Property.Name;
        public Type Type => Property.PropertyType;
        public List<string> Aliases { get; } = new List<string>();
        public List<SetMembership> Sets { get; } = new List<SetMembership>();
        public bool HasArgumentCompleter { get; set; }
        public bool SupportsWildcards { get; set; }
        public bool IsSwitch => Type.FullName == typeof(SwitchParameter).FullName;
        public bool MandatoryInAnySet => Sets.Any(s => s.Mandatory);
        public bool ByValue => Sets.Any(s => s.ValueFromPipeline);
        public bool ByPropertyName => Sets.Any(s => s.ValueFromPipelineByPropertyName);
    }

    internal sealed class SetMembership
    {
        public string Name { get; set; } = CmdletShape.AllSets;
        public bool Mandatory { get; set; }
        public int? Position { get; set; }
        public bool ValueFromPipeline { get; set; }
        public bool ValueFromPipelineByPropertyName { get; set; }
    }

    internal static class CmdletMetadata
    {
        public static IReadOnlyList<CmdletShape> FromAssembly(Assembly assembly) =>
            assembly.GetTypes()
                .Where(t => t.IsPublic && !t.IsAbstract && t.GetCustomAttributesData().Any(IsA<CmdletAttribute>))
                .Select(Read)
                .OrderBy(c => c.Name, StringComparer.OrdinalIgnoreCase)
                .ToList();

        private static bool IsA<T>(CustomAttributeData a) => a.AttributeType.FullName == typeof(T).FullName;

        public static CmdletShape Read(Type type)
        {
            var data = type.GetCustomAttributesData().Single(IsA<CmdletAttribute>);
            var shape = new CmdletShape
            {
                Type = type,
                Verb = (string)data.ConstructorArguments[0].Value,
                Noun = (string)data.ConstructorArguments[1].Value,
            };
            foreach (var named in data.NamedArguments)
            {
                switch (named.MemberName)
                {
                    case "SupportsShouldProcess": shape.SupportsShouldProcess = (bool)named.TypedValue.Value; break;
                    case "ConfirmImpact": shape.ConfirmImpact = ((ConfirmImpact)Convert.ToInt32(named.TypedValue.Value)).ToString(); break;
                    case "DefaultParameterSetName": shape.DefaultParameterSetName = (string)named.TypedValue.Value; break;
                }
            }
            foreach (var output in type.GetCustomAttributesData().Where(IsA<OutputTypeAttribute>))
            {
                foreach (var arg in Flatten(output.ConstructorArguments))
                {
                    shape.OutputTypes.Add(arg is Type t ? t.FullName : arg?.ToString());
                }
            }
            foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
            {
                var attrs = property.GetCustomAttributesData();
                var parameterAttrs = attrs.Where(IsA<ParameterAttribute>).ToList();
                if (parameterAttrs.Count == 0) continue;
                var parameter = new ParameterShape { Property = property };
                foreach (var p in parameterAttrs)
                {
                    var set = new SetMembership();
                    foreach (var named in p.NamedArguments)
                    {
                        switch (named.MemberName)
                        {
                            case "Mandatory": set.Mandatory = (bool)named.TypedValue.Value; break;
                            case "ValueFromPipeline": set.ValueFromPipeline = (bool)named.TypedValue.Value; break;
                            case "ValueFromPipelineByPropertyName": set.ValueFromPipelineByPropertyName = (bool)named.TypedValue.Value; break;
                            case "Position": set.Position = (int)named.TypedValue.Value; break;
                            case "ParameterSetName": set.Name = (string)named.TypedValue.Value; break;
                        }
                    }
                    parameter.Sets.Add(set);
                }
                foreach (var alias in attrs.Where(IsA<AliasAttribute>))
                {
                    parameter.Aliases.AddRange(Flatten(alias.ConstructorArguments).Select(a => (string)a));
                }
                parameter.HasArgumentCompleter = attrs.Any(IsA<ArgumentCompleterAttribute>);
                parameter.SupportsWildcards = attrs.Any(IsA<SupportsWildcardsAttribute>);
                shape.Parameters.Add(parameter);
            }
            return shape;
        }

        private static IEnumerable<object> Flatten(IEnumerable<CustomAttributeTypedArgument> args)
        {
            foreach (var arg in args)
            {
                if (arg.Value is IReadOnlyCollection<CustomAttributeTypedArgument> many)
                {
                    foreach (var m in many) yield return m.Value;
                }
                else
                {
                    yield return arg.Value;
                }
            }
        }

        /// <summary>How PowerShell (and PlatyPS) name a parameter type: String, String[], SwitchParameter, Hashtable, ...</summary>
        public static string TypeName(Type type)
        {
            if (type.IsArray) return TypeName(type.GetElementType()) + "[]";
            if (type.IsGenericType && type.GetGenericTypeDefinition().FullName == "System.Nullable`1") return TypeName(type.GetGenericArguments()[0]);
            return type.Namespace == "System" || type.Namespace == "System.Collections" || type.Namespace == "System.Management.Automation"
                ? type.Name
                : type.FullName;
        }

        /// <summary>The PlatyPS "Accept pipeline input" text.</summary>
        public static string PipelineText(ParameterShape p)
        {
            if (p.ByValue && p.ByPropertyName) return "True (ByPropertyName, ByValue)";
            if (p.ByValue) return "True (ByValue)";
            if (p.ByPropertyName) return "True (ByPropertyName)";
            return "False";
        }
    }
}
