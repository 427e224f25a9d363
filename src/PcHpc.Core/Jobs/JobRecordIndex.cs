using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using PcHpc.Core.State;
using PcHpc.Core.State.Records;

namespace PcHpc.Core.Jobs
{
    /// <summary>
    /// A small file beside the job records (jobs/.index) listing the newest <see cref="MaxEntries"/> jobs for -Id Tab
    /// completion: one line each (key, id, cluster, region, state, submit time, name), so completion reads one small
    /// file however many records there are. Rebuilt from the records when it is missing or unreadable. Written
    /// atomically under its own lock (never while the collection's lock is held).
    /// </summary>
    internal sealed class JobRecordIndex
    {
        public const int MaxEntries = 500;
        private const string FileName = ".index";
        private const string LockName = ".index.lock";

        private readonly StateStore _store;

        public JobRecordIndex(StateStore store) => _store = store;

        private string IndexPath => Path.Combine(_store.Jobs.Directory, FileName);

        public sealed class Entry
        {
            public string Key;
            public string Id;
            public string ClusterName;
            public string Region;
            public string State;
            public long Submitted;
            public string Name;
        }

        public static Entry From(JobRecord r) => new Entry
        {
            Key = r.GetKey(),
            Id = JobRecorder.IdOf(r),
            ClusterName = r.ClusterName,
            Region = r.Region,
            State = r.State,
            Submitted = (r.SubmitTime ?? r.SavedTime ?? DateTimeOffset.UtcNow).ToUnixTimeSeconds(),
            Name = r.Name,
        };

        /// <summary>The entries, newest first (rebuilt from the records when the index is missing).</summary>
        public List<Entry> Read()
        {
            var entries = TryRead();
            if (entries != null) return entries;
            return Change(current => current);
        }

        /// <summary>Adds or replaces entries and drops removed keys, keeping the newest <see cref="MaxEntries"/>.</summary>
        public void Apply(IEnumerable<JobRecord> upserts, IEnumerable<string> removedKeys = null)
        {
            var add = (upserts ?? Enumerable.Empty<JobRecord>()).Where(r => r != null).Select(From).ToList();
            var removed = new HashSet<string>(removedKeys ?? Enumerable.Empty<string>(), StringComparer.Ordinal);
            if (add.Count == 0 && removed.Count == 0) return;
            Change(current =>
            {
                var byKey = current.Where(e => !removed.Contains(e.Key)).ToDictionary(e => e.Key, StringComparer.Ordinal);
                foreach (var e in add) byKey[e.Key] = e;
                return byKey.Values;
            });
        }

        private List<Entry> Change(Func<List<Entry>, IEnumerable<Entry>> change)
        {
            _store.EnsureDirectory(_store.Jobs.Directory);
            using (FileLock.Acquire(Path.Combine(_store.Jobs.Directory, LockName), _store.Options.LockTimeout))
            {
                var current = TryRead() ?? Rebuild();
                var next = change(current).OrderByDescending(e => e.Submitted).ThenByDescending(e => e.Key, StringComparer.Ordinal).Take(MaxEntries).ToList();
                AtomicFile.Write(IndexPath, Encoding.UTF8.GetBytes(Format(next)));
                return next;
            }
        }

        private List<Entry> Rebuild() => _store.Jobs.List().Where(r => r.JobId != null).Select(From).ToList();

        private List<Entry> TryRead()
        {
            string text;
            try
            {
                text = File.ReadAllText(IndexPath, Encoding.UTF8);
            }
            catch (FileNotFoundException) { return null; }
            catch (DirectoryNotFoundException) { return null; }
            if (!text.StartsWith("pchpc-job-index 1\n", StringComparison.Ordinal)) return null;
            var list = new List<Entry>();
            foreach (var line in text.Split('\n').Skip(1))
            {
                var f = line.Split('\t');
                if (f.Length < 7 || !long.TryParse(f[5], NumberStyles.Integer, CultureInfo.InvariantCulture, out var submitted)) continue;
                list.Add(new Entry { Key = f[0], Id = f[1], ClusterName = f[2], Region = f[3], State = f[4], Submitted = submitted, Name = f[6] });
            }
            return list;
        }

        private static string Format(List<Entry> entries)
        {
            var sb = new StringBuilder("pchpc-job-index 1\n");
            foreach (var e in entries)
            {
                sb.Append(Clean(e.Key)).Append('\t').Append(Clean(e.Id)).Append('\t').Append(Clean(e.ClusterName)).Append('\t')
                  .Append(Clean(e.Region)).Append('\t').Append(Clean(e.State)).Append('\t')
                  .Append(e.Submitted.ToString(CultureInfo.InvariantCulture)).Append('\t').Append(Clean(e.Name)).Append('\n');
            }
            return sb.ToString();
        }

        private static string Clean(string s) => (s ?? string.Empty).Replace('\t', ' ').Replace('\n', ' ').Replace('\r', ' ');
    }
}
