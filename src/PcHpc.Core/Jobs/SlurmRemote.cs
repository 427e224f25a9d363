using System;
using System.Collections.Generic;
using System.IO;
using System.IO.Compression;
using System.Reflection;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using PcHpc.Core.Errors;

namespace PcHpc.Core.Jobs
{
    /// <summary>A request to the remote driver: an operation, NUL-free text fields, and data files (any bytes).</summary>
    internal sealed class RemoteRequest
    {
        public RemoteRequest(string op) => Op = op;
        public string Op { get; }
        public List<string> Fields { get; } = new List<string>();
        public List<byte[]> Files { get; } = new List<byte[]>();

        /// <summary>Adds a data file and returns the name the driver knows it by ("f1", "f2", ...).</summary>
        public string AddFile(byte[] content)
        {
            Files.Add(content);
            return "f" + Files.Count;
        }

        public int ApproximateSize
        {
            get
            {
                var n = 0;
                foreach (var f in Fields) n += f.Length * 3 + 1;
                foreach (var f in Files) n += f.Length;
                return n * 4 / 3;
            }
        }
    }

    /// <summary>
    /// Builds the one bash envelope per call (fixed text; the only dynamic content is base64 in single quotes),
    /// runs it through the transport, and decodes the framed reply (gzip+base64 with length markers). Replies larger
    /// than the transport's stdout cap stay in a file on the head node and are fetched in pieces by follow-up calls.
    /// </summary>
    internal sealed class SlurmRemote
    {
        internal static readonly string DriverScript = Resource("PcHpc.Jobs.driver.sh");
        internal static readonly string WrapperScript = Resource("PcHpc.Jobs.wrapper.sh");
        private const int FrameOverhead = 256;

        private readonly IJobTransport _transport;
        private readonly JobTarget _target;

        public SlurmRemote(IJobTransport transport, JobTarget target)
        {
            _transport = transport ?? throw new ArgumentNullException(nameof(transport));
            _target = target ?? new JobTarget { Local = true };
        }

        public IJobTransport Transport => _transport;

        private static string Resource(string name)
        {
            using (var stream = typeof(SlurmRemote).GetTypeInfo().Assembly.GetManifestResourceStream(name))
            using (var reader = new StreamReader(stream ?? throw new InvalidOperationException("Missing resource " + name), Encoding.UTF8))
            {
                return reader.ReadToEnd().Replace("\r\n", "\n");
            }
        }

        /// <summary>The bash text sent for a request. Public for the safety tests: every dynamic byte is base64.</summary>
        internal static string BuildEnvelope(RemoteRequest request, int? cap)
        {
            var fields = new List<string> { request.Op, (cap ?? 0).ToString(System.Globalization.CultureInfo.InvariantCulture) };
            fields.AddRange(request.Fields);
            var req = new MemoryStream();
            foreach (var field in fields)
            {
                if (field == null) throw new ArgumentNullException(nameof(request), "A request field is null.");
                if (field.IndexOf('\0') >= 0)
                {
                    throw new PcHpcException(ErrorKind.InvalidArgument, "NulCharacter",
                        "A value contains a NUL character, which cannot be passed to a job as an argument, name, path or environment value; remove it.");
                }
                var bytes = Encoding.UTF8.GetBytes(field);
                req.Write(bytes, 0, bytes.Length);
                req.WriteByte(0);
            }
            var sb = new StringBuilder(request.ApproximateSize + DriverScript.Length * 2 + 512);
            sb.Append("umask 077\n");
            sb.Append("w=$(mktemp -d \"${TMPDIR:-/tmp}/pchpc.XXXXXXXXXX\") || exit 97\n");
            sb.Append("trap 'rm -rf \"$w\"' EXIT\n");
            AppendFile(sb, "driver.sh", Encoding.UTF8.GetBytes(DriverScript));
            AppendFile(sb, "req", req.ToArray());
            for (var i = 0; i < request.Files.Count; i++)
            {
                AppendFile(sb, "f" + (i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture), request.Files[i]);
            }
            sb.Append("bash \"$w/driver.sh\" \"$w\"\n");
            return sb.ToString();
        }

        private static void AppendFile(StringBuilder sb, string name, byte[] content)
        {
            // name is one of ours (driver.sh, req, f<N>); content is base64: no quote can appear inside '...'.
            sb.Append("printf %s '").Append(Convert.ToBase64String(content)).Append("' | base64 -d > \"$w/").Append(name).Append("\"\n");
        }

        /// <summary>Runs a request and returns the driver's sections (name → bytes, in order).</summary>
        public async Task<List<KeyValuePair<string, byte[]>>> CallAsync(RemoteRequest request, CancellationToken token)
        {
            var cap = _transport.MaxOutputChars;
            var result = await _transport.RunAsync(BuildEnvelope(request, cap), token).ConfigureAwait(false);
            return await DecodeAsync(result, token).ConfigureAwait(false);
        }

