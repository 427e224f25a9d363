using System;
using System.Collections;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;
using PcHpc.Core.Connection;
using PcHpc.Core.Ports;

namespace PcHpc.Infrastructure
{
    /// <summary>-Region completion: the regions of the current partition ($StoredAWSRegion / AWS_REGION, else aws). Never throws.</summary>
    public sealed class AwsRegionCompleter : IArgumentCompleter
    {
        public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
            CommandAst commandAst, IDictionary fakeBoundParameters)
        {
            try
            {
                var quote = QuoteOf(wordToComplete);
                var word = (wordToComplete ?? string.Empty).Trim('\'', '"');
                string current = null;
                try
                {
                    current = Runspace()?.SessionStateProxy.GetVariable("StoredAWSRegion")?.ToString();
                }
                catch (Exception)
                {
                    // No runspace on this thread: fall back to the environment.
                }
                current = current ?? Environment.GetEnvironmentVariable("AWS_REGION") ?? Environment.GetEnvironmentVariable("AWS_DEFAULT_REGION");
                return AwsRegions.Complete(word, current)
                    .Select(r => new CompletionResult(quote + r + quote, r, CompletionResultType.ParameterValue, r + " (" + AwsRegions.PartitionOf(r) + ")"))
                    .ToList();
            }
            catch (Exception)
            {
                return new CompletionResult[0];
            }
        }

        private static System.Management.Automation.Runspaces.Runspace Runspace() => System.Management.Automation.Runspaces.Runspace.DefaultRunspace;

        internal static string QuoteOf(string word) =>
            !string.IsNullOrEmpty(word) && (word[0] == '\'' || word[0] == '"') ? word.Substring(0, 1) : string.Empty;
    }

    /// <summary>
    /// -ProfileName completion: the profiles of the shared credentials file and the config file (AWS_SHARED_CREDENTIALS_FILE /
    /// AWS_CONFIG_FILE, or ~/.aws/credentials and ~/.aws/config; -ProfileLocation when given). Fast, offline, never throws.
    /// </summary>
    public sealed class AwsProfileCompleter : IArgumentCompleter
    {
        public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
            CommandAst commandAst, IDictionary fakeBoundParameters)
        {
            try
            {
                var quote = AwsRegionCompleter.QuoteOf(wordToComplete);
                var word = (wordToComplete ?? string.Empty).Trim('\'', '"');
                string location = null;
                if (fakeBoundParameters != null)
                {
                    foreach (var key in new[] { "ProfileLocation", "ProfilesLocation", "AWSProfilesLocation" })
                    {
                        if (fakeBoundParameters.Contains(key)) location = fakeBoundParameters[key]?.ToString();
                    }
                }
                return Profiles(location)
                    .Where(p => p.StartsWith(word, StringComparison.OrdinalIgnoreCase))
                    .Select(p => new CompletionResult(quote + p + quote, p, CompletionResultType.ParameterValue, p))
                    .ToList();
            }
            catch (Exception)
            {
                return new CompletionResult[0];
            }
        }

        /// <summary>Profile names, sorted, from the credentials file (or <paramref name="location"/>) and the config file.</summary>
        internal static IReadOnlyList<string> Profiles(string location)
        {
            var home = Environment.GetEnvironmentVariable("HOME") ?? Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
            var credentials = location ?? Environment.GetEnvironmentVariable("AWS_SHARED_CREDENTIALS_FILE") ?? Path.Combine(home ?? ".", ".aws", "credentials");
            var config = Environment.GetEnvironmentVariable("AWS_CONFIG_FILE") ?? Path.Combine(home ?? ".", ".aws", "config");
            var names = new SortedSet<string>(StringComparer.Ordinal);
            foreach (var section in Sections(credentials)) names.Add(section);
            foreach (var section in Sections(config))
            {
                // In the config file profiles are [profile name] (and [default]); [sso-session x] / [services x] are not profiles.
                if (section == "default") names.Add(section);
                else if (section.StartsWith("profile ", StringComparison.Ordinal)) names.Add(section.Substring("profile ".Length).Trim());
            }
            return names.ToList();
        }

        private static IEnumerable<string> Sections(string path)
        {
            if (string.IsNullOrEmpty(path) || !File.Exists(path)) yield break;
            foreach (var raw in File.ReadLines(path))
            {
                var line = raw.Trim();
                if (line.Length > 2 && line[0] == '[' && line[line.Length - 1] == ']')
                {
                    var name = line.Substring(1, line.Length - 2).Trim();
                    if (name.Length > 0) yield return name;
                }
            }
        }
    }
}
