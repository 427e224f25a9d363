using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using PcHpc.Core.Config;

namespace PcHpc.Core.Images
{
    /// <summary>What New-HpcImageConfig was given.</summary>
    public sealed class ImageConfigOptions
    {
        public string Region { get; set; }
        public string Name { get; set; }
        public string ParentImage { get; set; }
        public string InstanceType { get; set; }
        /// <summary>Component ARNs (arn:...) and script URLs (https://, s3://), in build order.</summary>
        public IList<string> Components { get; set; } = new List<string>();
        public IDictionary Tags { get; set; }
        public int? RootVolumeSize { get; set; }
        public string SubnetId { get; set; }
        public IList<string> SecurityGroupIds { get; set; } = new List<string>();
        public bool? UpdateOsPackages { get; set; }
    }

    public static class ImageConfigBuilder
    {
        /// <summary>The component a value names: an Image Builder component ARN, else a script URL.</summary>
        public static ImageComponent Component(string value) =>
            new ImageComponent { Type = (value ?? string.Empty).StartsWith("arn", StringComparison.Ordinal) ? "arn" : "script", Value = value };

        /// <summary>Builds the configuration and refuses it, with every problem, when the official schema or its offline validators would.</summary>
        public static ImageBuilderConfig New(ImageConfigOptions options)
        {
            if (options == null) throw new ArgumentNullException(nameof(options));
            var config = new ImageBuilderConfig
            {
                Region = options.Region,
                Name = options.Name,
                ParentImage = options.ParentImage,
                InstanceType = options.InstanceType,
                Components = (options.Components ?? new List<string>()).Where(c => c != null).Select(Component).ToArray(),
                RootVolumeSize = options.RootVolumeSize,
                SubnetId = options.SubnetId,
                SecurityGroupIds = (options.SecurityGroupIds ?? new List<string>()).Where(s => s != null).ToArray(),
                UpdateOsPackages = options.UpdateOsPackages,
            };
            if (options.Tags != null)
            {
                config.Tags = options.Tags.Cast<DictionaryEntry>()
                    .Select(e => new TagConfig { Key = Convert.ToString(e.Key, CultureInfo.InvariantCulture), Value = Convert.ToString(e.Value, CultureInfo.InvariantCulture) ?? string.Empty })
                    .OrderBy(t => t.Key, StringComparer.Ordinal)
                    .ToArray();
            }
            ConfigValidationException.ThrowIfErrors(ImageConfigValidator.Validate(config), "image configuration", config.ParentImage);
            return config;
        }
    }
}
