# Pester 5 tests for the configuration cmdlets, run against the built module (out/PcHpc).
BeforeAll {
    Import-Module $PSScriptRoot/../out/PcHpc/PcHpc.psd1 -Force
    $script:Subnet = 'subnet-0123456789abcdef0'
    $script:Shared = if ($env:PCHPC_SHARED) { $env:PCHPC_SHARED } else { Join-Path $PSScriptRoot '../../shared' }
}

Describe 'New-HpcQueueConfig' {
    It 'names the default compute resource after the instance type' {
        $q = New-HpcQueueConfig -Name cpu -InstanceType c5.xlarge -MaxCount 8
        $q | Should -BeOfType PcHpc.QueueConfig
        $q.ComputeResources[0].Name | Should -Be 'c5-xlarge'
        $q.ComputeResources[0].MaxCount | Should -Be 8
    }

    It 'takes compute resources as hashtables' {
        $q = New-HpcQueueConfig -Name mixed -ComputeResource @{ Name = 'small'; InstanceType = 'c5.large'; MaxCount = 4 }, @{ Instances = 'm5.large', 'm5a.large' }
        $q.ComputeResources.Name | Should -Be @('small', 'm5-large')
    }

    It 'maps the capacity type and switches' {
        $q = New-HpcQueueConfig -Name mpi -InstanceType c5n.18xlarge -CapacityType Spot -Efa -PlacementGroup
        $q.CapacityType | Should -Be 'SPOT'
        $q.ComputeResources[0].Efa.Enabled | Should -BeTrue
        $q.Networking.PlacementGroup.Enabled | Should -BeTrue
    }

    It 'stops on MinCount above MaxCount and names the field' {
        { New-HpcQueueConfig -Name cpu -InstanceType c5.large -MinCount 5 -MaxCount 2 -ErrorAction Stop } |
            Should -Throw -ExpectedMessage '*Queue.ComputeResources`[0`].MaxCount*'
    }

    It 'stops on a bad queue name' {
        { New-HpcQueueConfig -Name CPU -InstanceType c5.large -ErrorAction Stop } | Should -Throw -ErrorId 'ConfigInvalid,*'
    }
}

Describe 'New-HpcStorageConfig' {
    It 'creates new and existing storage' {
        (New-HpcStorageConfig -Type Efs -Name shared -MountDir /shared).StorageType | Should -Be 'Efs'
        (New-HpcStorageConfig -Type FsxLustre -Name fsx -MountDir /fsx -ExistingId fs-0123456789abcdef0).Existing | Should -BeTrue
    }

    It 'refuses a reserved mount directory' {
        { New-HpcStorageConfig -Type Ebs -Name data -MountDir /opt/slurm -Size 10 -ErrorAction Stop } | Should -Throw -ExpectedMessage '*/opt/slurm*'
    }
}

Describe 'New-HpcClusterConfig' {
    It 'collects piped queues into one config with the defaults' {
        $config = @(
            New-HpcQueueConfig -Name cpu -InstanceType c5.xlarge
            New-HpcQueueConfig -Name gpu -InstanceType g5.xlarge -MaxCount 2
        ) | New-HpcClusterConfig -Region us-east-1 -HeadNodeSubnetId $Subnet -KeyName my-key
        @($config).Count | Should -Be 1
        $config.Queues | Should -Be @('cpu', 'gpu')
        $config.Os | Should -Be 'alinux2023'
        $config.HeadNode.Iam.AdditionalIamPolicies.Policy | Should -Be 'arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore'
        $config.HeadNode.Imds.Secured | Should -BeTrue
        $config.Imds.ImdsSupport | Should -Be 'v2.0'
        $config.Scheduling.SlurmQueues[0].Networking.SubnetIds | Should -Be @($Subnet)
    }

    It 'combines piped queues with -Queue, piped first (README)' {
        $gpu = New-HpcQueueConfig -Name gpu -InstanceType g5.xlarge -MaxCount 4 -CapacityType Spot
        $config = New-HpcQueueConfig -Name compute -InstanceType c6i.2xlarge -MaxCount 20 |
            New-HpcClusterConfig -Region us-east-1 -HeadNodeSubnetId $Subnet -KeyName ops -Queue $gpu
        @($config).Count | Should -Be 1
        $config.Queues | Should -Be @('compute', 'gpu')
    }

    It 'lets every default be overridden' {
        $config = New-HpcQueueConfig cpu c5.large |
            New-HpcClusterConfig -SshCidr 10.0.0.0/16 -SubnetId $Subnet -Os ubuntu2204 -HeadNodeIamPolicy @() -HeadNodeImdsSecured $false -ImdsSupport v1.0
        $config.Os | Should -Be 'ubuntu2204'
        $config.HeadNode.Iam | Should -BeNullOrEmpty
        $config.HeadNode.Imds.Secured | Should -BeFalse
        $config.Imds.ImdsSupport | Should -Be 'v1.0'
        $config.HeadNode.Ssh.AllowedIps | Should -Be '10.0.0.0/16'
    }

    It 'stops on a bad subnet id' {
        { New-HpcClusterConfig -HeadNodeSubnetId subnet-xyz -ErrorAction Stop } | Should -Throw -ExpectedMessage '*HeadNode.Networking.SubnetId*'
    }

    It 'shows a table row' {
        $text = New-HpcQueueConfig cpu c5.large | New-HpcClusterConfig -Region us-east-1 -SubnetId $Subnet | Out-String
        $text | Should -Match 'alinux2023'
        $text | Should -Match 't3.medium'
    }
}

