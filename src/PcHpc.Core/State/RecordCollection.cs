using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;

namespace PcHpc.Core.State
{
    /// <summary>Non-generic view of a collection (for diagnostics and the store's bookkeeping).</summary>
    public interface IRecordCollection
    {
        string Name { get; }
        string Directory { get; }
        Type RecordType { get; }
    }

    /// <summary>
    /// One folder of JSON record files, one file per key. Reads need no lock (writes are atomic renames, so a reader
    /// sees the old or the new file); every write is a read-modify-write under the collection's cross-process lock.
    /// </summary>
    public sealed partial class RecordCollection<T> : IRecordCollection where T : StateRecord
    {
        private const string LockFileName = ".lock";
        private readonly StateStore _store;
        private bool _tempsSwept;

        internal RecordCollection(StateStore store, string name, string directory)
        {
            _store = store;
            Name = name;
            Directory = directory;
        }

        public string Name { get; }
        public string Directory { get; }
        public Type RecordType => typeof(T);

        /// <summary>The lock file guarding writes to this collection.</summary>
        public string LockPath => Path.Combine(Directory, LockFileName);

        /// <summary>The file a key is stored in.</summary>
        public string PathFor(string key) => Path.Combine(Directory, StateKey.ToFileName(key));

        /// <summary>
        /// The record for <paramref name="key"/>, or null when there is none. A file that cannot be read or parsed costs
        /// only itself: it is moved aside (or, when that fails, skipped) with a warning naming it.
        /// </summary>
        public T TryGet(string key)
        {
            return ReadForCaller(PathFor(key));
        }

