using System.Text;
using System.Text.RegularExpressions;

namespace PcHpc.Core.Clusters
{
    /// <summary>PowerShell-style wildcards (* ? [abc], ` escapes) for names, without System.Management.Automation.</summary>
    public static class NamePattern
    {
        /// <summary>A wildcard as a case-insensitive regex; null or empty matches all.</summary>
        public static Regex ToRegex(string pattern)
        {
            if (string.IsNullOrEmpty(pattern)) return new Regex(".*", RegexOptions.Singleline);
            var sb = new StringBuilder("^");
            for (var i = 0; i < pattern.Length; i++)
            {
                var ch = pattern[i];
                if (ch == '*') sb.Append(".*");
                else if (ch == '?') sb.Append('.');
                else if (ch == '[')
                {
                    var end = pattern.IndexOf(']', i + 1);
                    if (end > i + 1) { sb.Append('[').Append(pattern.Substring(i + 1, end - i - 1).Replace("\\", "\\\\")).Append(']'); i = end; }
                    else sb.Append("\\[");
                }
                else if (ch == '`' && i + 1 < pattern.Length) { sb.Append(Regex.Escape(pattern[++i].ToString())); }
                else sb.Append(Regex.Escape(ch.ToString()));
            }
            return new Regex(sb.Append('$').ToString(), RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.Singleline);
        }
    }
}
