# Pester 5. Run with ./build.ps1 -Task Pester (imports the built module from out/PcHpc).
BeforeAll {
    $script:manifestPath = Join-Path $PSScriptRoot '../out/PcHpc/PcHpc.psd1'
    Import-Module $script:manifestPath -Force
}

Describe 'PcHpc module' {
    It 'has a valid manifest that claims only PowerShell 7 (Core), from 7.6' {
        { Test-ModuleManifest -Path $script:manifestPath -ErrorAction Stop } | Should -Not -Throw
        $manifest = Test-ModuleManifest -Path $script:manifestPath -ErrorAction Stop
        $manifest.CompatiblePSEditions | Should -Be @('Core')
        $manifest.PowerShellVersion | Should -Be ([version]'7.6')
        $manifest.DotNetFrameworkVersion | Should -BeNullOrEmpty
        $manifest.Tags | Should -Not -Contain 'PSEdition_Desktop'
        $PSVersionTable.PSVersion | Should -BeGreaterOrEqual $manifest.PowerShellVersion
        $manifest.CompatiblePSEditions | Should -Contain $PSEdition
    }

    It 'imports in a fresh session without a warning (approved verbs, valid views)' {
        $ps = [powershell]::Create()
        try {
            $null = $ps.AddScript('Import-Module $args[0] -Force -WarningVariable w -ErrorAction Stop 3>$null; $w').AddArgument($script:manifestPath)
            $warnings = $ps.Invoke()
            $ps.Streams.Error | Should -BeNullOrEmpty
            $warnings | Should -BeNullOrEmpty
        }
        finally { $ps.Dispose() }
        (Get-Command -Module PcHpc).Verb | Where-Object { $_ -notin (Get-Verb).Verb } | Should -BeNullOrEmpty
    }

    It 'exports exactly the cmdlets its manifest lists' {
        $listed = (Import-PowerShellDataFile $script:manifestPath).CmdletsToExport | Sort-Object
        $exported = (Get-Command -Module PcHpc -CommandType Cmdlet).Name | Sort-Object
        $exported | Should -Be $listed
    }

    It 'ships help with a synopsis and an example for every cmdlet' {
        foreach ($command in Get-Command -Module PcHpc -CommandType Cmdlet) {
            $help = Get-Help $command.Name -Full
            $help.Synopsis | Should -Not -BeNullOrEmpty -Because $command.Name
            $help.Synopsis | Should -Not -Match '^\s*\S+-\S+\s*\[' -Because "$($command.Name) must have a written synopsis, not the generated syntax"
            @($help.Examples.Example).Count | Should -BeGreaterThan 0 -Because $command.Name
        }
    }

    It 'ships the about topic' {
        Get-Help about_PcHpc | Out-String | Should -Match 'PCHPC_HOME'
    }

    It 'keeps only the cmdlet assembly and its loader beside the manifest' {
        $root = Split-Path $script:manifestPath
        (Get-ChildItem $root -Filter *.dll).Name | Sort-Object | Should -Be @('PcHpc.dll', 'PcHpc.Isolation.dll')
        (Get-ChildItem (Join-Path $root 'dependencies') -Filter *.dll).Name | Should -Contain 'YamlDotNet.dll'
    }

    It 'loads the cmdlets in the default load context and everything else in its private one' {
        $alc = [System.Runtime.Loader.AssemblyLoadContext]
        $null = New-HpcQueueConfig -Name compute -InstanceType c6i.xlarge | New-HpcClusterConfig -Region us-east-1 -SubnetId subnet-0123456789abcdef0 | Export-HpcClusterConfig
        $alc::GetLoadContext((Get-Command New-HpcClusterConfig).ImplementingType.Assembly).Name | Should -Be 'Default'
        $alc::GetLoadContext([PcHpc.Cluster].Assembly).Name | Should -Be 'PcHpc.Dependencies'
        [PcHpc.Cluster].Assembly.GetName().Name | Should -Be 'PcHpc.Core'
        $private = @(($alc::All | Where-Object Name -eq 'PcHpc.Dependencies').Assemblies) | ForEach-Object { $_.GetName().Name }
        $private | Should -Contain 'PcHpc.Core'
        $private | Should -Contain 'YamlDotNet'
        $moduleRoot = (Resolve-Path (Split-Path $script:manifestPath)).Path
        $fromModule = @($alc::Default.Assemblies) | Where-Object { $_.Location -and $_.Location.StartsWith($moduleRoot) } | ForEach-Object { $_.GetName().Name }
        $fromModule | Sort-Object | Should -Be @('PcHpc', 'PcHpc.Isolation')
    }
}
