using System;
using System.Collections.Generic;

namespace PcHpc.Aws.Http
{
    /// <summary>What kind of retryable failure an attempt had.</summary>
    public enum RetryClass
    {
        None,
        Throttling,
        Transient,
    }

    /// <summary>
    /// When to retry. A copy of the rules in botocore's <c>_retry.json</c> (the throttling error codes, transient status
    /// codes, socket errors and per-service extras), plus the codes the SDKs' standard retry mode adds. A test checks
    /// this table against the shared copy of <c>_retry.json</c>.
    /// </summary>
    public static class RetryRules
    {
        /// <summary>One "applies_when.response" rule: service ("*" for all), error code (null: any), HTTP status (null: any).</summary>
        public sealed class Rule
        {
            public Rule(string service, string code, int? status, RetryClass kind)
            {
                Service = service;
                Code = code;
                Status = status;
                Kind = kind;
            }

            public string Service { get; }
            public string Code { get; }
            public int? Status { get; }
            public RetryClass Kind { get; }
        }

        /// <summary>The _retry.json rules (general defaults, then per-service policies; DynamoDB's CRC32 check left out).</summary>
        public static readonly IReadOnlyList<Rule> Table = new[]
        {
            // __default__ policies
            new Rule("*", null, 500, RetryClass.Transient),                  // general_server_error
            new Rule("*", null, 502, RetryClass.Transient),                  // bad_gateway
            new Rule("*", null, 503, RetryClass.Transient),                  // service_unavailable
            new Rule("*", null, 504, RetryClass.Transient),                  // gateway_timeout
            new Rule("*", null, 509, RetryClass.Transient),                  // limit_exceeded
            new Rule("*", "ThrottlingException", 400, RetryClass.Throttling),
            new Rule("*", "ThrottledException", 400, RetryClass.Throttling),
            new Rule("*", "RequestThrottledException", 400, RetryClass.Throttling),
            new Rule("*", "Throttling", 400, RetryClass.Throttling),
            new Rule("*", null, 429, RetryClass.Throttling),                 // too_many_requests
            new Rule("*", "ProvisionedThroughputExceededException", 400, RetryClass.Throttling),
            // per-service policies
            new Rule("organizations", "TooManyRequestsException", 400, RetryClass.Throttling),
            new Rule("dynamodb", "ReplicatedWriteConflictException", 409, RetryClass.Transient),
            new Rule("dynamodb", "TransactionInProgressException", 400, RetryClass.Throttling),
            new Rule("ec2", "RequestLimitExceeded", 503, RetryClass.Throttling),
            new Rule("ec2", "EC2ThrottledException", 503, RetryClass.Throttling),
            new Rule("cloudsearch", "BandwidthLimitExceeded", 509, RetryClass.Throttling),
            new Rule("kinesis", "LimitExceededException", 400, RetryClass.Throttling),
            new Rule("sqs", "RequestThrottled", 403, RetryClass.Throttling),
            new Rule("s3", "RequestTimeout", 400, RetryClass.Transient),
            new Rule("s3", "BadDigest", 400, RetryClass.Transient),
            new Rule("glacier", "RequestTimeoutException", 408, RetryClass.Transient),
            new Rule("route53", "Throttling", 400, RetryClass.Throttling),
            new Rule("route53", "PriorRequestNotComplete", 400, RetryClass.Transient),
            new Rule("sts", "IDPCommunicationError", 400, RetryClass.Transient),
        };

        /// <summary>Standard retry mode: throttling codes retried whatever the status.</summary>
        public static readonly ISet<string> ThrottlingCodes = new HashSet<string>(StringComparer.Ordinal)
        {
            "Throttling", "ThrottlingException", "ThrottledException", "RequestThrottledException", "TooManyRequestsException",
            "ProvisionedThroughputExceededException", "TransactionInProgressException", "RequestLimitExceeded",
            "BandwidthLimitExceeded", "LimitExceededException", "RequestThrottled", "SlowDown", "PriorRequestNotComplete",
            "EC2ThrottledException",
        };

        /// <summary>Standard retry mode: transient codes retried whatever the status.</summary>
        public static readonly ISet<string> TransientCodes = new HashSet<string>(StringComparer.Ordinal)
        {
            "RequestTimeout", "RequestTimeoutException", "PriorRequestNotComplete", "IDPCommunicationError",
        };

        /// <summary>Status codes retried for every service (5xx transient, 429 throttling).</summary>
        public static readonly ISet<int> TransientStatusCodes = new HashSet<int> { 500, 502, 503, 504, 509 };

        /// <summary>
        /// Whether an error response is worth retrying, and how. Throttling codes are checked first (EC2's
        /// RequestLimitExceeded comes with 503 but is throttling). Standard-mode code lists (any status) apply to
        /// every service, since a service's throttling code does not change with its status code.
        /// </summary>
        public static RetryClass Classify(string service, string code, int status)
        {
            if (!string.IsNullOrEmpty(code) && ThrottlingCodes.Contains(code)) return RetryClass.Throttling;
            if (status == 429) return RetryClass.Throttling;
            var fromTable = RetryClass.None;
            foreach (var rule in Table)
            {
                if (rule.Service != "*" && !string.Equals(rule.Service, service, StringComparison.OrdinalIgnoreCase)) continue;
                if (rule.Code != null && !string.Equals(rule.Code, code, StringComparison.Ordinal)) continue;
                if (rule.Status != null && rule.Status.Value != status) continue;
                if (rule.Kind == RetryClass.Throttling) return RetryClass.Throttling;
                fromTable = RetryClass.Transient;
            }
            if (fromTable != RetryClass.None) return fromTable;
            if (!string.IsNullOrEmpty(code) && TransientCodes.Contains(code)) return RetryClass.Transient;
            if (TransientStatusCodes.Contains(status)) return RetryClass.Transient;
            return RetryClass.None;
        }

        public static bool IsThrottlingCode(string code) => !string.IsNullOrEmpty(code) && ThrottlingCodes.Contains(code);
    }
}
