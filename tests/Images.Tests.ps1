# Pester 5 tests for the custom-image cmdlets, run against the built module (out/PcHpc). The offline part needs no AWS;
# the rest runs against the loopback fake AWS the xunit host offers through PCHPC_TEST_* (skipped without it).
BeforeAll {
    Import-Module $PSScriptRoot/../out/PcHpc/PcHpc.psd1 -Force
    $script:Offline = @{ Region = 'us-east-1'; AccessKey = 'AKIAPESTEROFFLINE001'; SecretKey = 'not-used'; EndpointUrl = 'http://127.0.0.1:9/'; ApiUri = 'http://127.0.0.1:9/prod' }
}

Describe 'New-HpcImageConfig' {
    It 'writes the build-image YAML in the official schema''s keys' {
        $c = New-HpcImageConfig -ParentImage ami-0123456789abcdef0 -InstanceType c6i.xlarge -Name base -Tag @{ team = 'hpc' } `
            -Component 'arn:aws:imagebuilder:us-east-1:aws:component/amazon-cloudwatch-agent-linux/1.0.1/1', 's3://bucket/setup.sh' -RootVolumeSize 60
        $c | Should -BeOfType PcHpc.ImageBuilderConfig
        $c.Components.Type | Should -Be @('arn', 'script')
        $c.Yaml | Should -Match '(?m)^  ParentImage: ami-0123456789abcdef0$'
        $c.Yaml | Should -Match '(?m)^  RootVolume:\n    Size: 60$'
        $c.Yaml | Should -Match '(?m)^  - Key: team\n    Value: hpc$'
    }

    It 'refuses a parent image that is neither an AMI nor an ARN, naming the rule''s source' {
        { New-HpcImageConfig -ParentImage my-image -InstanceType c6i.xlarge -ErrorAction Stop } |
            Should -Throw -ExpectedMessage '*Build.ParentImage*^ami|arn*imagebuilder_schema.py*'
    }

    It 'refuses more than 15 components (ComponentsValidator)' {
        $many = 1..16 | ForEach-Object { "s3://bucket/step$_.sh" }
        { New-HpcImageConfig ami-1 c6i.xlarge -Component $many -ErrorAction Stop } | Should -Throw -ExpectedMessage '*more than 15 build components*'
        (New-HpcImageConfig ami-1 c6i.xlarge -Component ($many | Select-Object -First 15)).Components.Count | Should -Be 15
    }

    It 'refuses a reserved tag key' {
        { New-HpcImageConfig ami-1 c6i.xlarge -Tag @{ 'parallelcluster:x' = 'y' } -ErrorAction Stop } | Should -Throw -ExpectedMessage "*prefix 'parallelcluster:' is reserved*"
    }
}

Describe 'Bad input is refused before any call' {
    It 'refuses an image id ParallelCluster cannot have' {
        $err = $null
        Get-HpcImage -ImageId 'bad_id' @Offline -ErrorVariable err -ErrorAction SilentlyContinue
        $err[0].FullyQualifiedErrorId | Should -BeLike 'ImageIdInvalid,*'
        $err[0].Exception.Message | Should -BeLike '*letters, digits and hyphens*'
    }

    It 'refuses an unknown operating system with the known ones' {
        { Get-HpcOfficialImage -Os centos7 @Offline -ErrorAction Stop } | Should -Throw -ExpectedMessage '*alinux2023*'
    }

    It 'asks before deleting an image: with no one to answer, nothing is called' {
        { Remove-HpcImage -ImageId some-image @Offline -ErrorAction Stop } | Should -Throw
    }
}

Describe 'Against the fake AWS' -Skip:(-not $env:PCHPC_TEST_AWS_ENDPOINT) {
    BeforeAll {
        $script:Fake = @{ Region = 'us-east-1'; AccessKey = $env:PCHPC_TEST_ACCESS_KEY; SecretKey = $env:PCHPC_TEST_SECRET_KEY; EndpointUrl = $env:PCHPC_TEST_AWS_ENDPOINT; ApiUri = $env:PCHPC_TEST_API_URI }
    }

    It 'builds an image from an official AMI and uses it for a cluster' {
        $image = Get-HpcOfficialImage -Os alinux2023 -Architecture x86_64 @Fake |
            New-HpcImageConfig -InstanceType g5.xlarge -Component 's3://bucket/cuda.sh' |
            New-HpcImage -ImageId pester-gpu @Fake -Wait
        $image | Should -BeOfType PcHpc.Image
        $image.Status | Should -Be ([PcHpc.ImageState]::Available)
        $image.AmiId | Should -Match '^ami-[0-9a-f]{17}$'
        $config = $image | New-HpcClusterConfig -HeadNodeSubnetId subnet-0123456789abcdef0
        $config.Image.CustomAmi | Should -Be $image.AmiId
    }

    It 'lists it by status, and describes it by id' {
        (Get-HpcImage -Status Available @Fake).ImageId | Should -Contain 'pester-gpu'
        (Get-HpcImage -Status Failed @Fake).ImageId | Should -Not -Contain 'pester-gpu'
        (Get-HpcImage -ImageId pester-gpu @Fake).BuildLogsArn | Should -BeLike '*:log-group:/aws/imagebuilder/ParallelClusterImage-pester-gpu'
    }

    It 'refuses a second build with the same id' {
        { New-HpcImageConfig ami-1 c6i.xlarge | New-HpcImage -ImageId pester-gpu @Fake -ErrorAction Stop } | Should -Throw -ExpectedMessage '*already exists*'
    }

    It 'removes piped images with -Force and waits until they are gone' {
        Get-HpcImage -ImageId 'pester-*' @Fake | Remove-HpcImage @Fake -Force -Wait | Should -BeNullOrEmpty
        Get-HpcImage -ImageId 'pester-*' @Fake | Should -BeNullOrEmpty
    }
}
