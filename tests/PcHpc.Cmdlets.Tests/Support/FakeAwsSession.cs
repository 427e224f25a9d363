using System;
using System.IO;
using PcHpc.FakeAws;

namespace PcHpc.Cmdlets.Tests.Support
{
    /// <summary>
    /// A real-engine session pointed at the loopback fake AWS the way a user points AWS Tools at another endpoint:
    /// <c>$PSDefaultParameterValues</c> for -EndpointUrl/-AccessKey/-SecretKey, a private PCHPC_HOME, fast polling.
    /// </summary>
    public class FakeAwsSession : PowerShellSession
    {
        public const string AccessKey = "AKIAPCHPCTESTKEY0001";
        public const string SecretKey = "pchpc-test-secret";

        public FakeAwsSession()
        {
            Aws = FakeAwsServer.StartAsync().GetAwaiter().GetResult();
            Aws.Knobs.TransitionPolls = 1;
            Aws.Knobs.SigningSecrets[AccessKey] = SecretKey;
            StateHome = Path.Combine(Path.GetTempPath(), "pchpc-ps-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(StateHome);
            Invoke(SetupScript, Aws.Url.ToString(), AccessKey, SecretKey, StateHome, Aws.ParallelClusterInvokeUrl.ToString()).Succeeded();
        }

        /// <summary>Points a session at a fake AWS: $args are url, access key, secret key, PCHPC_HOME, ParallelCluster API URL.</summary>
        internal const string SetupScript = @"
                $url, $ak, $sk, $home_, $api = $args
                $global:PSDefaultParameterValues['*-Hpc*:EndpointUrl'] = $url
                $global:PSDefaultParameterValues['*-Hpc*:AccessKey'] = $ak
                $global:PSDefaultParameterValues['*-Hpc*:SecretKey'] = $sk
                $global:PSDefaultParameterValues['*-Hpc*:ApiUri'] = $api
                $global:StoredAWSRegion = 'us-east-1'   # as Set-DefaultAWSRegion us-east-1 leaves it
                $env:PCHPC_HOME = $home_
                [PcHpc.InternalHooks]::SetTestHook('PollInterval', [timespan]::FromMilliseconds(10))
            ";

        public FakeAwsServer Aws { get; }

        /// <summary>This session's PCHPC_HOME.</summary>
        public string StateHome { get; }

        public override void Dispose()
        {
            base.Dispose();
            Aws.DisposeAsync().AsTask().GetAwaiter().GetResult();
            try { Directory.Delete(StateHome, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
    }
}
