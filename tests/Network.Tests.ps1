# Pester 5 tests for the networking cmdlets, run against the built module (out/PcHpc).
# Everything here works offline: validation happens before any AWS call, -Export with pinned zones and -Cached never
# call AWS, and New-HpcClusterConfig -Vpc only reads the network object.
BeforeAll {
    Import-Module $PSScriptRoot/../out/PcHpc/PcHpc.psd1 -Force
    $script:OldHome = $env:PCHPC_HOME
    $env:PCHPC_HOME = Join-Path ([System.IO.Path]::GetTempPath()) ("pchpc-pester-" + [guid]::NewGuid().ToString('N'))
    # Any AWS call would fail fast: nothing listens here.
    $script:Offline = @{ Region = 'us-east-1'; AccessKey = 'AKIAPESTEROFFLINE001'; SecretKey = 'not-used'; EndpointUrl = 'http://127.0.0.1:9/' }

    function script:New-TestNetwork {
        param([bool] $PrivateEndpoints = $false, [string] $Status = 'Ready')
        $vpc = [PcHpc.Vpc]::new()
        $vpc.Name = 'hpc-net'
        $vpc.Region = 'eu-west-1'
        $vpc.Status = $Status
        $vpc.VpcId = 'vpc-0123456789abcdef0'
        $vpc.PublicSubnetIds = @('subnet-0a0000000000000a1', 'subnet-0a0000000000000a2')
        $vpc.PrivateSubnetIds = @('subnet-0b0000000000000b1', 'subnet-0b0000000000000b2')
        $vpc.PrivateEndpoints = $PrivateEndpoints
        $vpc
    }
}

AfterAll {
    if (Test-Path $env:PCHPC_HOME) { Remove-Item $env:PCHPC_HOME -Recurse -Force }
    $env:PCHPC_HOME = $script:OldHome
}

Describe 'Networking cmdlets' {
    It 'exports New-, Get- and Remove-HpcVpc' {
        (Get-Command -Module PcHpc -Noun HpcVpc).Name | Sort-Object | Should -Be @('Get-HpcVpc', 'New-HpcVpc', 'Remove-HpcVpc')
    }

    It 'refuses zone count and pinned zones together' {
        { New-HpcVpc -Name x -AvailabilityZoneCount 2 -AvailabilityZone us-east-1a -ErrorAction Stop } | Should -Throw -ErrorId 'AmbiguousParameterSet*'
    }

    It 'shows networks in a table with their CIDR block' {
        $vpc = New-TestNetwork
        $vpc.CidrBlock = '10.3.0.0/16'
        $table = $vpc | Format-Table | Out-String -Width 200
        $table | Should -Match 'hpc-net'
        $table | Should -Match 'CidrBlock'
        $table | Should -Match '10\.3\.0\.0/16'
    }
}

Describe 'New-HpcVpc offline checks' {
    It 'names the bad parameter before calling AWS' {
        { New-HpcVpc -Name hpc-net -CidrBlock 10.0.0.0/8 @Offline -ErrorAction Stop } |
            Should -Throw -ExpectedMessage '*-CidrBlock*'
    }

    It 'rejects a bad name and a bad SSH source together' {
        $err = $null
        try { New-HpcVpc -Name 9net -AllowSshFrom nope @Offline -ErrorAction Stop } catch { $err = $_ }
        $err.FullyQualifiedErrorId | Should -BeLike 'InvalidNetworkRequest,*'
        $err.Exception.Message | Should -Match '-Name'
        $err.Exception.Message | Should -Match '-AllowSshFrom'
    }

    It 'exports the template offline when zones are pinned' {
        $path = Join-Path $TestDrive 'net.json'
        $file = New-HpcVpc -Name hpc-net @Offline -AvailabilityZone us-east-1a, us-east-1b -NatGateway PerAz -Export $path -PassThru
        $file | Should -BeOfType System.IO.FileInfo
        $file.FullName | Should -Be $path
        $template = Get-Content $path -Raw | ConvertFrom-Json
        $template.Metadata.'PcHpc::Network'.NatGateway | Should -Be 'PerAz'
        @($template.Resources.PSObject.Properties | Where-Object { $_.Value.Type -eq 'AWS::EC2::NatGateway' }).Count | Should -Be 2
    }

    It 'returns nothing from -Export without -PassThru' {
        $path = Join-Path $TestDrive 'quiet.json'
        $out = New-HpcVpc -Name hpc-net @Offline -AvailabilityZone us-east-1a -Export $path
        $out | Should -BeNullOrEmpty
        Test-Path $path | Should -BeTrue
    }

    It 'does not overwrite an exported file' {
        $path = Join-Path $TestDrive 'keep.json'
        Set-Content $path 'keep'
        { New-HpcVpc -Name hpc-net @Offline -AvailabilityZone us-east-1a -Export $path -ErrorAction Stop } | Should -Throw -ErrorId 'TemplateFileExists,*'
        Get-Content $path | Should -Be 'keep'
    }

    It 'writes nothing with -WhatIf' {
        $path = Join-Path $TestDrive 'whatif.json'
        New-HpcVpc -Name hpc-net @Offline -AvailabilityZone us-east-1a -Export $path -WhatIf
        Test-Path $path | Should -BeFalse
    }
}

