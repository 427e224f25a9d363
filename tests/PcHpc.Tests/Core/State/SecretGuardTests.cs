using System;
using System.Collections;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using PcHpc.Core.State;
using PcHpc.Core.State.Records;

namespace PcHpc.Tests.Core.State
{
    public class SecretGuardTests
    {
        // Independent of SecretGuard's own pattern on purpose.
        private static readonly Regex Secretish = new Regex("secret|password|token|credential|accesskey|privatekey", RegexOptions.IgnoreCase);

        public static IEnumerable<object[]> RecordTypes() =>
            typeof(StateStore).Assembly.GetTypes()
                .Where(t => typeof(StateRecord).IsAssignableFrom(t) && !t.IsAbstract)
                .OrderBy(t => t.FullName)
                .Select(t => new object[] { t.FullName });

        [Fact]
        public void TheFourCoreRecordTypesAreCovered()
        {
            var names = RecordTypes().Select(r => (string)r[0]).ToList();
            Assert.Contains(typeof(ClusterRecord).FullName, names);
            Assert.Contains(typeof(NetworkRecord).FullName, names);
            Assert.Contains(typeof(ApiRecord).FullName, names);
            Assert.Contains(typeof(JobRecord).FullName, names);
        }

        [Theory]
        [MemberData(nameof(RecordTypes))]
        public void SerializedRecordsNeverHaveSecretLikeKeys(string typeName)
        {
            var type = typeof(StateStore).Assembly.GetType(typeName);
            var record = (StateRecord)Populate(type);
            using (var root = new TempStateRoot())
            {
                var store = StateStore.Open(root.Path);
                var collection = typeof(StateStore).GetMethod(nameof(StateStore.Collection)).MakeGenericMethod(type).Invoke(store, new object[] { "guard" });
                collection.GetType().GetMethod("Put").Invoke(collection, new object[] { record });
                var file = Directory.GetFiles(Path.Combine(root.Path, "guard"), "*.json").Single();
                var names = new List<string>();
                CollectNames(JsonNode.Parse(File.ReadAllText(file)), names);
                Assert.True(names.Count > 5, "the populated record should serialize its properties");
                Assert.DoesNotContain(names, n => Secretish.IsMatch(n));
            }
        }

        [Fact]
        public void ARecordTypeWithASecretPropertyIsRefused()
        {
            using (var root = new TempStateRoot())
            {
                var store = StateStore.Open(root.Path);
                var ex = Assert.Throws<InvalidOperationException>(() => store.Collection<LeakyRecord>("leaky"));
                Assert.Contains("LeakyRecord.SessionToken", ex.Message);
                Assert.Contains("Inner.ClientSecret", ex.Message);
                Assert.False(Directory.Exists(Path.Combine(root.Path, "leaky")));
            }
        }

        [Fact]
        public void SecretLikeUnknownPropertiesAreDroppedOnWrite()
        {
            using (var root = new TempStateRoot())
            {
                var store = StateStore.Open(root.Path);
                store.Apis.Put(new ApiRecord { Region = "us-east-1", StackName = "api" });
                var path = store.Apis.PathFor("us-east-1/api");
                var json = JsonNode.Parse(File.ReadAllText(path)).AsObject();
                json["sessionToken"] = "FwoGZXIvYXdzE-not-real";
                json["harmless"] = "kept";
                File.WriteAllText(path, json.ToJsonString());

                store.Apis.Update("us-east-1/api", a => { a.Version = "3.13.0"; return a; });
                var text = File.ReadAllText(path);
                Assert.DoesNotContain("sessionToken", text);
                Assert.DoesNotContain("FwoGZXIvYXdzE", text);
                Assert.Contains("harmless", text);
                Assert.Contains(store.Warnings, w => w.Contains("sessionToken"));
            }
        }

        private static void CollectNames(JsonNode node, List<string> names)
        {
            if (node is JsonObject obj)
            {
                foreach (var pair in obj)
                {
                    names.Add(pair.Key);
                    CollectNames(pair.Value, names);
                }
            }
            else if (node is JsonArray array)
            {
                foreach (var item in array) CollectNames(item, names);
            }
        }

        /// <summary>Fills every settable property with a sample value so nothing is omitted as null.</summary>
        private static object Populate(Type type)
        {
            var instance = Activator.CreateInstance(type);
            foreach (var p in type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanWrite && p.GetIndexParameters().Length == 0))
            {
                if (p.Name == nameof(StateRecord.ExtensionData)) continue;
                var value = Sample(p.PropertyType, p.Name);
                if (value != null) p.SetValue(instance, value);
            }
            return instance;
        }

        private static object Sample(Type type, string name)
        {
            var underlying = Nullable.GetUnderlyingType(type) ?? type;
            if (underlying == typeof(string)) return name == "Region" ? "us-east-1" : "sample-" + name;
            if (underlying == typeof(int)) return 3;
            if (underlying == typeof(long)) return 3L;
            if (underlying == typeof(double)) return 3.5;
            if (underlying == typeof(bool)) return true;
            if (underlying == typeof(DateTimeOffset)) return new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
            if (underlying == typeof(DateTime)) return new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);
            if (underlying.IsEnum) return Enum.GetValues(underlying).GetValue(0);
            if (underlying.IsGenericType && underlying.GetGenericTypeDefinition() == typeof(List<>))
            {
                var list = (IList)Activator.CreateInstance(underlying);
                var item = Sample(underlying.GetGenericArguments()[0], name);
                if (item != null) list.Add(item);
                return list;
            }
            if (underlying.IsClass && underlying.GetConstructor(Type.EmptyTypes) != null) return Populate(underlying);
            return null;
        }
    }

    public sealed class LeakyRecord : StateRecord
    {
        public string Id { get; set; }
        public string SessionToken { get; set; }
        public Inner Details { get; set; }
        public override string GetKey() => Id;

        public sealed class Inner
        {
            public string ClientSecret { get; set; }
        }
    }
}
