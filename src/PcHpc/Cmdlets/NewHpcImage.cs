using System;
using System.Linq;
using System.Management.Automation;
using PcHpc.Core.Errors;
using PcHpc.Core.Images;
using PcHpc.Infrastructure;

namespace PcHpc.Cmdlets
{
    /// <summary>Builds a custom ParallelCluster image (BuildImage) after validating its configuration locally.</summary>
    [Cmdlet(VerbsCommon.New, "HpcImage", DefaultParameterSetName = ConfigSet, SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(Image), typeof(ImageDryRun))]
    public sealed class NewHpcImage : ImageCmdlet
    {
        private const string ConfigSet = "Config";
        private const string PathSet = "Path";

        [Parameter(Mandatory = true, ParameterSetName = ConfigSet, ValueFromPipeline = true)]
        public ImageBuilderConfig Config { get; set; }

        [Parameter(Mandatory = true, ParameterSetName = PathSet)]
        [Alias("Path")]
        public string ConfigPath { get; set; }

        [Parameter]
        public SwitchParameter DryRun { get; set; }

        [Parameter]
        public string[] SuppressValidator { get; set; }

        [Parameter]
        [ValidateSet("INFO", "WARNING", "ERROR")]
        public string ValidationFailureLevel { get; set; }

        /// <summary>Roll the image stack back when the build fails (the API's default is to keep it for inspection).</summary>
        [Parameter]
        public SwitchParameter RollbackOnFailure { get; set; }

        [Parameter]
        public SwitchParameter Wait { get; set; }

        [Parameter]
        [SecondsOrTimeSpan]
        public TimeSpan? Timeout { get; set; }

        protected override void Process()
        {
            var id = ImageId;
            try
            {
                Build(id);
            }
            catch (PcHpcException ex)
            {
                ReportError(ex, id);
            }
        }

        private void Build(string id)
        {
            var yaml = Config?.Yaml;
            if (yaml == null)
            {
                var path = ResolveFilePath(ConfigPath);
                if (!System.IO.File.Exists(path))
                    throw new PcHpcException(ErrorKind.NotFound, "ConfigFileNotFound", $"The file '{path}' does not exist; check -ConfigPath.") { Target = path };
                yaml = System.IO.File.ReadAllText(path);
            }
            ImageEngine.CheckConfig(yaml, id);
            var configRegion = Config?.Region;
            if (Region != null && configRegion != null && !string.Equals(Region, configRegion, StringComparison.Ordinal))
                throw new PcHpcException(ErrorKind.InvalidArgument, "ImageConfigRegionMismatch",
                    $"The image configuration is for region {configRegion} but -Region is {Region}; build it in {configRegion}, or make the configuration again with -Region {Region}.") { Target = id };
            var region = Region ?? configRegion;
            CheckTimeout(Timeout);
            if (!DryRun.IsPresent && !Confirm($"image '{id}' in {region ?? "the default region"}", "Build", false)) return;
            var images = Images;
            var request = new ImageBuildRequest
            {
                ImageId = id,
                Region = region,
                ConfigYaml = yaml,
                DryRun = DryRun.IsPresent,
                SuppressValidators = SuppressValidator ?? new string[0],
                ValidationFailureLevel = ValidationFailureLevel,
                RollbackOnFailure = RollbackOnFailure.IsPresent ? true : (bool?)null,
                Wait = Wait.IsPresent,
                Timeout = Timeout,
            };
            var result = Run((sink, token) => images.BuildAsync(request, sink, token));
            if (result.Image != null)
            {
                Emit(result.Image);
                return;
            }
            Emit(new ImageDryRun
            {
                ImageId = id,
                Region = region,
                Passed = true,
                Message = $"The configuration of image '{id}' passed the ParallelCluster service's dry run; nothing was built. Run again without -DryRun to build it.",
                ValidationMessages = result.Messages.Select(m => $"{m.Level} {m.Type}: {m.Message}").ToList(),
            });
        }
    }
}
