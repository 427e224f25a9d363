using System;
using System.IO;
using System.Text;
using PcHpc.Core.Errors;

namespace PcHpc.Core.Network
{
    /// <summary>Writes a network template to a file, for users who deploy it with their own tooling.</summary>
    public static class VpcTemplateExporter
    {
        /// <summary>
        /// Writes the template for <paramref name="plan"/> to <paramref name="path"/> (already resolved by the cmdlet's
        /// Seam.ResolveFilePath) as UTF-8 without BOM. Refuses to replace an existing file unless <paramref name="force"/>.
        /// The file is written beside the target first and then moved, so a failure never leaves half a template.
        /// </summary>
        public static FileInfo Export(NetworkPlan plan, string path, bool force = false)
        {
            if (plan == null) throw new ArgumentNullException(nameof(plan));
            if (string.IsNullOrWhiteSpace(path))
                throw new PcHpcException(ErrorKind.InvalidArgument, "TemplatePathMissing", "No file path was given for the template; pass a path such as ./network.json.");
            var full = Path.GetFullPath(path);
            if (Directory.Exists(full))
                throw new PcHpcException(ErrorKind.InvalidArgument, "TemplatePathIsDirectory",
                    "'" + full + "' is a folder; give a file name such as " + Path.Combine(full, plan.Name + ".json") + ".") { Target = full };
            if (File.Exists(full) && !force)
                throw new PcHpcException(ErrorKind.AlreadyExists, "TemplateFileExists",
                    "The file '" + full + "' already exists; use -Force to replace it or choose another path.") { Target = full };
            var dir = Path.GetDirectoryName(full);
            if (!string.IsNullOrEmpty(dir) && !Directory.Exists(dir))
                throw new PcHpcException(ErrorKind.NotFound, "TemplateFolderNotFound",
                    "The folder '" + dir + "' does not exist; create it first or choose another path.") { Target = full };

            var json = VpcTemplateBuilder.Build(plan);
            var temp = full + "." + Guid.NewGuid().ToString("N").Substring(0, 8) + ".tmp";
            try
            {
                File.WriteAllText(temp, json, new UTF8Encoding(false));
                if (File.Exists(full)) File.Delete(full);
                File.Move(temp, full);
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
            {
                try { if (File.Exists(temp)) File.Delete(temp); } catch (IOException) { } catch (UnauthorizedAccessException) { }
                throw new PcHpcException(ErrorKind.LocalState, "TemplateWriteFailed",
                    "Could not write the template to '" + full + "' (" + ex.Message + "); check the path and your permissions.", ex) { Target = full };
            }
            return new FileInfo(full);
        }
    }
}
