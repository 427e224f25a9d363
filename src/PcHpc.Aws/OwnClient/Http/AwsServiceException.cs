using System;
using PcHpc.Aws.Http;
using PcHpc.Core.Errors;

namespace PcHpc.Aws
{
    /// <summary>An AWS call that failed for good (after retries): the service's error, or a network failure or timeout.</summary>
    public class AwsServiceException : PcHpcException
    {
        public AwsServiceException(ErrorKind kind, string errorId, string message, string service, string operation, string region,
            AwsServiceError error, Exception inner = null)
            : base(kind, errorId, message, inner)
        {
            Service = service;
            Operation = operation;
            Region = region;
            Error = error;
            Transient = kind == ErrorKind.Throttled || kind == ErrorKind.Connection || kind == ErrorKind.Timeout || (error?.StatusCode ?? 0) >= 500;
        }

        /// <summary>Display name of the service (CloudFormation, EC2, ...).</summary>
        public string Service { get; }
        public string Operation { get; }
        public string Region { get; }
        /// <summary>The parsed service error; for network failures and timeouts a synthetic one with StatusCode 0.</summary>
        public AwsServiceError Error { get; }
        public string Code => Error?.Code;
        public string ServiceMessage => Error?.Message;
        public string RequestId => Error?.RequestId;
        public int StatusCode => Error?.StatusCode ?? 0;
        /// <summary>How many attempts were made.</summary>
        public int Attempts { get; internal set; }
    }

    /// <summary>Turns a final service error into an <see cref="AwsServiceException"/> with a kind and one clear sentence.</summary>
    public static class AwsErrorMapper
    {
        private static readonly string[] CredentialCodes =
        {
            "ExpiredToken", "ExpiredTokenException", "InvalidClientTokenId", "UnrecognizedClientException", "SignatureDoesNotMatch",
            "InvalidSignatureException", "AuthFailure", "MissingAuthenticationToken", "MissingAuthenticationTokenException",
            "IncompleteSignature", "IncompleteSignatureException", "InvalidAccessKeyId", "InvalidToken", "RequestExpired", "Unauthorized",
        };

        private static readonly string[] InvalidArgumentCodes =
        {
            "ValidationError", "ValidationException", "MissingParameter", "BadRequestException", "InvalidInput", "InvalidInputException",
            "MalformedQueryString", "InvalidAction",
        };

        public static ErrorKind KindOf(AwsServiceError error, bool throttled)
        {
            var code = error?.Code ?? string.Empty;
            var message = error?.Message ?? string.Empty;
            if (throttled || RetryRules.IsThrottlingCode(code) || error?.StatusCode == 429) return ErrorKind.Throttled;
            if (Array.IndexOf(CredentialCodes, code) >= 0) return ErrorKind.Authentication;
            if (code.StartsWith("AccessDenied", StringComparison.Ordinal) || code == "UnauthorizedOperation" || code == "Forbidden"
                || code == "UnauthorizedException")
                return ErrorKind.PermissionDenied;
            if (code.IndexOf("NotFound", StringComparison.OrdinalIgnoreCase) >= 0
                || message.IndexOf("does not exist", StringComparison.OrdinalIgnoreCase) >= 0
                || code == "NoSuchKey" || code == "NoSuchBucket")
                return ErrorKind.NotFound;
            if (code.IndexOf("AlreadyExists", StringComparison.OrdinalIgnoreCase) >= 0 || code.EndsWith(".Duplicate", StringComparison.Ordinal))
                return ErrorKind.AlreadyExists;
            if (Array.IndexOf(InvalidArgumentCodes, code) >= 0 || code.StartsWith("InvalidParameter", StringComparison.Ordinal))
                return ErrorKind.InvalidArgument;
            return ErrorKind.ServiceError;
        }

        public static AwsServiceException FromServiceError(ServiceCall call, AwsServiceError error, int attempts, bool throttled)
        {
            var kind = KindOf(error, throttled);
            var service = call.DisplayService;
            var text = service + " " + call.Operation + " failed in " + call.Region + ": " + (error.Code ?? ("HTTP " + error.StatusCode));
            if (!string.IsNullOrWhiteSpace(error.Message)) text += ": " + error.Message.Trim().TrimEnd('.');
            if (!string.IsNullOrEmpty(error.RequestId)) text += " (request id " + error.RequestId + ")";
            text += ".";
            switch (kind)
            {
                case ErrorKind.Authentication:
                    text += " Check your credentials (profile, access keys or session token, which may have expired) and the system clock, then run Get-HpcAwsIdentity to see who you are.";
                    break;
                case ErrorKind.PermissionDenied:
                    text += " Your identity is not allowed to call " + call.Operation + "; ask an administrator to grant " + call.SigningName + ":" + call.Operation + " or use another profile.";
                    break;
                case ErrorKind.Throttled:
                    text += " AWS is throttling requests after " + attempts + " attempt" + (attempts == 1 ? "" : "s") + "; retry later or raise " + AwsHttpClientOptions.MaxAttemptsVariable + ".";
                    break;
                case ErrorKind.ServiceError when error.StatusCode >= 500:
                    text += " " + service + " failed on its side after " + attempts + " attempt" + (attempts == 1 ? "" : "s") + "; try again later.";
                    break;
            }
            return new AwsServiceException(kind, "Aws." + (error.Code ?? ("Http" + error.StatusCode)), text, service, call.Operation, call.Region, error)
            {
                Attempts = attempts,
            };
        }

        public static AwsServiceException Connection(ServiceCall call, Uri url, int attempts, Exception inner)
        {
            var reason = Innermost(inner).Message.Trim().TrimEnd('.');
            var text = call.DisplayService + " " + call.Operation + " could not reach " + url.GetLeftPart(UriPartial.Authority) + " (" + call.Region + ") after "
                + attempts + " attempt" + (attempts == 1 ? "" : "s") + ": " + reason + ". Check your network, proxy and -EndpointUrl, then try again.";
            var error = new AwsServiceError { StatusCode = 0, Code = "ConnectionError", Message = reason };
            return new AwsServiceException(ErrorKind.Connection, "Aws.ConnectionError", text, call.DisplayService, call.Operation, call.Region, error, inner)
            {
                Attempts = attempts,
            };
        }

        public static AwsServiceException Timeout(ServiceCall call, Uri url, int attempts, TimeSpan attemptTimeout, Exception inner)
        {
            var text = call.DisplayService + " " + call.Operation + " in " + call.Region + " timed out: no answer from " + url.GetLeftPart(UriPartial.Authority)
                + " within " + attemptTimeout.TotalSeconds.ToString("0.###", System.Globalization.CultureInfo.InvariantCulture) + " s in each of " + attempts
                + " attempt" + (attempts == 1 ? "" : "s") + ". Check your network and try again later.";
            var error = new AwsServiceError { StatusCode = 0, Code = "RequestTimeout", Message = "The request timed out." };
            return new AwsServiceException(ErrorKind.Timeout, "Aws.Timeout", text, call.DisplayService, call.Operation, call.Region, error, inner)
            {
                Attempts = attempts,
            };
        }

        private static Exception Innermost(Exception e)
        {
            while (e.InnerException != null) e = e.InnerException;
            return e;
        }
    }
}
