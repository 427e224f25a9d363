using System;

namespace PcHpc.Aws.Credentials
{
    /// <summary>Reads environment variables; a seam so tests never mutate the process environment.</summary>
    public interface IEnvironmentReader
    {
        string Get(string name);
    }

    public sealed class ProcessEnvironment : IEnvironmentReader
    {
        public static readonly ProcessEnvironment Instance = new ProcessEnvironment();
        public string Get(string name) => Environment.GetEnvironmentVariable(name);
    }
}
