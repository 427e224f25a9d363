using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;
using PcHpc.Core.Config.Schema;
using PcHpc.Core.Errors;

namespace PcHpc.Infrastructure
{
    /// <summary>
    /// Checks a builder parameter at binding against one field of the rule table (cluster-schema.json) and writes it in
    /// the service's spelling: allowed values matched ignoring case ('delete' binds as Delete, 'spot' as SPOT), patterns
    /// (CIDRs, ids) enforced. Works on a string or each string of an array.
    /// </summary>
    [AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
    public sealed class SchemaValueAttribute : ArgumentTransformationAttribute
    {
        public SchemaValueAttribute(string schema, string key)
        {
            Schema = schema;
            Key = key;
        }

        public string Schema { get; }
        public string Key { get; }

        /// <summary>The field's path in a config (HeadNode.Networking.SubnetId), named in messages.</summary>
        public string Path { get; set; }

        public override object Transform(EngineIntrinsics engineIntrinsics, object inputData) =>
            SchemaBinding.Each(inputData, text =>
            {
                var error = SchemaValues.Check(Schema, Key, text, out var canonical, Path);
                if (error != null) throw new ArgumentTransformationMetadataException(error);
                return canonical;
            });
    }

    /// <summary>An IAM policy: an ARN as is, or an AWS managed-policy name turned into arn:aws:iam::aws:policy/NAME.</summary>
    [AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
    public sealed class PolicyArnAttribute : ArgumentTransformationAttribute
    {
        public override object Transform(EngineIntrinsics engineIntrinsics, object inputData) =>
            SchemaBinding.Each(inputData, text =>
            {
                try
                {
                    return SchemaValues.PolicyArn(text, "policy");
                }
                catch (PcHpcException ex)
                {
                    throw new ArgumentTransformationMetadataException(ex.Message.Substring(ex.Message.IndexOf(' ') + 1), ex);
                }
            });
    }

    internal static class SchemaBinding
    {
        public static object Each(object input, Func<string, string> map)
        {
            var value = input is PSObject pso ? pso.BaseObject : input;
            if (value == null) return null;
            if (value is string s) return map(s);
            if (value is IEnumerable items)
            {
                return items.Cast<object>().Select(i => i is PSObject p ? p.BaseObject : i)
                    .Select(i => i == null ? null : map(i as string ?? Convert.ToString(i, System.Globalization.CultureInfo.InvariantCulture))).ToArray();
            }
            return map(Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture));
        }
    }

    /// <summary>Tab completion of a builder parameter from the allowed values of its table field (fast, never throws).</summary>
    public sealed class SchemaValueCompleter : IArgumentCompleter
    {
        private static readonly Dictionary<string, (string Schema, string Key)> Fields = new Dictionary<string, (string, string)>(StringComparer.OrdinalIgnoreCase)
        {
            ["DeletionPolicy"] = ("EbsSettingsSchema", "DeletionPolicy"),
            ["VolumeType"] = ("EbsSettingsSchema", "VolumeType"),
            ["DeploymentType"] = ("FsxLustreSettingsSchema", "DeploymentType"),
            ["CapacityType"] = ("SlurmQueueSchema", "CapacityType"),
            ["AllocationStrategy"] = ("SlurmQueueSchema", "AllocationStrategy"),
            ["ImdsSupport"] = ("TopLevelImdsSchema", "ImdsSupport"),
            ["QueueUpdateStrategy"] = ("SlurmSettingsSchema", "QueueUpdateStrategy"),
        };

        public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters)
        {
            try
            {
                if (!Fields.TryGetValue(parameterName ?? string.Empty, out var f)) return new CompletionResult[0];
                var word = (wordToComplete ?? string.Empty).Trim('\'', '"');
                return SchemaValues.AllowedValues(f.Schema, f.Key)
                    .Where(v => v.StartsWith(word, StringComparison.OrdinalIgnoreCase))
                    .Select(v => new CompletionResult(v, v, CompletionResultType.ParameterValue, $"{f.Key} {v}")).ToList();
            }
            catch (Exception)
            {
                return new CompletionResult[0];
            }
        }
    }
}
