using System;
using System.Diagnostics;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using PcHpc.Core.Errors;

namespace PcHpc.Core.Jobs
{
    /// <summary>
    /// Runs the engine's scripts with bash on this machine (-Local). The script goes to bash on stdin, never on a
    /// command line. <see cref="MaxOutputChars"/> can be set to model a capped transport (SSM cuts stdout at 24,000).
    /// </summary>
    public sealed class LocalBashTransport : IJobTransport
    {
        public LocalBashTransport(int? maxOutputChars = null, string bashPath = "bash")
        {
            MaxOutputChars = maxOutputChars;
            BashPath = bashPath;
        }

        public string BashPath { get; }

        /// <summary>
        /// PcHpc's state directory on this machine (PCHPC_HOME, else ~/.pchpc): job files (scripts, output, exit
        /// markers) go to its jobs folder. Null leaves the driver's default, ~/.pchpc.
        /// </summary>
        public string JobsBase { get; set; }
        public int? MaxOutputChars { get; }
        public string Description => "this machine";

        public async Task<RemoteResult> RunAsync(string bashScript, CancellationToken cancellationToken)
        {
            var psi = new ProcessStartInfo(BashPath)
            {
                UseShellExecute = false,
                RedirectStandardInput = true,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                StandardOutputEncoding = new UTF8Encoding(false),
                StandardErrorEncoding = new UTF8Encoding(false),
                CreateNoWindow = true,
            };
            if (!string.IsNullOrEmpty(JobsBase))
            {
                psi.Environment["PCHPC_JOBS_BASE"] = JobsBase;
            }
            Process process;
            try
            {
                process = Process.Start(psi);
            }
            catch (Exception ex)
            {
                throw new PcHpcException(ErrorKind.Connection, "LocalBashNotFound",
                    $"Could not start '{BashPath}' ({ex.Message}); -Local needs bash and the SLURM client commands on this machine.", ex);
            }
            using (process)
            using (cancellationToken.Register(() => { try { process.Kill(); } catch { } }))
            {
                var stdout = process.StandardOutput.ReadToEndAsync();
                var stderr = process.StandardError.ReadToEndAsync();
                var bytes = Encoding.UTF8.GetBytes(bashScript);
                try
                {
                    await process.StandardInput.BaseStream.WriteAsync(bytes, 0, bytes.Length, cancellationToken).ConfigureAwait(false);
                    process.StandardInput.Close();
                }
                catch (System.IO.IOException)
                {
                    // bash exited early; its stderr says why.
                }
                var output = await stdout.ConfigureAwait(false);
                var error = await stderr.ConfigureAwait(false);
                process.WaitForExit();
                cancellationToken.ThrowIfCancellationRequested();
                if (MaxOutputChars.HasValue && output.Length > MaxOutputChars.Value)
                {
                    output = output.Substring(0, MaxOutputChars.Value);
                }
                return new RemoteResult(process.ExitCode, output, error);
            }
        }
    }
}
