using System;
using System.Collections;
using System.Linq;
using System.Reflection;
using System.Text.Json;
using PcHpc.Core.Connection;
using PcHpc.Core.Ports;

namespace PcHpc.Tests.Core.Ports
{
    public class RemotePortDtoTests
    {
        private static Type[] Dtos() => typeof(AwsConnectionOptions).Assembly.GetTypes()
            .Where(t => t.Namespace == "PcHpc.Core.Ports" && t.IsClass && t.IsPublic && !t.IsAbstract && !typeof(Exception).IsAssignableFrom(t))
            .ToArray();

        [Fact]
        public void EveryDto_HasAParameterlessConstructor_AndRoundTripsThroughJson()
        {
            Assert.True(Dtos().Length > 30);
            foreach (var t in Dtos())
            {
                var instance = Activator.CreateInstance(t);
                foreach (var p in t.GetProperties().Where(p => p.CanWrite && p.PropertyType == typeof(string)))
                    p.SetValue(instance, p.Name + "-value");
                var json = JsonSerializer.Serialize(instance, t);
                var back = JsonSerializer.Deserialize(json, t);
                Assert.Equal(json, JsonSerializer.Serialize(back, t));
                foreach (var p in t.GetProperties().Where(p => p.CanWrite && p.PropertyType == typeof(string)))
                    Assert.Contains($"\"{p.Name}\":\"{p.Name}-value\"", json);
            }
        }

        [Fact]
        public void CollectionProperties_StartEmpty_NotNull_ExceptWhereNullMeansKeep()
        {
            foreach (var t in Dtos())
            {
                var instance = Activator.CreateInstance(t);
                foreach (var p in t.GetProperties().Where(p => typeof(IEnumerable).IsAssignableFrom(p.PropertyType) && p.PropertyType != typeof(string)))
                {
                    if (t == typeof(UpdateStackRequest) && p.Name == nameof(UpdateStackRequest.Tags)) continue;
                    Assert.True(p.GetValue(instance) != null, $"{t.Name}.{p.Name} should start as an empty collection");
                }
            }
        }

        [Fact]
        public void ParallelClusterApiException_CarriesStatusAndValidationMessages()
        {
            var e = new ParallelClusterApiException(400, "Invalid cluster configuration.");
            e.ConfigurationValidationErrors.Add(new ConfigValidationMessage { Id = "1", Type = "KeyPairValidator", Level = "ERROR", Message = "bad key" });
            Assert.Equal(400, e.StatusCode);
            Assert.False(e.IsDryRunSuccess);
            Assert.Equal("bad key", e.ConfigurationValidationErrors.Single().Message);
            Assert.True(new ParallelClusterApiException(412, "Request would have succeeded, but DryRun flag is set.").IsDryRunSuccess);
        }

        [Fact]
        public void CommandInvocation_IsFinished_OnlyForTerminalStatuses()
        {
            foreach (var s in new[] { "Success", "Failed", "TimedOut", "Cancelled" })
                Assert.True(new CommandInvocation { Status = s }.IsFinished, s);
            foreach (var s in new[] { "Pending", "InProgress", "Delayed", "Cancelling", null })
                Assert.False(new CommandInvocation { Status = s }.IsFinished, s ?? "null");
        }
    }
}
