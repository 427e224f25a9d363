using System;
using System.Collections.Concurrent;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using PcHpc.Core.Activity;
using PcHpc.Core.Errors;

namespace PcHpc.Infrastructure
{
    /// <summary>
    /// Base of every PcHpc cmdlet. Engine exceptions become terminating
    /// errors with a mapped ErrorCategory; async engine work runs off the pipeline thread while its progress and
    /// messages are replayed on it (PowerShell rejects Write* calls from other threads).
    /// </summary>
    public abstract class PcHpcCmdlet : PSCmdlet
    {
        private readonly CancellationTokenSource _stopping = new CancellationTokenSource();
        private BlockingCollection<Action> _pump;
        // Messages that arrived when this cmdlet could not write (another thread and no pump running, or while its own
        // output was being processed downstream): replayed on the pipeline thread at the next point it can write.
        private readonly ConcurrentQueue<Action> _late = new ConcurrentQueue<Action>();
        private int _pipelineThread;
        private volatile bool _canWriteInline;

        /// <summary>Cancelled when the user presses Ctrl+C.</summary>
        protected CancellationToken CancelToken => _stopping.Token;

        protected virtual void Begin() { }
        protected virtual void Process() { }
        protected virtual void End() { }

        protected sealed override void BeginProcessing() => Guarded(Begin);
        protected sealed override void ProcessRecord() => Guarded(() => { if (InputsAccepted()) Process(); });

        /// <summary>
        /// Local checks of this record's inputs, run before <see cref="Process"/> (and so before any network call): throw a
        /// <see cref="PcHpcException"/> to refuse the record (reported as this record's error; the next record goes on).
        /// </summary>
        protected virtual void CheckInputs() { }

        /// <summary>A wait bound must be positive: refused (TimeoutInvalid) before anything is called.</summary>
        protected static void CheckTimeout(TimeSpan? timeout)
        {
            if (timeout != null && timeout.Value <= TimeSpan.Zero)
            {
                throw new PcHpcException(ErrorKind.InvalidArgument, "TimeoutInvalid", $"-Timeout must be positive (got {timeout.Value}).");
            }
        }

        /// <summary>True once any record was refused by <see cref="CheckInputs"/> (cmdlets that work in End skip then).</summary>
        protected bool InputRejected { get; private set; }

        private bool InputsAccepted()
        {
            try
            {
                CheckInputs();
                return true;
            }
            catch (PcHpcException ex)
            {
                InputRejected = true;
                ReportError(ex, ex.Target);
                return false;
            }
        }
        protected sealed override void EndProcessing() => Guarded(End, last: true);
        protected sealed override void StopProcessing()
        {
            _stopping.Cancel();
            CompleteOpenProgressOnStop();
        }

        /// <summary>
        /// Ctrl+C: the engine refuses WriteProgress from now on, so the bars this command left open are ended through the
        /// host directly, under the source id the engine gave this command's progress (read from its runtime; when that is
        /// not available, e.g. another engine version, nothing is done).
        /// </summary>
        private void CompleteOpenProgressOnStop()
        {
            lock (_openProgress)
            {
                if (_openProgress.Count == 0) return;
                var open = new System.Collections.Generic.List<ProgressUpdate>(_openProgress.Values);
                _openProgress.Clear();
                CompleteThroughHost(open);
            }
        }

        private void CompleteThroughHost(System.Collections.Generic.List<ProgressUpdate> open)
        {
            try
            {
                var ui = Host?.UI;
                var runtime = CommandRuntime;
                var field = runtime?.GetType().GetField("_sourceId", System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Instance);
                if (ui == null || field == null || field.FieldType != typeof(long)) return;
                var sourceId = (long)field.GetValue(runtime);
                if (sourceId == 0) return;
                foreach (var update in open)
                {
                    ui.WriteProgress(sourceId, new ProgressRecord(update.ActivityId, update.Activity ?? "PcHpc", "Stopped")
                    {
                        RecordType = ProgressRecordType.Completed,
                    });
                }
            }
            catch (Exception)
            {
                // Best effort while the pipeline stops.
            }
        }

        protected void Emit(object value) => Downstream(() => WriteObject(value, false));
        protected void EmitAll(System.Collections.IEnumerable values) => Downstream(() => WriteObject(values, true));

        /// <summary>
        /// Writes output: the commands downstream run inside this call (and may prompt, or run work whose messages come
        /// back to this cmdlet's sink), so this cmdlet's messages are queued meanwhile and replayed after it.
        /// </summary>
        private void Downstream(Action write)
        {
            DrainLate();
            var was = _canWriteInline;
            _canWriteInline = false;
            try
            {
                write();
            }
            finally
            {
                _canWriteInline = was;
            }
            DrainLate();
        }

