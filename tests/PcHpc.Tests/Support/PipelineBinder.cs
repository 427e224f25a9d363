using System;
using System.Linq;
using System.Management.Automation;
using System.Reflection;

namespace PcHpc.Tests.Support
{
    /// <summary>
    /// Models PowerShell's binding rules for pipeline input, read from the cmdlet's attribute metadata
    /// (CustomAttributeData, since the reference assembly's attribute instances read back defaults).
    /// ValueFromPipeline binds the whole object when its type fits; ValueFromPipelineByPropertyName matches property
    /// names and parameter aliases, case-insensitively.
    /// </summary>
    public static class PipelineBinder
    {
        public static void BindByPropertyName(object cmdlet, object input)
        {
            var inputProps = input.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance);
            foreach (var parameter in ParameterMetadata.Parameters(cmdlet.GetType()))
            {
                if (parameter.ValueFromPipeline && parameter.Property.PropertyType.IsInstanceOfType(input))
                {
                    parameter.Property.SetValue(cmdlet, input);
                    continue;
                }
                if (!parameter.ValueFromPipelineByPropertyName)
                {
                    continue;
                }
                var names = new[] { parameter.Name }.Concat(parameter.Aliases);
                var source = inputProps.FirstOrDefault(p => names.Any(n => string.Equals(n, p.Name, StringComparison.OrdinalIgnoreCase)));
                if (source != null)
                {
                    parameter.Property.SetValue(cmdlet, Convert(source.GetValue(input), parameter.Property.PropertyType));
                }
            }
        }

        private static object Convert(object value, Type target)
        {
            if (value == null || target.IsInstanceOfType(value)) return value;
            if (target == typeof(string)) return value.ToString();
            if (target == typeof(string[])) return new[] { value.ToString() };
            if (target.IsEnum) return Enum.Parse(target, value.ToString(), true);
            return System.Convert.ChangeType(value, target);
        }
    }
}
