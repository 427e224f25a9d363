using System;
using PcHpc.Aws.Protocols;
using PcHpc.Aws.Services;
using PcHpc.Core.Remote;

namespace PcHpc.Aws.Session
{
    // The service ports; each adapter lives in PcHpc.Aws/Services and goes through ModelInvoker and the session's HTTP client.
    internal sealed partial class AwsSession
    {
        private Lazy<ICloudFormation> _cloudFormation;
        private Lazy<IEc2> _ec2;
        private Lazy<ISsm> _ssm;
        private Lazy<ISts> _sts;
        private Lazy<S3ObjectStore> _objectStore;

        private Lazy<S3ObjectStore> ObjectStoreLazy => _objectStore ?? (_objectStore = new Lazy<S3ObjectStore>(() => new S3ObjectStore(this)));

        public ICloudFormation CloudFormation => (_cloudFormation ?? (_cloudFormation = new Lazy<ICloudFormation>(() =>
            new CloudFormationService(Invoker(ServiceModels.CloudFormation, "CloudFormation", "cloudformation"))))).Value;

        public IEc2 Ec2 => (_ec2 ?? (_ec2 = new Lazy<IEc2>(() => new Ec2Service(Invoker(ServiceModels.Ec2, "EC2", "ec2"))))).Value;

        public ISsm Ssm => (_ssm ?? (_ssm = new Lazy<ISsm>(() => new SsmService(Invoker(ServiceModels.Ssm, "SSM", "ssm"))))).Value;

        public ISts Sts => (_sts ?? (_sts = new Lazy<ISts>(() => new StsService(Invoker(ServiceModels.Sts, "STS", "sts"))))).Value;

        public IObjectStore ObjectStore => ObjectStoreLazy.Value;

        public IParallelClusterApi ParallelClusterApi(Uri invokeUrl) => new ParallelClusterApiClient(this, invokeUrl);

        public IAwsSession AssumeRole(string roleArn, string sessionName) => AssumedRoleCredentialCache.CreateSession(this, roleArn, sessionName);

        private ModelInvoker Invoker(ServiceModel model, string serviceName, string endpointPrefix) =>
            new ModelInvoker(this, model, serviceName, Endpoint(endpointPrefix));
    }
}
