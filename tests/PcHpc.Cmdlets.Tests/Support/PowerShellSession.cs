using System;
using System.Collections;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Runspaces;
using System.Reflection;

namespace PcHpc.Cmdlets.Tests.Support
{
    /// <summary>
    /// One real PowerShell 7.6.9 runspace (Microsoft.PowerShell.SDK, in-process) with the built module imported, shared
    /// by a test collection. Commands run on the calling thread with an <see cref="AnsweringHost"/>, so prompts can be
    /// answered and any Write* from another thread is caught.
    /// </summary>
    public class PowerShellSession : IDisposable
    {
        private readonly Runspace _runspace;

        public PowerShellSession()
        {
            Host = new AnsweringHost();
            var state = InitialSessionState.CreateDefault2();
            _runspace = RunspaceFactory.CreateRunspace(Host, state);
            _runspace.ThreadOptions = PSThreadOptions.UseCurrentThread;
            _runspace.Open();
            var import = Invoke("Import-Module $args[0] -Force -ErrorAction Stop; [PcHpc.InternalHooks]::Reset()", TestPaths.ModuleManifest);
            if (import.Terminating != null || import.Errors.Count > 0)
            {
                throw new InvalidOperationException("Import-Module of the built module failed: " + import.Describe());
            }
        }

        public AnsweringHost Host { get; }

        /// <summary>Runs a script in the shared runspace; <paramref name="args"/> are <c>$args</c>.</summary>
        public PsResult Invoke(string script, params object[] args) => InvokeAnswering(script, null, args);

        /// <summary>Runs a script answering its prompts in order (Y, A, N, L, S).</summary>
        public PsResult InvokeAnswering(string script, IEnumerable<string> answers, params object[] args)
        {
            Host.Console.ClearRecords();
            Host.Console.Answer(answers);
            Host.Console.PipelineThreadId = Environment.CurrentManagedThreadId;
            using (var ps = PowerShell.Create())
            {
                ps.Runspace = _runspace;
                ps.AddScript(script);
                foreach (var a in args) ps.AddArgument(a);
                var result = new PsResult();
                try
                {
                    result.Output.AddRange(ps.Invoke());
                }
                catch (RuntimeException ex)
                {
                    result.Terminating = ex;
                }
                result.Errors.AddRange(ps.Streams.Error);
                result.Warnings.AddRange(ps.Streams.Warning.Select(w => w.Message));
                result.Verbose.AddRange(ps.Streams.Verbose.Select(v => v.Message));
                result.Debug.AddRange(ps.Streams.Debug.Select(v => v.Message));
                result.Information.AddRange(ps.Streams.Information.Select(i => i.MessageData?.ToString()));
                result.Progress.AddRange(ps.Streams.Progress);
                result.Progress.AddRange(Host.Console.Progress);
                result.Prompts.AddRange(Host.Console.Prompts);
                result.UnansweredPrompts.AddRange(Host.Console.UnansweredPrompts);
                result.OffThreadCalls.AddRange(Host.Console.OffThreadCalls);
                result.HostText.AddRange(Host.Console.Text);
                result.AnswersLeft = Host.Console.PendingAnswers;
                Host.Console.PipelineThreadId = 0;
                return result;
            }
        }

        /// <summary>Sets a session variable.</summary>
        public void SetVariable(string name, object value) => _runspace.SessionStateProxy.SetVariable(name, value);

        public object GetVariable(string name) => _runspace.SessionStateProxy.GetVariable(name);

        public virtual void Dispose()
        {
            _runspace.Dispose();
        }
    }

    /// <summary>Everything one invocation produced.</summary>
    public sealed class PsResult
    {
        public List<PSObject> Output { get; } = new List<PSObject>();
        public List<ErrorRecord> Errors { get; } = new List<ErrorRecord>();
        public List<string> Warnings { get; } = new List<string>();
        public List<string> Verbose { get; } = new List<string>();
        public List<string> Debug { get; } = new List<string>();
        public List<string> Information { get; } = new List<string>();
        public List<ProgressRecord> Progress { get; } = new List<ProgressRecord>();
        public List<string> Prompts { get; } = new List<string>();
        public List<string> UnansweredPrompts { get; } = new List<string>();
        public List<string> OffThreadCalls { get; } = new List<string>();
        public List<string> HostText { get; } = new List<string>();
        public int AnswersLeft { get; set; }
        public RuntimeException Terminating { get; set; }

        /// <summary>The base objects of the output.</summary>
        public IEnumerable<object> Objects => Output.Select(o => o?.BaseObject);

        /// <summary>A property of each output object, read the way PowerShell reads it.</summary>
        public IEnumerable<object> Property(string name) => Output.Select(o => o?.Properties[name]?.Value);

        /// <summary>Asserts that nothing went wrong (no terminating or non-terminating error) and returns this.</summary>
        public PsResult Succeeded()
        {
            if (Terminating != null || Errors.Count > 0 || OffThreadCalls.Count > 0)
            {
                throw new Xunit.Sdk.XunitException("The command failed: " + Describe());
            }
            return this;
        }

        public string Describe()
        {
            var lines = new List<string>();
            if (Terminating != null) lines.Add("terminating: " + Terminating.ErrorRecord?.FullyQualifiedErrorId + ": " + Terminating.Message);
            lines.AddRange(Errors.Select(e => "error: " + e.FullyQualifiedErrorId + ": " + e.Exception?.Message));
            lines.AddRange(OffThreadCalls.Select(c => "off-thread host call: " + c));
            lines.AddRange(UnansweredPrompts.Select(p => "unanswered prompt: " + p));
            return lines.Count == 0 ? "(no errors)" : string.Join(Environment.NewLine, lines);
        }

        /// <summary>The single error (terminating or not) this invocation reported.</summary>
        public ErrorRecord SingleError()
        {
            var all = Errors.ToList();
            if (Terminating?.ErrorRecord != null) all.Add(Terminating.ErrorRecord);
            if (all.Count != 1) throw new Xunit.Sdk.XunitException("Expected exactly one error, got " + all.Count + ": " + Describe());
            return all[0];
        }
    }

    /// <summary>Where the repository, the built module and the downloaded Pester live.</summary>
    public static class TestPaths
    {
        private static string Metadata(string key) => typeof(TestPaths).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .Single(a => a.Key == key).Value;

        public static string RepositoryRoot => Path.GetFullPath(Metadata("RepositoryRoot"));

        public static string ModuleDirectory => Path.Combine(RepositoryRoot, "out", "PcHpc");

        public static string ModuleManifest
        {
            get
            {
                var manifest = Path.Combine(ModuleDirectory, "PcHpc.psd1");
                if (!File.Exists(manifest))
                {
                    throw new InvalidOperationException("The module is not built: run README's build command (dotnet run --project src/PcHpc.Build -c Release) first.");
                }
                return manifest;
            }
        }

        public static string PesterManifest
        {
            get
            {
                var root = Environment.GetEnvironmentVariable("NUGET_PACKAGES") ?? Metadata("NuGetPackageRoot");
                return Path.Combine(root, "pester", "5.9.1", "tools", "Pester.psd1");
            }
        }

        public static string Shared => Path.GetFullPath(Path.Combine(RepositoryRoot, "..", "shared"));
    }
}
