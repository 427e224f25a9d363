using System;
using System.Collections.Generic;

namespace PcHpc.Core.Ports
{
    /// <summary>
    /// A ParallelCluster API error answer. For 400 on create/update the API adds configurationValidationErrors
    /// (and for update updateValidationErrors/changeSet); for a dryrun 412 it carries validationMessages and changeSet.
    /// </summary>
    public class ParallelClusterApiException : Errors.PcHpcException
    {
        public ParallelClusterApiException(int statusCode, string message, Exception inner = null)
            : this(KindOf(statusCode), "ParallelCluster.Http" + statusCode.ToString(System.Globalization.CultureInfo.InvariantCulture), statusCode, message, inner)
        {
        }

        public ParallelClusterApiException(Errors.ErrorKind kind, string errorId, int statusCode, string message, Exception inner = null)
            : base(kind, errorId, message, inner)
        {
            StatusCode = statusCode;
            Transient = statusCode == 429 || statusCode >= 500 || kind == Errors.ErrorKind.Connection || kind == Errors.ErrorKind.Timeout;
        }

        /// <summary>The error kind of an API status code: 400 Validation, 401 Authentication, 403 PermissionDenied, 404 NotFound, 409 AlreadyExists, 412 InvalidState, 429 Throttled, 504 Timeout, else ServiceError.</summary>
        public static Errors.ErrorKind KindOf(int statusCode)
        {
            switch (statusCode)
            {
                case 400: return Errors.ErrorKind.Validation;
                case 401: return Errors.ErrorKind.Authentication;
                case 403: return Errors.ErrorKind.PermissionDenied;
                case 404: return Errors.ErrorKind.NotFound;
                case 409: return Errors.ErrorKind.AlreadyExists;
                case 412: return Errors.ErrorKind.InvalidState;
                case 429: return Errors.ErrorKind.Throttled;
                case 504: return Errors.ErrorKind.Timeout;
                default: return Errors.ErrorKind.ServiceError;
            }
        }

        /// <summary>The x-amzn-RequestId of the answer, when sent.</summary>
        public string RequestId { get; set; }

        /// <summary>HTTP status code (400, 401, 403, 404, 409, 412, 429, 500, 502, 504, ...).</summary>
        public int StatusCode { get; }

        /// <summary>x-amzn-ErrorType without the ":http..." suffix (e.g. "BadRequestException"), when the API sent it.</summary>
        public string ErrorType { get; set; }

        public IList<ConfigValidationMessage> ConfigurationValidationErrors { get; set; } = new List<ConfigValidationMessage>();
        /// <summary>validationMessages of a dryrun answer.</summary>
        public IList<ConfigValidationMessage> ValidationMessages { get; set; } = new List<ConfigValidationMessage>();
        public IList<UpdateError> UpdateValidationErrors { get; set; } = new List<UpdateError>();
        public IList<ConfigChange> ChangeSet { get; set; } = new List<ConfigChange>();

        /// <summary>True for the 412 "Request would have succeeded, but DryRun flag is set." answer.</summary>
        public bool IsDryRunSuccess => StatusCode == 412;
    }
}
