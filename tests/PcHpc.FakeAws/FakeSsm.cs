using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;

namespace PcHpc.FakeAws
{
    /// <summary>A managed instance registered with the fake SSM.</summary>
    public sealed class FakeManagedInstance
    {
        public string InstanceId { get; init; }
        public string Region { get; init; }
        public string PingStatus { get; set; } = "Online";
        public string PlatformType { get; init; } = "Linux";
        public string PlatformName { get; init; } = "Amazon Linux";
        public string PlatformVersion { get; init; } = "2023";
        public string AgentVersion { get; init; } = "3.3.1142.0";
        public string IpAddress { get; init; } = "10.0.0.10";
        public string ComputerName { get; init; } = "ip-10-0-0-10.ec2.internal";
        /// <summary>Working directory used when the command gives none (default: the temp directory).</summary>
        public string HomeDirectory { get; set; }
        /// <summary>Extra environment variables for commands run "on" this instance (e.g. PATH with fake sbatch/squeue scripts).</summary>
        public Dictionary<string, string> Environment { get; } = new Dictionary<string, string>();
    }

    /// <summary>One command on one instance.</summary>
    public sealed class FakeInvocation
    {
        public string CommandId { get; init; }
        public string InstanceId { get; init; }
        public string DocumentName { get; init; }
        public string Comment { get; init; }
        public DateTime RequestedDateTime { get; init; }
        public string Status { get; set; } = "Pending";
        public string StatusDetails { get; set; } = "Pending";
        public int ResponseCode { get; set; } = -1;
        public string StandardOutput { get; set; } = "";
        public string StandardError { get; set; } = "";
        public DateTime? ExecutionStart { get; set; }
        public DateTime? ExecutionEnd { get; set; }
        public string OutputS3BucketName { get; init; }
        public string OutputS3KeyPrefix { get; init; }
        internal int NotFoundAnswersLeft { get; set; }
        internal Process Process { get; set; }
    }

    /// <summary>
    /// Fake SSM (JSON 1.1, X-Amz-Target AmazonSSM.*). SendCommand with AWS-RunShellScript really runs the commands
    /// with /bin/bash, locally, once per target instance.
    /// </summary>
    public sealed partial class FakeSsm
    {
        /// <summary>SSM cuts StandardOutputContent / StandardErrorContent at this many characters.</summary>
        public const int OutputLimit = 24000;
        private readonly FakeAwsServer _server;
        private readonly object _lock = new object();
        private readonly List<FakeManagedInstance> _instances = new();
        private readonly List<FakeInvocation> _invocations = new();
        private readonly ManualResetEventSlim _released = new ManualResetEventSlim(true);

        internal FakeSsm(FakeAwsServer server) { _server = server; }

        /// <summary>How many GetCommandInvocation calls per invocation answer InvocationDoesNotExist right after SendCommand (default 1).</summary>
        public int InvocationDoesNotExistAnswers { get; set; } = 1;

        /// <summary>When true, new commands stay Pending until <see cref="ReleaseCommands"/> (or setting it false).</summary>
        public bool HoldCommands
        {
            get => !_released.IsSet;
            set { if (value) _released.Reset(); else _released.Set(); }
        }

        public void ReleaseCommands() => _released.Set();

        /// <summary>Registers a managed instance (SendCommand to others fails with InvalidInstanceId).</summary>
        public FakeManagedInstance RegisterInstance(string instanceId, string region = "us-east-1", string pingStatus = "Online")
        {
            var m = new FakeManagedInstance { InstanceId = instanceId, Region = region, PingStatus = pingStatus };
            lock (_lock)
            {
                _instances.RemoveAll(x => x.InstanceId == instanceId && x.Region == region);
                _instances.Add(m);
            }
            return m;
        }

        /// <summary>The registered instance with this id (null when none), e.g. to give its commands an environment.</summary>
        public FakeManagedInstance Instance(string instanceId) { lock (_lock) return _instances.FirstOrDefault(x => x.InstanceId == instanceId); }

