using System;
using System.Collections.Generic;

namespace PcHpc
{
    /// <summary>
    /// A Spack software stack from New-HpcSoftwareStack: what to install and the bootstrap script that does it. Give it to
    /// -OnNodeConfigured of New-HpcClusterConfig (head node: builds) and New-HpcQueueConfig (compute nodes: use).
    /// </summary>
    public sealed class SoftwareStack
    {
        public string Name { get; set; }
        public string[] Packages { get; set; } = new string[0];
        public string[] Compilers { get; set; } = new string[0];
        public string SpackVersion { get; set; }
        public string InstallRoot { get; set; }
        public bool Lmod { get; set; }
        /// <summary>Users created on every node with fixed ids: name:uid:gid.</summary>
        public string[] Users { get; set; } = new string[0];
        /// <summary>A bucket mounted read-only with s3fs on every node (null: none).</summary>
        public string MountBucket { get; set; }
        public string MountPath { get; set; }

        /// <summary>The bootstrap script (bash), deterministic for the same inputs.</summary>
        public string Script { get; set; }

        /// <summary>A file name for the script that changes when its text changes (pchpc-stack-NAME-HASH.sh).</summary>
        public string FileName { get; set; }

        /// <summary>Where the node logs the script's run.</summary>
        public string LogFile => "/var/log/pchpc/software-" + Name + ".log";

        /// <summary>The machine-readable status file on the head node (read by Get-HpcClusterSoftware).</summary>
        public string StatusFile => "/var/lib/pchpc/software/" + Name + ".status";

        public override string ToString() => $"{Name}: {string.Join(", ", Packages)}";
    }

    /// <summary>One declared package of a software stack on a cluster, as Get-HpcClusterSoftware found it.</summary>
    public sealed class ClusterSoftware
    {
        public string ClusterName { get; set; }
        public string Stack { get; set; }
        /// <summary>The spec as declared (samtools@1.17).</summary>
        public string Spec { get; set; }
        public string Name { get; set; }
        public string Version { get; set; }
        public bool Installed { get; set; }
        /// <summary>The Lmod module name (samtools/1.17), null when Spack generated none.</summary>
        public string ModuleName { get; set; }
        /// <summary>True when `module load` of the module succeeded on the head node.</summary>
        public bool Loadable { get; set; }
        /// <summary>Why the package is not usable (the bootstrap's reason, or what is missing); null when it is.</summary>
        public string Error { get; set; }
        public DateTime? InstalledAt { get; set; }

        public override string ToString() => $"{Name}@{Version} {(Installed ? "installed" : "not installed")}";
    }
}
