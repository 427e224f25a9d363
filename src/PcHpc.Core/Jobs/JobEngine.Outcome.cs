using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using PcHpc.Core.Errors;

namespace PcHpc.Core.Jobs
{
    /// <summary>Submissions whose outcome is unknown: what the error says, what is recorded, and how Get-HpcJob resolves them.</summary>
    public sealed partial class JobEngine
    {
        /// <summary>The jobs of one SUBMIT reply, one outcome per spec of the batch, in order.</summary>
        private List<SubmitOutcome> ParseSubmitted(List<KeyValuePair<string, byte[]>> sections, IList<JobSpec> batch)
        {
            var results = new Dictionary<int, (int Rc, string Out, string Err)>();
            foreach (var section in sections)
            {
                if (section.Key == "partitions")
                {
                    _queues.Remember(_target, Text(section.Value).Split('\n').Select(s => s.Trim()));
                }
                if (section.Key != "submit") continue;
                foreach (var line in Text(section.Value).Split('\n'))
                {
                    var f = line.Split('\t');
                    if (f.Length < 4) continue;
                    var err = string.Empty;
                    try { err = Text(Convert.FromBase64String(f[3])); } catch (FormatException) { }
                    results[int.Parse(f[0], CultureInfo.InvariantCulture)] = (int.Parse(f[1], CultureInfo.InvariantCulture), f[2], err);
                }
            }
            var outcomes = new List<SubmitOutcome>();
            for (var i = 0; i < batch.Count; i++)
            {
                var spec = batch[i];
                var outcome = new SubmitOutcome { Spec = spec };
                string id = null;
                if (results.TryGetValue(i, out var r) && r.Rc == 0) id = SlurmParsers.ParseSbatch(r.Out);
                if (id == null)
                {
                    var why = results.TryGetValue(i, out var rr) ? rr.Err.Trim() : "no reply";
                    outcome.Error = new PcHpcException(ErrorKind.ServiceError, "SbatchFailed",
                        $"sbatch refused the job{(spec.Name != null ? " '" + spec.Name + "'" : string.Empty)} on {_target}: {why}; fix the job's options and submit it again.") { Target = spec.Name };
                }
                else
                {
                    outcome.Job = Stamp(new Job
                    {
                        Id = id,
                        ArrayJobId = spec.IsArray ? id : null,
                        Name = spec.Name,
                        State = JobState.Pending,
                        Queue = spec.Queue,
                        SubmitTime = DateTime.Now,
                    });
                }
                outcomes.Add(outcome);
            }
            return outcomes;
        }

        /// <summary>
        /// A batch failed after earlier ones went through, or its outcome is unknown: the batch and the specs not sent yet
        /// get an error that names what was started (command id, job ids known so far); an unknown outcome is recorded.
        /// </summary>
        private List<SubmitOutcome> Unfinished(List<SubmitOutcome> outcomes, IList<JobSpec> batch, IList<JobSpec> notSent, PcHpcException ex)
        {
            var known = outcomes.Where(o => o.Job != null).Select(o => o.Job.Id).ToList();
            var knownText = known.Count == 0 ? string.Empty : " Jobs already submitted in this call: " + string.Join(", ", known) + ".";
            PcHpcException batchError;
            if (ex is SsmOutcomeUnknownException unknown)
            {
                Recorder?.SubmissionUnknown(_target, unknown, batch);
                batchError = new PcHpcException(ErrorKind.Timeout, "JobSubmitOutcomeUnknown",
                    $"The submission of {batch.Count} job(s) to {_target} was sent (" + (unknown.CommandId != null ? "SSM command " + unknown.CommandId : "PcHpc request " + unknown.RequestId)
                    + $") but PcHpc could not learn whether SLURM accepted them: {ex.Message}{knownText} Do not submit them again: run Get-HpcJob -ClusterName {_target.ClusterName} -Region {_target.Region} to see them.", ex);
            }
            else
            {
                batchError = new PcHpcException(ex.Kind, ex.ErrorId, ex.Message + knownText, ex);
            }
            foreach (var spec in batch) outcomes.Add(new SubmitOutcome { Spec = spec, Error = batchError });
            foreach (var spec in notSent)
            {
                outcomes.Add(new SubmitOutcome
                {
                    Spec = spec,
                    Error = new PcHpcException(batchError.Kind, "JobNotSubmitted",
                        $"The job{(spec.Name != null ? " '" + spec.Name + "'" : string.Empty)} was not sent to {_target} because an earlier batch failed: {batchError.Message}") { Target = spec.Name },
                });
            }
            return outcomes;
        }

        /// <summary>Looks at every recorded submission of unknown outcome for this target: records its jobs once known.</summary>
        private async Task ResolveSubmissionsAsync(CancellationToken token)
        {
            if (Recorder == null || !(_remote.Transport is SsmJobTransport ssm)) return;
            foreach (var record in Recorder.PendingSubmissions(_target))
            {
                CommandOutcome outcome;
                try
                {
                    outcome = await ssm.OutcomeOfAsync(record.CommandId, record.RequestId, record.InstanceId, record.SentTime.UtcDateTime, token).ConfigureAwait(false);
                }
                catch (PcHpcException ex) when (ex.Transient)
                {
                    Recorder.Verbose($"The submission {record.CommandId ?? record.RequestId} to {_target} is still unresolved ({ex.Message}).");
                    continue;
                }
                var what = outcome.CommandId != null ? "SSM command " + outcome.CommandId : "PcHpc request " + record.RequestId;
                if (outcome.NeverSent)
                {
                    // Only when the record is old enough for ListCommands to show the command.
                    if (DateTimeOffset.UtcNow - record.SentTime < TimeSpan.FromMinutes(1)) continue;
                    Recorder.SubmissionResolved(record, new Job[0], null);
                    Recorder.Warning($"The submission of {record.JobNames.Count} job(s) to {_target} ({what}) never reached the head node: nothing ran; submit the jobs again.");
                    continue;
                }
                if (!outcome.Finished) continue;
                var specs = record.JobNames.Select((name, i) => new JobSpec
                {
                    Name = name,
                    Queue = i < record.Queues.Count ? record.Queues[i] : null,
                    ArrayRange = i < record.Arrays.Count && record.Arrays[i] ? "0" : null,
                }).ToList();
                List<SubmitOutcome> parsed;
                try
                {
                    parsed = ParseSubmitted(await _remote.DecodeAsync(outcome.Result, token).ConfigureAwait(false), specs);
                }
                catch (PcHpcException ex)
                {
                    Recorder.SubmissionResolved(record, new Job[0], outcome.CommandId);
                    Recorder.Warning($"The submission to {_target} ({what}) ended {outcome.Status}, but its reply could not be read ({ex.Message}); check the jobs with Get-HpcJob -Name.");
                    continue;
                }
                var jobs = parsed.Where(o => o.Job != null).Select(o => o.Job).ToList();
                Recorder.SubmissionResolved(record, jobs, outcome.CommandId);
                Recorder.Verbose($"The submission to {_target} ({what}) is resolved: job(s) {(jobs.Count == 0 ? "none" : string.Join(", ", jobs.Select(j => j.Id)))} are recorded.");
            }
        }
    }
}
