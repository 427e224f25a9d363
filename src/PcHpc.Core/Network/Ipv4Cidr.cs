using System;
using System.Collections.Generic;
using System.Globalization;

namespace PcHpc.Core.Network
{
    /// <summary>An IPv4 network in CIDR notation (network address + prefix length). Host bits are always zero.</summary>
    public readonly struct Ipv4Cidr : IEquatable<Ipv4Cidr>, IComparable<Ipv4Cidr>
    {
        private readonly uint _network;
        private readonly int _prefix;

        /// <summary>Builds a block; throws if host bits are set or the prefix is outside 0..32.</summary>
        public Ipv4Cidr(uint network, int prefixLength)
        {
            if (prefixLength < 0 || prefixLength > 32)
                throw new ArgumentOutOfRangeException(nameof(prefixLength), "The prefix length must be between 0 and 32.");
            if ((network & ~MaskOf(prefixLength)) != 0)
                throw new ArgumentException("The address " + FormatAddress(network) + " has host bits set for a /" + prefixLength + " block.", nameof(network));
            _network = network;
            _prefix = prefixLength;
        }

        public uint Network => _network;
        public int PrefixLength => _prefix;
        public uint Mask => MaskOf(_prefix);
        /// <summary>Number of addresses in the block (2^(32-prefix)).</summary>
        public long Size => 1L << (32 - _prefix);
        /// <summary>Last address of the block.</summary>
        public uint Last => (uint)(_network + (ulong)Size - 1);
        public string NetworkAddress => FormatAddress(_network);

        public static uint MaskOf(int prefixLength) => prefixLength == 0 ? 0u : uint.MaxValue << (32 - prefixLength);

        public bool Contains(Ipv4Cidr other) => other._prefix >= _prefix && (other._network & Mask) == _network;
        public bool Contains(uint address) => (address & Mask) == _network;
        public bool Overlaps(Ipv4Cidr other) => Contains(other) || other.Contains(this);

        /// <summary>Splits this block into consecutive blocks of the given (longer or equal) prefix.</summary>
        public IEnumerable<Ipv4Cidr> Subdivide(int prefixLength)
        {
            if (prefixLength < _prefix || prefixLength > 32)
                throw new ArgumentOutOfRangeException(nameof(prefixLength), "Cannot split a /" + _prefix + " block into /" + prefixLength + " blocks.");
            long step = 1L << (32 - prefixLength);
            for (long a = _network; a <= _network + Size - 1; a += step)
                yield return new Ipv4Cidr((uint)a, prefixLength);
        }

        public static Ipv4Cidr Parse(string text)
        {
            if (TryParse(text, out var cidr, out var error)) return cidr;
            throw new FormatException(error);
        }

        /// <summary>Strict parse of "a.b.c.d/n". On failure, error is one sentence naming the input and what to fix.</summary>
        public static bool TryParse(string text, out Ipv4Cidr cidr, out string error)
        {
            cidr = default;
            error = null;
            if (string.IsNullOrWhiteSpace(text))
            {
                error = "The CIDR block is empty; give it as address/prefix, for example 10.0.0.0/16.";
                return false;
            }
            var s = text.Trim();
            int slash = s.IndexOf('/');
            if (slash < 0)
            {
                error = "'" + text + "' has no prefix length; write it as address/prefix, for example " + s + "/16.";
                return false;
            }
            var addressPart = s.Substring(0, slash);
            var prefixPart = s.Substring(slash + 1);
            if (!TryParseAddress(addressPart, out var address, out var addressError))
            {
                error = "'" + text + "' is not a valid CIDR block: " + addressError;
                return false;
            }
            if (prefixPart.Length == 0 || prefixPart.Length > 2 || !IsDigits(prefixPart)
                || !int.TryParse(prefixPart, NumberStyles.None, CultureInfo.InvariantCulture, out var prefix) || prefix > 32)
            {
                error = "'" + text + "' has an invalid prefix length '" + prefixPart + "'; use a number from 0 to 32.";
                return false;
            }
            if ((address & ~MaskOf(prefix)) != 0)
            {
                var network = address & MaskOf(prefix);
                error = "'" + text + "' is not a network address (host bits are set); did you mean " + FormatAddress(network) + "/" + prefix + "?";
                return false;
            }
            cidr = new Ipv4Cidr(address, prefix);
            return true;
        }

        /// <summary>Strict dotted-quad parse: exactly four decimal octets 0..255, no leading zeros (ambiguous octal).</summary>
        public static bool TryParseAddress(string text, out uint address, out string error)
        {
            address = 0;
            error = null;
            var parts = (text ?? string.Empty).Split('.');
            if (parts.Length != 4)
            {
                error = "the address '" + text + "' must have four dot-separated octets.";
                return false;
            }
            foreach (var part in parts)
            {
                if (part.Length == 0 || part.Length > 3 || !IsDigits(part))
                {
                    error = "the octet '" + part + "' in '" + text + "' is not a number from 0 to 255.";
                    return false;
                }
                if (part.Length > 1 && part[0] == '0')
                {
                    error = "the octet '" + part + "' in '" + text + "' has a leading zero; write it without one.";
                    return false;
                }
                int value = int.Parse(part, NumberStyles.None, CultureInfo.InvariantCulture);
                if (value > 255)
                {
                    error = "the octet '" + part + "' in '" + text + "' is greater than 255.";
                    return false;
                }
                address = (address << 8) | (uint)value;
            }
            return true;
        }

        private static bool IsDigits(string s)
        {
            foreach (var c in s) if (c < '0' || c > '9') return false;
            return true;
        }

        public static string FormatAddress(uint address) =>
            string.Format(CultureInfo.InvariantCulture, "{0}.{1}.{2}.{3}", address >> 24, (address >> 16) & 0xFF, (address >> 8) & 0xFF, address & 0xFF);

        public override string ToString() => FormatAddress(_network) + "/" + _prefix.ToString(CultureInfo.InvariantCulture);

        public bool Equals(Ipv4Cidr other) => _network == other._network && _prefix == other._prefix;
        public override bool Equals(object obj) => obj is Ipv4Cidr c && Equals(c);
        public override int GetHashCode() => unchecked((int)_network * 33 + _prefix);
        public int CompareTo(Ipv4Cidr other) => _network != other._network ? _network.CompareTo(other._network) : _prefix.CompareTo(other._prefix);
        public static bool operator ==(Ipv4Cidr a, Ipv4Cidr b) => a.Equals(b);
        public static bool operator !=(Ipv4Cidr a, Ipv4Cidr b) => !a.Equals(b);

        /// <summary>Every pair (candidate, existing) that overlaps, in the order of <paramref name="existing"/>.</summary>
        public static IReadOnlyList<Ipv4Cidr> FindOverlaps(Ipv4Cidr candidate, IEnumerable<Ipv4Cidr> existing)
        {
            var result = new List<Ipv4Cidr>();
            if (existing == null) return result;
            foreach (var e in existing) if (candidate.Overlaps(e)) result.Add(e);
            return result;
        }

        /// <summary>
        /// The first block of the given prefix inside <paramref name="within"/> that overlaps none of <paramref name="used"/>,
        /// or null when there is none. Used to suggest a free VPC range when the requested one is taken.
        /// </summary>
        public static Ipv4Cidr? FirstFree(Ipv4Cidr within, int prefixLength, IEnumerable<Ipv4Cidr> used)
        {
            var usedList = new List<Ipv4Cidr>(used ?? Array.Empty<Ipv4Cidr>());
            foreach (var block in within.Subdivide(prefixLength))
            {
                bool clash = false;
                foreach (var u in usedList) if (block.Overlaps(u)) { clash = true; break; }
                if (!clash) return block;
            }
            return null;
        }
    }
}
