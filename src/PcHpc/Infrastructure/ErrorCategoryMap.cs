using System.Management.Automation;
using PcHpc.Core.Errors;

namespace PcHpc.Infrastructure
{
    internal static class ErrorCategoryMap
    {
        public static ErrorCategory For(ErrorKind kind)
        {
            switch (kind)
            {
                case ErrorKind.InvalidArgument: return ErrorCategory.InvalidArgument;
                case ErrorKind.Validation: return ErrorCategory.InvalidData;
                case ErrorKind.NotFound: return ErrorCategory.ObjectNotFound;
                case ErrorKind.AlreadyExists: return ErrorCategory.ResourceExists;
                case ErrorKind.InvalidState: return ErrorCategory.InvalidOperation;
                case ErrorKind.Authentication: return ErrorCategory.AuthenticationError;
                case ErrorKind.PermissionDenied: return ErrorCategory.PermissionDenied;
                case ErrorKind.Throttled: return ErrorCategory.LimitsExceeded;
                case ErrorKind.ServiceError: return ErrorCategory.InvalidResult;
                case ErrorKind.Timeout: return ErrorCategory.OperationTimeout;
                case ErrorKind.Connection: return ErrorCategory.ConnectionError;
                case ErrorKind.Cancelled: return ErrorCategory.OperationStopped;
                case ErrorKind.LocalState: return ErrorCategory.WriteError;
                default: return ErrorCategory.NotSpecified;
            }
        }
    }
}
