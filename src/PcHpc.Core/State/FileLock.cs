using System;
using System.Diagnostics;
using System.IO;
using System.Threading;

namespace PcHpc.Core.State
{
    /// <summary>
    /// A cross-process exclusive lock: a lock file opened with FileShare.None (plus flock on Unix), retried with
    /// jittered exponential backoff up to a bounded wait. The lock file stays in place; only the open handle matters,
    /// so a crashed holder never leaves a stale lock behind.
    /// </summary>
    internal sealed class FileLock : IDisposable
    {
        private static readonly ThreadLocal<Random> Jitter = new ThreadLocal<Random>(() => new Random(Guid.NewGuid().GetHashCode()));
        private FileStream _stream;

        private FileLock(FileStream stream, string path)
        {
            _stream = stream;
            Path = path;
        }

        public string Path { get; }

        public static FileLock Acquire(string path, TimeSpan timeout, CancellationToken cancellationToken = default)
        {
            var watch = Stopwatch.StartNew();
            var delayCap = 2;
            while (true)
            {
                cancellationToken.ThrowIfCancellationRequested();
                FileStream stream = null;
                try
                {
                    var existed = File.Exists(path);
                    stream = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.None);
                    if (UnixNative.TryFlock(stream))
                    {
                        if (!existed) UnixNative.Chmod(path, UnixNative.FileMode);
                        return new FileLock(stream, path);
                    }
                    stream.Dispose();
                }
                catch (IOException ex) when (IsHeldElsewhere(ex))
                {
                    stream?.Dispose();
                }
                catch (IOException ex)
                {
                    // Read-only file system, no space, folder gone: waiting would only turn this into a false
                    // "another command holds the lock" after the timeout.
                    stream?.Dispose();
                    throw Unavailable(path, ex);
                }
                catch (UnauthorizedAccessException ex)
                {
                    stream?.Dispose();
                    // On Windows a file being deleted/opened elsewhere can briefly report access denied; retry, but
                    // give up with the real cause once the wait is over. On Unix access denied is the folder's
                    // permissions (or immutable flag) and never goes away by waiting.
                    if (UnixNative.IsUnix || watch.Elapsed >= timeout)
                    {
                        throw Unavailable(path, ex);
                    }
                }

                if (watch.Elapsed >= timeout)
                {
                    throw new Errors.PcHpcException(Errors.ErrorKind.LocalState, "StateLockTimeout",
                        $"Another PcHpc command has held the state lock '{path}' for more than {timeout.TotalSeconds:0.#} seconds; wait for it to finish and try again.")
                    { Target = path };
                }

                var remaining = timeout - watch.Elapsed;
                var sleep = Math.Max(1, Math.Min(Jitter.Value.Next(1, delayCap + 1), (int)Math.Ceiling(remaining.TotalMilliseconds)));
                if (cancellationToken.CanBeCanceled)
                {
                    cancellationToken.WaitHandle.WaitOne(sleep);
                }
                else
                {
                    Thread.Sleep(sleep);
                }
                delayCap = Math.Min(delayCap * 2, 50);
            }
        }

        /// <summary>
        /// True for a sharing/lock violation (another handle has the file): EWOULDBLOCK on Unix (11 on Linux, 35 on
        /// macOS/BSD), ERROR_SHARING_VIOLATION / ERROR_LOCK_VIOLATION on Windows.
        /// </summary>
        internal static bool IsHeldElsewhere(IOException ex)
        {
            if (ex is FileNotFoundException || ex is DirectoryNotFoundException || ex is PathTooLongException) return false;
            var code = ex.HResult;
            return UnixNative.IsUnix ? code == 11 || code == 35 : code == unchecked((int)0x80070020) || code == unchecked((int)0x80070021);
        }

        private static Errors.PcHpcException Unavailable(string path, Exception ex)
        {
            var reason = ex is UnauthorizedAccessException ? "access denied" : ex.Message.Replace(" : '" + path + "'", string.Empty).TrimEnd('.');
            return new Errors.PcHpcException(Errors.ErrorKind.LocalState, "StateFolderNotWritable",
                $"Cannot open the state lock file '{path}' ({reason}): the folder is not writable by you. " +
                "Check its owner and permissions (or whether its disk is mounted read-only), or set PCHPC_HOME to a folder you own.", ex)
            { Target = path };
        }

        public void Dispose()
        {
            var stream = Interlocked.Exchange(ref _stream, null);
            stream?.Dispose(); // Closing the descriptor releases both FileShare.None and flock.
        }
    }
}
