using System.Collections.Generic;
using PcHpc.Core.Jobs;

namespace PcHpc.Infrastructure
{
    /// <summary>Collects job ids per target across pipeline records, so each target gets one remote call in End.</summary>
    internal sealed class JobRequests
    {
        private readonly List<(JobTarget Target, List<string> Ids, bool All)> _groups = new List<(JobTarget, List<string>, bool)>();

        public void Add(JobTarget target, IEnumerable<string> ids)
        {
            var index = _groups.FindIndex(g => g.Target.Key == target.Key);
            if (index < 0)
            {
                _groups.Add((target, new List<string>(), ids == null));
                index = _groups.Count - 1;
            }
            if (ids == null)
            {
                var g = _groups[index];
                _groups[index] = (g.Target, g.Ids, true);
                return;
            }
            foreach (var id in ids)
            {
                if (!string.IsNullOrEmpty(id) && !_groups[index].Ids.Contains(id)) _groups[index].Ids.Add(id);
            }
        }

        /// <summary>Each target with its ids (an empty list means "all jobs").</summary>
        public IEnumerable<(JobTarget Target, List<string> Ids)> Groups()
        {
            foreach (var g in _groups) yield return (g.Target, g.All ? new List<string>() : g.Ids);
        }

        public bool Any => _groups.Count > 0;
    }
}
