using System.Globalization;
using System.IO;
using System.Linq;
using PcHpc.Core.Config;
using YamlDotNet.RepresentationModel;

namespace PcHpc.Core.Images
{
    /// <summary>Writes an <see cref="ImageBuilderConfig"/> as the build-image YAML ParallelCluster reads (keys in the schema's spelling).</summary>
    public static class ImageConfigYaml
    {
        public static string Serialize(ImageBuilderConfig config)
        {
            var root = ToNode(config);
            var stream = new YamlStream(new YamlDocument(root));
            using (var writer = new StringWriter(CultureInfo.InvariantCulture))
            {
                stream.Save(writer, assignAnchors: false);
                var text = writer.ToString().Replace("\r\n", "\n");
                if (text.EndsWith("...\n", System.StringComparison.Ordinal)) text = text.Substring(0, text.Length - 4);
                return text;
            }
        }

        public static YamlMappingNode ToNode(ImageBuilderConfig config)
        {
            var root = new YamlMappingNode();
            if (!string.IsNullOrEmpty(config.Region)) root.Add("Region", ConfigYaml.StringScalar(config.Region));
            var image = new YamlMappingNode();
            if (!string.IsNullOrEmpty(config.Name)) image.Add("Name", ConfigYaml.StringScalar(config.Name));
            if (config.Tags != null && config.Tags.Length > 0) image.Add("Tags", Tags(config.Tags));
            if (config.RootVolumeSize != null)
                image.Add("RootVolume", new YamlMappingNode { { "Size", new YamlScalarNode(config.RootVolumeSize.Value.ToString(CultureInfo.InvariantCulture)) } });
            if (image.Children.Count > 0) root.Add("Image", image);

            var build = new YamlMappingNode();
            if (config.InstanceType != null) build.Add("InstanceType", ConfigYaml.StringScalar(config.InstanceType));
            if (config.ParentImage != null) build.Add("ParentImage", ConfigYaml.StringScalar(config.ParentImage));
            if (config.SubnetId != null) build.Add("SubnetId", ConfigYaml.StringScalar(config.SubnetId));
            if (config.SecurityGroupIds != null && config.SecurityGroupIds.Length > 0)
                build.Add("SecurityGroupIds", new YamlSequenceNode(config.SecurityGroupIds.Select(s => (YamlNode)ConfigYaml.StringScalar(s))));
            if (config.Components != null && config.Components.Length > 0)
            {
                build.Add("Components", new YamlSequenceNode(config.Components.Select(c => (YamlNode)new YamlMappingNode
                {
                    { "Type", ConfigYaml.StringScalar(c.Type ?? string.Empty) },
                    { "Value", ConfigYaml.StringScalar(c.Value ?? string.Empty) },
                })));
            }
            if (config.UpdateOsPackages != null)
                build.Add("UpdateOsPackages", new YamlMappingNode { { "Enabled", new YamlScalarNode(config.UpdateOsPackages.Value ? "true" : "false") } });
            root.Add("Build", build);
            return root;
        }

        private static YamlSequenceNode Tags(TagConfig[] tags) =>
            new YamlSequenceNode(tags.Select(t => (YamlNode)new YamlMappingNode
            {
                { "Key", ConfigYaml.StringScalar(t.Key ?? string.Empty) },
                { "Value", ConfigYaml.StringScalar(t.Value ?? string.Empty) },
            }));
    }
}
