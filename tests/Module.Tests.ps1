# Pester 5. Run with ./build.ps1 -Task Pester (imports the built module from out/PcHpc).
BeforeAll {
    $script:manifestPath = Join-Path $PSScriptRoot '../out/PcHpc/PcHpc.psd1'
    Import-Module $script:manifestPath -Force
}

Describe 'PcHpc module' {
    It 'has a valid manifest that loads in this edition' {
        $manifest = Test-ModuleManifest -Path $script:manifestPath
        $manifest.CompatiblePSEditions | Should -Contain $PSEdition
        $manifest.PowerShellVersion | Should -Be ([version]'5.1')
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

    It 'loads its AWS SDK in a private load context on PowerShell 7' -Skip:($PSEdition -ne 'Core') {
        $contexts = [System.Runtime.Loader.AssemblyLoadContext]::All | Where-Object Name -eq 'PcHpc.Dependencies'
        $null = Get-Command Get-HpcAwsIdentity
        $contexts | Should -Not -BeNullOrEmpty
    }
}