        public void UnregisterInstance(string instanceId) { lock (_lock) _instances.RemoveAll(x => x.InstanceId == instanceId); }

        public IReadOnlyList<FakeInvocation> Invocations { get { lock (_lock) return _invocations.ToList(); } }

        internal void KillAll()
        {
            _released.Set();
            lock (_lock)
                foreach (var i in _invocations)
                    try { if (i.Process != null && !i.Process.HasExited) i.Process.Kill(true); } catch (Exception) { }
        }

        internal FakeResponse Handle(FakeRequest r)
        {
            JsonObject body;
            try { body = string.IsNullOrWhiteSpace(r.Body) ? new JsonObject() : JsonNode.Parse(r.Body) as JsonObject ?? new JsonObject(); }
            catch (System.Text.Json.JsonException) { throw new FakeAwsError(400, "SerializationException", "Start of structure or map found where not expected."); }
            object result = r.Action switch
            {
                "SendCommand" => SendCommand(r, body),
                "GetCommandInvocation" => GetCommandInvocation(body),
                "ListCommandInvocations" => ListCommandInvocations(body),
                "ListCommands" => ListCommands(body),
                "DescribeInstanceInformation" => DescribeInstanceInformation(r, body),
                _ => throw new FakeAwsError(400, "UnknownOperationException", null),
            };
            return new FakeResponse { ContentType = "application/x-amz-json-1.1", Body = Json.Serialize(result) };
        }

        private static List<string> Strings(JsonNode n) => n is JsonArray a ? a.Select(x => x?.ToString()).ToList() : new List<string>();

        private object SendCommand(FakeRequest r, JsonObject body)
        {
            var ids = Strings(body["InstanceIds"]);
            var document = body["DocumentName"]?.ToString();
            if (string.IsNullOrEmpty(document))
                throw new FakeAwsError(400, "ValidationException", "1 validation error detected: Value null at 'documentName' failed to satisfy constraint: Member must not be null");
            if (ids.Count == 0)
                throw new FakeAwsError(400, "ValidationException", "Either InstanceIds or Targets must be specified.");
            if (document != "AWS-RunShellScript")
                throw new FakeAwsError(400, "InvalidDocument", $"Document with name {document} does not exist.");
            var parameters = body["Parameters"] as JsonObject ?? new JsonObject();
            var commands = Strings(parameters["commands"]);
            if (commands.Count == 0)
                throw new FakeAwsError(400, "InvalidParameters", "Parameter \"commands\" is required.");
            var workingDir = Strings(parameters["workingDirectory"]).FirstOrDefault();
            var timeoutText = Strings(parameters["executionTimeout"]).FirstOrDefault();
            int executionTimeout = int.TryParse(timeoutText, out var t) ? t : 3600;
            var account = _server.Sts.IdentityFor(r.AccessKey).Account;
            var commandId = Guid.NewGuid().ToString();
            var now = DateTime.UtcNow;
            var created = new List<(FakeInvocation, FakeManagedInstance)>();
            lock (_lock)
            {
                var bad = ids.Where(id => !_instances.Any(m => m.InstanceId == id && m.Region == r.Region)).ToList();
                if (bad.Count > 0)
                    throw new FakeAwsError(400, "InvalidInstanceId", $"Instances [[{string.Join(", ", bad)}]] not in a valid state for account {account}");
                foreach (var id in ids.Distinct())
                {
                    var inv = new FakeInvocation
                    {
                        CommandId = commandId, InstanceId = id, DocumentName = document, Comment = body["Comment"]?.ToString() ?? "",
                        RequestedDateTime = now, NotFoundAnswersLeft = InvocationDoesNotExistAnswers,
                        OutputS3BucketName = body["OutputS3BucketName"]?.ToString(), OutputS3KeyPrefix = body["OutputS3KeyPrefix"]?.ToString(),
                    };
                    _invocations.Add(inv);
                    created.Add((inv, _instances.First(m => m.InstanceId == id && m.Region == r.Region)));
                }
            }
            foreach (var (inv, instance) in created)
                _ = Task.Run(() => Execute(inv, instance, commands, workingDir, executionTimeout));

