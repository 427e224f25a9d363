"""What tools/schema/generate-config-schema.py reads and exports, per table (cluster, image)."""
import os

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.normpath(os.path.join(HERE, "..", ".."))

SCHEMA_FILES = ["pcluster/schemas/common_schema.py", "pcluster/schemas/cluster_schema.py"]
CONSTANT_FILES = ["pcluster/constants.py"]
ENUM_FILES = ["pcluster/config/common.py", "pcluster/config/cluster_config.py"]
IMAGE_SCHEMA_FILES = ["pcluster/schemas/common_schema.py", "pcluster/schemas/imagebuilder_schema.py"]

# Marshmallow field classes -> table type.
FIELD_TYPES = {
    "Str": "string", "String": "string", "Int": "integer", "Integer": "integer", "Float": "float",
    "Bool": "boolean", "Boolean": "boolean", "Dict": "dict", "Raw": "any", "List": "list", "Nested": "nested",
}
# Constants the C# rule validators need (resolved from the official constants.py).
EXPORTED_CONSTANTS = [
    "PCLUSTER_NAME_MAX_LENGTH", "PCLUSTER_NAME_MAX_LENGTH_SLURM_ACCOUNTING", "PCLUSTER_NAME_REGEX",
    "SUPPORTED_OSES", "SUPPORTED_OSES_FOR_SCHEDULER", "SUPPORTED_SCHEDULERS", "SUPPORTED_ARCHITECTURES",
    "DELETION_POLICIES", "DELETION_POLICIES_WITH_SNAPSHOT", "DEFAULT_MAX_COUNT", "DEFAULT_MIN_COUNT",
    "MAX_NUMBER_OF_QUEUES", "MAX_NUMBER_OF_COMPUTE_RESOURCES_PER_CLUSTER", "MAX_COMPUTE_RESOURCES_PER_QUEUE",
    "MIN_SLURM_NODE_PRIORITY", "MAX_SLURM_NODE_PRIORITY", "MAX_EBS_COUNT", "MAX_NEW_STORAGE_COUNT",
    "MAX_EXISTING_STORAGE_COUNT", "PCLUSTER_PREFIX", "MAX_TAGS_COUNT", "IAM_ROLE_REGEX", "IAM_INSTANCE_PROFILE_REGEX",
    "IAM_POLICY_REGEX", "PCLUSTER_AMI_ID_REGEX", "FSX_VOLUME_ID_REGEX", "FILE_CACHE_ID_REGEX", "FSX_SSD_THROUGHPUT",
    "FSX_HDD_THROUGHPUT", "PCLUSTER_TAG_VALUE_REGEX", "EBS_VOLUME_TYPE_IOPS_DEFAULT", "EBS_VOLUME_SIZE_DEFAULT",
    "EBS_VOLUME_TYPE_DEFAULT", "SCHEDULERS_SUPPORTING_IMDS_SECURED", "DEFAULT_EPHEMERAL_DIR",
    "IAM_NAME_PREFIX_LENGTH_LIMIT", "IAM_PATH_LENGTH_LIMIT", "UNSUPPORTED_OSES_FOR_MICRO_NANO",
]
# Constants the image config's C# rules need.
EXPORTED_IMAGE_CONSTANTS = [
    "PCLUSTER_IMAGE_NAME_REGEX", "PCLUSTER_IMAGE_ID_REGEX", "PCLUSTER_PREFIX", "SUPPORTED_OSES", "SUPPORTED_ARCHITECTURES",
    "IAM_ROLE_REGEX", "IAM_INSTANCE_PROFILE_REGEX", "IAM_POLICY_REGEX", "AMI_NAME_REQUIRED_SUBSTRING",
]
# Names the image schema imports from modules ../shared does not carry. AMI_NAME_REQUIRED_SUBSTRING is defined in
# pcluster/imagebuilder_utils.py (absent here): the " {{ imagebuilder:buildDate }}" suffix every Image Builder AMI
# name gets, documented by EC2 Image Builder (AMI names must contain {{ imagebuilder:buildDate }}).
EXTERNAL_CONSTANTS = {"AMI_NAME_REQUIRED_SUBSTRING": " {{ imagebuilder:buildDate }}"}

TARGETS = {
    "cluster": {"files": SCHEMA_FILES, "root": "ClusterSchema", "constants": EXPORTED_CONSTANTS,
                "out": os.path.join(REPO, "src", "PcHpc.Core", "Config", "Schema", "cluster-schema.json")},
    "image": {"files": IMAGE_SCHEMA_FILES, "root": "ImageBuilderSchema", "constants": EXPORTED_IMAGE_CONSTANTS,
              "out": os.path.join(REPO, "src", "PcHpc.Core", "Config", "Schema", "image-schema.json")},
}
