using System.Threading;
using System.Threading.Tasks;

namespace PcHpc.Core.Remote
{
    /// <summary>STS port. Invalid credentials surface as <see cref="Errors.PcHpcException"/> ErrorKind.Authentication.</summary>
    public interface ISts
    {
        Task<CallerIdentity> GetCallerIdentityAsync(CancellationToken cancellationToken);
    }

    public sealed class CallerIdentity
    {
        public string Account { get; set; }
        public string Arn { get; set; }
        public string UserId { get; set; }
    }
}
