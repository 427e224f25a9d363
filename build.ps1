#Requires -Version 7.0
<#
.SYNOPSIS
    Builds the PcHpc module into out/PcHpc and, when the tools are installed, refreshes help with PlatyPS and runs Pester.
.DESCRIPTION
    The dotnet build step (src/PcHpc.Build) stands on its own: it publishes the assemblies, lays out out/PcHpc,
    merges the table views and writes MAML help from docs/. This script wraps the same step and adds:
      - PlatyPS New-ExternalHelp over docs/ when the PlatyPS module is available (it then replaces our MAML);
      - Pester over tests/*.Tests.ps1 when Pester 5 is available.
.EXAMPLE
    ./build.ps1                 # build, help, and tests when available
.EXAMPLE
    ./build.ps1 -Task Build     # only the module
#>
[CmdletBinding()]
param(
    [ValidateSet('All', 'Build', 'Help', 'Pester')]
    [string] $Task = 'All',
    [ValidateSet('Release', 'Debug')]
    [string] $Configuration = 'Release'
)
$ErrorActionPreference = 'Stop'
$root = $PSScriptRoot
$moduleDir = Join-Path $root 'out/PcHpc'

function Invoke-Build {
    $env:PCHPC_CONFIGURATION = $Configuration
    & dotnet run --project (Join-Path $root 'src/PcHpc.Build') -c $Configuration
    if ($LASTEXITCODE -ne 0) { throw "dotnet build step failed ($LASTEXITCODE)." }
}

function Invoke-Help {
    if (Get-Module -ListAvailable -Name platyPS) {
        Import-Module platyPS
        $target = Join-Path $moduleDir 'en-US'
        New-ExternalHelp -Path (Join-Path $root 'docs') -OutputPath $target -Force | Out-Null
        Copy-Item (Join-Path $target '*') (Join-Path $root 'en-US') -Force
        Write-Host "Help written by PlatyPS to $target"
    }
    else {
        Write-Host 'PlatyPS not installed: keeping the MAML written by the dotnet build step.'
    }
}

function Invoke-Pester5 {
    $pester = Get-Module -ListAvailable -Name Pester | Where-Object Version -ge ([version]'5.0') | Sort-Object Version -Descending | Select-Object -First 1
    if (-not $pester) {
        Write-Warning 'Pester 5 is not installed: Install-Module Pester -MinimumVersion 5.0 -Scope CurrentUser'
        return
    }
    Import-Module $pester
    if (-not (Test-Path (Join-Path $moduleDir 'PcHpc.psd1'))) { Invoke-Build }
    $config = New-PesterConfiguration
    $config.Run.Path = Join-Path $root 'tests'
    $config.Run.Exit = $true
    $config.Output.Verbosity = 'Detailed'
    Invoke-Pester -Configuration $config
}

switch ($Task) {
    'Build'  { Invoke-Build }
    'Help'   { Invoke-Help }
    'Pester' { Invoke-Pester5 }
    'All'    { Invoke-Build; Invoke-Help; Invoke-Pester5 }
}
