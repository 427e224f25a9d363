using System;
using System.Diagnostics;
using System.IO;

namespace PcHpc.TestSupport
{
    /// <summary>
    /// Makes a folder really unwritable for the test process, which runs as root (so chmod alone stops nothing):
    /// a read-only bind mount of the folder onto itself (writes fail with EROFS, as on a read-only disk), or the
    /// immutable attribute (<c>chattr +i</c>: writes fail with EPERM even for root). Undone on Dispose.
    /// </summary>
    public sealed class ReadOnlyFolder : IDisposable
    {
        public enum Kind { ReadOnlyMount, Immutable }

        private ReadOnlyFolder(string path, Kind kind)
        {
            Path = path;
            How = kind;
        }

        public string Path { get; }
        public Kind How { get; }

        /// <summary>The folder made read-only the given way, or null with <paramref name="whyNot"/> when this machine cannot.</summary>
        public static ReadOnlyFolder TryMake(string path, Kind kind, out string whyNot)
        {
            whyNot = null;
            if (!OperatingSystem.IsLinux())
            {
                whyNot = "read-only mounts and chattr are Linux tools";
                return null;
            }
            var ok = kind == Kind.ReadOnlyMount
                ? Run("mount", "--bind", path, path) && (Run("mount", "-o", "remount,ro,bind", path) || !Run("umount", path))
                : Run("chattr", "+i", path);
            if (!ok)
            {
                whyNot = kind == Kind.ReadOnlyMount ? "this process may not mount (needs root with CAP_SYS_ADMIN)" : "chattr +i is not allowed here (needs root and an ext4/xfs/btrfs folder)";
                return null;
            }
            var probe = System.IO.Path.Combine(path, ".probe-" + Guid.NewGuid().ToString("N"));
            try
            {
                File.WriteAllText(probe, "x");
                File.Delete(probe);
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
            {
                return new ReadOnlyFolder(path, kind);
            }
            new ReadOnlyFolder(path, kind).Dispose();
            whyNot = "the folder stayed writable after " + kind;
            return null;
        }

        public void Dispose()
        {
            if (How == Kind.ReadOnlyMount) Run("umount", Path);
            else Run("chattr", "-i", Path);
        }

        private static bool Run(string file, params string[] args)
        {
            try
            {
                var psi = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
                foreach (var a in args) psi.ArgumentList.Add(a);
                using var p = Process.Start(psi);
                p.StandardOutput.ReadToEnd();
                p.StandardError.ReadToEnd();
                p.WaitForExit();
                return p.ExitCode == 0;
            }
            catch (System.ComponentModel.Win32Exception)
            {
                return false;
            }
        }
    }
}
