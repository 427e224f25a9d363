using System;
using System.IO;
using System.Text.Json;

namespace PcHpc.Core.State
{
    /// <summary>Reading one record file, and moving a corrupt one aside.</summary>
    public sealed partial class RecordCollection<T>
    {
        private struct ReadResult
        {
            public T Record;
            public bool Corrupt;
            /// <summary>The file exists but cannot be opened (permissions, I/O error): never moved aside, never overwritten blindly.</summary>
            public bool Unreadable;
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
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
            {
                return new ReadResult { Unreadable = true, Problem = ex.Message.TrimEnd('.') };
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
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
            {
                throw new Errors.PcHpcException(Errors.ErrorKind.LocalState, "StateQuarantineFailed",
                    $"The state file '{path}' is corrupt and cannot be moved aside ({ex.Message.TrimEnd('.')}); delete it by hand and run the command again.", ex)
                { Target = path };
            }
            _store.Warn($"The state file '{path}' was unreadable{(problem == null ? string.Empty : " (" + problem + ")")}; it was moved aside to '{aside}' and PcHpc will rebuild it from AWS.");
        }
    }
}
