using System.Collections.Generic;
using System.IO;
using PcHpc.Core.State;

namespace PcHpc.Tests.Core.State
{
    public class StateLocationTests
    {
        private static System.Func<string, string> Env(params (string Name, string Value)[] vars)
        {
            var map = new Dictionary<string, string>();
            foreach (var (name, value) in vars) map[name] = value;
            return name => map.TryGetValue(name, out var v) ? v : null;
        }

        [Fact]
        public void PcHpcHomeWinsOnEveryPlatform()
        {
            var home = Path.Combine(Path.GetTempPath(), "my-state");
            var env = Env(("PCHPC_HOME", home), ("HOME", "/home/u"), ("LOCALAPPDATA", "C:\\Users\\u\\AppData\\Local"));
            Assert.Equal(Path.GetFullPath(home), StateLocation.Resolve(env, isWindows: false));
            Assert.Equal(Path.GetFullPath(home), StateLocation.Resolve(env, isWindows: true));
        }

        [Fact]
        public void PcHpcHomeMayStartWithTilde()
        {
            var home = Path.Combine(Path.GetTempPath(), "u");
            var env = Env(("PCHPC_HOME", "~/state"), ("HOME", home));
            Assert.Equal(Path.GetFullPath(Path.Combine(home, "state")), StateLocation.Resolve(env, isWindows: false));
        }

        [Fact]
        public void EmptyPcHpcHomeIsIgnored()
        {
            var env = Env(("PCHPC_HOME", "  "), ("HOME", "/home/u"));
            Assert.Equal(Path.Combine("/home/u", ".pchpc"), StateLocation.Resolve(env, isWindows: false));
        }

        [Fact]
        public void UnixDefaultIsDotPcHpcInHome()
        {
            Assert.Equal(Path.Combine("/home/u", ".pchpc"), StateLocation.Resolve(Env(("HOME", "/home/u")), isWindows: false));
        }

        [Fact]
        public void WindowsDefaultIsLocalAppData()
        {
            var local = "C:\\Users\\u\\AppData\\Local";
            Assert.Equal(Path.Combine(local, "PcHpc"), StateLocation.Resolve(Env(("LOCALAPPDATA", local), ("HOME", "/home/u")), isWindows: true));
        }

        [Fact]
        public void OpenWithoutRootUsesTheInjectedEnvironment()
        {
            using (var root = new TempStateRoot())
            {
                var store = StateStore.Open(null, new StateStoreOptions { GetEnvironmentVariable = Env(("PCHPC_HOME", root.Path)) });
                Assert.Equal(Path.GetFullPath(root.Path), store.Root);
                Assert.True(Directory.Exists(root.Path));
            }
        }
    }
}
