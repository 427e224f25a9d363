using System;
using System.Management.Automation;
using PcHpc.Core.Activity;
using PcHpc.Core.Remote;

namespace PcHpc.Infrastructure
{
    /// <summary>
    /// Base of every cmdlet that talks to AWS: the credential and endpoint parameters named as AWS Tools for
    /// PowerShell names them. -Region is declared by the derived classes (<see cref="AwsRegionalCmdlet"/> for one
    /// region; some cmdlets take several).
    /// </summary>
    public abstract class AwsCmdlet : PcHpcCmdlet
    {
        [Parameter]
        [Alias("StoredCredentials", "AWSProfileName")]
        public string ProfileName { get; set; }

        [Parameter]
        [Alias("AWSProfilesLocation", "ProfilesLocation")]
        public string ProfileLocation { get; set; }

        [Parameter]
        [Alias("AK")]
        public string AccessKey { get; set; }

        [Parameter]
        [Alias("SK", "SecretAccessKey")]
        public string SecretKey { get; set; }

        [Parameter]
        [Alias("ST")]
        public string SessionToken { get; set; }

        [Parameter]
        public string EndpointUrl { get; set; }

        /// <summary>The production factory, created on first use (this is where PcHpc.Aws, and with it the private
        /// AssemblyLoadContext, is first touched).</summary>
        private static readonly Lazy<IAwsSessionFactory> DefaultSessionFactory =
            new Lazy<IAwsSessionFactory>(() => new PcHpc.Aws.Session.AwsSessionFactory());

        private IAwsSessionFactory _sessionFactory;

        /// <summary>Tests plug a factory in here (e.g. one whose sessions point at the loopback fake AWS).</summary>
        internal IAwsSessionFactory SessionFactory
        {
            get => _sessionFactory ?? DefaultSessionFactory.Value;
            set => _sessionFactory = value;
        }

        /// <summary>Resolves credentials and region (reported with -Debug) and opens a session for one region.</summary>
        protected IAwsSession OpenSession(string region, IActivitySink activity) =>
            SessionFactory.Create(ConnectionOptions(region), activity);

        /// <summary>The connection as the user gave it, plus Set-AWSCredential / Set-DefaultAWSRegion session defaults.</summary>
        protected AwsConnectionOptions ConnectionOptions(string region)
        {
            return new AwsConnectionOptions
            {
                Region = region,
                ProfileName = ProfileName,
                ProfileLocation = ProfileLocation,
                AccessKey = AccessKey,
                SecretKey = SecretKey,
                SessionToken = SessionToken,
                EndpointUrl = EndpointUrl,
                SessionCredentials = Seam.GetVariableValue("StoredAWSCredentials"),
                SessionRegion = Seam.GetVariableValue("StoredAWSRegion")?.ToString(),
            };
        }
    }

    /// <summary>An AWS cmdlet working in one region; Region binds from the pipeline by property name.</summary>
    public abstract class AwsRegionalCmdlet : AwsCmdlet
    {
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [Alias("RegionToCall")]
        public string Region { get; set; }

        protected AwsConnectionOptions ConnectionOptions() => ConnectionOptions(Region);
    }
}
