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
    public sealed class RecordCollection<T> : IRecordCollection where T : StateRecord
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

        /// <summary>The record for <paramref name="key"/>, or null when there is none (or it was corrupt and moved aside).</summary>
        public T TryGet(string key)
        {
            var path = PathFor(key);
            var result = Read(path, underLock: false);
            if (result.Corrupt)
            {
                result = QuarantineUnderLock(path);
            }
            return result.Record;
        }

        /// <summary>Every readable record, ordered by key. Corrupt files are moved aside with a warning.</summary>
        public IReadOnlyList<T> List()
        {
            var records = new List<T>();
            if (!System.IO.Directory.Exists(Directory)) return records;
            foreach (var path in System.IO.Directory.EnumerateFiles(Directory, "*" + StateKey.Extension))
            {
                var fileName = Path.GetFileName(path);
                if (fileName.StartsWith(".", StringComparison.Ordinal) || !fileName.EndsWith(StateKey.Extension, StringComparison.Ordinal)) continue;
                var result = Read(path, underLock: false);
                if (result.Corrupt) result = QuarantineUnderLock(path);
                if (result.Record != null) records.Add(result.Record);
            }
            return records.OrderBy(r => SafeKey(r), StringComparer.Ordinal).ToList();
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
            using (AcquireLock())
            {
                var current = Read(path, underLock: true);
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
            using (AcquireLock())
            {
                if (!File.Exists(path)) return false;
                var current = Read(path, underLock: true);
                if (current.NewerVersion > 0)
                {
                    throw NewerSchema(path, current.NewerVersion);
                }
                File.Delete(path);
                return true;
            }
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
                catch (Exception)
                {
                    fileLock.Dispose();
                    throw;
                }
            }
            return fileLock;
        }

        private struct ReadResult
        {
            public T Record;
            public bool Corrupt;
            public string Problem;
            /// <summary>Set when the file's schema is newer than ours (Record may then be null if it did not fit).</summary>
            public int NewerVersion;
        }

        private ReadResult Read(string path, bool underLock)
        {
            byte[] bytes;
            try
            {
                bytes = ReadAllBytesShared(path);
            }
            catch (FileNotFoundException)
            {
                return default;
            }
            catch (DirectoryNotFoundException)
            {
                return default;
            }
            catch (IOException ex)
            {
                throw new Errors.PcHpcException(Errors.ErrorKind.LocalState, "StateReadFailed",
                    $"Cannot read the state file '{path}': {ex.Message} Check the disk and the permissions of the PcHpc state folder.", ex)
                { Target = path };
            }

            try
            {
                int version;
                using (var doc = JsonDocument.Parse(bytes))
                {
                    if (doc.RootElement.ValueKind != JsonValueKind.Object)
                        return new ReadResult { Corrupt = true, Problem = "it is not a JSON object" };
                    if (!TryGetSchemaVersion(doc.RootElement, out version) || version < 1)
                        return new ReadResult { Corrupt = true, Problem = "it has no valid schemaVersion" };
                }
                if (version > StateStore.SchemaVersion)
                {
                    // Never quarantine or overwrite a newer writer's file, even when its shape no longer fits ours.
                    T newer = null;
                    try
                    {
                        newer = JsonSerializer.Deserialize<T>(bytes, StateStore.JsonOptions);
                    }
                    catch (JsonException)
                    {
                    }
                    catch (InvalidOperationException)
                    {
                    }
                    _store.WarnOnce(path, newer != null
                        ? $"The state file '{path}' was written by a newer PcHpc (schema {version}, this version understands {StateStore.SchemaVersion}); it is read-only here: upgrade PcHpc to change it."
                        : $"The state file '{path}' was written by a newer PcHpc (schema {version}) in a form this version cannot read; it is skipped and left untouched: upgrade PcHpc to use it.");
                    if (newer != null) newer.IsReadOnly = true;
                    return new ReadResult { Record = newer, NewerVersion = version };
                }
                var record = JsonSerializer.Deserialize<T>(bytes, StateStore.JsonOptions);
                if (record == null) return new ReadResult { Corrupt = true, Problem = "it is empty" };
                return new ReadResult { Record = record };
            }
            catch (JsonException ex)
            {
                return new ReadResult { Corrupt = true, Problem = ex.Message };
            }
            catch (InvalidOperationException ex)
            {
                return new ReadResult { Corrupt = true, Problem = ex.Message };
            }
        }

        private static bool TryGetSchemaVersion(JsonElement root, out int version)
        {
            version = 0;
            foreach (var property in root.EnumerateObject())
            {
                if (string.Equals(property.Name, "schemaVersion", StringComparison.OrdinalIgnoreCase))
                {
                    return property.Value.ValueKind == JsonValueKind.Number && property.Value.TryGetInt32(out version);
                }
            }
            return false;
        }

        private static byte[] ReadAllBytesShared(string path)
        {
            using (var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 4096, FileOptions.SequentialScan))
            using (var memory = new MemoryStream())
            {
                stream.CopyTo(memory);
                return memory.ToArray();
            }
        }

        private ReadResult QuarantineUnderLock(string path)
        {
            using (AcquireLock())
            {
                // Re-read: a writer may have replaced the file since we looked.
                var again = Read(path, underLock: true);
                if (!again.Corrupt) return again;
                Quarantine(path, again.Problem);
                return default;
            }
        }

        private void Quarantine(string path, string problem = null)
        {
            var stamp = DateTime.UtcNow.ToString("yyyyMMdd'T'HHmmssfff'Z'", System.Globalization.CultureInfo.InvariantCulture);
            var aside = path + ".corrupt-" + stamp;
            for (var n = 1; File.Exists(aside); n++) aside = path + ".corrupt-" + stamp + "-" + n;
            try
            {
                File.Move(path, aside);
            }
            catch (FileNotFoundException)
            {
                return;
            }
            catch (IOException ex)
            {
                throw new Errors.PcHpcException(Errors.ErrorKind.LocalState, "StateQuarantineFailed",
                    $"The state file '{path}' is corrupt and cannot be moved aside ({ex.Message}); delete it by hand and run the command again.", ex)
                { Target = path };
            }
            _store.Warn($"The state file '{path}' was unreadable{(problem == null ? string.Empty : " (" + problem + ")")}; it was moved aside to '{aside}' and PcHpc will rebuild it from AWS.");
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

        private static Errors.PcHpcException NewerSchema(string path, int version) => new Errors.PcHpcException(
            Errors.ErrorKind.LocalState, "StateRecordNewerSchema",
            $"The state file '{path}' was written by a newer PcHpc (schema {version}); upgrade PcHpc to change it, this version will not overwrite it.")
        { Target = path };

        private static string SafeKey(T record)
        {
            try { return record.GetKey(); } catch (Errors.PcHpcException) { return string.Empty; }
        }
    }
}