        /// <summary>Reports a per-item failure and lets the pipeline go on to the next item.</summary>
        protected void ReportError(Exception exception, object target = null)
        {
            DrainLate();
            WriteError(ToErrorRecord(exception, target));
        }

        /// <summary>
        /// The ShouldProcess dance for destructive cmdlets: -Force skips the prompt, but -WhatIf always wins over -Force.
        /// </summary>
        protected bool Confirm(string target, string action, bool force)
        {
            if (force && !WhatIfRequested)
            {
                WriteVerbose($"Performing the operation \"{action}\" on target \"{target}\" (-Force given).");
                return true;
            }
            return ShouldProcess(target, action);
        }

        /// <summary>An activity sink whose calls land on the pipeline thread.</summary>
        protected IActivitySink Activity => new PipelineSink(this);

        /// <summary>
        /// Runs engine work on a worker thread while the pipeline thread replays its messages, progress and any
        /// <see cref="Post"/>ed actions; returns the work's result or rethrows its exception on the pipeline thread.
        /// </summary>
        protected T Run<T>(Func<IActivitySink, CancellationToken, Task<T>> work)
        {
            if (_pump != null)
            {
                throw new InvalidOperationException("Run is not re-entrant.");
            }
            DrainLate();
            var pump = new BlockingCollection<Action>();
            _pump = pump;
            try
            {
                var sink = new PipelineSink(this);
                var task = Task.Run(() => work(sink, _stopping.Token));
                task.ContinueWith(_ => pump.CompleteAdding(), TaskScheduler.Default);
                foreach (var action in pump.GetConsumingEnumerable())
                {
                    action();
                }
                _pump = null;
                DrainLate();
                return task.GetAwaiter().GetResult();
            }
            finally
            {
                _pump = null;
                pump.Dispose();
                CompleteOpenProgress();
            }
        }

        protected void Run(Func<IActivitySink, CancellationToken, Task> work)
        {
            Run<bool>(async (sink, token) => { await work(sink, token).ConfigureAwait(false); return true; });
        }

        /// <summary>
        /// Runs an action on the pipeline thread, never elsewhere: queued while <see cref="Run{T}"/> pumps; at once when
        /// called on the pipeline thread while this cmdlet may write; otherwise (a worker thread with no pump running, or
        /// while downstream commands run) kept and replayed at this cmdlet's next pipeline-thread point.
        /// </summary>
        protected void Post(Action onPipelineThread)
        {
            var pump = _pump;
            if (pump != null)
            {
                try
                {
                    pump.Add(onPipelineThread);
                    return;
                }
                catch (InvalidOperationException)
                {
                    // The pump completed between the check and the add: keep it for the next pipeline-thread point.
                }
            }
            if (_canWriteInline && Environment.CurrentManagedThreadId == _pipelineThread)
            {
                DrainLate();
                onPipelineThread();
                return;
            }
            _late.Enqueue(onPipelineThread);
        }

        // Progress bars shown and not completed yet, by activity id (pipeline thread only).
        private readonly System.Collections.Generic.Dictionary<int, ProgressUpdate> _openProgress = new System.Collections.Generic.Dictionary<int, ProgressUpdate>();

        private void WriteProgressTracked(ProgressUpdate update)
        {
            // Under the lock so that Ctrl+C (StopProcessing, another thread) cannot slip its Completed record in before a
            // Processing one still being written here; once stopping, only Completed records go out.
            lock (_openProgress)
            {
                if (_stopping.IsCancellationRequested && !update.Completed) return;
                if (update.Completed) _openProgress.Remove(update.ActivityId);
                else _openProgress[update.ActivityId] = update;
                WriteProgress(ToProgressRecord(update));
            }
        }

