using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using PcHpc.Core.Bootstrap;
using PcHpc.TestSupport;
using PcHpc.Tests.Support;

namespace PcHpc.Tests.Core.Bootstrap
{
    /// <summary>
    /// The generated software-stack script, for real: Debian's shellcheck over it, and bash running it in a throwaway
    /// root with Debian's Lmod and the recording stand-ins for git and spack (tests/bootstrap).
    /// </summary>
    public class SoftwareStackScriptTests
    {
        private static string StandIns => Path.Combine(TestEnvironment.RepoRoot, "tests", "bootstrap");

        private static SoftwareStack Bio(params string[] packages) => SoftwareStackScript.New(new SoftwareStackOptions
        {
            Name = "bio",
            Packages = packages.Length > 0 ? packages : new[] { "samtools@1.17", "bwa@0.7.17" },
            Compilers = new[] { "gcc@11.3.0" },
            Users = new[] { "alice:2001", "bob:2002:3000" },
        });

        private static string SandboxUnavailable => StackSandbox.Unavailable();

        public static TheoryData<string> Stacks() => new TheoryData<string> { "plain", "mount", "nolmod", "quotes" };

        private static SoftwareStack StackFor(string kind) => kind switch
        {
            "mount" => SoftwareStackScript.New(new SoftwareStackOptions { Name = "ref", Packages = new[] { "htop" }, MountBucket = "my-reference-data", MountPath = "/data/ref" }),
            "nolmod" => SoftwareStackScript.New(new SoftwareStackOptions { Name = "x", Packages = new[] { "zlib@1.3" }, Lmod = false, InstallRoot = "/opt/apps/spack/" }),
            "quotes" => SoftwareStackScript.New(new SoftwareStackOptions { Name = "q", Packages = new[] { "py-numpy@1.26 cflags='-O3 -g' ^openblas threads=openmp" } }),
            _ => Bio(),
        };

        [SkippableTheory]
        [MemberData(nameof(Stacks))]
        public void GeneratedScript_IsShellcheckClean(string kind)
        {
            var shellcheck = new[] { "/usr/bin/shellcheck", "/usr/local/bin/shellcheck" }.FirstOrDefault(File.Exists);
            Skip.If(shellcheck == null, "needs Debian's shellcheck (apt-get install shellcheck; .ci/run installs it)");
            var file = Path.Combine(Path.GetTempPath(), "pchpc-shellcheck-" + Guid.NewGuid().ToString("N") + ".sh");
            File.WriteAllText(file, StackFor(kind).Script);
            try
            {
                var psi = new ProcessStartInfo(shellcheck) { RedirectStandardOutput = true, RedirectStandardError = true };
                psi.ArgumentList.Add("--severity=style");
                psi.ArgumentList.Add(file);
                using var p = Process.Start(psi)!;
                var output = p.StandardOutput.ReadToEnd() + p.StandardError.ReadToEnd();
                p.WaitForExit();
                Assert.True(p.ExitCode == 0, "shellcheck found problems:\n" + output);
            }
            finally { File.Delete(file); }
        }

        [Fact]
        public void Script_IsDeterministic_AndCarriesTheSettings()
        {
            var a = Bio();
            Assert.Equal(a.Script, Bio().Script);
            Assert.Matches("^pchpc-stack-bio-[0-9a-f]{12}\\.sh$", a.FileName);
            Assert.Contains("PACKAGES=(\n  'samtools@1.17'\n  'bwa@0.7.17'\n)\nCOMPILERS=(\n  'gcc@11.3.0'\n)\nUSERS=(\n  'alice:2001:2001'\n  'bob:2002:3000'\n)\n", a.Script);
            Assert.StartsWith("#!/bin/bash\n", a.Script);
            Assert.Contains("py-numpy@1.26 cflags='\\''-O3 -g'\\'' ^openblas", StackFor("quotes").Script);
        }

