namespace PcHpc.Core.Activity
{
    /// <summary>
    /// How the engine tells the caller what it is doing. Implementations may be called from any thread;
    /// the cmdlet layer queues the calls and replays them on the pipeline thread.
    /// </summary>
    public interface IActivitySink
    {
        void Verbose(string message);
        void Debug(string message);
        void Warning(string message);
        void Progress(ProgressUpdate update);
    }

    public sealed class ProgressUpdate
    {
        public int ActivityId { get; set; } = 1;
        public string Activity { get; set; }
        public string Status { get; set; }
        public string CurrentOperation { get; set; }
        /// <summary>0-100, or -1 when unknown.</summary>
        public int PercentComplete { get; set; } = -1;
        public bool Completed { get; set; }
    }

    /// <summary>A sink that drops everything: for engine calls nobody watches.</summary>
    public sealed class NullActivitySink : IActivitySink
    {
        public static readonly NullActivitySink Instance = new NullActivitySink();
        public void Verbose(string message) { }
        public void Debug(string message) { }
        public void Warning(string message) { }
        public void Progress(ProgressUpdate update) { }
    }
}
