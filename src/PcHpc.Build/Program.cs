using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;

namespace PcHpc.Build
{
    /// <summary>
    /// dotnet run --project src/PcHpc.Build -c Release                 build out/PcHpc (module ready for Import-Module)
    /// dotnet run --project src/PcHpc.Build -c Release -- help         regenerate en-US/ from docs/ only
    /// dotnet run --project src/PcHpc.Build -c Release -- update-docs  write/refresh docs pages from the cmdlets
    /// </summary>
    internal static class Program
    {
        private static int Main(string[] args)
        {
            var verb = args.FirstOrDefault() ?? "package";
            var configuration = Environment.GetEnvironmentVariable("PCHPC_CONFIGURATION") ?? "Release";
            var root = FindRepoRoot();
            try
            {
                switch (verb)
                {
                    case "package": Package(root, configuration); break;
                    case "help": WriteHelp(root, Path.Combine(root, "en-US")); break;
                    case "update-docs": UpdateDocs(root, configuration); break;
                    default:
                        Console.Error.WriteLine($"Unknown verb '{verb}'. Use package (default), help or update-docs.");
                        return 2;
                }
                return 0;
            }
            catch (BuildException ex)
            {
                Console.Error.WriteLine("error: " + ex.Message);
                return 1;
            }
        }

        internal static string FindRepoRoot()
        {
            var dir = new DirectoryInfo(Directory.GetCurrentDirectory());
            while (dir != null && !File.Exists(Path.Combine(dir.FullName, "PcHpc.psd1"))) dir = dir.Parent;
            if (dir == null)
            {
                dir = new DirectoryInfo(AppContext.BaseDirectory);
                while (dir != null && !File.Exists(Path.Combine(dir.FullName, "PcHpc.psd1"))) dir = dir.Parent;
            }
            return dir?.FullName ?? throw new BuildException("Run this from inside the PcHpc repository (no PcHpc.psd1 found above the current directory).");
        }

        public static string Package(string root, string configuration)
        {
            var outRoot = Path.Combine(root, "out");
            var moduleDir = Path.Combine(outRoot, "PcHpc");
            var publishDir = Path.Combine(outRoot, ".publish", "PcHpc");
            var isolationDir = Path.Combine(outRoot, ".publish", "Isolation");
            Console.WriteLine($"Publishing src/PcHpc ({configuration}) ...");
            ModuleLayout.Publish(root, configuration, "src/PcHpc/PcHpc.csproj", publishDir);
            ModuleLayout.Publish(root, configuration, "src/PcHpc.Isolation/PcHpc.Isolation.csproj", isolationDir);

            if (Directory.Exists(moduleDir)) Directory.Delete(moduleDir, true);
            Directory.CreateDirectory(moduleDir);
            ModuleLayout.CopyAssemblies(publishDir, isolationDir, moduleDir);
            File.Copy(Path.Combine(root, "PcHpc.psd1"), Path.Combine(moduleDir, "PcHpc.psd1"));

            var formatsDir = Path.Combine(root, "src", "PcHpc", "Formats");
            var formats = Directory.Exists(formatsDir) ? Directory.GetFiles(formatsDir, "*.format.ps1xml") : new string[0];
            var merged = FormatMerger.Merge(formats);
            merged.Save(Path.Combine(moduleDir, "PcHpc.format.ps1xml"));

            var problems = Check(root, moduleDir, merged);
            WriteHelp(root, Path.Combine(root, "en-US"));
            WriteHelp(root, Path.Combine(moduleDir, "en-US"));
            if (problems.Count > 0)
            {
                throw new BuildException("the module is not consistent:\n  " + string.Join("\n  ", problems));
            }
            Console.WriteLine($"Built {moduleDir} (version {Manifest.Load(Path.Combine(root, "PcHpc.psd1")).ModuleVersion}). Import-Module {Path.Combine("out", "PcHpc")}");
            return moduleDir;
        }