Describe 'Export-HpcClusterConfig and Import-HpcClusterConfig' {
    BeforeEach {
        $script:Config = New-HpcQueueConfig cpu c5.large | New-HpcClusterConfig -Region us-east-1 -SubnetId $Subnet
        $script:File = Join-Path $TestDrive 'cluster.yaml'
        Remove-Item $File -ErrorAction SilentlyContinue
    }

    It 'writes the pipeline from queue to file, returning nothing unless -PassThru' {
        $out = New-HpcQueueConfig -Name cpu -InstanceType c5.xlarge | New-HpcClusterConfig -SubnetId $Subnet | Export-HpcClusterConfig -Path $File
        $out | Should -BeNullOrEmpty
        Get-Content $File -Raw | Should -Match 'AmazonSSMManagedInstanceCore'
        $file = $Config | Export-HpcClusterConfig -Path $File -PassThru
        $file | Should -BeOfType System.IO.FileInfo
        $file.FullName | Should -Be (Get-Item $File).FullName
    }

    It 'returns YAML text without -Path' {
        $yaml = $Config | Export-HpcClusterConfig
        $yaml | Should -BeOfType string
        $yaml | Should -Match '(?m)^Region: us-east-1'
    }

    It 'refuses an invalid config and leaves the existing file alone' {
        Set-Content $File 'original'
        $Config.HeadNode.Networking.SubnetId = $null
        { $Config | Export-HpcClusterConfig -Path $File -ErrorAction Stop } | Should -Throw -ErrorId 'ConfigInvalid,*'
        Get-Content $File -Raw | Should -Match 'original'
    }

    It 'writes an invalid config with -SkipValidation' {
        $Config.HeadNode.Networking.SubnetId = $null
        $Config | Export-HpcClusterConfig -Path $File -SkipValidation | Out-Null
        Test-Path $File | Should -BeTrue
    }

    It 'honours -NoClobber and -WhatIf' {
        Set-Content $File 'original'
        { $Config | Export-HpcClusterConfig -Path $File -NoClobber -ErrorAction Stop } | Should -Throw -ErrorId 'ConfigFileExists,*'
        $Config | Export-HpcClusterConfig -Path (Join-Path $TestDrive 'other.yaml') -WhatIf
        Test-Path (Join-Path $TestDrive 'other.yaml') | Should -BeFalse
    }

    It 'round-trips an imported file and keeps untyped keys' {
        $Config | Export-HpcClusterConfig -Path $File | Out-Null
        Add-Content $File "LoginNodes:`n  Pools: []"
        $imported = Import-HpcClusterConfig -Path $File
        $imported.UntypedKeys | Should -Contain 'LoginNodes'
        ($imported | Export-HpcClusterConfig) | Should -Match 'LoginNodes'
    }

    It 'imports YAML text from the pipeline and warns about unknown keys' {
        $yaml = ($Config | Export-HpcClusterConfig) -replace 'SubnetId:', 'SubnetIdd:'
        $imported = $yaml | Import-HpcClusterConfig -WarningVariable warnings -WarningAction SilentlyContinue
        $imported | Should -BeOfType PcHpc.ClusterConfig
        $warnings -join "`n" | Should -Match 'HeadNode\.Networking\.SubnetIdd'
    }

    It 'imports YAML lines from Get-Content as one document' {
        $Config | Export-HpcClusterConfig -Path $File
        $imported = Get-Content $File | Import-HpcClusterConfig
        @($imported).Count | Should -Be 1
        $imported.Queues | Should -Be @('cpu')
        (Get-Content $File -Raw | Import-HpcClusterConfig).Region | Should -Be 'us-east-1'
    }

    It 'imports files piped from Get-ChildItem' {
        $Config | Export-HpcClusterConfig -Path $File | Out-Null
        (Get-Item $File | Import-HpcClusterConfig).Region | Should -Be 'us-east-1'
    }

    It 'round-trips the ParallelCluster example <Name>' -ForEach @(
        @{ Name = 'slurm.full.yaml' }, @{ Name = 'slurm.required.yaml' }, @{ Name = 'awsbatch.simple.yaml' }, @{ Name = 'awsbatch.full.yaml' }
    ) {
        $source = Join-Path $Shared "parallelcluster/$Name"
        if (-not (Test-Path $source)) { Set-ItResult -Skipped -Because "$source is not present" ; return }
        $yaml = Import-HpcClusterConfig -Path $source | Export-HpcClusterConfig -SkipValidation
        $again = $yaml | Import-HpcClusterConfig -WarningAction SilentlyContinue | Export-HpcClusterConfig -SkipValidation
        $again | Should -Be $yaml
    }
}

