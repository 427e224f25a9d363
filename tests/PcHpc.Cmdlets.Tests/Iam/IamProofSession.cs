using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using PcHpc.Cmdlets.Tests.Examples;
using PcHpc.Cmdlets.Tests.Jobs;
using PcHpc.Cmdlets.Tests.Support;

namespace PcHpc.Cmdlets.Tests.Iam
{
    /// <summary>
    /// A fake AWS account where PcHpc is used as in production: no -ApiUri (the API is found through CloudFormation and
    /// its user role assumed), a cluster 'iam' whose head node is this machine (jobs go to the local SLURM). Each measured
    /// statement runs with a fresh PCHPC_HOME and its own access key, so nothing cached (API record, head node, role
    /// credentials) hides a call the cmdlet makes on first use.
    /// </summary>
    public sealed class IamProofSession : FakeAwsSession
    {
        public const string Cluster = "iam";

        public IamProofSession()
        {
            Unavailable = SlurmWorld.Unavailable();
            if (Unavailable != null) return;
            SlurmWorld.EnsureUser("ec2-user");
            Config = Path.Combine(StateHome, "iam.yaml");
            File.WriteAllText(Config, ExampleWorld.ValidYaml);
            Bigger = Path.Combine(StateHome, "iam-bigger.yaml");
            File.WriteAllText(Bigger, ExampleWorld.ValidYaml.Replace("MaxCount: 10", "MaxCount: 12"));
            Invoke(@"
                $global:PSDefaultParameterValues.Remove('*-Hpc*:ApiUri')
                Install-HpcApi -Region us-east-1 -Wait -Confirm:$false | Out-Null
                New-HpcCluster -Name iam -ConfigPath $args[0] -Wait | Out-Null", Config).Succeeded();
            Invoke("[PcHpc.InternalHooks]::SetTestHook('PollInterval', [timespan]::FromMilliseconds(200))").Succeeded();
        }

        public string Unavailable { get; }
        public string Config { get; }
        public string Bigger { get; }

        /// <summary>Runs <paramref name="script"/> as a first-time user would and returns the AWS calls it made as IAM units.</summary>
        public (PsResult Result, List<string> Units) Measure(string script)
        {
            var home = Path.Combine(StateHome, "m-" + Guid.NewGuid().ToString("N").Substring(0, 8));
            Directory.CreateDirectory(home);
            var key = "AKIAIAM" + Guid.NewGuid().ToString("N").Substring(0, 13).ToUpperInvariant();
            var before = Aws.Calls.All.Count;
            var result = Invoke(@"
                $home_, $key, $script, $main, $cfg, $bigger = $args
                $env:PCHPC_HOME = $home_
                $global:PSDefaultParameterValues['*-Hpc*:AccessKey'] = $key
                try { & ([scriptblock]::Create($script)) } finally {
                    $env:PCHPC_HOME = $main
                    $global:PSDefaultParameterValues['*-Hpc*:AccessKey'] = '" + AccessKey + @"'
                }", home, key, script, StateHome, Config, Bigger);
            var calls = Aws.Calls.All.Skip(before).ToList();
            return (result, calls.SelectMany(Units).Distinct(StringComparer.Ordinal).OrderBy(u => u, StringComparer.Ordinal).ToList());
        }

        /// <summary>
        /// What IAM authorizes for an AWS call: "service:Action", for the ParallelCluster API "execute-api:Invoke &lt;Operation&gt;".
        /// DescribeStacks without a StackName describes every stack and, per the CloudFormation API reference, needs
        /// ListStacks as well as DescribeStacks (on every stack, not one stack ARN): it is recorded as both.
        /// </summary>
        public static IEnumerable<string> Units(PcHpc.FakeAws.FakeCall call)
        {
            if (call.Service == "execute-api") return new[] { "execute-api:Invoke " + call.Action };
            if (call.Service == "cloudformation" && call.Action == "DescribeStacks" && (call.Parameters == null || !call.Parameters.ContainsKey("StackName")))
            {
                return new[] { "cloudformation:DescribeStacks *", "cloudformation:ListStacks" };
            }
            return new[] { call.Service + ":" + call.Action };
        }
    }

    [CollectionDefinition(Name)]
    public sealed class IamCollection : ICollectionFixture<IamProofSession>
    {
        public const string Name = "Iam";
    }
}
