using System;
using System.Collections;
using System.Collections.Generic;
using System.Reflection;
using System.Text.RegularExpressions;

namespace PcHpc.Core.State
{
    /// <summary>
    /// Keeps secrets out of the state folder: record types whose property names look like they hold a secret are
    /// refused, and unknown (extension) properties with such names are dropped before writing.
    /// </summary>
    public static class SecretGuard
    {
        /// <summary>Property names that must never be stored.</summary>
        public static readonly Regex SecretName = new Regex(
            "secret|passw|pwd|token|credential|accesskey|access_key|privatekey|private_key|apikey|api_key|sessionkey|signature",
            RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);

        public static bool LooksSecret(string propertyName) => propertyName != null && SecretName.IsMatch(propertyName);

        /// <summary>Throws if the type (or any type it contains) has a property whose name looks secret.</summary>
        public static void EnsureNoSecretProperties(Type type)
        {
            var bad = FindSecretProperties(type);
            if (bad.Count > 0)
            {
                throw new InvalidOperationException(
                    $"State record type {type.FullName} has properties that look like secrets ({string.Join(", ", bad)}); the state store never stores secrets, so rename or remove them.");
            }
        }

        /// <summary>The "Type.Property" names under <paramref name="type"/> that look secret.</summary>
        public static IReadOnlyList<string> FindSecretProperties(Type type)
        {
            var found = new List<string>();
            Walk(type, new HashSet<Type>(), found);
            return found;
        }

        private static void Walk(Type type, HashSet<Type> seen, List<string> found)
        {
            if (type == null || type.IsPrimitive || type.IsEnum || type == typeof(string) || type == typeof(decimal)
                || type == typeof(DateTime) || type == typeof(DateTimeOffset) || type == typeof(TimeSpan) || type == typeof(Guid)
                || type.Namespace == "System.Text.Json" || !seen.Add(type))
            {
                return;
            }
            var nullable = Nullable.GetUnderlyingType(type);
            if (nullable != null)
            {
                Walk(nullable, seen, found);
                return;
            }
            if (typeof(IEnumerable).IsAssignableFrom(type))
            {
                if (type.IsArray) Walk(type.GetElementType(), seen, found);
                foreach (var arg in type.IsGenericType ? type.GetGenericArguments() : Type.EmptyTypes) Walk(arg, seen, found);
                return;
            }
            foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
            {
                if (property.GetCustomAttribute<System.Text.Json.Serialization.JsonIgnoreAttribute>() != null) continue;
                if (LooksSecret(property.Name)) found.Add(type.Name + "." + property.Name);
                Walk(property.PropertyType, seen, found);
            }
        }
    }
}
