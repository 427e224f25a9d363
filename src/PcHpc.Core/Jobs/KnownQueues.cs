using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;

namespace PcHpc.Core.Jobs
{
    /// <summary>
    /// Partition names seen per target (a cluster, or this machine): once known, a bad -Queue fails before anything is
    /// sent. The cmdlets share one instance for the PowerShell process (<c>EngineFactory</c>); an engine made without
    /// one has its own.
    /// </summary>
    public sealed class KnownQueues
    {
        private readonly ConcurrentDictionary<string, string[]> _byTarget = new ConcurrentDictionary<string, string[]>(StringComparer.Ordinal);

        /// <summary>The target's partitions, or null while none have been seen.</summary>
        public ICollection<string> For(JobTarget target) => _byTarget.TryGetValue(target.Key, out var q) ? q : null;

        public void Remember(JobTarget target, IEnumerable<string> names)
        {
            var list = names.Where(n => !string.IsNullOrEmpty(n)).Distinct().ToArray();
            if (list.Length > 0) _byTarget[target.Key] = list;
        }
    }
}
