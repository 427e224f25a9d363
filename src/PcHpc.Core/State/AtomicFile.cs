using System;
using System.IO;
using System.Threading;

namespace PcHpc.Core.State
{
    /// <summary>Crash-safe whole-file writes: write a temp file beside the target, flush it to disk, then rename over.</summary>
    internal static class AtomicFile
    {
        /// <summary>Temp files are named ".&lt;target&gt;.&lt;random&gt;.tmp" so listings (which skip dot files) never see them.</summary>
        public const string TempSuffix = ".tmp";

        public static string TempPathFor(string target)
        {
            var dir = Path.GetDirectoryName(target);
            return Path.Combine(dir, "." + Path.GetFileName(target) + "." + Guid.NewGuid().ToString("N").Substring(0, 12) + TempSuffix);
        }

        public static void Write(string target, byte[] content)
        {
            var temp = TempPathFor(target);
            try
            {
                using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 4096, FileOptions.None))
                {
                    // Restrict before any byte is written so the content is never readable by others.
                    UnixNative.Chmod(temp, UnixNative.FileMode);
                    stream.Write(content, 0, content.Length);
                    stream.Flush(flushToDisk: true);
                }
                Replace(temp, target);
                temp = null;
            }
            finally
            {
                if (temp != null)
                {
                    try { File.Delete(temp); } catch (IOException) { } catch (UnauthorizedAccessException) { }
                }
            }
        }

        /// <summary>
        /// Unix: rename(2), atomic (readers see the old or the new file, never a mix). Windows: File.Replace when the
        /// target exists (ReplaceFile, keeps the target's ACL), File.Move otherwise; retried briefly because a reader or
        /// an antivirus scanner may hold the file for a moment.
        /// </summary>
        public static void Replace(string temp, string target)
        {
            if (UnixNative.IsUnix && UnixNative.TryRename(temp, target))
            {
                return;
            }

            for (var attempt = 0; ; attempt++)
            {
                try
                {
                    if (File.Exists(target))
                    {
                        File.Replace(temp, target, null, ignoreMetadataErrors: true);
                    }
                    else
                    {
                        File.Move(temp, target);
                    }
                    return;
                }
                catch (Exception ex) when ((ex is IOException || ex is UnauthorizedAccessException) && attempt < 20)
                {
                    if (ex is FileNotFoundException && !File.Exists(temp)) throw;
                    Thread.Sleep(5 * (attempt + 1));
                }
            }
        }
    }
}
