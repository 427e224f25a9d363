using System;
using System.IO;
using System.Text;
using PcHpc.Core.Errors;

namespace PcHpc.Core.Config
{
    /// <summary>Reads configs from and writes them to files; writes are atomic (temp file in the same folder, then replace).</summary>
    public static class ConfigFile
    {
        private static readonly Encoding Utf8NoBom = new UTF8Encoding(false);

        public static ClusterConfig Read(string path)
        {
            string text;
            try
            {
                text = File.ReadAllText(path);
            }
            catch (Exception ex) when (ex is FileNotFoundException || ex is DirectoryNotFoundException)
            {
                throw new PcHpcException(ErrorKind.NotFound, "ConfigFileNotFound",
                    $"The file '{path}' does not exist; check the path.", ex) { Target = path };
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
            {
                throw new PcHpcException(ErrorKind.LocalState, "ConfigFileUnreadable",
                    $"The file '{path}' can't be read ({ex.Message}); check that it is not locked and that you may read it.", ex) { Target = path };
            }
            return ConfigYaml.Parse(text, path);
        }

        /// <summary>Writes <paramref name="text"/> to <paramref name="path"/> atomically; with noClobber an existing file is an error.</summary>
        public static void WriteAtomic(string path, string text, bool noClobber)
        {
            var full = Path.GetFullPath(path);
            var dir = Path.GetDirectoryName(full);
            if (!Directory.Exists(dir))
            {
                throw new PcHpcException(ErrorKind.NotFound, "ConfigFolderNotFound",
                    $"The folder '{dir}' does not exist; create it or choose another -Path.") { Target = path };
            }
            if (noClobber && File.Exists(full))
            {
                throw new PcHpcException(ErrorKind.AlreadyExists, "ConfigFileExists",
                    $"The file '{full}' already exists and -NoClobber was given; choose another -Path or leave out -NoClobber.") { Target = path };
            }
            var temp = Path.Combine(dir, "." + Path.GetFileName(full) + "." + Guid.NewGuid().ToString("N") + ".tmp");
            try
            {
                File.WriteAllText(temp, text, Utf8NoBom);
                if (File.Exists(full))
                {
                    if (noClobber)
                    {
                        throw new PcHpcException(ErrorKind.AlreadyExists, "ConfigFileExists",
                            $"The file '{full}' already exists and -NoClobber was given; choose another -Path or leave out -NoClobber.") { Target = path };
                    }
                    File.Replace(temp, full, null);
                }
                else
                {
                    File.Move(temp, full);
                }
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
            {
                throw new PcHpcException(ErrorKind.LocalState, "ConfigFileWriteFailed",
                    $"The file '{full}' can't be written ({ex.Message}); check the folder's permissions and free space.", ex) { Target = path };
            }
            finally
            {
                if (File.Exists(temp))
                {
                    try { File.Delete(temp); } catch (IOException) { } catch (UnauthorizedAccessException) { }
                }
            }
        }
    }
}
