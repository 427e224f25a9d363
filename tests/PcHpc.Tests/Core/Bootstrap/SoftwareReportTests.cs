using System.Linq;
using PcHpc.Core.Bootstrap;

namespace PcHpc.Tests.Core.Bootstrap
{
    /// <summary>Parsing the head node's answer; the real answer is exercised end to end in ClusterSoftwareTests.</summary>
    public class SoftwareReportTests
    {
        private const string Stack = "@@pchpc status\nstack\tbio\t/shared/spack\t/shared/spack/modules\tv0.22.2\nstarted\t2026-01-02T03:04:05Z\n";

        [Fact]
        public void PackageStillBuilding_IsNotInstalled_WithItsState()
        {
            var out_ = Stack + "package\tsamtools@1.17\tinstalled\t2026-01-02T03:05:00Z\npackage\tbwa@0.7.17\tpending\t\n"
                + "@@pchpc spack\n[{\"name\":\"samtools\",\"version\":\"1.17\"}]\n@@pchpc modules\nok samtools/1.17\n@@pchpc end\n";
            var rows = SoftwareReport.Parse(out_, "demo");
            Assert.Equal(new[] { "samtools", "bwa" }, rows.Select(r => r.Name));
            Assert.True(rows[0].Installed && rows[0].Loadable && rows[0].Error == null);
            Assert.Equal(new System.DateTime(2026, 1, 2, 3, 5, 0, System.DateTimeKind.Utc), rows[0].InstalledAt);
            Assert.False(rows[1].Installed);
            Assert.StartsWith("not installed yet (pending)", rows[1].Error);
        }

        [Fact]
        public void SetupFailure_IsOneEntry_WithTheReason()
        {
            var out_ = "@@pchpc status\nstack\tbio\t/shared/spack\t/shared/spack/modules\tv0.22.2\nfinished\t2026-01-02T03:04:05Z\tfailed: setup line 77 exit 1\n"
                + "@@pchpc spack\n[]\n@@pchpc modules\nnolmod\n@@pchpc end\n";
            var row = Assert.Single(SoftwareReport.Parse(out_, "demo"));
            Assert.Equal(("(setup)", false), (row.Name, row.Installed));
            Assert.Equal("failed: setup line 77 exit 1 (see /var/log/pchpc/software-bio.log)", row.Error);
        }

        [Fact]
        public void InstalledWithoutLmod_SaysSo()
        {
            var out_ = Stack + "package\tzlib@1.3\tinstalled\t2026-01-02T03:05:00Z\n@@pchpc spack\n[{\"name\":\"zlib\",\"version\":\"1.3\"}]\n@@pchpc modules\nnolmod\n@@pchpc end\n";
            var row = Assert.Single(SoftwareReport.Parse(out_, "demo"));
            Assert.True(row.Installed);
            Assert.False(row.Loadable);
            Assert.Equal("Lmod is not set up on the head node, so the package has no module", row.Error);
        }
    }
}