Describe 'Test-HpcClusterConfig' {
    BeforeAll {
        $script:Good = New-HpcQueueConfig cpu c5.large | New-HpcClusterConfig -Region us-east-1 -SubnetId $Subnet
    }

    It 'returns nothing for a valid config and true with -Quiet' {
        $Good | Test-HpcClusterConfig | Should -BeNullOrEmpty
        $Good | Test-HpcClusterConfig -Quiet | Should -BeTrue
    }

    It 'returns every problem with its path' {
        $bad = Import-HpcClusterConfig -Yaml ($Good | Export-HpcClusterConfig)
        $bad.Scheduling.SlurmQueues[0].Name = 'CPU'
        $bad.Scheduling.SlurmQueues[0].ComputeResources[0].MinCount = 20
        $problems = $bad | Test-HpcClusterConfig -ClusterName '1bad'
        $problems.Path | Should -Be @('ClusterName', 'Scheduling.SlurmQueues[0].Name', 'Scheduling.SlurmQueues[0].ComputeResources[0].MaxCount')
        $problems | ForEach-Object { $_ | Should -BeOfType PcHpc.ConfigProblem }
        $bad | Test-HpcClusterConfig -Quiet | Should -BeFalse
    }

    It 'checks a file by path' {
        $file = Join-Path $TestDrive 'c.yaml'
        $Good | Export-HpcClusterConfig -Path $file | Out-Null
        Test-HpcClusterConfig -Path $file -Quiet | Should -BeTrue
    }

    It 'answers -Quiet once per input and names the file of each problem' {
        $bad = Import-HpcClusterConfig -Yaml ($Good | Export-HpcClusterConfig)
        $bad.Scheduling.SlurmQueues[0].Name = 'CPU'
        $Good, $bad, $Good | Test-HpcClusterConfig -Quiet | Should -Be @($true, $false, $true)
        $dir = Join-Path $TestDrive 'many'
        New-Item -ItemType Directory $dir | Out-Null
        $Good | Export-HpcClusterConfig -Path (Join-Path $dir 'a.yaml')
        $bad | Export-HpcClusterConfig -Path (Join-Path $dir 'b.yaml') -SkipValidation
        Get-ChildItem $dir -Filter *.yaml | Sort-Object Name | Test-HpcClusterConfig -Quiet | Should -Be @($true, $false)
        $problem = Get-ChildItem $dir -Filter *.yaml | Test-HpcClusterConfig
        $problem.File | Should -Be (Join-Path $dir 'b.yaml')
        $problem.Path | Should -Be 'Scheduling.SlurmQueues[0].Name'
    }
}
