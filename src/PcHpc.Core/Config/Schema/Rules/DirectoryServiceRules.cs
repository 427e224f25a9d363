
namespace PcHpc.Core.Config.Schema
{
    /// <summary>The DirectoryService section rules (directory_service_validators.py).</summary>
    internal sealed class DirectoryServiceRules : RuleSet
    {
        public DirectoryServiceRules(RuleSet shared) : base(shared)
        {
        }

        public void DirectoryService(PyNode ds)
        {
            if (ds == null) return;
            var domain = Str(ds, "DomainName");
            if (domain != null && !PythonValues.PyMatch("^([a-zA-Z0-9_-]+)(\\.[a-zA-Z0-9_-]+)*$", domain) && !PythonValues.PyMatch("^((DC|dc)=[a-zA-Z0-9_-]+)(,(DC|dc)=[a-zA-Z0-9_-]+)*$", domain))
                Error("DirectoryService.DomainName", domain, "DomainNameValidator", "directory_service_validators.py:59",
                    "Unsupported domain address format. Supported formats are FQDN (corp.example.com) or LDAP Distinguished Name (DC=corp,DC=example,DC=com).");
            var req = Str(ds, "LdapTlsReqCert");
            if (req != null && req != "hard" && req != "demand")
                Warning("DirectoryService.LdapTlsReqCert", req, "LdapTlsReqCertValidator", "directory_service_validators.py:110", "For security reasons it's recommended to use hard or demand.");
            var sssd = Sec(ds, "AdditionalSssdConfigs");
            if (sssd != null)
            {
                var provider = sssd.Get("id_provider");
                if (provider != null && !(provider.Kind == PyKind.Str && provider.Str == "ldap"))
                    Error("DirectoryService.AdditionalSssdConfigs.id_provider", provider.Text, "AdditionalSssdConfigsValidator", "directory_service_validators.py:123",
                        $"Cannot override the SSSD property 'id_provider' with value '{provider.Text}'. Allowed value is: 'ldap'.");
                var access = sssd.Get("access_provider");
                if (access != null && Has(ds, "LdapAccessFilter") && !(access.Kind == PyKind.Str && access.Str == "ldap"))
                    Error("DirectoryService.AdditionalSssdConfigs.access_provider", access.Text, "AdditionalSssdConfigsValidator", "directory_service_validators.py:123",
                        $"Cannot override the SSSD property 'access_provider' with value '{access.Text}' when LdapAccessFilter is specified. Allowed value is: 'ldap'.");
            }
        }
    }
}