Describe 'Get-HpcVpc -Cached' {
    It 'returns nothing from an empty state folder without calling AWS' {
        @(Get-HpcVpc -Cached -EndpointUrl 'http://127.0.0.1:9/').Count | Should -Be 0
    }

    It 'reports an exact name that is not there as ObjectNotFound, and a wildcard that matches nothing quietly' {
        $err = $null
        Get-HpcVpc -Cached -Name nosuch -ErrorVariable err -ErrorAction SilentlyContinue
        $err[0].FullyQualifiedErrorId | Should -BeLike 'NetworkNotFound,*'
        $err[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
        Get-HpcVpc -Cached -Name 'nosuch*' -ErrorAction Stop | Should -BeNullOrEmpty
    }
}

Describe 'Against the fake AWS' -Skip:(-not $env:PCHPC_TEST_AWS_ENDPOINT) {
    BeforeAll {
        $script:Fake = @{ Region = 'us-east-1'; AccessKey = $env:PCHPC_TEST_ACCESS_KEY; SecretKey = $env:PCHPC_TEST_SECRET_KEY; EndpointUrl = $env:PCHPC_TEST_AWS_ENDPOINT }
    }

    It 'gives a second network without -CidrBlock a free block instead of refusing it' {
        $a = New-HpcVpc -Name pester-a @Fake -Wait
        $b = New-HpcVpc -Name pester-b @Fake -Wait
        $a.CidrBlock | Should -Not -Be $b.CidrBlock
        { New-HpcVpc -Name pester-c @Fake -CidrBlock $a.CidrBlock -ErrorAction Stop } | Should -Throw -ExpectedMessage '*-CidrBlock*overlaps*such as*'
    }

    It 'completes network names from the local state' {
        $line = 'Remove-HpcVpc -Name pester-'
        (TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches.CompletionText | Should -Be @('pester-a', 'pester-b')
    }

    It 'asks before deleting: with no one to answer, nothing is deleted' {
        { Remove-HpcVpc -Name pester-a @Fake -ErrorAction Stop } | Should -Throw
        (Get-HpcVpc -Name pester-a @Fake).Status | Should -Be 'Ready'
    }

    It 'removes piped networks with -Force and says nothing without -PassThru' {
        Get-HpcVpc -Name 'pester-*' @Fake | Remove-HpcVpc @Fake -Force -Wait | Should -BeNullOrEmpty
        Get-HpcVpc -Name 'pester-*' @Fake | Should -BeNullOrEmpty
    }
}

Describe 'New-HpcClusterConfig -Vpc' {
    BeforeAll {
        $script:Queue = New-HpcQueueConfig -Name compute -InstanceType c5.large
    }

    It 'puts the head node in a public subnet and the queue in the private subnets' {
        $config = New-TestNetwork | New-HpcClusterConfig -Queue $Queue
        $config.HeadNode.Networking.SubnetId | Should -Be 'subnet-0a0000000000000a1'
        $config.Scheduling.SlurmQueues[0].Networking.SubnetIds | Should -Be @('subnet-0b0000000000000b1', 'subnet-0b0000000000000b2')
        $config.Region | Should -Be 'eu-west-1'
    }

    It 'keeps the head node private when the network has private endpoints' {
        $config = New-HpcClusterConfig -Vpc (New-TestNetwork -PrivateEndpoints $true) -Queue $Queue
        $config.HeadNode.Networking.SubnetId | Should -Be 'subnet-0b0000000000000b1'
    }

    It 'refuses a network that is still being created' {
        { New-TestNetwork -Status Creating | New-HpcClusterConfig -Queue $Queue -ErrorAction Stop } | Should -Throw -ErrorId 'NetworkNotReady,*'
    }

    It 'cannot take a subnet and a network together' {
        { New-HpcClusterConfig -Vpc (New-TestNetwork) -HeadNodeSubnetId subnet-0123456789abcdef0 -ErrorAction Stop } | Should -Throw -ErrorId 'AmbiguousParameterSet*'
    }
}
