@{
    RootModule           = 'PcHpc.dll'
    # Imported before RootModule: installs the private AssemblyLoadContext that serves ./dependencies (PcHpc.Core,
    # PcHpc.Aws, YamlDotNet, System.Text.Json, AWSSDK.*), which PowerShell needs as soon as it reflects over PcHpc.dll.
    NestedModules        = @('PcHpc.Isolation.dll')
    ModuleVersion        = '0.1.0'
    # PowerShell 7 only. Windows PowerShell 5.1 (.NET Framework) is not claimed: nothing here can run it, and the helper
    # assemblies in ./dependencies are laid out for .NET's load contexts, not for .NET Framework binding.
    CompatiblePSEditions = @('Core')
    GUID                 = '5b0c7d0e-6a55-4c8e-9f3c-2d6b1f0a9e41'
    Author               = 'PcHpc contributors'
    CompanyName          = 'PcHpc'
    Copyright            = '(c) PcHpc contributors. Apache License 2.0.'
    Description          = 'HPC on AWS from one pipeline: build the network, create and manage AWS ParallelCluster v3 clusters through the ParallelCluster API, and run SLURM jobs over AWS Systems Manager.'
    # What the tests run: PowerShell 7.6 (.NET 10). The floor can never be below 7.4, the first PowerShell on .NET 8,
    # because PcHpc.Isolation.dll targets net8.0 (7.0-7.3 cannot load it; the build checks this). Every other assembly
    # is netstandard2.0, so 7.4 and 7.5 are expected to work, but nothing verifies them yet: lower this only with a
    # test run on them.
    PowerShellVersion    = '7.6'
    FormatsToProcess     = @('PcHpc.format.ps1xml')
    FunctionsToExport    = @()
    CmdletsToExport      = @(
        'Export-HpcClusterConfig'
        'Export-HpcClusterLog'
        'Get-HpcApi'
        'Get-HpcAwsIdentity'
        'Get-HpcCluster'
        'Get-HpcClusterEvent'
        'Get-HpcClusterInstance'
        'Get-HpcClusterLog'
        'Get-HpcClusterSoftware'
        'Get-HpcIamPolicy'
        'Get-HpcImage'
        'Get-HpcImageLog'
        'Get-HpcJob'
        'Get-HpcNode'
        'Get-HpcOfficialImage'
        'Get-HpcQueue'
        'Get-HpcVpc'
        'Import-HpcClusterConfig'
        'Install-HpcApi'
        'Invoke-HpcJob'
        'New-HpcCluster'
        'New-HpcClusterConfig'
        'New-HpcImage'
        'New-HpcImageConfig'
        'New-HpcQueueConfig'
        'New-HpcSoftwareStack'
        'New-HpcStorageConfig'
        'New-HpcVpc'
        'Receive-HpcJob'
        'Remove-HpcCluster'
        'Remove-HpcClusterInstance'
        'Remove-HpcImage'
        'Remove-HpcVpc'
        'Start-HpcComputeFleet'
        'Stop-HpcComputeFleet'
        'Stop-HpcJob'
        'Test-HpcClusterConfig'
        'Test-HpcClusterSoftware'
        'Update-HpcCluster'
        'Wait-HpcCluster'
        'Wait-HpcImage'
        'Wait-HpcJob'
    )
    VariablesToExport    = @()
    AliasesToExport      = @()
    PrivateData          = @{
        PSData = @{
            Tags         = @('AWS', 'ParallelCluster', 'HPC', 'Slurm', 'SSM', 'CloudFormation', 'PSEdition_Core', 'Windows', 'Linux', 'MacOS')
            LicenseUri   = 'https://www.apache.org/licenses/LICENSE-2.0'
            ProjectUri   = 'https://github.com/pchpc/PcHpc'
            ReleaseNotes = 'See https://github.com/pchpc/PcHpc/releases for the notes of each release.'
        }
    }
}