            return new Dictionary<string, object>
            {
                ["Command"] = new Dictionary<string, object>
                {
                    ["CommandId"] = commandId,
                    ["DocumentName"] = document,
                    ["DocumentVersion"] = "$DEFAULT",
                    ["Comment"] = body["Comment"]?.ToString() ?? "",
                    ["ExpiresAfter"] = Json.Epoch(now.AddSeconds((int?)body["TimeoutSeconds"] ?? 3600)),
                    ["Parameters"] = parameters,
                    ["InstanceIds"] = ids,
                    ["Targets"] = Array.Empty<object>(),
                    ["RequestedDateTime"] = Json.Epoch(now),
                    ["Status"] = "Pending",
                    ["StatusDetails"] = "Pending",
                    ["OutputS3BucketName"] = body["OutputS3BucketName"]?.ToString() ?? "",
                    ["OutputS3KeyPrefix"] = body["OutputS3KeyPrefix"]?.ToString() ?? "",
                    ["MaxConcurrency"] = "50",
                    ["MaxErrors"] = "0",
                    ["TargetCount"] = ids.Count,
                    ["CompletedCount"] = 0,
                    ["ErrorCount"] = 0,
                    ["DeliveryTimedOutCount"] = 0,
                    ["ServiceRole"] = "",
                    ["NotificationConfig"] = new Dictionary<string, object> { ["NotificationArn"] = "", ["NotificationEvents"] = Array.Empty<string>(), ["NotificationType"] = "" },
                    ["CloudWatchOutputConfig"] = new Dictionary<string, object> { ["CloudWatchLogGroupName"] = "", ["CloudWatchOutputEnabled"] = false },
                    ["TimeoutSeconds"] = (int?)body["TimeoutSeconds"] ?? 3600,
                },
            };
        }

        private void Execute(FakeInvocation inv, FakeManagedInstance instance, List<string> commands, string workingDir, int timeoutSeconds)
        {
            _released.Wait();
            string script = null;
            try
            {
                var dir = workingDir ?? instance.HomeDirectory ?? Path.GetTempPath();
                if (!Directory.Exists(dir))
                {
                    Finish(inv, 1, "", $"failed to run commands: working directory {dir} does not exist", "Failed", "Failed");
                    return;
                }
                script = Path.Combine(Path.GetTempPath(), $"fakessm-{inv.CommandId}-{inv.InstanceId}.sh");
                File.WriteAllText(script, string.Join("\n", commands) + "\n");
                var psi = new ProcessStartInfo("/bin/bash", new[] { script })
                {
                    WorkingDirectory = dir,
                    RedirectStandardOutput = true,
                    RedirectStandardError = true,
                    UseShellExecute = false,
                };
                psi.Environment["AWS_SSM_INSTANCE_ID"] = inv.InstanceId;
                psi.Environment["AWS_SSM_REGION_NAME"] = instance.Region;
                lock (_lock)
                    foreach (var kv in instance.Environment) psi.Environment[kv.Key] = kv.Value;
                var process = new Process { StartInfo = psi };
                var stdout = new System.Text.StringBuilder();
                var stderr = new System.Text.StringBuilder();
                lock (_lock)
                {
                    process.Start();
                    inv.Process = process;
                    inv.Status = "InProgress";
                    inv.StatusDetails = "InProgress";
                    inv.ExecutionStart = DateTime.UtcNow;
                }
                var outTask = process.StandardOutput.ReadToEndAsync();
                var errTask = process.StandardError.ReadToEndAsync();
                bool exited = process.WaitForExit(TimeSpan.FromSeconds(timeoutSeconds));
                if (!exited)
                {
                    try { process.Kill(true); } catch (Exception) { }
                    process.WaitForExit();
                    Finish(inv, -1, outTask.Result, errTask.Result + "\nfailed to run commands: command timed out", "TimedOut", "ExecutionTimedOut");
                    return;
                }
                process.WaitForExit();
                var code = process.ExitCode;
                var err = errTask.Result;
                if (code != 0) err += (err.Length > 0 && !err.EndsWith("\n") ? "\n" : "") + $"failed to run commands: exit status {code}";
                Finish(inv, code, outTask.Result, err, code == 0 ? "Success" : "Failed", code == 0 ? "Success" : "Failed");
            }
            catch (Exception e)
            {
                Finish(inv, 1, "", "failed to run commands: " + e.Message, "Failed", "Failed");
            }
            finally
            {
                if (script != null) try { File.Delete(script); } catch (IOException) { }
            }
        }

