using System;
using System.Security.Cryptography;
using System.Text;

namespace PcHpc.Core.State
{
    /// <summary>
    /// Turns record keys such as <c>us-east-1/demo</c> into safe, case-preserving, reversible file names.
    /// Only <c>a-z</c>, <c>0-9</c> and <c>-</c> are kept; every other UTF-8 byte (upper case letters, '/', '.', '_',
    /// '\', unicode, ...) becomes <c>_xx</c> (lower-case hex). So no name can contain a path separator or start with a
    /// dot, keys that differ only by case stay distinct on case-insensitive file systems, and Windows device names are
    /// avoided. Very long keys are shortened with a hash (the record itself still holds its key).
    /// </summary>
    public static class StateKey
    {
        public const string Extension = ".json";
        private const int MaxStemLength = 160;

        private static readonly string[] DeviceNames =
        {
            "con", "prn", "aux", "nul",
            "com1", "com2", "com3", "com4", "com5", "com6", "com7", "com8", "com9",
            "lpt1", "lpt2", "lpt3", "lpt4", "lpt5", "lpt6", "lpt7", "lpt8", "lpt9",
        };

        /// <summary>The file name (with .json) for a key.</summary>
        public static string ToFileName(string key)
        {
            Validate(key);
            var bytes = Encoding.UTF8.GetBytes(key);
            var sb = new StringBuilder(bytes.Length * 2);
            foreach (var b in bytes)
            {
                if ((b >= (byte)'a' && b <= (byte)'z') || (b >= (byte)'0' && b <= (byte)'9') || b == (byte)'-')
                {
                    sb.Append((char)b);
                }
                else
                {
                    sb.Append('_').Append(b.ToString("x2"));
                }
            }
            var stem = sb.ToString();
            if (Array.IndexOf(DeviceNames, stem) >= 0)
            {
                // Encode the first character too so "nul" becomes "_6eul".
                stem = "_" + ((byte)stem[0]).ToString("x2") + stem.Substring(1);
            }
            if (stem.Length > MaxStemLength)
            {
                using (var sha = SHA256.Create())
                {
                    var hash = sha.ComputeHash(bytes);
                    var hex = new StringBuilder(16);
                    for (var i = 0; i < 8; i++) hex.Append(hash[i].ToString("x2"));
                    var cut = MaxStemLength - 18;
                    // Do not cut an escape sequence in half.
                    var underscore = stem.LastIndexOf('_', cut - 1, Math.Min(3, cut));
                    if (underscore >= 0 && underscore > cut - 3) cut = underscore;
                    stem = stem.Substring(0, cut) + "~~" + hex;
                }
            }
            return stem + Extension;
        }

        /// <summary>The key a file name stands for, or null if the name was not made by <see cref="ToFileName"/> (or was shortened).</summary>
        public static string FromFileName(string fileName)
        {
            if (fileName == null || !fileName.EndsWith(Extension, StringComparison.Ordinal)) return null;
            var stem = fileName.Substring(0, fileName.Length - Extension.Length);
            if (stem.Length == 0 || stem.Contains("~~")) return null;
            var bytes = new byte[stem.Length];
            var n = 0;
            for (var i = 0; i < stem.Length; i++)
            {
                var c = stem[i];
                if (c == '_')
                {
                    if (i + 2 >= stem.Length) return null;
                    if (!byte.TryParse(stem.Substring(i + 1, 2), System.Globalization.NumberStyles.AllowHexSpecifier, null, out var b)) return null;
                    bytes[n++] = b;
                    i += 2;
                }
                else if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')
                {
                    bytes[n++] = (byte)c;
                }
                else
                {
                    return null;
                }
            }
            try
            {
                return new UTF8Encoding(false, true).GetString(bytes, 0, n);
            }
            catch (ArgumentException)
            {
                return null;
            }
        }

        internal static void Validate(string key)
        {
            if (string.IsNullOrEmpty(key) || key.Trim().Length == 0)
            {
                throw new Errors.PcHpcException(Errors.ErrorKind.InvalidArgument, "StateKeyEmpty",
                    "A state record needs a non-empty key; give the record its name and region before saving it.");
            }
            foreach (var c in key)
            {
                if (char.IsControl(c))
                {
                    throw new Errors.PcHpcException(Errors.ErrorKind.InvalidArgument, "StateKeyInvalid",
                        "A state record key cannot contain control characters; remove them from the name and try again.");
                }
            }
        }
    }
}