        /// <summary>
        /// Ends every progress bar still open (success, failure, timeout or Ctrl+C alike), so no bar stays drawn above
        /// later output.
        /// </summary>
        private void CompleteOpenProgress()
        {
            if (Environment.CurrentManagedThreadId != _pipelineThread) return;
            lock (_openProgress)
            {
                if (_openProgress.Count == 0) return;
                var all = new System.Collections.Generic.List<ProgressUpdate>(_openProgress.Values);
                _openProgress.Clear();
                for (var i = 0; i < all.Count; i++)
                {
                    var open = all[i];
                    try
                    {
                        if (Stopping || _stopping.IsCancellationRequested) throw new PipelineStoppedException();
                        WriteProgress(ToProgressRecord(new ProgressUpdate { ActivityId = open.ActivityId, Activity = open.Activity, Status = open.Status, PercentComplete = 100, Completed = true }));
                        // A stop that began during the write may have dropped it: end the bar through the host as well
                        // (a second Completed record is harmless).
                        if (Stopping) CompleteThroughHost(all.GetRange(i, 1));
                    }
                    catch (Exception ex) when (ex is PipelineStoppedException || ex is InvalidOperationException)
                    {
                        // Ctrl+C: the engine refuses progress now (and StopProcessing may already have looked for open
                        // bars), so the rest are ended through the host directly.
                        CompleteThroughHost(all.GetRange(i, all.Count - i));
                        return;
                    }
                }
            }
        }

        /// <summary>Replays messages kept by <see cref="Post"/>; only on the pipeline thread while this cmdlet may write.</summary>
        private void DrainLate()
        {
            if (!_canWriteInline || Environment.CurrentManagedThreadId != _pipelineThread) return;
            while (_late.TryDequeue(out var action))
            {
                action();
            }
        }

        private void Guarded(Action step, bool last = false)
        {
            _pipelineThread = Environment.CurrentManagedThreadId;
            _canWriteInline = true;
            try
            {
                DrainLate();
                step();
                DrainLate();
            }
            catch (PipelineStoppedException)
            {
                throw;
            }
            catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
            {
                // Ctrl+C: PowerShell is already stopping the pipeline.
            }
            catch (PcHpcException ex)
            {
                DrainLate();
                ThrowTerminatingError(ToErrorRecord(ex, ex.Target));
            }
            finally
            {
                // Between steps nothing may write; what arrives now waits for the next step (or is dropped after the last).
                _canWriteInline = false;
                if (last) while (_late.TryDequeue(out _)) { }
            }
        }

        /// <summary>The error record of an engine failure: its ErrorId, mapped category, target and advice.</summary>
        internal static ErrorRecord ToErrorRecord(Exception exception, object target)
        {
            if (exception is PcHpcException pc)
            {
                var record = new ErrorRecord(pc, pc.ErrorId, ErrorCategoryMap.For(pc.Kind), target ?? pc.Target);
                return record;
            }
            return new ErrorRecord(exception, exception.GetType().Name, ErrorCategory.NotSpecified, target);
        }

        private static ProgressRecord ToProgressRecord(ProgressUpdate update) =>
            new ProgressRecord(update.ActivityId, update.Activity ?? "PcHpc", string.IsNullOrEmpty(update.Status) ? "Working" : update.Status)
            {
                PercentComplete = update.PercentComplete,
                CurrentOperation = update.CurrentOperation,
                RecordType = update.Completed ? ProgressRecordType.Completed : ProgressRecordType.Processing,
            };

        /// <summary>True when -WhatIf was given (or $WhatIfPreference is set): -Force must not override it.</summary>
        protected bool WhatIfRequested =>
            MyInvocation.BoundParameters.TryGetValue("WhatIf", out var value)
                ? (value is SwitchParameter sw ? sw.IsPresent : LanguagePrimitives.IsTrue(value))
                : LanguagePrimitives.IsTrue(SessionVariable("WhatIfPreference"));

        /// <summary>A session variable's value (e.g. StoredAWSRegion), or null.</summary>
        protected object SessionVariable(string name)
        {
            var value = SessionState.PSVariable.GetValue(name);
            return value is PSObject pso ? pso.BaseObject : value;
        }

        /// <summary>A user path (relative to the current PowerShell location, ~, PSDrive) as a file-system path.</summary>
        protected string ResolveFilePath(string path) => SessionState.Path.GetUnresolvedProviderPathFromPSPath(path);

        private sealed class PipelineSink : IActivitySink
        {
            private readonly PcHpcCmdlet _cmdlet;

            public PipelineSink(PcHpcCmdlet cmdlet) => _cmdlet = cmdlet;

            public void Verbose(string message) => _cmdlet.Post(() => _cmdlet.WriteVerbose(message));
            public void Debug(string message) => _cmdlet.Post(() => _cmdlet.WriteDebug(message));
            public void Warning(string message) => _cmdlet.Post(() => _cmdlet.WriteWarning(message));
            public void Progress(ProgressUpdate update) => _cmdlet.Post(() => _cmdlet.WriteProgressTracked(update));
        }
    }
}