        [SkippableFact]
        public void HeadNode_BuildsTheStack_AndASecondRunChangesNothing()
        {
            Skip.If(SandboxUnavailable != null, SandboxUnavailable);
            using var box = new StackSandbox(StandIns);
            var stack = Bio();
            Assert.True(box.RunScript(stack.Script, out var output) == 0, output);

            // Users with the given ids, home directories on the head node.
            var passwd = box.ReadRootFile("etc/passwd");
            Assert.Contains("alice:x:2001:2001::/home/alice:/bin/bash\n", passwd);
            Assert.Contains("bob:x:2002:3000::/home/bob:/bin/bash\n", passwd);
            Assert.Contains("bob:x:3000:\n", box.ReadRootFile("etc/group"));
            Assert.True(Directory.Exists(Path.Combine(box.Root, "home", "alice")));

            // Spack cloned at the version, compilers first, module config written, module files generated.
            var calls = File.ReadAllLines(Path.Combine(box.Root, "shared/spack/.stand-in/calls"));
            Assert.Equal(new[] { "install --fail-fast gcc@11.3.0", "install --fail-fast samtools@1.17", "install --fail-fast bwa@0.7.17" },
                calls.Where(c => c.StartsWith("install", StringComparison.Ordinal)).ToArray());
            Assert.Contains(calls, c => c.StartsWith("compiler find --scope site " + box.Root + "/shared/spack/opt/gcc-11.3.0", StringComparison.Ordinal));
            Assert.Contains("      tcl: " + box.Root + "/shared/spack/modules\n", box.ReadRootFile("shared/spack/etc/spack/modules.yaml"));
            Assert.True(File.Exists(Path.Combine(box.Root, "shared/spack/modules/samtools/1.17")));

            // Status: every package installed with a time, and the result.
            var status = box.ReadRootFile("var/lib/pchpc/software/bio.status").Split('\n');
            Assert.Equal("stack\tbio\t/shared/spack\t/shared/spack/modules\tv0.22.2", status[0]);
            Assert.Matches("^package\tsamtools@1\\.17\tinstalled\t\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ$", status.Single(l => l.Contains("samtools")));
            Assert.Matches("^finished\t\\S+Z\tinstalled$", status.Single(l => l.StartsWith("finished", StringComparison.Ordinal)));
            Assert.Contains("spack install samtools@1.17", box.ReadRootFile("var/log/pchpc/software-bio.log"));

            // Real Lmod, through the profile script the stack wrote: the modules are listed and load.
            var lmod = box.Bash($". {StackSandbox.LmodInit}; . {box.Root}/etc/profile.d/z01-pchpc-bio.sh; module -t avail 2>&1; module load samtools/1.17 bwa/0.7.17 && echo \"PATH=$PATH\"", out var code);
            Assert.True(code == 0, lmod);
            Assert.Contains("samtools/1.17", lmod);
            Assert.Contains("gcc/11.3.0", lmod);
            Assert.Contains(box.Root + "/shared/spack/opt/samtools-1.17/bin", lmod.Split('\n').Single(l => l.StartsWith("PATH=", StringComparison.Ordinal)));

            var before = box.Snapshot();
            Assert.True(box.RunScript(stack.Script, out output) == 0, output);
            var after = box.Snapshot();
            var changed = before.Keys.Union(after.Keys).Where(k => !before.TryGetValue(k, out var b) || !after.TryGetValue(k, out var a) || a != b).ToList();
            Assert.True(changed.Count == 0, "the second run changed: " + string.Join(", ", changed));
            Assert.Equal(3, File.ReadAllLines(Path.Combine(box.Root, "shared/spack/.stand-in/calls")).Count(c => c.StartsWith("install", StringComparison.Ordinal)));
            Assert.Contains("nothing to do", box.ReadRootFile("var/log/pchpc/software-bio.log"));
        }

        [SkippableFact]
        public void FailingPackage_EndsInTheStatusFile_AndARerunInstallsOnlyIt()
        {
            Skip.If(SandboxUnavailable != null, SandboxUnavailable);
            using var box = new StackSandbox(StandIns);
            var stack = Bio();
            Assert.True(box.RunScript(stack.Script, out var output, failSpecs: "bwa@0.7.17") == 0, output);
            var status = box.ReadRootFile("var/lib/pchpc/software/bio.status");
            Assert.Matches("\npackage\tbwa@0\\.7\\.17\tfailed: ==> Error: FetchError: All fetchers failed for bwa-0\\.7\\.17\t\\S+Z\n", status);
            Assert.Matches("\nfinished\t\\S+Z\tfailed: bwa@0\\.7\\.17 ==> Error: FetchError: All fetchers failed for bwa-0\\.7\\.17\n$", status);
            Assert.Contains("\npackage\tsamtools@1.17\tinstalled\t", status);

            Assert.True(box.RunScript(stack.Script, out output) == 0, output);
            var installs = File.ReadAllLines(Path.Combine(box.Root, "shared/spack/.stand-in/calls")).Where(c => c.StartsWith("install", StringComparison.Ordinal)).ToArray();
            Assert.Equal("install --fail-fast bwa@0.7.17", installs.Last());
            Assert.Equal(4, installs.Length);
            Assert.Matches("\nfinished\t\\S+Z\tinstalled\n$", box.ReadRootFile("var/lib/pchpc/software/bio.status"));
        }

        [SkippableFact]
        public void ComputeNode_OnlyUsesTheStack()
        {
            Skip.If(SandboxUnavailable != null, SandboxUnavailable);
            using var box = new StackSandbox(StandIns) { NodeType = "ComputeFleet" };
            Assert.True(box.RunScript(Bio().Script, out var output) == 0, output);
            Assert.Contains("alice:x:2001:2001::/home/alice:/bin/bash\n", box.ReadRootFile("etc/passwd"));
            Assert.False(Directory.Exists(Path.Combine(box.Root, "home", "alice")), "compute nodes share /home from the head node");
            Assert.False(Directory.Exists(Path.Combine(box.Root, "shared", "spack")), "compute nodes must not build");
            Assert.False(File.Exists(Path.Combine(box.Root, "var/lib/pchpc/software/bio.status")));
            Assert.Contains(box.Root + "/shared/spack/modules", box.ReadRootFile("etc/profile.d/z01-pchpc-bio.sh"));
        }

        [SkippableFact]
        public void UserWithAnotherUid_StopsTheScript_WithAStatus()
        {
            Skip.If(SandboxUnavailable != null, SandboxUnavailable);
            using var box = new StackSandbox(StandIns);
            File.AppendAllText(Path.Combine(box.Root, "etc", "group"), "alice:x:2001:\n");
            File.AppendAllText(Path.Combine(box.Root, "etc", "passwd"), "alice:x:2501:2001::/home/alice:/bin/bash\n");
            Assert.NotEqual(0, box.RunScript(Bio().Script, out var output));
            Assert.Contains("user alice has uid 2501, not 2001", output);
            Assert.Matches("\nfinished\t\\S+Z\tfailed: setup line \\d+ exit 1\n$", box.ReadRootFile("var/lib/pchpc/software/bio.status"));
        }
    }
}