        private void Finish(FakeInvocation inv, int code, string stdout, string stderr, string status, string details)
        {
            lock (_lock)
            {
                inv.ResponseCode = code;
                inv.StandardOutput = stdout ?? "";
                inv.StandardError = stderr ?? "";
                inv.ExecutionStart ??= DateTime.UtcNow;
                inv.ExecutionEnd = DateTime.UtcNow;
                inv.Status = status;
                inv.StatusDetails = details;
            }
        }

        private static string Cut(string s) => s.Length > OutputLimit ? s.Substring(0, OutputLimit) : s;

        private object GetCommandInvocation(JsonObject body)
        {
            var commandId = body["CommandId"]?.ToString();
            var instanceId = body["InstanceId"]?.ToString();
            lock (_lock)
            {
                var inv = _invocations.FirstOrDefault(i => i.CommandId == commandId && i.InstanceId == instanceId);
                if (inv == null || inv.NotFoundAnswersLeft > 0)
                {
                    if (inv != null) inv.NotFoundAnswersLeft--;
                    throw new FakeAwsError(400, "InvocationDoesNotExist", null);
                }
                var elapsed = inv.ExecutionStart is DateTime s ? ((inv.ExecutionEnd ?? DateTime.UtcNow) - s) : TimeSpan.Zero;
                var url = inv.OutputS3BucketName is { Length: > 0 } b
                    ? $"https://s3.amazonaws.com/{b}/{(inv.OutputS3KeyPrefix is { Length: > 0 } p ? p + "/" : "")}{inv.CommandId}/{inv.InstanceId}/awsrunShellScript/0.awsrunShellScript/"
                    : null;
                return new Dictionary<string, object>
                {
                    ["CommandId"] = inv.CommandId,
                    ["InstanceId"] = inv.InstanceId,
                    ["Comment"] = inv.Comment,
                    ["DocumentName"] = inv.DocumentName,
                    ["DocumentVersion"] = "$DEFAULT",
                    ["PluginName"] = "aws:runShellScript",
                    ["ResponseCode"] = inv.ResponseCode,
                    ["ExecutionStartDateTime"] = inv.ExecutionStart is DateTime es ? Json.Iso(es) : "",
                    ["ExecutionElapsedTime"] = inv.ExecutionStart is null ? "" : $"PT{elapsed.TotalSeconds.ToString("0.###", System.Globalization.CultureInfo.InvariantCulture)}S",
                    ["ExecutionEndDateTime"] = inv.ExecutionEnd is DateTime ee ? Json.Iso(ee) : "",
                    ["Status"] = inv.Status,
                    ["StatusDetails"] = inv.StatusDetails,
                    ["StandardOutputContent"] = Cut(inv.StandardOutput),
                    ["StandardOutputUrl"] = url == null ? "" : url + "stdout",
                    ["StandardErrorContent"] = Cut(inv.StandardError),
                    ["StandardErrorUrl"] = url == null ? "" : url + "stderr",
                    ["CloudWatchOutputConfig"] = new Dictionary<string, object> { ["CloudWatchLogGroupName"] = "", ["CloudWatchOutputEnabled"] = false },
                };
            }
        }

