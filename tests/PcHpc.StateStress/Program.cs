using System;
using System.Collections.Generic;
using System.Globalization;
using PcHpc.Core.State;

namespace PcHpc.StateStress
{
    /// <summary>The shared record every stress process increments.</summary>
    public sealed class CounterRecord : StateRecord
    {
        public string Id { get; set; }
        public int Counter { get; set; }
        public List<string> Entries { get; set; } = new List<string>();
        public override string GetKey() => Id;
    }

    public static class Program
    {
        /// <summary>Usage: PcHpc.StateStress &lt;root&gt; &lt;workerId&gt; &lt;updates&gt; [lockTimeoutSeconds]</summary>
        public static int Main(string[] args)
        {
            if (args.Length < 3)
            {
                Console.Error.WriteLine("usage: PcHpc.StateStress <root> <workerId> <updates> [lockTimeoutSeconds]");
                return 2;
            }
            var root = args[0];
            var worker = args[1];
            var updates = int.Parse(args[2], CultureInfo.InvariantCulture);
            var timeout = args.Length > 3 ? double.Parse(args[3], CultureInfo.InvariantCulture) : 120;
            try
            {
                var store = StateStore.Open(root, new StateStoreOptions { LockTimeout = TimeSpan.FromSeconds(timeout) });
                var counters = store.Collection<CounterRecord>("stress");
                for (var i = 0; i < updates; i++)
                {
                    var entry = worker + ":" + i.ToString(CultureInfo.InvariantCulture);
                    counters.Update("shared/counter", current =>
                    {
                        var record = current ?? new CounterRecord { Id = "shared/counter" };
                        record.Counter++;
                        record.Entries.Add(entry);
                        return record;
                    });
                }
                foreach (var warning in store.Warnings) Console.Error.WriteLine("WARNING: " + warning);
                Console.WriteLine("done " + worker);
                return 0;
            }
            catch (Exception ex)
            {
                Console.Error.WriteLine(ex);
                return 1;
            }
        }
    }
}