        /// <summary>The driver's sections from what one run printed (large replies are fetched in pieces).</summary>
        public async Task<List<KeyValuePair<string, byte[]>>> DecodeAsync(RemoteResult result, CancellationToken token)
        {
            var cap = _transport.MaxOutputChars;
            var stdout = result.Stdout;
            CheckError(stdout, result);
            string payload;
            var begin = stdout.IndexOf("@@PCHPC-BEGIN ", StringComparison.Ordinal);
            var file = stdout.IndexOf("@@PCHPC-FILE ", StringComparison.Ordinal);
            if (begin >= 0)
            {
                var headerEnd = stdout.IndexOf("@@\n", begin + 14, StringComparison.Ordinal);
                var length = int.Parse(stdout.Substring(begin + 14, headerEnd - begin - 14), System.Globalization.CultureInfo.InvariantCulture);
                var start = headerEnd + 3;
                if (start + length > stdout.Length || stdout.IndexOf("@@PCHPC-END@@", start + length, StringComparison.Ordinal) < 0)
                {
                    throw Broken(result, "the reply was cut short");
                }
                payload = stdout.Substring(start, length);
            }
            else if (file >= 0)
            {
                var headerEnd = stdout.IndexOf("@@", file + 13, StringComparison.Ordinal);
                var parts = stdout.Substring(file + 13, headerEnd - file - 13).Split(' ');
                payload = await FetchAsync(parts[0], int.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture), cap ?? int.MaxValue, token).ConfigureAwait(false);
            }
            else
            {
                throw Broken(result, "no reply frame");
            }
            return Sections(Gunzip(Convert.FromBase64String(payload)));
        }

        private async Task<string> FetchAsync(string name, int length, int cap, CancellationToken token)
        {
            var chunk = Math.Max(1024, cap - FrameOverhead);
            var sb = new StringBuilder(length);
            while (sb.Length < length)
            {
                var request = new RemoteRequest("FETCH");
                var count = Math.Min(chunk, length - sb.Length);
                var last = sb.Length + count >= length;
                request.Fields.Add(name);
                request.Fields.Add(sb.Length.ToString(System.Globalization.CultureInfo.InvariantCulture));
                request.Fields.Add(count.ToString(System.Globalization.CultureInfo.InvariantCulture));
                request.Fields.Add(last ? "last" : "more");
                var result = await _transport.RunAsync(BuildEnvelope(request, cap), token).ConfigureAwait(false);
                CheckError(result.Stdout, result);
                var s = result.Stdout;
                var at = s.IndexOf("@@PCHPC-CHUNK@@\n", StringComparison.Ordinal);
                if (at < 0 || s.Length < at + 16 + count || string.CompareOrdinal(s, at + 16 + count, "\n@@PCHPC-END@@", 0, 14) != 0)
                {
                    throw Broken(result, "a piece of a large reply was cut short");
                }
                sb.Append(s, at + 16, count);
            }
            return sb.ToString();
        }

        private void CheckError(string stdout, RemoteResult result)
        {
            var at = stdout.IndexOf("@@PCHPC-ERROR ", StringComparison.Ordinal);
            if (at < 0) return;
            var end = stdout.IndexOf("@@", at + 14, StringComparison.Ordinal);
            var code = end > at ? stdout.Substring(at + 14, end - at - 14) : "?";
            if (code == "noslurm")
            {
                throw new PcHpcException(ErrorKind.InvalidState, "SlurmNotFound",
                    $"The SLURM commands (sbatch, squeue) were not found on {_target}; check that the cluster uses the Slurm scheduler and its head node is running.");
            }
            throw Broken(result, "the driver reported '" + code + "'");
        }

        private PcHpcException Broken(RemoteResult result, string what)
        {
            var err = result.Stderr.Trim();
            if (err.Length > 500) err = err.Substring(0, 500) + "...";
            return new PcHpcException(ErrorKind.ServiceError, "SlurmReplyUnreadable",
                $"The head node's reply could not be read ({what}, exit code {result.ExitCode}{(err.Length > 0 ? ", stderr: " + err : string.Empty)}) on {_target}; retry, and check that bash, base64 and gzip are on the head node.");
        }

        private static byte[] Gunzip(byte[] data)
        {
            using (var input = new GZipStream(new MemoryStream(data), CompressionMode.Decompress))
            using (var output = new MemoryStream())
            {
                input.CopyTo(output);
                return output.ToArray();
            }
        }

        /// <summary>Parses "name length\n&lt;bytes&gt;" sections.</summary>
        internal static List<KeyValuePair<string, byte[]>> Sections(byte[] data)
        {
            var list = new List<KeyValuePair<string, byte[]>>();
            var pos = 0;
            while (pos < data.Length)
            {
                var nl = Array.IndexOf(data, (byte)'\n', pos);
                if (nl < 0) break;
                var header = Encoding.UTF8.GetString(data, pos, nl - pos);
                var space = header.LastIndexOf(' ');
                var name = header.Substring(0, space);
                var length = int.Parse(header.Substring(space + 1), System.Globalization.CultureInfo.InvariantCulture);
                var body = new byte[length];
                Buffer.BlockCopy(data, nl + 1, body, 0, length);
                list.Add(new KeyValuePair<string, byte[]>(name, body));
                pos = nl + 1 + length;
            }
            return list;
        }
    }
}