        /// <summary>
        /// Every readable record, ordered by key. A corrupt, truncated or unreadable file costs only itself (a warning
        /// naming it); a folder that cannot be listed gives a warning and no records, never an exception.
        /// </summary>
        public IReadOnlyList<T> List()
        {
            var records = new List<T>();
            List<string> paths;
            try
            {
                if (!System.IO.Directory.Exists(Directory)) return records;
                paths = System.IO.Directory.EnumerateFiles(Directory, "*" + StateKey.Extension).ToList();
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
            {
                _store.WarnOnce("list|" + Directory, $"Cannot list the state folder '{Directory}' ({ex.Message.TrimEnd('.')}); its {Name} records are left out. Check the folder's owner and permissions, or set PCHPC_HOME to a folder you own.");
                return records;
            }
            foreach (var path in paths)
            {
                var fileName = Path.GetFileName(path);
                if (fileName.StartsWith(".", StringComparison.Ordinal) || !fileName.EndsWith(StateKey.Extension, StringComparison.Ordinal)) continue;
                var record = ReadForCaller(path);
                if (record != null) records.Add(record);
            }
            return records.OrderBy(r => SafeKey(r), StringComparer.Ordinal).ToList();
        }

        /// <summary>A lock-free read that never throws for a bad file: unreadable ones are skipped, corrupt ones moved aside.</summary>
        private T ReadForCaller(string path)
        {
            var result = Read(path, underLock: false);
            if (result.Unreadable)
            {
                _store.WarnOnce("read|" + path, $"Cannot read the state file '{path}' ({result.Problem}); it is skipped and left as it is. Check its owner and permissions, or set PCHPC_HOME to a folder you own.");
                return null;
            }
            if (!result.Corrupt) return result.Record;
            try
            {
                return QuarantineUnderLock(path).Record;
            }
            catch (Errors.PcHpcException ex) when (ex.Kind == Errors.ErrorKind.LocalState)
            {
                _store.WarnOnce("corrupt|" + path, $"The state file '{path}' is unreadable ({result.Problem}) and could not be moved aside: {ex.Message} It is skipped; delete it by hand once the folder is writable.");
                return null;
            }
        }

        /// <summary>Stores the record under its key, replacing what was there.</summary>
        public T Put(T record)
        {
            if (record == null) throw new ArgumentNullException(nameof(record));
            var key = record.GetKey();
            return Update(key, _ => record);
        }

        /// <summary>
        /// Read-modify-write under the cross-process lock: <paramref name="change"/> gets the current record (null when
        /// there is none) and returns the record to store (it may modify and return the same object), or null to leave
        /// the store unchanged. Concurrent updaters in any process are serialized, so no update is lost.
        /// Returns the stored record (or the current one when <paramref name="change"/> returned null).
        /// </summary>
        public T Update(string key, Func<T, T> change)
        {
            if (change == null) throw new ArgumentNullException(nameof(change));
            StateKey.Validate(key);
            var path = PathFor(key);
            if (!_store.Options.WriteFailuresAreWarnings) return UpdateLocked(key, path, change);
            try
            {
                return UpdateLocked(key, path, change);
            }
            catch (Errors.PcHpcException ex) when (ex.ErrorId == NewerSchemaErrorId)
            {
                return null; // Read-only here; the read already warned once.
            }
            catch (Errors.PcHpcException ex) when (ex.Kind == Errors.ErrorKind.LocalState)
            {
                NotSaved("save", key, ex);
                return null;
            }
        }

        private T UpdateLocked(string key, string path, Func<T, T> change)
        {
            using (AcquireLock())
            {
                var current = Read(path, underLock: true);
                if (current.Unreadable) throw ReadFailed(path, current.Problem);
                if (current.Corrupt)
                {
                    Quarantine(path, current.Problem);
                    current = default;
                }
                if (current.NewerVersion > 0)
                {
                    throw NewerSchema(path, current.NewerVersion);
                }

                var preservedExtension = current.Record?.ExtensionData;
                var updated = change(current.Record);
                if (updated == null) return current.Record;

                var newKey = updated.GetKey();
                if (!string.Equals(newKey, key, StringComparison.Ordinal))
                {
                    throw new Errors.PcHpcException(Errors.ErrorKind.InvalidArgument, "StateKeyChanged",
                        $"A state update cannot change the record's key from '{key}' to '{newKey}'; remove the old record and put a new one instead.")
                    { Target = key };
                }
                if (updated.ExtensionData == null && preservedExtension != null)
                {
                    updated.ExtensionData = preservedExtension;
                }

                Write(path, updated);
                return updated;
            }
        }

        /// <summary>Deletes the record; returns false when there was none.</summary>
        public bool Remove(string key)
        {
            StateKey.Validate(key);
            var path = PathFor(key);
            if (!_store.Options.WriteFailuresAreWarnings) return RemoveLocked(path);
            try
            {
                return RemoveLocked(path);
            }
            catch (Errors.PcHpcException ex) when (ex.ErrorId == NewerSchemaErrorId)
            {
                return false;
            }
            catch (Errors.PcHpcException ex) when (ex.Kind == Errors.ErrorKind.LocalState)
            {
                NotSaved("remove", key, ex);
                return false;
            }
        }

        private bool RemoveLocked(string path)
        {
            if (!File.Exists(path) && !System.IO.Directory.Exists(Directory)) return false;
            using (AcquireLock())
            {
                if (!File.Exists(path)) return false;
                var current = Read(path, underLock: true);
                if (current.NewerVersion > 0)
                {
                    throw NewerSchema(path, current.NewerVersion);
                }
                try
                {
                    File.Delete(path);
                }
                catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
                {
                    throw new Errors.PcHpcException(Errors.ErrorKind.LocalState, "StateWriteFailed",
                        $"Cannot delete the state file '{path}': {ex.Message} Check the owner and permissions of the PcHpc state folder.", ex)
                    { Target = path };
                }
                return true;
            }
        }

        /// <summary>
        /// A write that failed when the caller asked for warnings: the remote side has already acted, so the command's
        /// result stands and the user is told (once per folder and cause) which folder and which operation failed.
        /// </summary>
        private void NotSaved(string operation, string key, Errors.PcHpcException ex)
        {
            _store.WarnOnce("write|" + Directory + "|" + ex.ErrorId,
                $"PcHpc could not {operation} the {Name} record '{key}' in its state folder '{Directory}': {ex.Message} " +
                "The command's result is not affected (it comes from AWS); only the local record is out of date until the folder is writable.");
        }

        private IDisposable AcquireLock()
        {
            _store.EnsureDirectory(Directory);
            var fileLock = FileLock.Acquire(LockPath, _store.Options.LockTimeout);
            if (!_tempsSwept)
            {
                // Only the lock holder writes temp files here, so any temp file seen under the lock is left over from a
                // writer that crashed before its rename: the target still has the previous version. Sweep them once.
                try
                {
                    foreach (var temp in System.IO.Directory.EnumerateFiles(Directory, ".*" + AtomicFile.TempSuffix))
                    {
                        try { File.Delete(temp); } catch (IOException) { } catch (UnauthorizedAccessException) { }
                    }
                    _tempsSwept = true;
                }
                catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
                {
                    // A folder we cannot list: leave the sweep to a later writer, the write itself reports any real failure.
                }
                catch (Exception)
                {
                    fileLock.Dispose();
                    throw;
                }
            }
            return fileLock;
        }

        private void Write(string path, T record)
        {
            record.SchemaVersion = StateStore.SchemaVersion;
            record.SavedTime = DateTimeOffset.UtcNow;
            if (record.ExtensionData != null)
            {
                foreach (var name in record.ExtensionData.Keys.Where(SecretGuard.LooksSecret).ToList())
                {
                    record.ExtensionData.Remove(name);
                    _store.Warn($"Dropped the property '{name}' from the state file '{path}': PcHpc never stores values that look like secrets.");
                }
            }
            var bytes = JsonSerializer.SerializeToUtf8Bytes(record, typeof(T), StateStore.JsonOptions);
            try
            {
                AtomicFile.Write(path, bytes);
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
            {
                throw new Errors.PcHpcException(Errors.ErrorKind.LocalState, "StateWriteFailed",
                    $"Cannot write the state file '{path}': {ex.Message} Check free disk space and the permissions of the PcHpc state folder.", ex)
                { Target = path };
            }
        }

        private static Errors.PcHpcException ReadFailed(string path, string problem) => new Errors.PcHpcException(
            Errors.ErrorKind.LocalState, "StateReadFailed",
            $"Cannot read the state file '{path}' ({problem}); check the disk and the owner and permissions of the PcHpc state folder.")
        { Target = path };

        private const string NewerSchemaErrorId = "StateRecordNewerSchema";

        private static Errors.PcHpcException NewerSchema(string path, int version) => new Errors.PcHpcException(
            Errors.ErrorKind.LocalState, NewerSchemaErrorId,
            $"The state file '{path}' was written by a newer PcHpc (schema {version}); upgrade PcHpc to change it, this version will not overwrite it.")
        { Target = path };

        private static string SafeKey(T record)
        {
            try { return record.GetKey(); } catch (Errors.PcHpcException) { return string.Empty; }
        }
    }
}
