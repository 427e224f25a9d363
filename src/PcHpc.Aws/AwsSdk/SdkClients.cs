using Amazon.EC2;
using Amazon.Runtime.Internal;
using Amazon.SecurityToken;
using Amazon.SimpleSystemsManagement;
using PcHpc.Aws.Session;

namespace PcHpc.Aws.AwsSdk
{
    // The SDK clients of one session. Each hooks its own pipeline (SdkHooks.Install) when the SDK builds it.

    internal sealed class Ec2Client : AmazonEC2Client
    {
        public Ec2Client(AwsSession session)
            : base(new SessionAwsCredentials(session), SdkHooks.Configure(new AmazonEC2Config(), session, "EC2", "ec2")) { }

        protected override void CustomizeRuntimePipeline(RuntimePipeline pipeline)
        {
            base.CustomizeRuntimePipeline(pipeline);
            SdkHooks.Install(pipeline, Config);
        }
    }

    internal sealed class SsmClient : AmazonSimpleSystemsManagementClient
    {
        public SsmClient(AwsSession session)
            : base(new SessionAwsCredentials(session), SdkHooks.Configure(new AmazonSimpleSystemsManagementConfig(), session, "SSM", "ssm")) { }

        protected override void CustomizeRuntimePipeline(RuntimePipeline pipeline)
        {
            base.CustomizeRuntimePipeline(pipeline);
            SdkHooks.Install(pipeline, Config);
        }
    }

    internal sealed class StsClient : AmazonSecurityTokenServiceClient
    {
        public StsClient(AwsSession session)
            : base(new SessionAwsCredentials(session), SdkHooks.Configure(new AmazonSecurityTokenServiceConfig(), session, "STS", "sts")) { }

        protected override void CustomizeRuntimePipeline(RuntimePipeline pipeline)
        {
            base.CustomizeRuntimePipeline(pipeline);
            SdkHooks.Install(pipeline, Config);
        }
    }
}
