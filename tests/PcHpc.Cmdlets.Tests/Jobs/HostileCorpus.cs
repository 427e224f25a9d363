using System.Collections.Generic;
using System.Linq;

namespace PcHpc.Cmdlets.Tests.Jobs
{
    /// <summary>Inputs that would run something (touch a canary file) or change meaning if any layer spliced them into a shell line.</summary>
    public static class HostileCorpus
    {
        public static List<string> Build(string canaryDir)
        {
            string C(string n) => canaryDir + "/" + n;
            var list = new List<string>
            {
                "", " ", "   ", "\t", "\n", "\r", "\r\n", "a\nb", "a\rb", "a\tb",
                "'", "\"", "`", "''", "\"\"", "'\"'\"'",
                "$(touch " + C("c1") + ")", "`touch " + C("c2") + "`", "'; touch " + C("c3") + "; '", "\"; touch " + C("c4") + "; \"",
                "; touch " + C("c5"), "&& touch " + C("c6"), "|| touch " + C("c7"), "| tee " + C("c8"), "> " + C("c9"), ">> " + C("c10"),
                "< /etc/passwd", "x\ntouch " + C("c11"), "x\r\ntouch " + C("c12"), "$((1+1))", "${HOME}", "$HOME", "$0", "$1", "$@", "${!x}",
                "\\", "\\\\", "\\n", "\\'", "a\\", "*", "?", "[", "[a-z]*", "/*", "~", "~root", "~/x",
                "%j", "%A_%a", "%x %u %N", "%%", "--wrap=touch " + C("c13"), "-o /etc/passwd", "--output=/tmp/x", "-", "--",
                "#!/bin/sh\ntouch " + C("c14"), "#SBATCH --wrap=touch " + C("c15"), "#SBATCH -o /etc/passwd",
                "שלום עולם", "\u202Egnp.exe", "😀🚀 emoji", "e\u0301\u0301\u0301 combining", "中文 日本語 한국어", "\u200B\uFEFFzero-width",
                "!!", "!$", "{a,b}", "a=b c=d", "IFS=x", "$IFS", "\u0001\u0002\u001b[31m", "\x7f",
                "'$(touch " + C("c16") + ")'", "\"$(touch " + C("c17") + ")\"", "$(printf '%s' x > " + C("c18") + ")",
                "eval touch " + C("c19"), "exec touch " + C("c20"),
                new string('A', 100 * 1024),
                string.Concat(Enumerable.Repeat("'\"`$(;|&)\n", 2000)),
            };
            return list;
        }
    }
}
