using System.IO;
using System.Linq;
using System.Text;
using PcHpc.Core.Errors;
using PcHpc.Core.State;
using PcHpc.Core.State.Records;

namespace PcHpc.Tests.Core.State
{
    public class StateKeyTests
    {
        [Theory]
        [InlineData("us-east-1/demo", "us-east-1_2fdemo.json")]
        [InlineData("../x", "_2e_2e_2fx.json")]
        [InlineData("a/b", "a_2fb.json")]
        [InlineData("a\\b", "a_5cb.json")]
        [InlineData("Demo", "_44emo.json")]
        [InlineData("demo", "demo.json")]
        [InlineData("a_b", "a_5fb.json")]
        [InlineData("é", "_c3_a9.json")]
        [InlineData("nul", "_6eul.json")]
        public void FileNamesAreEscaped(string key, string expected)
        {
            Assert.Equal(expected, StateKey.ToFileName(key));
        }

        [Theory]
        [InlineData("../x")]
        [InlineData("../../etc/passwd")]
        [InlineData("/absolute/path")]
        [InlineData("C:\\Windows\\x")]
        [InlineData("a/b")]
        [InlineData(".hidden")]
        [InlineData("..")]
        [InlineData("クラスター/名前")]
        [InlineData("us-east-1/MyCluster")]
        [InlineData("nul")]
        [InlineData("COM1")]
        public void FileNamesStayInsideTheCollectionAndRoundTrip(string key)
        {
            var name = StateKey.ToFileName(key);
            Assert.DoesNotContain('/', name);
            Assert.DoesNotContain('\\', name);
            Assert.DoesNotContain(':', name);
            Assert.False(name.StartsWith("."), name);
            Assert.True(name.All(c => c < 128), name);
            Assert.Equal(key, StateKey.FromFileName(name));

            var dir = Path.Combine(Path.GetTempPath(), "collection");
            Assert.Equal(dir, Path.GetDirectoryName(Path.GetFullPath(Path.Combine(dir, name))));
        }

        [Fact]
        public void KeysDifferingOnlyByCaseGetDifferentNamesEvenIgnoringCase()
        {
            var a = StateKey.ToFileName("us-east-1/Demo");
            var b = StateKey.ToFileName("us-east-1/demo");
            Assert.NotEqual(a.ToLowerInvariant(), b.ToLowerInvariant());
        }

        [Fact]
        public void VeryLongKeysAreShortenedButStayDistinct()
        {
            var a = "us-east-1/" + new string('x', 400) + "a";
            var b = "us-east-1/" + new string('x', 400) + "b";
            var na = StateKey.ToFileName(a);
            var nb = StateKey.ToFileName(b);
            Assert.NotEqual(na, nb);
            Assert.True(Encoding.UTF8.GetByteCount(na) < 255, na);
            Assert.Null(StateKey.FromFileName(na));
        }

        [Theory]
        [InlineData(null)]
        [InlineData("")]
        [InlineData("   ")]
        [InlineData("a\nb")]
        public void BadKeysAreRefused(string key)
        {
            var ex = Assert.Throws<PcHpcException>(() => StateKey.ToFileName(key));
            Assert.Equal(ErrorKind.InvalidArgument, ex.Kind);
        }

        [Fact]
        public void RecordKeysAreBuiltFromTheirParts()
        {
            Assert.Equal("eu-west-1/demo", new ClusterRecord { Region = "eu-west-1", Name = "demo" }.GetKey());
            Assert.Equal("eu-west-1/net", new NetworkRecord { Region = "eu-west-1", Name = "net" }.GetKey());
            Assert.Equal("eu-west-1/pcluster-api", new ApiRecord { Region = "eu-west-1", StackName = "pcluster-api" }.GetKey());
            Assert.Equal("eu-west-1/demo/42", new JobRecord { Region = "eu-west-1", ClusterName = "demo", JobId = "42" }.GetKey());
            Assert.Equal("eu-west-1/demo/42_3", new JobRecord { Region = "eu-west-1", ClusterName = "demo", JobId = "42", ArrayTaskId = 3 }.GetKey());
            var ex = Assert.Throws<PcHpcException>(() => new ClusterRecord { Name = "demo" }.GetKey());
            Assert.Equal(ErrorKind.InvalidArgument, ex.Kind);
            Assert.Contains("Region", ex.Message);
        }
    }
}
