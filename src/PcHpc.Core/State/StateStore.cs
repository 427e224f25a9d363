using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.IO;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;
using PcHpc.Core.Activity;
using PcHpc.Core.State.Records;

namespace PcHpc.Core.State
{
    /// <summary>Knobs for <see cref="StateStore.Open"/>.</summary>
    public sealed class StateStoreOptions
    {
        /// <summary>How long a write waits for another process's lock before failing (default 30 s).</summary>
        public TimeSpan LockTimeout { get; set; } = TimeSpan.FromSeconds(30);

        /// <summary>Where warnings (corrupt files moved aside, newer-schema files) go, besides <see cref="StateStore.Warnings"/>.</summary>
        public IActivitySink Sink { get; set; }

        /// <summary>
        /// When true (the cmdlets), a write that fails (folder read-only or not yours, lock not available, record from a
        /// newer PcHpc) is a warning naming the folder and the operation instead of an exception: the state store only
        /// remembers what AWS said, so it must never turn a remote success into a reported failure. Open then also
        /// tolerates a folder it cannot create.
        /// </summary>
        public bool WriteFailuresAreWarnings { get; set; }

        /// <summary>The environment lookup used to resolve the location when no root is given (tests inject one).</summary>
        public Func<string, string> GetEnvironmentVariable { get; set; }
    }

    /// <summary>
    /// The per-user state folder: typed collections of JSON records (clusters, networks, APIs, jobs).
    /// Writes are atomic and serialized across processes; nothing secret is ever stored.
    /// </summary>
    public sealed class StateStore
    {
        /// <summary>The record schema this version writes and fully understands.</summary>
        public const int SchemaVersion = 1;

        internal static readonly JsonSerializerOptions JsonOptions = new JsonSerializerOptions
        {
            PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
            PropertyNameCaseInsensitive = true,
            WriteIndented = true,
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
            Converters = { new JsonStringEnumConverter() },
        };

        private static readonly Regex CollectionName = new Regex("^[a-z0-9][a-z0-9-]*$", RegexOptions.CultureInvariant);
        private readonly ConcurrentDictionary<string, IRecordCollection> _collections = new ConcurrentDictionary<string, IRecordCollection>(StringComparer.Ordinal);
        private readonly ConcurrentDictionary<string, bool> _warnedOnce = new ConcurrentDictionary<string, bool>(StringComparer.Ordinal);
        private readonly ConcurrentQueue<string> _warnings = new ConcurrentQueue<string>();
        private readonly ConcurrentDictionary<string, bool> _ensured = new ConcurrentDictionary<string, bool>(StringComparer.Ordinal);

        private StateStore(string root, StateStoreOptions options)
        {
            Root = root;
            Options = options;
            Clusters = Collection<ClusterRecord>("clusters");
            Networks = Collection<NetworkRecord>("networks");
            Apis = Collection<ApiRecord>("apis");
            Jobs = Collection<JobRecord>("jobs");
        }

        /// <summary>
        /// Opens (creating if needed, 0700 on Unix) the state folder at <paramref name="root"/>, or at the default
        /// location (<see cref="StateLocation.Resolve"/>) when null.
        /// </summary>
        public static StateStore Open(string root = null, StateStoreOptions options = null)
        {
            options = options ?? new StateStoreOptions();
            root = string.IsNullOrWhiteSpace(root) ? StateLocation.Resolve(options.GetEnvironmentVariable) : Path.GetFullPath(root);
            var store = new StateStore(root, options);
            try
            {
                store.EnsureDirectory(root);
            }
            catch (Errors.PcHpcException) when (options.WriteFailuresAreWarnings)
            {
                // Reads find nothing; the first write names the folder and the operation in its warning.
            }
            return store;
        }

        /// <summary>
        /// The user's store as every cmdlet opens it: warnings to <paramref name="sink"/>, and write failures are
        /// warnings (<see cref="StateStoreOptions.WriteFailuresAreWarnings"/>) so they never mask what AWS did.
        /// </summary>
        public static StateStore OpenForCommand(IActivitySink sink) =>
            Open(null, new StateStoreOptions { Sink = sink, WriteFailuresAreWarnings = true });

        public string Root { get; }
        public StateStoreOptions Options { get; }

        public RecordCollection<ClusterRecord> Clusters { get; }
        public RecordCollection<NetworkRecord> Networks { get; }
        public RecordCollection<ApiRecord> Apis { get; }
        public RecordCollection<JobRecord> Jobs { get; }

        /// <summary>Warnings raised so far (also sent to <see cref="StateStoreOptions.Sink"/>); the caller may surface them.</summary>
        public IReadOnlyList<string> Warnings => _warnings.ToArray();

        /// <summary>
        /// A typed collection stored in the sub-folder <paramref name="name"/> (lower-case letters, digits, '-').
        /// Later features add their own record types this way.
        /// </summary>
        public RecordCollection<T> Collection<T>(string name) where T : StateRecord
        {
            if (name == null || !CollectionName.IsMatch(name))
            {
                throw new Errors.PcHpcException(Errors.ErrorKind.InvalidArgument, "StateCollectionName",
                    $"'{name}' is not a valid state collection name; use lower-case letters, digits and '-'.");
            }
            var collection = _collections.GetOrAdd(name, n =>
            {
                SecretGuard.EnsureNoSecretProperties(typeof(T));
                return new RecordCollection<T>(this, n, Path.Combine(Root, n));
            });
            if (collection is RecordCollection<T> typed) return typed;
            throw new Errors.PcHpcException(Errors.ErrorKind.InvalidArgument, "StateCollectionType",
                $"The state collection '{name}' holds {collection.RecordType.Name} records, not {typeof(T).Name}; use a different collection name.");
        }

        internal void Warn(string message)
        {
            _warnings.Enqueue(message);
            Options.Sink?.Warning(message);
        }

        internal void WarnOnce(string key, string message)
        {
            if (_warnedOnce.TryAdd(key, true)) Warn(message);
        }

        /// <summary>Creates a folder of the store (owner-only on Unix) the first time it is needed.</summary>
        internal void EnsureDirectory(string path)
        {
            if (_ensured.ContainsKey(path)) return;
            try
            {
                if (!Directory.Exists(path))
                {
                    Directory.CreateDirectory(path);
                    UnixNative.Chmod(path, UnixNative.DirectoryMode);
                }
                else
                {
                    // Tighten a folder made by hand or by an older version; a folder we cannot chmod is still usable.
                    try
                    {
                        UnixNative.Chmod(path, UnixNative.DirectoryMode);
                    }
                    catch (Errors.PcHpcException ex)
                    {
                        // A read-only disk cannot be loosened either; the first write says what failed.
                        if (ex.ErrorId != "StateFolderReadOnly") WarnOnce("chmod", ex.Message); // once: every folder below says the same
                    }
                }
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
            {
                throw new Errors.PcHpcException(Errors.ErrorKind.LocalState, "StateFolderUnavailable",
                    $"Cannot create the PcHpc state folder '{path}': {ex.Message} Set PCHPC_HOME to a writable folder.", ex)
                { Target = path };
            }
            _ensured.TryAdd(path, true);
        }
    }
}