        private object ListCommandInvocations(JsonObject body)
        {
            var commandId = body["CommandId"]?.ToString();
            var instanceId = body["InstanceId"]?.ToString();
            bool details = (bool?)body["Details"] ?? false;
            int max = (int?)body["MaxResults"] ?? 50;
            int start = int.TryParse(body["NextToken"]?.ToString(), out var st) ? st : 0;
            lock (_lock)
            {
                var all = _invocations.Where(i => (commandId == null || i.CommandId == commandId) && (instanceId == null || i.InstanceId == instanceId))
                    .OrderByDescending(i => i.RequestedDateTime).ToList();
                var page = all.Skip(start).Take(max).Select(inv => new Dictionary<string, object>
                {
                    ["CommandId"] = inv.CommandId,
                    ["InstanceId"] = inv.InstanceId,
                    ["InstanceName"] = "",
                    ["Comment"] = inv.Comment,
                    ["DocumentName"] = inv.DocumentName,
                    ["DocumentVersion"] = "$DEFAULT",
                    ["RequestedDateTime"] = Json.Epoch(inv.RequestedDateTime),
                    ["Status"] = inv.Status,
                    ["StatusDetails"] = inv.StatusDetails,
                    ["TraceOutput"] = "",
                    ["StandardOutputUrl"] = "",
                    ["StandardErrorUrl"] = "",
                    ["CommandPlugins"] = details
                        ? new object[]
                        {
                            new Dictionary<string, object>
                            {
                                ["Name"] = "aws:runShellScript",
                                ["Status"] = inv.Status,
                                ["StatusDetails"] = inv.StatusDetails,
                                ["ResponseCode"] = inv.ResponseCode,
                                ["Output"] = Cut(inv.StandardOutput + (inv.StandardError.Length > 0 ? "\n----------ERROR-------\n" + inv.StandardError : "")),
                            },
                        }
                        : Array.Empty<object>(),
                    ["ServiceRole"] = "",
                    ["CloudWatchOutputConfig"] = new Dictionary<string, object> { ["CloudWatchLogGroupName"] = "", ["CloudWatchOutputEnabled"] = false },
                }).ToList();
                var result = new Dictionary<string, object> { ["CommandInvocations"] = page };
                if (start + max < all.Count) result["NextToken"] = (start + max).ToString();
                return result;
            }
        }

        private object DescribeInstanceInformation(FakeRequest r, JsonObject body)
        {
            var ids = new List<string>();
            if (body["InstanceInformationFilterList"] is JsonArray fl)
                foreach (var f in fl)
                    if (f?["key"]?.ToString() == "InstanceIds") ids.AddRange(Strings(f["valueSet"]));
            if (body["Filters"] is JsonArray filters)
                foreach (var f in filters)
                    if (f?["Key"]?.ToString() == "InstanceIds") ids.AddRange(Strings(f["Values"]));
            int max = (int?)body["MaxResults"] ?? 50;
            int start = int.TryParse(body["NextToken"]?.ToString(), out var st) ? st : 0;
            lock (_lock)
            {
                var all = _instances.Where(m => m.Region == r.Region && (ids.Count == 0 || ids.Contains(m.InstanceId))).ToList();
                var page = all.Skip(start).Take(max).Select(m => new Dictionary<string, object>
                {
                    ["InstanceId"] = m.InstanceId,
                    ["PingStatus"] = m.PingStatus,
                    ["LastPingDateTime"] = Json.Epoch(DateTime.UtcNow.AddSeconds(-30)),
                    ["AgentVersion"] = m.AgentVersion,
                    ["IsLatestVersion"] = false,
                    ["PlatformType"] = m.PlatformType,
                    ["PlatformName"] = m.PlatformName,
                    ["PlatformVersion"] = m.PlatformVersion,
                    ["ResourceType"] = "EC2Instance",
                    ["IPAddress"] = m.IpAddress,
                    ["ComputerName"] = m.ComputerName,
                    ["AssociationStatus"] = "Success",
                }).ToList();
                var result = new Dictionary<string, object> { ["InstanceInformationList"] = page };
                if (start + max < all.Count) result["NextToken"] = (start + max).ToString();
                return result;
            }
        }
    }
}
