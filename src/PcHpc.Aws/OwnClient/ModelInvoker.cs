using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using PcHpc.Aws.Http;
using PcHpc.Aws.Protocols;
using PcHpc.Aws.Session;
using PcHpc.Core.Errors;

namespace PcHpc.Aws.Services
{
    /// <summary>
    /// The one path from a port adapter to the wire: value tree → model serializer → <see cref="ServiceCall"/> →
    /// <see cref="AwsHttpClient"/> (signing, retries, verbose lines) → model parser → value tree; pagination by the
    /// model's official paginator definitions. Adapters only map DTOs to and from value trees.
    /// </summary>
    internal sealed class ModelInvoker
    {
        private readonly AwsSession _session;

        public ModelInvoker(AwsSession session, ServiceModel model, string serviceName, Uri endpoint, string signingRegion = null)
        {
            _session = session ?? throw new ArgumentNullException(nameof(session));
            Model = model;
            ServiceName = serviceName;
            Endpoint = endpoint;
            SigningRegion = signingRegion ?? session.Region;
        }

        public ServiceModel Model { get; }
        public string ServiceName { get; }
        public Uri Endpoint { get; }
        public string SigningRegion { get; }

        /// <summary>Builds the call for one operation (exposed for contract tests that send our exact requests elsewhere).</summary>
        public ServiceCall BuildCall(string operation, IDictionary<string, object> input, Func<AwsServiceError, bool> doNotRetry = null, bool notIdempotent = false)
        {
            var op = Model.Operation(operation);
            var request = RequestSerializer.Serialize(op, input ?? new Dictionary<string, object>());
            return new ServiceCall
            {
                SigningName = Model.SigningName ?? Model.EndpointPrefix,
                ServiceName = ServiceName,
                Operation = operation,
                Region = SigningRegion,
                Endpoint = Endpoint,
                Request = request,
                ErrorParser = Model.ErrorParser,
                Credentials = _session.CredentialsAsync,
                Activity = _session.Activity,
                DoNotRetry = doNotRetry,
                NotIdempotent = notIdempotent,
            };
        }

        /// <summary>One call; returns the parsed output (empty for operations without output).</summary>
        public async Task<Dictionary<string, object>> CallAsync(string operation, IDictionary<string, object> input, CancellationToken cancellationToken,
            Func<AwsServiceError, bool> doNotRetry = null, bool notIdempotent = false)
        {
            var call = BuildCall(operation, input, doNotRetry, notIdempotent);
            var response = await _session.Http.SendAsync(call, cancellationToken).ConfigureAwait(false);
            return ResponseParser.Parse(Model.Operation(operation), response) ?? new Dictionary<string, object>();
        }

        /// <summary>Every page of a paginated operation merged into one output (result keys concatenated).</summary>
        public Task<Dictionary<string, object>> CallAllPagesAsync(string operation, Dictionary<string, object> input, CancellationToken cancellationToken)
        {
            var definition = PaginatorDefinition.For(Model, operation);
            if (definition == null) return CallAsync(operation, input, cancellationToken);
            return Paginator.PaginateAsync(definition, input ?? new Dictionary<string, object>(),
                page => CallAsync(operation, page, cancellationToken), cancellationToken);
        }

        /// <summary>The same failure with another kind/id and, optionally, a better sentence (keeps service, operation, code, request id).</summary>
        public static AwsServiceException Remap(AwsServiceException ex, ErrorKind kind, string errorId, string message = null) =>
            new AwsServiceException(kind, errorId, message ?? ex.Message, ex.Service, ex.Operation, ex.Region, ex.Error, ex)
            {
                Attempts = ex.Attempts,
            };
    }
}
