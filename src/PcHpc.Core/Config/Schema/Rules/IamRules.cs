
namespace PcHpc.Core.Config.Schema
{
    /// <summary>The Iam section rules (iam_validators.py).</summary>
    internal sealed class IamRules : RuleSet
    {
        public IamRules(RuleSet shared) : base(shared)
        {
        }

        public void Iam(PyNode iam)
        {
            var prefix = Str(iam, "ResourcePrefix");
            if (prefix == null) return;
            // IamResourcePrefixValidator (iam_validators.py:63) with split_resource_prefix (utils.py:342)
            if (!PythonValues.PyMatch(@"^((/[a-zA-Z0-9_.,+@=-]+)+)/", prefix) && !PythonValues.PyMatch(@"^[a-zA-Z0-9_.,+@=-]+$", prefix))
                Error("Iam.ResourcePrefix", prefix, "IamResourcePrefixValidator", "iam_validators.py:63", $"Unsupported format for ResourcePrefix {prefix}.");
            var split = prefix.LastIndexOf('/') + 1;
            var iamPath = split == 0 ? null : split == prefix.Length ? prefix : prefix.Substring(0, split);
            var namePrefix = split == prefix.Length ? null : split == 0 ? prefix : prefix.Substring(split);
            if (namePrefix != null && namePrefix.Length > Schema.Long("IAM_NAME_PREFIX_LENGTH_LIMIT"))
                Error("Iam.ResourcePrefix", prefix, "IamResourcePrefixValidator", "iam_validators.py:63", $"Length of Name Prefix {namePrefix} must be less than {Schema.Long("IAM_NAME_PREFIX_LENGTH_LIMIT")} characters.");
            if (iamPath != null && iamPath.Length > Schema.Long("IAM_PATH_LENGTH_LIMIT"))
                Error("Iam.ResourcePrefix", prefix, "IamResourcePrefixValidator", "iam_validators.py:63", $"Length of Path {iamPath} must be less than {Schema.Long("IAM_PATH_LENGTH_LIMIT")} characters.");
        }
    }
}
