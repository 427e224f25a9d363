namespace PcHpc
{
    /// <summary>One build component of an image configuration: an Image Builder component ARN, or a script URL (https or s3).</summary>
    public sealed class ImageComponent
    {
        /// <summary>arn or script.</summary>
        public string Type { get; set; }
        public string Value { get; set; }
        public override string ToString() => Type + ":" + Value;
    }

    /// <summary>
    /// A ParallelCluster build-image configuration (New-HpcImageConfig): the parent image, the build instance type, the
    /// build components and tags. <see cref="Yaml"/> is the document sent to BuildImage.
    /// </summary>
    public sealed class ImageBuilderConfig
    {
        public string Region { get; set; }
        /// <summary>Image.Name: the AMI name (ParallelCluster appends the build date).</summary>
        public string Name { get; set; }
        /// <summary>Build.ParentImage: an AMI id (ami-...) or an Image Builder image ARN.</summary>
        public string ParentImage { get; set; }
        /// <summary>Build.InstanceType.</summary>
        public string InstanceType { get; set; }
        public ImageComponent[] Components { get; set; } = new ImageComponent[0];
        /// <summary>Image.Tags: tags of the AMI.</summary>
        public TagConfig[] Tags { get; set; } = new TagConfig[0];
        /// <summary>Image.RootVolume.Size in GiB.</summary>
        public int? RootVolumeSize { get; set; }
        public string SubnetId { get; set; }
        public string[] SecurityGroupIds { get; set; } = new string[0];
        /// <summary>Build.UpdateOsPackages.Enabled.</summary>
        public bool? UpdateOsPackages { get; set; }

        /// <summary>The YAML document of this configuration.</summary>
        public string Yaml => Core.Images.ImageConfigYaml.Serialize(this);

        public override string ToString() =>
            $"{ParentImage ?? "(no parent image)"} on {InstanceType ?? "(no instance type)"}, {Components.Length} component{(Components.Length == 1 ? "" : "s")}";
    }
}
