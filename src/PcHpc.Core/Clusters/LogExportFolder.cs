using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Text;
using System.Text.Json;
using PcHpc.Core.Errors;

namespace PcHpc.Core.Clusters
{
    /// <summary>What an export folder's manifest says about one stream.</summary>
    internal sealed class ExportedStream
    {
        public string File { get; set; }
        public int Events { get; set; }
        public long Bytes { get; set; }
        /// <summary>The stream's last event time as the stream list showed it when the file was written.</summary>
        public DateTime? ListedLastEvent { get; set; }
        public bool Complete { get; set; }
    }

    /// <summary>The manifest of an export folder: which streams are complete for which time window.</summary>
    internal sealed class ExportManifest
    {
        public string Cluster { get; set; }
        public string Region { get; set; }
        public DateTime? Since { get; set; }
        public DateTime? Until { get; set; }
        public Dictionary<string, ExportedStream> Streams { get; set; } = new Dictionary<string, ExportedStream>(StringComparer.Ordinal);
    }

    /// <summary>
    /// The local side of a log export: a folder with one file per stream and <see cref="ManifestName"/>, written so an
    /// interrupted run can resume (each stream goes to a temp file that is renamed when complete; the manifest is
    /// rewritten after each stream). A .zip target is staged in "&lt;zip&gt;.parts" (or unpacked there from an earlier zip)
    /// and packed when the run ends.
    /// </summary>
    internal sealed class LogExportFolder
    {
        public const string ManifestName = "pchpc-export.json";
        private static readonly JsonSerializerOptions Json = new JsonSerializerOptions { WriteIndented = true };

        private LogExportFolder(string target, string folder, bool zip)
        {
            Target = target;
            Folder = folder;
            IsZip = zip;
        }

        /// <summary>The folder or .zip the user named.</summary>
        public string Target { get; }
        /// <summary>Where files are written now (the target folder, or the zip's staging folder).</summary>
        public string Folder { get; }
        public bool IsZip { get; }
        public ExportManifest Manifest { get; private set; }

        public static bool IsZipPath(string path) => path.EndsWith(".zip", StringComparison.OrdinalIgnoreCase);

        /// <summary>Checks the target (before anything remote): a .zip path, or a folder (created when missing).</summary>
        public static void Check(string path)
        {
            if (string.IsNullOrWhiteSpace(path)) throw new PcHpcException(ErrorKind.InvalidArgument, "ExportPathMissing", "Give -Path: a folder or a .zip file to export the logs to.");
            if (!IsZipPath(path) && File.Exists(path))
            {
                throw new PcHpcException(ErrorKind.InvalidArgument, "ExportPathIsAFile", $"'{path}' is a file; give a folder or a path ending in .zip for -Path.") { Target = path };
            }
            if (IsZipPath(path) && Directory.Exists(path))
            {
                throw new PcHpcException(ErrorKind.InvalidArgument, "ExportPathIsAFolder", $"'{path}' is a folder; give a .zip file name that is not a folder, or the folder without .zip.") { Target = path };
            }
            var parent = Path.GetDirectoryName(Path.GetFullPath(path));
            if (IsZipPath(path) && !Directory.Exists(parent))
            {
                throw new PcHpcException(ErrorKind.NotFound, "ExportFolderNotFound", $"The folder '{parent}' of -Path does not exist; create it first.") { Target = path };
            }
        }

        /// <summary>Opens (creating) the folder, reads its manifest, and forgets streams of another window or cluster.</summary>
        public static LogExportFolder Open(string path, string cluster, string region, DateTime? since, DateTime? until)
        {
            var full = Path.GetFullPath(path);
            var zip = IsZipPath(full);
            var folder = zip ? full + ".parts" : full;
            var unpack = zip && !Directory.Exists(folder) && File.Exists(full);
            Directory.CreateDirectory(folder);
            if (unpack)
            {
                using (var archive = ZipFile.OpenRead(full))
                {
                    foreach (var entry in archive.Entries.Where(e => e.Name.Length > 0 && e.FullName == e.Name))
                    {
                        entry.ExtractToFile(Path.Combine(folder, entry.Name), true);
                    }
                }
            }
            var export = new LogExportFolder(full, folder, zip);
            export.Manifest = export.ReadManifest();
            var m = export.Manifest;
            if (m.Cluster != cluster || m.Region != region || m.Since != since || m.Until != until)
            {
                // Another cluster or another window: nothing earlier counts as complete (files are rewritten).
                foreach (var s in m.Streams.Values) s.Complete = false;
                m.Cluster = cluster;
                m.Region = region;
                m.Since = since;
                m.Until = until;
            }
            return export;
        }

