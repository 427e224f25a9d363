using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Numerics;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace PcHpc.Core.Config.Schema
{
    /// <summary>
    /// The official schema's @validates(field) and @validates_schema methods, by name (the table lists which run where). Findings go
    /// through the <see cref="SchemaValidator"/> that loaded the section, so they count as its errors.
    /// </summary>
    internal sealed class SchemaMethods
    {
        private readonly ConfigSchema _schema;
        private readonly SchemaValidator _validator;

        public SchemaMethods(ConfigSchema schema, SchemaValidator validator)
        {
            _schema = schema;
            _validator = validator;
        }

        private bool IsTruthy(PyNode node)
        {
            if (node == null) return false;
            var v = _validator.Loaded(node);
            switch (v)
            {
                case string s: return s.Length > 0;
                case BigInteger b: return !b.IsZero;
                case double d: return d != 0;
                case bool flag: return flag;
            }
            return node.Truthy;
        }

        internal void FieldMethod(SchemaDef def, SchemaRule rule, PyNode value, string path)
        {
            var where = rule.Line;
            switch (rule.Method)
            {
                case "validate_tags":
                {
                    // validate_no_reserved_tag + validate_no_duplicate_tag (common_schema.py)
                    var prefix = _schema.Text("PCLUSTER_PREFIX");
                    var seen = new HashSet<string>(StringComparer.Ordinal);
                    for (var i = 0; i < value.Seq.Count; i++)
                    {
                        var keyNode = value.Seq[i].Get("Key");
                        var key = _validator.Loaded(keyNode) as string ?? string.Empty;
                        if (key.StartsWith(prefix, StringComparison.Ordinal) && key != "parallelcluster:custom_resource")
                        {
                            _validator.Error($"{path}[{i}].Key", keyNode, "validate_no_reserved_tag", $"The tag key prefix '{prefix}' is reserved and cannot be used.", where);
                            return;
                        }
                    }
                    // The image schema's ImageSchema.validate_tags checks only the reserved prefix (imagebuilder_schema.py:80).
                    if (def.Name == "ImageSchema") break;
                    for (var i = 0; i < value.Seq.Count; i++)
                    {
                        var keyNode = value.Seq[i].Get("Key");
                        var key = _validator.Loaded(keyNode) as string ?? string.Empty;
                        if (!seen.Add(key))
                        {
                            _validator.Error($"{path}[{i}].Key", keyNode, "validate_no_duplicate_tag", $"Duplicate tag key ({key}) detected. Tags keys should be unique within the Tags section.", where);
                            return;
                        }
                    }
                    break;
                }
                case "shared_dir_validator":
                {
                    var dir = _validator.Loaded(value) as string;
                    if (dir != null && Regex.IsMatch(dir, "^/?NONE(?:$|\n\\z)"))
                    {
                        _validator.Error(path, value, "shared_dir_validator", $"{dir} cannot be used as a shared directory.", where);
                    }
                    break;
                }
                case "no_duplicate_instance_types":
                {
                    var seen = new HashSet<string>(StringComparer.Ordinal);
                    for (var i = 0; i < value.Seq.Count; i++)
                    {
                        var typeNode = value.Seq[i].Get("InstanceType");
                        var type = _validator.Loaded(typeNode) as string;
                        if (type != null && !seen.Add(type))
                        {
                            _validator.Error($"{path}[{i}].InstanceType", typeNode, "no_duplicate_instance_types", $"Duplicate instance type ({type}) detected. Instances should not have duplicate instance types.", where);
                            return;
                        }
                    }
                    break;
                }
                case "validate_launch_permission":
                case "validate_extra_chef_attributes":
                {
                    var text = _validator.Loaded(value) as string;
                    if (!string.IsNullOrEmpty(text))
                    {
                        try { using (JsonDocument.Parse(text)) { } }
                        catch (JsonException) { _validator.Error(path, value, rule.Method, $"'{text}' is invalid (not JSON).", where); }
                    }
                    break;
                }
                case "validate_security_group_ids":
                {
                    // re.match of ALLOWED_VALUES["security_group_id"] on every id (imagebuilder_schema.py BuildSchema)
                    var pattern = _schema.Constant("ALLOWED_VALUES").GetProperty("security_group_id").GetString();
                    for (var i = 0; i < value.Seq.Count; i++)
                    {
                        var id = _validator.Loaded(value.Seq[i]) as string;
                        if (id != null && !PythonValues.PyMatch(pattern, id))
                        {
                            _validator.Error($"{path}[{i}]", value.Seq[i], rule.Method, "The SecurityGroupIds contains invalid security group id.", where);
                            return;
                        }
                    }
                    break;
                }
            }
        }


        internal void SchemaMethod(SchemaDef def, SchemaRule rule, Dictionary<string, PyNode> data, PyNode node, string path)
        {
            var where = rule.Line;
            PyNode Get(string attr) => data.TryGetValue(attr, out var v) ? v : null;
            string KeyOf(string attr) => def.ByAttr(attr)?.Key ?? attr;
            string PathOf(string attr) => SchemaValidator.Join(path, KeyOf(attr));
            string Message(int i, string fallback) => rule.Messages.Count > i ? rule.Messages[i] : fallback;

            switch (rule.Method)
            {
                case "no_coexist_schedulers":
                {
                    var scheduler = _validator.Loaded(Get("scheduler")) as string;
                    var g = rule.Groups;
                    if (g[0].Fields.Count(f => IsTruthy(Get(f))) > 1)
                    {
                        _validator.Error(path.Length == 0 ? "Scheduling" : path, null, rule.Method, Message(0, "Multiple *Settings sections cannot be specified in the Scheduling section."), where);
                        return;
                    }
                    var queueSections = g[1].Fields.Count(f => IsTruthy(Get(f)));
                    if (queueSections != 1)
                    {
                        var prefix = scheduler == "awsbatch" ? "AwsBatch" : scheduler == null ? "" : char.ToUpperInvariant(scheduler[0]) + scheduler.Substring(1);
                        // None at all is a missing required section (Rule Required); two is a conflict.
                        _validator.Error(SchemaValidator.Join(path, prefix + "Queues"), null, queueSections == 0 ? "Required" : rule.Method, $"{prefix}Queues section must be specified in the Scheduling section ({rule.Method}).", where);
                    }
                    return;
                }
                case "right_scheduler_schema":
                {
                    var scheduler = _validator.Loaded(Get("scheduler")) as string;
                    foreach (var (name, settings, queues) in new[] { ("awsbatch", "aws_batch_settings", "aws_batch_queues"), ("slurm", "slurm_settings", "slurm_queues") })
                    {
                        if (data.ContainsKey(settings) && name != scheduler)
                        {
                            _validator.Error(PathOf(settings), null, rule.Method, $"Scheduling > *Settings section is not appropriate to the Scheduler: {scheduler}.", where);
                            return;
                        }
                        if (data.ContainsKey(queues) && name != scheduler)
                        {
                            _validator.Error(PathOf(queues), null, rule.Method, $"Scheduling > *Queues section is not appropriate to the Scheduler: {scheduler}.", where);
                            return;
                        }
                    }
                    return;
                }
                case "no_settings_for_batch":
                {
                    var scheduling = Get("scheduling");
                    if (scheduling == null || _validator.Loaded(scheduling.Get("Scheduler")) as string != "awsbatch") return;
                    const string text = "The use of the {0} configuration is not supported when using awsbatch as the scheduler.";
                    var intel = Get("additional_packages")?.Get("IntelSoftware")?.Get("IntelHpcPlatform");
                    if (intel != null && _validator.Loaded(intel) is bool on && on)
                    {
                        _validator.Error("AdditionalPackages.IntelSoftware.IntelHpcPlatform", intel, rule.Method, string.Format(CultureInfo.InvariantCulture, text, "IntelSoftware"), where);
                        return;
                    }
                    var updated = Get("head_node")?.Get("CustomActions")?.Get("OnNodeUpdated");
                    if (updated != null)
                    {
                        _validator.Error("HeadNode.CustomActions.OnNodeUpdated", null, rule.Method, string.Format(CultureInfo.InvariantCulture, text, "OnNodeUpdated"), where);
                        return;
                    }
                    if (Get("directory_service") != null)
                    {
                        _validator.Error("DirectoryService", null, rule.Method, string.Format(CultureInfo.InvariantCulture, text, "DirectoryService"), where);
                    }
                    return;
                }
                case "right_storage_settings":
                {
                    var type = _validator.Loaded(Get("storage_type")) as string;
                    foreach (var (storageType, settings) in new[] { ("Ebs", "ebs_settings"), ("Efs", "efs_settings"), ("FsxLustre", "fsx_lustre_settings"), ("FsxOpenZfs", "fsx_open_zfs_settings"), ("FsxOntap", "fsx_ontap_settings"), ("FileCache", "file_cache_settings") })
                    {
                        if (IsTruthy(Get(settings)) && storageType != type)
                        {
                            _validator.Error(PathOf(settings), null, rule.Method, $"SharedStorage > *Settings section is not appropriate to the StorageType {type}.", where);
                            return;
                        }
                    }
                    return;
                }
                case "instance_type_declaration":
                {
                    if (IsTruthy(Get("instances"))) return;
                    var reservation = Get("capacity_reservation_target")?.Get("CapacityReservationId");
                    if (!IsTruthy(Get("instance_type")) && !IsTruthy(reservation))
                    {
                        _validator.Error(SchemaValidator.Join(path, "InstanceType"), null, rule.Method, Message(0, "A Compute Resource needs to specify Instances, InstanceType or CapacityReservationId."), where);
                    }
                    return;
                }
                case "validate_file_system_id_ignored_parameters":
                {
                    if (Get("file_system_id") == null) return;
                    var allowed = rule.Lists.Count > 0 ? rule.Lists[0] : new List<string> { "file_system_id" };
                    var what = def.Name.StartsWith("Efs", StringComparison.Ordinal) ? "an existing EFS file system" : "an existing Lustre file system";
                    foreach (var attr in data.Keys.Where(k => !allowed.Contains(k)))
                    {
                        // marshmallow raises one ValidationError listing every ignored key: one finding per key.
                        _validator.Error(PathOf(attr), data[attr], rule.Method, $"{KeyOf(attr)} cannot be specified when {what} is used (FileSystemId).", where);
                    }
                    return;
                }
                case "validate_backup_id_unsupported_parameters":
                {
                    if (Get("backup_id") == null) return;
                    var unsupported = rule.Lists.Count > 0 ? rule.Lists[0] : new List<string>();
                    foreach (var attr in data.Keys.Where(k => unsupported.Contains(k)))
                    {
                        _validator.Error(PathOf(attr), data[attr], rule.Method, $"When restoring an FSx Lustre file system from backup, '{KeyOf(attr)}' cannot be specified.", where);
                    }
                    return;
                }
                case "validate_component_value":
                {
                    // ComponentSchema: an arn component's value starts with "arn"; a script's is an https or s3 URL.
                    var type = _validator.Loaded(Get("type")) as string;
                    var value = _validator.Loaded(Get("value")) as string ?? string.Empty;
                    if (type == "arn" && !value.StartsWith("arn", StringComparison.Ordinal))
                    {
                        _validator.Error(PathOf("value"), Get("value"), rule.Method, $"The Type in Component is arn, the value '{value}' is invalid. Choose a value with 'arn' prefix.", where);
                    }
                    else if (type == "script" && PythonValues.UrlScheme(value) != "https" && PythonValues.UrlScheme(value) != "s3")
                    {
                        _validator.Error(PathOf("value"), Get("value"), rule.Method, $"The Type in Component is script, the value '{value}' is invalid. Choose a value with 'https' or 's3' prefix url.", where);
                    }
                    return;
                }
                case "validate_existence_of_mode_throughput":
                {
                    var mode = _validator.Loaded(Get("throughput_mode")) as string;
                    var provisioned = IsTruthy(Get("provisioned_throughput"));
                    if (mode != "provisioned" && provisioned)
                    {
                        _validator.Error(PathOf("throughput_mode"), Get("throughput_mode"), rule.Method, "When specifying provisioned throughput, the throughput mode must be set to provisioned.", where);
                    }
                    else if (mode == "provisioned" && !provisioned)
                    {
                        _validator.Error(PathOf("provisioned_throughput"), null, rule.Method, "When specifying throughput mode to provisioned, the provisioned throughput option must be specified.", where);
                    }
                    return;
                }
            }

            // Generic fields_coexist groups (no_coexist_* methods).
            for (var i = 0; i < rule.Groups.Count; i++)
            {
                var (fields, oneRequired) = rule.Groups[i];
                var set = fields.Where(f => IsTruthy(Get(f))).ToList();
                var bad = oneRequired ? set.Count != 1 : set.Count > 1;
                if (!bad) continue;
                var keys = fields.Select(KeyOf).ToList();
                var target = set.Count > 1 ? PathOf(set[set.Count - 1]) : PathOf(fields[0]);
                var fallback = oneRequired ? $"Exactly one of {string.Join(", ", keys)} must be set." : $"{string.Join(" and ", set.Select(KeyOf))} can not be configured together.";
                var message = rule.Messages.Count == rule.Groups.Count ? rule.Messages[i] : rule.Messages.Count > 0 ? rule.Messages[Math.Min(i, rule.Messages.Count - 1)] : fallback;
                _validator.Error(target, set.Count > 1 ? Get(set[set.Count - 1]) : null, set.Count == 0 ? "Required" : rule.Method, $"{message} ({rule.Method})", where);
                return; // marshmallow raises on the first failing check of a method
            }
        }
    }
}
