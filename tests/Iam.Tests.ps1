# Pester 5 tests for Get-HpcIamPolicy (offline) and the input checks of Export-HpcClusterLog (refused before any call).
BeforeAll {
    Import-Module $PSScriptRoot/../out/PcHpc/PcHpc.psd1 -Force
}

Describe 'Get-HpcIamPolicy' {
    It 'emits a policy document that round-trips through ConvertFrom-Json' {
        $doc = Get-HpcIamPolicy -AsJson | ConvertFrom-Json
        $doc.Version | Should -Be '2012-10-17'
        $doc.Statement.Effect | Sort-Object -Unique | Should -Be 'Allow'
        $doc.Statement.Action | Should -Contain 'execute-api:Invoke'
        $doc.Statement.Action | Should -Contain 'sts:AssumeRole'
    }

    It 'allows only what the chosen cmdlets call' {
        (Get-HpcIamPolicy -Cmdlet Get-HpcAwsIdentity).Actions | Should -Be 'sts:GetCallerIdentity'
        $api = (Get-HpcIamPolicy -Cmdlet Get-HpcClusterLog -Region us-east-1 -AccountId 123456789012 -ClusterName demo).Statement |
            Where-Object Sid -eq 'PcHpcParallelClusterApi'
        $api.Resource | Should -Be @(
            'arn:aws:execute-api:us-east-1:123456789012:*/*/GET/v3/clusters/demo/logstreams'
            'arn:aws:execute-api:us-east-1:123456789012:*/*/GET/v3/clusters/demo/logstreams/*')
    }

    It 'uses the partition of the region' {
        (Get-HpcIamPolicy -Cmdlet Install-HpcApi -Region cn-north-1 -AsJson) | Should -Match 'arn:aws-cn:cloudformation:cn-north-1:'
    }

    It 'refuses a cmdlet PcHpc does not have' {
        { Get-HpcIamPolicy -Cmdlet Get-HpcNothing -ErrorAction Stop } | Should -Throw -ErrorId 'UnknownCmdlet*'
    }
}

Describe 'Export-HpcClusterLog input checks' {
    It 'refuses a -Since after -Until before calling AWS' {
        { Export-HpcClusterLog -Name demo -Region us-east-1 -Path TestDrive:/logs -Since '2026-02-01' -Until '2026-01-01' -ErrorAction Stop } |
            Should -Throw -ErrorId 'ExportWindowEmpty*'
    }

    It 'refuses a file as the folder' {
        Set-Content TestDrive:/plain.txt 'x'
        { Export-HpcClusterLog -Name demo -Region us-east-1 -Path TestDrive:/plain.txt -ErrorAction Stop } | Should -Throw -ErrorId 'ExportPathIsAFile*'
    }
}
