using System;

namespace PcHpc.Core.Errors
{
    /// <summary>What kind of failure happened; the cmdlet layer maps it to a PowerShell ErrorCategory.</summary>
    public enum ErrorKind
    {
        InvalidArgument,
        Validation,
        NotFound,
        AlreadyExists,
        InvalidState,
        Authentication,
        PermissionDenied,
        Throttled,
        ServiceError,
        Timeout,
        Connection,
        Cancelled,
        LocalState,
    }

    /// <summary>Every engine failure a user should read. Message is one clear sentence that says what to do next.</summary>
    public class PcHpcException : Exception
    {
        public PcHpcException(ErrorKind kind, string errorId, string message, Exception inner = null)
            : base(message, inner)
        {
            Kind = kind;
            ErrorId = errorId;
        }

        public ErrorKind Kind { get; }

        /// <summary>Stable identifier used as the PowerShell ErrorRecord's FullyQualifiedErrorId.</summary>
        public string ErrorId { get; }

        /// <summary>The object the error is about (cluster name, file path, ...), if any.</summary>
        public object Target { get; set; }

        /// <summary>
        /// A remote call failed in a way a later call may not (throttled, 5xx, connection reset, timeout). For a call
        /// that changes something, the remote side may still have acted: check before acting again.
        /// </summary>
        public bool Transient { get; set; }

        /// <summary>True for a <see cref="PcHpcException"/> marked <see cref="Transient"/>.</summary>
        public static bool IsTransient(Exception ex) => ex is PcHpcException p && p.Transient;
    }
}
