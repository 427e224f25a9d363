# Pester 5. Get-HpcAwsIdentity as a user calls it. Run with ./build.ps1 -Task Pester (imports the built module from out/PcHpc).
BeforeAll {
    Import-Module $PSScriptRoot/../out/PcHpc/PcHpc.psd1 -Force
    # These tests choose every credential and endpoint themselves: set aside defaults a harness may have injected.
    $script:savedDefaults = $PSDefaultParameterValues.Clone()
    foreach ($key in @($PSDefaultParameterValues.Keys)) { if ($key -like '*-Hpc*') { $PSDefaultParameterValues.Remove($key) } }
    $script:savedRegion = $global:StoredAWSRegion
    $global:StoredAWSRegion = $null
    $script:saved = @{}
    foreach ($name in 'AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'AWS_PROFILE', 'AWS_DEFAULT_PROFILE',
                      'AWS_SHARED_CREDENTIALS_FILE', 'AWS_CONFIG_FILE', 'AWS_EC2_METADATA_DISABLED', 'AWS_REGION', 'AWS_DEFAULT_REGION', 'AWS_MAX_ATTEMPTS') {
        $script:saved[$name] = [Environment]::GetEnvironmentVariable($name)
    }
}

AfterAll {
    foreach ($entry in $script:savedDefaults.GetEnumerator()) { $PSDefaultParameterValues[$entry.Key] = $entry.Value }
    $global:StoredAWSRegion = $script:savedRegion
    foreach ($entry in $script:saved.GetEnumerator()) {
        [Environment]::SetEnvironmentVariable($entry.Key, $entry.Value)
    }
}

Describe 'Get-HpcAwsIdentity' {
    BeforeEach {
        # Nothing to find: no keys, no profiles, no instance metadata.
        $nowhere = Join-Path ([IO.Path]::GetTempPath()) ("pchpc-pester-" + [guid]::NewGuid())
        foreach ($name in 'AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'AWS_PROFILE', 'AWS_DEFAULT_PROFILE', 'AWS_REGION', 'AWS_DEFAULT_REGION') {
            [Environment]::SetEnvironmentVariable($name, $null)
        }
        $env:AWS_SHARED_CREDENTIALS_FILE = Join-Path $nowhere 'credentials'
        $env:AWS_CONFIG_FILE = Join-Path $nowhere 'config'
        $env:AWS_EC2_METADATA_DISABLED = 'true'
        $env:AWS_MAX_ATTEMPTS = '1'
    }

    It 'is exported with the AWS common parameters' {
        $command = Get-Command Get-HpcAwsIdentity -Module PcHpc
        foreach ($parameter in 'Region', 'ProfileName', 'ProfileLocation', 'AccessKey', 'SecretKey', 'SessionToken', 'EndpointUrl') {
            $command.Parameters.Keys | Should -Contain $parameter
        }
        $command.OutputType.Name | Should -Contain 'PcHpc.AwsIdentity'
    }

    It 'takes -Region from piped objects by property name' {
        $command = Get-Command Get-HpcAwsIdentity
        $command.Parameters['Region'].Attributes.Where({ $_ -is [Parameter] }).ValueFromPipelineByPropertyName | Should -Contain $true
        $command.Parameters['Region'].Aliases | Should -Contain 'RegionToCall'
    }

    It 'says what to do when no credentials can be found' {
        { Get-HpcAwsIdentity -Region us-east-1 -ErrorAction Stop } |
            Should -Throw -ErrorId 'Aws.NoCredentials,PcHpc.Cmdlets.GetHpcAwsIdentityCommand' -ExpectedMessage '*Set-AWSCredential*'
    }

    It 'says what to do when no region can be found' {
        { Get-HpcAwsIdentity -AccessKey AKIAIOSFODNN7EXAMPLE -SecretKey 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' -ErrorAction Stop } |
            Should -Throw -ErrorId 'Aws.NoRegion,PcHpc.Cmdlets.GetHpcAwsIdentityCommand' -ExpectedMessage '*-Region*'
    }

    It 'reports an unreachable endpoint as a connection error naming it, without the secret' {
        $secret = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY'
        $err = $null
        Get-HpcAwsIdentity -AccessKey AKIAIOSFODNN7EXAMPLE -SecretKey $secret -Region us-east-1 -EndpointUrl 'http://127.0.0.1:9' -ErrorAction SilentlyContinue -ErrorVariable err
        $err | Should -HaveCount 1
        $err[0].CategoryInfo.Category | Should -Be 'ConnectionError'
        $err[0].Exception.Message | Should -BeLike '*STS GetCallerIdentity could not reach http://127.0.0.1:9*'
        $err[0].Exception.Message | Should -Not -BeLike "*$secret*"
    }

    It 'writes the credential and region sources at -Verbose, and on the object, never prompting' {
        # -Verbose, not -Debug: pwsh 7.6 asks to confirm every debug line, which stops a runbook.
        $verbose = Get-HpcAwsIdentity -AccessKey AKIAIOSFODNN7EXAMPLE -SecretKey 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' -Region eu-west-1 `
            -EndpointUrl 'http://127.0.0.1:9' -ErrorAction SilentlyContinue -Verbose 4>&1 |
            Where-Object { $_ -is [System.Management.Automation.VerboseRecord] } | ForEach-Object Message
        $verbose | Should -Contain 'AWS credentials: -AccessKey/-SecretKey parameters.'
        $verbose | Should -Contain 'AWS region: eu-west-1 (-Region parameter).'
        ($verbose -join "`n") | Should -Not -BeLike '*wJalrXUtnFEMI*'
    }

    It 'has a table view' {
        $view = Get-FormatData -TypeName PcHpc.AwsIdentity
        $view | Should -Not -BeNullOrEmpty
        $view.FormatViewDefinition[0].Control | Should -BeOfType [System.Management.Automation.TableControl]
    }
}
