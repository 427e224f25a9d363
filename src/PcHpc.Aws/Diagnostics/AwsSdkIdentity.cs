using System.Reflection;

namespace PcHpc.Aws.Diagnostics
{
    /// <summary>Which AWSSDK.Core the AWS layer is bound to (for -Debug output and the isolation test).</summary>
    public static class AwsSdkIdentity
    {
        public static string CoreAssembly => typeof(Amazon.Runtime.AWSCredentials).Assembly.FullName;

        public static string CoreFileVersion =>
            typeof(Amazon.Runtime.AWSCredentials).Assembly.GetCustomAttribute<AssemblyFileVersionAttribute>()?.Version;
    }
}
