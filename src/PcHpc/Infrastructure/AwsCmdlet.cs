using System;
using System.Management.Automation;
using PcHpc.Core.Activity;
using PcHpc.Core.Connection;
using PcHpc.Core.Ports;

namespace PcHpc.Infrastructure
{
    /// <summary>
    /// Base of every cmdlet that talks to AWS: the credential and endpoint parameters named as AWS Tools for
    /// PowerShell names them. -Region is declared by the derived classes (<see cref="AwsRegionalCmdlet"/> for one
    /// region; some cmdlets take several).
    /// </summary>
    public abstract partial class AwsCmdlet : PcHpcCmdlet, IDisposable
    {
        [Parameter]
        [Alias("StoredCredentials", "AWSProfileName")]
        [ArgumentCompleter(typeof(AwsProfileCompleter))]
        public string ProfileName { get; set; }

        /// <summary>
        /// Credentials as AWS Tools takes them: an Amazon.Runtime.AWSCredentials object (from any AWSSDK.Core copy; read by
        /// duck typing because the module's own AWSSDK lives in a private load context), or a PSCredential whose user
        /// name is the access key id and password the secret key.
        /// </summary>
        [Parameter]
        public object Credential { get; set; }

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

        /// <summary>Sessions come from here: created on first use, the place PcHpc.Aws (and with it the private
        /// AssemblyLoadContext) is first touched.</summary>
        private static readonly Lazy<IAwsSessionFactory> Sessions =
            new Lazy<IAwsSessionFactory>(() => new PcHpc.Aws.Session.AwsSessionFactory());

        private EngineFactory _engines;

        /// <summary>
        /// The engines of this invocation, built in one place (<see cref="EngineFactory"/>); what it opened is closed
        /// when PowerShell disposes the cmdlet at the end of the pipeline.
        /// </summary>
        internal EngineFactory Engines => _engines ?? (_engines = new EngineFactory(Sessions.Value, Activity));

        public void Dispose()
        {
            _engines?.Dispose();
            _engines = null;
        }

        /// <summary>The regions this record names explicitly (-Region), checked against the known regions before any call.</summary>
        protected virtual System.Collections.Generic.IEnumerable<string> RegionsToCheck => new string[0];

        /// <summary>Every -Region value must be a region AWS has ("did you mean" otherwise); nothing is called before.</summary>
        protected override void CheckInputs()
        {
            foreach (var region in RegionsToCheck)
            {
                if (string.IsNullOrWhiteSpace(region)) continue;
                var problem = AwsRegions.Problem(region, "-Region parameter");
                if (problem != null)
                {
                    throw new PcHpc.Core.Errors.PcHpcException(PcHpc.Core.Errors.ErrorKind.InvalidArgument, "Aws.BadRegion", problem) { Target = region };
                }
            }
        }

        /// <summary>The connection as the user gave it, plus Set-AWSCredential / Set-DefaultAWSRegion session defaults.</summary>
        protected AwsConnectionOptions ConnectionOptions(string region)
        {
            var options = new AwsConnectionOptions
            {
                Region = region,
                ProfileName = ProfileName,
                ProfileLocation = ProfileLocation,
                AccessKey = AccessKey,
                SecretKey = SecretKey,
                SessionToken = SessionToken,
                EndpointUrl = EndpointUrl,
                SessionCredentials = SessionVariable("StoredAWSCredentials"),
                SessionRegion = SessionVariable("StoredAWSRegion")?.ToString(),
            };
            var credential = Credential is PSObject pso ? pso.BaseObject : Credential;
            if (credential != null)
            {
                // -Credential replaces the key parameters (also ones that come from $PSDefaultParameterValues).
                options.AccessKey = options.SecretKey = options.SessionToken = null;
                if (credential is PSCredential ps)
                {
                    options.AccessKey = ps.UserName;
                    options.SecretKey = ps.GetNetworkCredential().Password;
                }
                else
                {
                    options.Credential = credential;
                }
            }
            return options;
        }
    }

    /// <summary>An AWS cmdlet working in one region; Region binds from the pipeline by property name.</summary>
    public abstract class AwsRegionalCmdlet : AwsCmdlet
    {
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [Alias("RegionToCall")]
        [ArgumentCompleter(typeof(AwsRegionCompleter))]
        public string Region { get; set; }

        protected AwsConnectionOptions ConnectionOptions() => ConnectionOptions(Region);

        protected override System.Collections.Generic.IEnumerable<string> RegionsToCheck => new[] { Region };
    }
}