        /// <summary>Manifest exports, editions and version, the layout, docs and table views against what was actually built.</summary>
        internal static List<string> Check(string root, string moduleDir, System.Xml.Linq.XDocument mergedFormats)
        {
            var problems = new List<string>();
            var manifest = Manifest.Load(Path.Combine(root, "PcHpc.psd1"));
            problems.AddRange(manifest.CompatibilityProblems(ModuleLayout.DotNetMajorOf(Path.Combine(moduleDir, Manifest.IsolationModule))));
            problems.AddRange(ModuleLayout.LayoutProblems(moduleDir));
            var cmdlets = CmdletMetadata.FromAssembly(ModuleLayout.LoadForInspection(moduleDir));
            var compiled = cmdlets.Select(c => c.Name).ToList();
            foreach (var missing in compiled.Except(manifest.CmdletsToExport, StringComparer.OrdinalIgnoreCase))
                problems.Add($"PcHpc.psd1 CmdletsToExport lacks {missing}.");
            foreach (var extra in manifest.CmdletsToExport.Except(compiled, StringComparer.OrdinalIgnoreCase))
                problems.Add($"PcHpc.psd1 exports {extra}, which is not a cmdlet of PcHpc.dll.");
            var viewed = FormatMerger.ViewedTypes(mergedFormats);
            foreach (var cmdlet in cmdlets)
            {
                var page = Path.Combine(root, "docs", cmdlet.Name + ".md");
                if (!File.Exists(page))
                {
                    problems.Add($"{cmdlet.Name}: docs/{cmdlet.Name}.md is missing (run: dotnet run --project src/PcHpc.Build -- update-docs).");
                    continue;
                }
                problems.AddRange(DocsChecker.Check(cmdlet, MarkdownHelpReader.ReadFile(page)));
                if (cmdlet.OutputTypes.Count == 0) problems.Add($"{cmdlet.Name}: has no [OutputType].");
                foreach (var type in cmdlet.OutputTypes.Where(t => t.StartsWith("PcHpc.", StringComparison.Ordinal) && !viewed.Contains(t)))
                    problems.Add($"{cmdlet.Name}: output type {type} has no table view in src/PcHpc/Formats.");
            }
            return problems;
        }

        internal static void WriteHelp(string root, string target)
        {
            Directory.CreateDirectory(target);
            var docs = Path.Combine(root, "docs");
            var pages = Directory.GetFiles(docs, "*.md").Where(p => !Path.GetFileName(p).StartsWith("about_", StringComparison.OrdinalIgnoreCase));
            var maml = MamlWriter.Write(pages.Select(MarkdownHelpReader.ReadFile));
            File.WriteAllText(Path.Combine(target, "PcHpc.dll-Help.xml"), maml, new UTF8Encoding(false));
            foreach (var about in Directory.GetFiles(docs, "about_*.md"))
            {
                var name = Path.GetFileNameWithoutExtension(about) + ".help.txt";
                File.WriteAllText(Path.Combine(target, name), AboutTopicWriter.Write(File.ReadAllText(about)), new UTF8Encoding(false));
            }
        }

        private static void UpdateDocs(string root, string configuration)
        {
            var moduleDir = Package(root, configuration, checkOnly: false);
            foreach (var cmdlet in CmdletMetadata.FromAssembly(ModuleLayout.LoadForInspection(moduleDir)))
            {
                var page = Path.Combine(root, "docs", cmdlet.Name + ".md");
                var existing = File.Exists(page) ? MarkdownHelpReader.ReadFile(page) : null;
                File.WriteAllText(page, DocsUpdater.Render(cmdlet, existing), new UTF8Encoding(false));
                Console.WriteLine((existing == null ? "created " : "updated ") + Path.GetRelativePath(root, page));
            }
        }

        private static string Package(string root, string configuration, bool checkOnly)
        {
            try
            {
                return Package(root, configuration);
            }
            catch (BuildException) when (!checkOnly)
            {
                // update-docs exists to fix the docs problems Package reports; the layout is complete by then.
                return Path.Combine(root, "out", "PcHpc");
            }
        }
    }
}
