using PcHpc.Core.Bootstrap;
using PcHpc.Core.Errors;

namespace PcHpc.Tests.Core.Bootstrap
{
    public class SpackSpecTests
    {
        [Theory]
        [InlineData("samtools@1.17", "samtools", "1.17")]
        [InlineData("py-numpy@1.26:1.27 %gcc@11.3.0 +blas ~mpi ^openblas@0.3 threads=openmp", "py-numpy", "1.26:1.27")]
        [InlineData("hdf5+mpi ^mpich@4.1", "hdf5", null)]
        [InlineData("gcc@=11.3.0 languages=c,c++,fortran", "gcc", "=11.3.0")]
        [InlineData("builtin.zlib@:1.3", "builtin.zlib", ":1.3")]
        [InlineData("openmpi@4.1.5 fabrics=ofi schedulers=slurm /abc123", "openmpi", "4.1.5")]
        public void Parses_NameAndRootVersion(string text, string name, string version)
        {
            var spec = SpackSpec.Parse(text);
            Assert.Equal((name, version), (spec.PackageName, spec.Version));
        }

        [Theory]
        [InlineData("samtools@1.17@1.18", "version twice")]
        [InlineData("samtools %", "not Spack spec syntax")]
        [InlineData("samtools ^^zlib", "without a dependency name")]
        [InlineData("", "is empty")]
        [InlineData("-samtools", "leading '-'")]
        [InlineData("samtools `id`", "shell characters")]
        public void Rejects_WithTheReason(string text, string reason)
        {
            var ex = Assert.Throws<PcHpcException>(() => SpackSpec.Parse(text));
            Assert.Equal("SpackSpecInvalid", ex.ErrorId);
            Assert.Contains(reason, ex.Message);
        }
    }
}
