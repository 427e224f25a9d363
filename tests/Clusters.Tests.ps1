# Pester 5 tests for the cluster life-cycle cmdlets, run against the built module (out/PcHpc).
# They work offline: a temporary PCHPC_HOME holds cached cluster records, and every call that would reach AWS is
# either -Cached, stopped by -WhatIf, or refused by local validation first.
BeforeAll {
    Import-Module $PSScriptRoot/../out/PcHpc/PcHpc.psd1 -Force
    $script:OldHome = $env:PCHPC_HOME
    $env:PCHPC_HOME = Join-Path ([IO.Path]::GetTempPath()) ("pchpc-pester-" + [guid]::NewGuid().ToString('N'))
    $clusters = Join-Path $env:PCHPC_HOME 'clusters'
    New-Item -ItemType Directory -Path $clusters -Force | Out-Null
    function script:Add-CachedCluster([string]$Name, [string]$Region, [string]$Status, [switch]$Gone) {
        $key = "$Region/$Name"
        $file = -join ($key.ToCharArray() | ForEach-Object { if ($_ -cmatch '[a-z0-9-]') { $_ } else { '_{0:x2}' -f [int]$_ } })
        @{
            schemaVersion = 1; name = $Name; region = $Region; clusterStatus = $Status; version = '3.12.0'
            headNodePublicIp = '54.1.2.3'; gone = [bool]$Gone
        } | ConvertTo-Json | Set-Content -Path (Join-Path $clusters "$file.json") -Encoding utf8
    }
    Add-CachedCluster -Name 'cfd-a' -Region 'us-east-1' -Status 'CREATE_COMPLETE'
    Add-CachedCluster -Name 'cfd-b' -Region 'eu-west-1' -Status 'CREATE_FAILED'
    Add-CachedCluster -Name 'ml' -Region 'us-east-1' -Status 'UPDATE_IN_PROGRESS'
    Add-CachedCluster -Name 'old' -Region 'us-east-1' -Status 'CREATE_COMPLETE' -Gone
    $script:Yaml = @"
Region: us-east-1
Image:
  Os: alinux2023
HeadNode:
  InstanceType: c5.xlarge
  Networking:
    SubnetId: subnet-0123456789abcdef0
Scheduling:
  Scheduler: slurm
  SlurmQueues:
    - Name: q1
      ComputeResources:
        - Name: cr1
          InstanceType: c5n.18xlarge
          MinCount: 9
          MaxCount: 4
      Networking:
        SubnetIds:
          - subnet-0123456789abcdef0
"@
}

AfterAll {
    Remove-Item -Recurse -Force $env:PCHPC_HOME -ErrorAction SilentlyContinue
    $env:PCHPC_HOME = $script:OldHome
}

Describe 'Get-HpcCluster -Cached' {
    It 'lists the cached clusters offline, without the gone ones' {
        $c = Get-HpcCluster -Cached
        $c.Name | Should -Be @('cfd-b', 'cfd-a', 'ml')
        $c[0] | Should -BeOfType PcHpc.Cluster
        $c.Name | Should -Not -Contain 'old'
    }

    It 'maps the raw status to Status' {
        (Get-HpcCluster -Cached -Name cfd-b).Status | Should -Be ([PcHpc.ClusterState]::Failed)
        (Get-HpcCluster -Cached -Name ml).Status | Should -Be 'Updating'
    }

    It 'filters by wildcard, region and status' {
        (Get-HpcCluster -Cached -Name 'CFD-*').Name | Should -Be @('cfd-b', 'cfd-a')
        (Get-HpcCluster -Cached -Region us-east-1 -Status Ready).Name | Should -Be 'cfd-a'
    }

    It 'carries ClusterName for the job cmdlets and the head node IP' {
        $c = Get-HpcCluster -Cached -Name cfd-a
        $c.ClusterName | Should -Be 'cfd-a'
        $c.HeadNodeIp | Should -Be '54.1.2.3'
    }

    It 'shows the default table columns' {
        $header = (Get-HpcCluster -Cached -Name cfd-a | Format-Table | Out-String)
        foreach ($column in 'Name', 'Region', 'Status', 'Version', 'HeadNodeIp', 'CreatedTime') { $header | Should -Match $column }
    }
}

Describe 'Remove-HpcCluster' {
    It 'is ConfirmImpact High with -Force and binds Name and Region by property name' {
        $cmd = Get-Command Remove-HpcCluster
        $cmd.ImplementingType.GetCustomAttributes([System.Management.Automation.CmdletAttribute], $false)[0].ConfirmImpact | Should -Be 'High'
        $cmd.Parameters['Force'].SwitchParameter | Should -BeTrue
        $cmd.Parameters['Name'].Attributes.Where({ $_ -is [System.Management.Automation.ParameterAttribute] }).ValueFromPipelineByPropertyName | Should -Contain $true
        $cmd.Parameters['Region'].Attributes.Where({ $_ -is [System.Management.Automation.ParameterAttribute] }).ValueFromPipelineByPropertyName | Should -Contain $true
    }

    It 'the card pipeline with -WhatIf touches nothing' {
        { Get-HpcCluster -Cached | Where-Object Status -eq Failed | Remove-HpcCluster -WhatIf } | Should -Not -Throw
        (Get-HpcCluster -Cached).Count | Should -Be 3
    }
}

Describe 'New-HpcCluster' {
    It 'fails locally on an invalid configuration before calling AWS' {
        $path = Join-Path $env:PCHPC_HOME 'bad.yaml'
        Set-Content -Path $path -Value $script:Yaml
        { New-HpcCluster -Name demo -ConfigPath $path -ErrorAction Stop } | Should -Throw -ExpectedMessage '*MinCount*'
    }

    It 'names a missing config file' {
        { New-HpcCluster -Name demo -ConfigPath (Join-Path $env:PCHPC_HOME 'missing.yaml') -ErrorAction Stop } | Should -Throw -ExpectedMessage '*missing.yaml*'
    }
}

Describe 'Install-HpcApi' {
    It 'supports -WhatIf and deploys nothing' {
        { Install-HpcApi -Region us-east-1 -Version 3.12.0 -WhatIf } | Should -Not -Throw
    }
}

Describe 'Cluster cmdlets' {
    It 'complete -Name from the state store' {
        $result = TabExpansion2 -inputScript 'Wait-HpcCluster -Name cfd' -cursorColumn 'Wait-HpcCluster -Name cfd'.Length
        $result.CompletionMatches.CompletionText | Should -Be @('cfd-a', 'cfd-b')
    }

    It 'all take the common AWS parameters' {
        foreach ($name in 'Get-HpcCluster', 'New-HpcCluster', 'Update-HpcCluster', 'Remove-HpcCluster', 'Wait-HpcCluster', 'Start-HpcComputeFleet',
            'Stop-HpcComputeFleet', 'Get-HpcClusterInstance', 'Remove-HpcClusterInstance', 'Get-HpcClusterEvent', 'Get-HpcClusterLog', 'Install-HpcApi', 'Get-HpcApi') {
            $cmd = Get-Command $name
            foreach ($p in 'Region', 'ProfileName', 'AccessKey', 'SecretKey', 'SessionToken', 'EndpointUrl') { $cmd.Parameters.Keys | Should -Contain $p -Because $name }
        }
    }

    It 'Get-HpcClusterLog lists streams by default and reads one with -LogStream' {
        $cmd = Get-Command Get-HpcClusterLog
        $cmd.DefaultParameterSet | Should -Be 'Streams'
        $cmd.Parameters['Tail'].ParameterSets.Keys | Should -Be 'Events'
    }
}
