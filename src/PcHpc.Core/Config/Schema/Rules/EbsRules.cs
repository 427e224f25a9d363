using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Numerics;

namespace PcHpc.Core.Config.Schema
{
    /// <summary>The EBS volume rules (ebs_validators.py) for shared EBS volumes and root volumes.</summary>
    internal sealed class EbsRules : RuleSet
    {
        public EbsRules(RuleSet shared) : base(shared)
        {
        }

        internal static readonly Dictionary<string, (int Min, int Max)> VolumeSizeBounds = new Dictionary<string, (int, int)>
        {
            ["standard"] = (1, 1024), ["io1"] = (4, 16 * 1024), ["io2"] = (4, 64 * 1024), ["gp2"] = (1, 16 * 1024),
            ["gp3"] = (1, 16 * 1024), ["st1"] = (500, 16 * 1024), ["sc1"] = (500, 16 * 1024),
        }; // EBS_VOLUME_TYPE_TO_VOLUME_SIZE_BOUNDS

        internal static readonly Dictionary<string, (int Min, int Max)> IopsBounds = new Dictionary<string, (int, int)>
        {
            ["io1"] = (100, 64000), ["io2"] = (100, 256000), ["gp3"] = (3000, 16000),
        }; // EBS_VOLUME_IOPS_BOUNDS

        internal static readonly Dictionary<string, int> IopsRatio = new Dictionary<string, int> { ["io1"] = 50, ["io2"] = 1000, ["gp3"] = 500 };

        /// <summary>The Ebs resource validators (cluster_config.py:215) plus size/IOPS checks, with the resource defaults.</summary>
        internal void Ebs(PyNode section, string path, BigInteger? size, bool sizeKnown)
        {
            if (section == null && !sizeKnown) return;
            var type = Str(section, "VolumeType") ?? Schema.Text("EBS_VOLUME_TYPE_DEFAULT");
            var iopsDefaults = Schema.Constant("EBS_VOLUME_TYPE_IOPS_DEFAULT");
            var iops = Int(section, "Iops") ?? (iopsDefaults.TryGetProperty(type, out var d) ? d.GetInt64() : (BigInteger?)null);
            var throughput = Int(section, "Throughput") ?? (type == "gp3" ? 125 : (BigInteger?)null);

            if (type == "gp3" && throughput != null && (throughput < 125 || throughput > 1000))
            {
                Error(path + ".Throughput", throughput, "EbsVolumeThroughputValidator", "ebs_validators.py:62",
                    $"Throughput must be between 125 MB/s and 1000 MB/s when provisioning {type} volumes.");
            }
            if (type == "gp3" && throughput != null && throughput > 0 && iops != null && (double)throughput > (double)iops * 0.25)
            {
                Error(path + ".Throughput", throughput, "EbsVolumeThroughputIopsValidator", "ebs_validators.py:80",
                    $"Throughput to IOPS ratio of {((double)throughput / (double)iops).ToString(CultureInfo.InvariantCulture)} is too high; maximum is 0.25.");
            }
            if (size != null && VolumeSizeBounds.TryGetValue(type, out var bounds))
            {
                if (size > bounds.Max)
                    Error(path + ".Size", size, "EbsVolumeTypeSizeValidator", "ebs_validators.py:35", $"The size of {type} volumes can not exceed {bounds.Max} GiB.");
                else if (size < bounds.Min)
                    Error(path + ".Size", size, "EbsVolumeTypeSizeValidator", "ebs_validators.py:35", $"The size of {type} volumes must be at least {bounds.Min} GiB.");
            }
            if (IopsBounds.TryGetValue(type, out var ib))
            {
                if (iops != null && iops != 0 && (iops < ib.Min || iops > ib.Max))
                {
                    Error(path + ".Iops", iops, "EbsVolumeIopsValidator", "ebs_validators.py:99", $"IOPS rate must be between {ib.Min} and {ib.Max} when provisioning {type} volumes.");
                }
                else if (iops != null && iops != 0 && size != null && iops > size * IopsRatio[type])
                {
                    Error(path + ".Iops", iops, "EbsVolumeIopsValidator", "ebs_validators.py:99",
                        $"IOPS to volume size ratio of {((double)iops / (double)size).ToString(CultureInfo.InvariantCulture)} is too high; maximum is {IopsRatio[type]}.");
                }
            }
            else if (iops != null && iops != 0 && sizeKnown)
            {
                Error(path + ".Iops", iops, "EbsVolumeIopsValidator", "ebs_validators.py:99", $"The parameter IOPS is not supported for {type} volumes.");
            }
        }

        /// <summary>Root volumes: throughput checks always; size and IOPS checks when Size is given (else it is the AMI's size, known only to AWS).</summary>
        internal void RootVolume(PyNode root, string path)
        {
            if (root == null) { Ebs(null, path, null, false); return; }
            var size = Int(root, "Size");
            var type = Str(root, "VolumeType") ?? Schema.Text("EBS_VOLUME_TYPE_DEFAULT");
            if (size == null)
            {
                // Without the AMI size, only the checks that do not depend on it.
                var hasIops = Int(root, "Iops");
                Ebs(root, path, null, false);
                if (hasIops != null && hasIops != 0 && !IopsBounds.ContainsKey(type))
                    Error(path + ".Iops", hasIops, "EbsVolumeIopsValidator", "ebs_validators.py:99", $"The parameter IOPS is not supported for {type} volumes.");
                return;
            }
            Ebs(root, path, size, true);
        }
    }
}
