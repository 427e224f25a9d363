using System.Management.Automation;
using PcHpc.Core.Bootstrap;
using PcHpc.Infrastructure;

namespace PcHpc.Cmdlets
{
    /// <summary>
    /// Describes a Spack software stack and generates its bootstrap script (head node builds into shared storage once,
    /// other nodes use it through Lmod). Give the result to -OnNodeConfigured of New-HpcClusterConfig and New-HpcQueueConfig.
    /// </summary>
    [Cmdlet(VerbsCommon.New, "HpcSoftwareStack")]
    [OutputType(typeof(SoftwareStack))]
    public sealed class NewHpcSoftwareStack : PcHpcCmdlet
    {
        [Parameter(Mandatory = true, Position = 0)]
        public string Name { get; set; }

        /// <summary>Spack specs, e.g. 'samtools@1.17', 'py-numpy@1.26 %gcc@11.3.0'.</summary>
        [Parameter(Mandatory = true, Position = 1)]
        public string[] Package { get; set; }

        /// <summary>Compilers Spack installs first and registers (e.g. 'gcc@11.3.0').</summary>
        [Parameter]
        public string[] Compiler { get; set; }

        [Parameter]
        public string SpackVersion { get; set; } = SoftwareStackOptions.DefaultSpackVersion;

        /// <summary>Where Spack and the packages go: a directory on shared storage (every node mounts it).</summary>
        [Parameter]
        public string InstallRoot { get; set; } = SoftwareStackOptions.DefaultInstallRoot;

        /// <summary>Set up Lmod system-wide and put the stack's module files on MODULEPATH (default: $true).</summary>
        [Parameter]
        public SwitchParameter Lmod { get; set; } = true;

        /// <summary>Users created on every node with the same ids: 'name:uid' or 'name:uid:gid'.</summary>
        [Parameter]
        public string[] User { get; set; }

        /// <summary>A bucket mounted read-only with s3fs on every node (with -MountPath); the nodes get read access to it.</summary>
        [Parameter]
        public string MountS3Bucket { get; set; }

        [Parameter]
        public string MountPath { get; set; }

        protected override void End()
        {
            Emit(SoftwareStackScript.New(new SoftwareStackOptions
            {
                Name = Name,
                Packages = Package,
                Compilers = Compiler,
                SpackVersion = SpackVersion,
                InstallRoot = InstallRoot,
                Lmod = Lmod.IsPresent,
                Users = User,
                MountBucket = MountS3Bucket,
                MountPath = MountPath,
            }));
        }
    }
}
