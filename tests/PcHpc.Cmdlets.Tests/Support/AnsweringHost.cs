using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.ObjectModel;
using System.Globalization;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Host;
using System.Security;
using System.Threading;

namespace PcHpc.Cmdlets.Tests.Support
{
    /// <summary>
    /// A PowerShell host that answers prompts as a user at a console would: each ShouldProcess / ShouldContinue
    /// prompt takes the next queued answer (Y, A, N, L, S = the choice's hot key). A prompt with no answer queued
    /// fails the command (as -NonInteractive does) and is recorded. Also records host output and every progress record.
    /// </summary>
    public sealed class AnsweringHost : PSHost
    {
        private readonly AnsweringUserInterface _ui = new AnsweringUserInterface();
        private readonly Guid _id = Guid.NewGuid();

        public override string Name => "PcHpcTestHost";
        public override Version Version => new Version(1, 0);
        public override Guid InstanceId => _id;
        public override CultureInfo CurrentCulture => CultureInfo.InvariantCulture;
        public override CultureInfo CurrentUICulture => CultureInfo.InvariantCulture;
        public override PSHostUserInterface UI => _ui;
        public AnsweringUserInterface Console => _ui;

        /// <summary>Times the user chose Suspend (a nested prompt they left at once).</summary>
        public int NestedPrompts { get; private set; }

        public override void EnterNestedPrompt() => NestedPrompts++;
        public override void ExitNestedPrompt() { }
        public override void NotifyBeginApplication() { }
        public override void NotifyEndApplication() { }
        public override void SetShouldExit(int exitCode) { }
    }

    public sealed class AnsweringUserInterface : PSHostUserInterface
    {
        private readonly ConcurrentQueue<string> _answers = new ConcurrentQueue<string>();
        private readonly object _gate = new object();

        public List<string> Prompts { get; } = new List<string>();
        public List<string> UnansweredPrompts { get; } = new List<string>();
        public List<ProgressRecord> Progress { get; } = new List<ProgressRecord>();
        public List<string> Text { get; } = new List<string>();
        /// <summary>Threads that called into the host other than the one that started the pipeline.</summary>
        public int PipelineThreadId { get; set; }
        public List<string> OffThreadCalls { get; } = new List<string>();

        public override PSHostRawUserInterface RawUI { get; } = new FixedRawUserInterface();

        public void Answer(IEnumerable<string> answers)
        {
            while (_answers.TryDequeue(out _)) { }
            foreach (var a in answers ?? Enumerable.Empty<string>()) _answers.Enqueue(a);
        }

        public int PendingAnswers => _answers.Count;

        public void ClearRecords()
        {
            lock (_gate)
            {
                Prompts.Clear(); UnansweredPrompts.Clear(); Progress.Clear(); Text.Clear(); OffThreadCalls.Clear();
            }
        }

        private void CheckThread(string what)
        {
            if (PipelineThreadId != 0 && Environment.CurrentManagedThreadId != PipelineThreadId)
            {
                lock (_gate) OffThreadCalls.Add(what);
            }
        }

        public override int PromptForChoice(string caption, string message, Collection<ChoiceDescription> choices, int defaultChoice)
        {
            CheckThread("PromptForChoice");
            lock (_gate) Prompts.Add(caption + ": " + message);
            if (!_answers.TryDequeue(out var answer))
            {
                lock (_gate) UnansweredPrompts.Add(message);
                throw new PSInvalidOperationException("The test host has no answer queued for the prompt '" + caption + ": " + message + "'.");
            }
            for (var i = 0; i < choices.Count; i++)
            {
                var label = choices[i].Label;
                var amp = label.IndexOf('&');
                if (amp >= 0 && amp + 1 < label.Length && string.Equals(label.Substring(amp + 1, 1), answer, StringComparison.OrdinalIgnoreCase))
                {
                    return i;
                }
            }
            throw new PSInvalidOperationException("No choice with hot key '" + answer + "' in: " + string.Join(", ", choices.Select(c => c.Label)));
        }

        public override void WriteProgress(long sourceId, ProgressRecord record)
        {
            CheckThread("WriteProgress");
            lock (_gate) Progress.Add(record);
        }

        /// <summary>A copy of the progress records so far (safe while a pipeline on another thread still writes).</summary>
        public List<ProgressRecord> ProgressSnapshot()
        {
            lock (_gate) return new List<ProgressRecord>(Progress);
        }

        public override Dictionary<string, PSObject> Prompt(string caption, string message, Collection<FieldDescription> descriptions) =>
            throw new PSInvalidOperationException("The test host cannot answer field prompts: " + message);
        public override PSCredential PromptForCredential(string caption, string message, string userName, string targetName) =>
            throw new PSInvalidOperationException("The test host cannot answer credential prompts.");
        public override PSCredential PromptForCredential(string caption, string message, string userName, string targetName, PSCredentialTypes allowedCredentialTypes, PSCredentialUIOptions options) =>
            throw new PSInvalidOperationException("The test host cannot answer credential prompts.");
        public override string ReadLine() => throw new PSInvalidOperationException("The test host cannot read a line.");
        public override SecureString ReadLineAsSecureString() => throw new PSInvalidOperationException("The test host cannot read a line.");

        public override void Write(string value) { lock (_gate) Text.Add(value); }
        public override void Write(ConsoleColor foregroundColor, ConsoleColor backgroundColor, string value) { lock (_gate) Text.Add(value); }
        public override void WriteLine(string value) { lock (_gate) Text.Add(value); }
        public override void WriteErrorLine(string value) { lock (_gate) Text.Add(value); }
        public override void WriteDebugLine(string message) { CheckThread("WriteDebug"); }
        public override void WriteVerboseLine(string message) { CheckThread("WriteVerbose"); }
        public override void WriteWarningLine(string message) { CheckThread("WriteWarning"); }
    }

    internal sealed class FixedRawUserInterface : PSHostRawUserInterface
    {
        public override ConsoleColor BackgroundColor { get; set; } = ConsoleColor.Black;
        public override ConsoleColor ForegroundColor { get; set; } = ConsoleColor.Gray;
        public override Size BufferSize { get; set; } = new Size(150, 3000);
        public override Coordinates CursorPosition { get; set; }
        public override int CursorSize { get; set; } = 1;
        public override bool KeyAvailable => false;
        public override Size MaxPhysicalWindowSize => new Size(150, 50);
        public override Size MaxWindowSize => new Size(150, 50);
        public override Coordinates WindowPosition { get; set; }
        public override Size WindowSize { get; set; } = new Size(150, 50);
        public override string WindowTitle { get; set; } = "PcHpc tests";
        public override void FlushInputBuffer() { }
        public override BufferCell[,] GetBufferContents(Rectangle rectangle) => new BufferCell[0, 0];
        public override KeyInfo ReadKey(ReadKeyOptions options) => throw new PSInvalidOperationException("The test host cannot read keys.");
        public override void ScrollBufferContents(Rectangle source, Coordinates destination, Rectangle clip, BufferCell fill) { }
        public override void SetBufferContents(Coordinates origin, BufferCell[,] contents) { }
        public override void SetBufferContents(Rectangle rectangle, BufferCell fill) { }
    }
}