        private ExportManifest ReadManifest()
        {
            var path = Path.Combine(Folder, ManifestName);
            if (!File.Exists(path)) return new ExportManifest();
            try
            {
                var m = JsonSerializer.Deserialize<ExportManifest>(File.ReadAllText(path), Json) ?? new ExportManifest();
                m.Streams = new Dictionary<string, ExportedStream>(m.Streams ?? new Dictionary<string, ExportedStream>(), StringComparer.Ordinal);
                return m;
            }
            catch (JsonException)
            {
                return new ExportManifest(); // unreadable: start over
            }
        }

        /// <summary>True when an earlier run wrote this stream whole and the stream has not changed since.</summary>
        public bool IsComplete(string stream, DateTime? listedLastEvent, out ExportedStream entry)
        {
            if (!Manifest.Streams.TryGetValue(stream, out entry) || !entry.Complete) return false;
            var file = new FileInfo(Path.Combine(Folder, entry.File));
            if (!file.Exists || file.Length != entry.Bytes) return false;
            if (entry.ListedLastEvent == listedLastEvent) return true;
            // Events after -Until do not change the file.
            return Manifest.Until != null && entry.ListedLastEvent != null && entry.ListedLastEvent.Value >= Manifest.Until.Value;
        }

        /// <summary>The file a stream goes to: its name with characters file systems dislike replaced, unique in the folder.</summary>
        public string FileNameFor(string stream)
        {
            if (Manifest.Streams.TryGetValue(stream, out var known) && !string.IsNullOrEmpty(known.File)) return known.File;
            var sb = new StringBuilder(stream.Length + 4);
            foreach (var c in stream) sb.Append(char.IsLetterOrDigit(c) || c == '.' || c == '-' || c == '_' ? c : '_');
            var name = sb.ToString().Trim('.');
            if (name.Length == 0) name = "stream";
            if (name.Length > 200) name = name.Substring(0, 200);
            var taken = new HashSet<string>(Manifest.Streams.Values.Select(s => s.File), StringComparer.OrdinalIgnoreCase) { ManifestName };
            var candidate = name + ".log";
            for (var n = 2; taken.Contains(candidate); n++) candidate = name + "-" + n.ToString(CultureInfo.InvariantCulture) + ".log";
            return candidate;
        }

        /// <summary>A writer for a stream's temp file; <see cref="Commit"/> renames it into place.</summary>
        public StreamWriter BeginStream(string fileName, out string tempPath)
        {
            tempPath = Path.Combine(Folder, "." + fileName + ".partial");
            return new StreamWriter(new FileStream(tempPath, FileMode.Create, FileAccess.Write, FileShare.None), new UTF8Encoding(false));
        }

        public void Commit(string stream, string fileName, string tempPath, int events, DateTime? listedLastEvent)
        {
            var target = Path.Combine(Folder, fileName);
            if (File.Exists(target)) File.Delete(target);
            File.Move(tempPath, target);
            Manifest.Streams[stream] = new ExportedStream
            {
                File = fileName, Events = events, Bytes = new FileInfo(target).Length, ListedLastEvent = listedLastEvent, Complete = true,
            };
            SaveManifest();
        }

        public void SaveManifest()
        {
            var path = Path.Combine(Folder, ManifestName);
            var temp = path + ".tmp";
            File.WriteAllText(temp, JsonSerializer.Serialize(Manifest, Json));
            if (File.Exists(path)) File.Delete(path);
            File.Move(temp, path);
        }

        /// <summary>For a .zip target: packs the staging folder into the zip (replacing it) and removes the folder.</summary>
        public void Finish()
        {
            if (!IsZip) return;
            var temp = Target + ".tmp";
            if (File.Exists(temp)) File.Delete(temp);
            using (var archive = ZipFile.Open(temp, ZipArchiveMode.Create))
            {
                foreach (var file in Directory.GetFiles(Folder).Where(f => !Path.GetFileName(f).StartsWith(".", StringComparison.Ordinal)).OrderBy(f => f, StringComparer.Ordinal))
                {
                    archive.CreateEntryFromFile(file, Path.GetFileName(file), CompressionLevel.Optimal);
                }
            }
            if (File.Exists(Target)) File.Delete(Target);
            File.Move(temp, Target);
            Directory.Delete(Folder, true);
        }
    }
}
