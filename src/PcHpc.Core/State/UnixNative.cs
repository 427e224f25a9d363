using System;
using System.IO;
using System.Runtime.InteropServices;

namespace PcHpc.Core.State
{
    /// <summary>The few POSIX calls netstandard2.0 lacks: chmod, rename(2) and flock. No-ops / false on Windows.</summary>
    internal static class UnixNative
    {
        public static readonly bool IsUnix = !RuntimeInformation.IsOSPlatform(OSPlatform.Windows);

        public const int DirectoryMode = 0x1C0; // 0700
        public const int FileMode = 0x180;      // 0600
        public const int ReadOnlyFileSystem = 30; // EROFS on Linux and macOS

        private const int LOCK_EX = 2;
        private const int LOCK_NB = 4;

        [DllImport("libc", EntryPoint = "chmod", SetLastError = true)]
        private static extern int chmod_native(string path, int mode);

        [DllImport("libc", EntryPoint = "rename", SetLastError = true)]
        private static extern int rename_native(string oldPath, string newPath);

        [DllImport("libc", EntryPoint = "flock", SetLastError = true)]
        private static extern int flock_native(int fd, int operation);

        /// <summary>Sets the permission bits on Unix; throws a clear error when it fails.</summary>
        public static void Chmod(string path, int mode)
        {
            if (!IsUnix) return;
            int rc;
            try
            {
                rc = chmod_native(path, mode);
            }
            catch (Exception ex) when (ex is DllNotFoundException || ex is EntryPointNotFoundException)
            {
                return; // No libc to call (exotic runtime): leave the umask's permissions.
            }
            if (rc != 0)
            {
                var errno = Marshal.GetLastWin32Error();
                throw new Errors.PcHpcException(Errors.ErrorKind.LocalState, errno == ReadOnlyFileSystem ? "StateFolderReadOnly" : "StatePermissionsFailed",
                    $"Cannot restrict the permissions of '{path}' to owner-only ({Describe(errno)}); check that you own it, or set PCHPC_HOME to a folder you own.")
                { Target = path };
            }
        }

        private static string Describe(int errno)
        {
            switch (errno)
            {
                case 1: return "operation not permitted: the folder belongs to another user or is immutable";
                case 13: return "permission denied";
                case ReadOnlyFileSystem: return "read-only file system";
                default: return "errno " + errno;
            }
        }

        /// <summary>
        /// Atomically replaces <paramref name="destination"/> with <paramref name="source"/> (rename(2) on Unix).
        /// Returns false when the native call is unavailable so the caller can fall back.
        /// </summary>
        public static bool TryRename(string source, string destination)
        {
            int rc;
            try
            {
                rc = rename_native(source, destination);
            }
            catch (Exception ex) when (ex is DllNotFoundException || ex is EntryPointNotFoundException)
            {
                return false;
            }
            if (rc != 0)
            {
                var errno = Marshal.GetLastWin32Error();
                throw new IOException($"rename('{source}', '{destination}') failed with errno {errno}.");
            }
            return true;
        }

        /// <summary>
        /// Takes an exclusive non-blocking flock on the stream's descriptor. .NET already does this for FileShare.None
        /// unless DOTNET_SYSTEM_IO_DISABLEFILELOCKING is set; doing it ourselves keeps the lock real either way.
        /// Returns false when another descriptor holds the lock.
        /// </summary>
        public static bool TryFlock(FileStream stream)
        {
            if (!IsUnix) return true;
            var handle = stream.SafeFileHandle;
            var added = false;
            try
            {
                handle.DangerousAddRef(ref added);
                var fd = handle.DangerousGetHandle().ToInt32();
                return flock_native(fd, LOCK_EX | LOCK_NB) == 0;
            }
            catch (Exception ex) when (ex is DllNotFoundException || ex is EntryPointNotFoundException)
            {
                return true; // Rely on FileShare.None alone.
            }
            finally
            {
                if (added) handle.DangerousRelease();
            }
        }
    }
}
