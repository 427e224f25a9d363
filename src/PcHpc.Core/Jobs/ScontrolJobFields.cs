using System;
using System.Collections.Generic;

namespace PcHpc.Core.Jobs
{
    /// <summary>Reads the Key=Value pairs of one "scontrol show job -o" line; values may contain spaces, so a key is only recognised at a word start.</summary>
    internal static class ScontrolJobFields
    {
        private static readonly string[] WantedKeys =
        {
            "JobId", "ArrayJobId", "ArrayTaskId", "JobName", "JobState", "Reason", "ExitCode", "Partition", "NodeList",
            "UserId", "SubmitTime", "StartTime", "EndTime", "StdOut", "StdErr",
        };

        /// <summary>The values of the keys PcHpc reads (others are skipped without allocating).</summary>
        internal static Dictionary<string, string> KeyValues(string line)
        {
            var result = new Dictionary<string, string>(WantedKeys.Length, StringComparer.Ordinal);
            string key = null;
            var valueStart = 0;
            var i = 0;
            while (i < line.Length)
            {
                // A key starts at the line start or after a space, is [A-Za-z0-9_/:]+ and ends with '='.
                if (i == 0 || line[i - 1] == ' ')
                {
                    var j = i;
                    while (j < line.Length && IsKeyChar(line[j])) j++;
                    if (j > i && j < line.Length && line[j] == '=' && line[i] >= 'A' && line[i] <= 'Z')
                    {
                        if (key != null) result[key] = line.Substring(valueStart, Math.Max(0, i - 1 - valueStart));
                        key = null;
                        var length = j - i;
                        foreach (var wanted in WantedKeys)
                        {
                            if (wanted.Length == length && string.CompareOrdinal(line, i, wanted, 0, length) == 0)
                            {
                                key = wanted;
                                break;
                            }
                        }
                        valueStart = j + 1;
                        i = j + 1;
                        continue;
                    }
                }
                i++;
            }
            if (key != null) result[key] = line.Substring(valueStart).TrimEnd(' ');
            return result;
        }

        private static bool IsKeyChar(char c) => (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '/' || c == ':';
    }
}
