# Pester tests for the SLURM job cmdlets. They need a local SLURM: run tests/slurm/start-slurm.sh as root first.
BeforeAll {
    Import-Module $PSScriptRoot/../out/PcHpc/PcHpc.psd1 -Force
    $script:HasSlurm = [bool](Get-Command sbatch -ErrorAction SilentlyContinue)
}

Describe 'Job cmdlets' {
    It 'are exported' {
        foreach ($name in 'Invoke-HpcJob', 'Get-HpcJob', 'Wait-HpcJob', 'Stop-HpcJob', 'Receive-HpcJob', 'Get-HpcQueue') {
            Get-Command $name -Module PcHpc | Should -Not -BeNullOrEmpty
        }
    }

    It 'rejects a malformed time limit before sending anything' {
        { Invoke-HpcJob -Local -Command 'true' -TimeLimit 'soon' -ErrorAction Stop } | Should -Throw -ErrorId 'InvalidTimeLimit*'
    }

    It 'asks to use -Local when no cluster transport is available' {
        { Get-HpcQueue -ClusterName demo -Region us-east-1 -ErrorAction Stop } | Should -Throw
    }
}

Describe 'Jobs on the local SLURM' -Skip:(-not (Get-Command sbatch -ErrorAction SilentlyContinue)) {
    BeforeAll {
        # A fresh machine has the packages but no daemons; start-slurm.sh returns at once when SLURM already answers.
        if ((id -u) -eq '0') {
            $log = bash "$PSScriptRoot/slurm/start-slurm.sh" 2>&1
            if ($LASTEXITCODE -ne 0) { throw "tests/slurm/start-slurm.sh failed: $($log -join [Environment]::NewLine)" }
        }
    }

    It 'shows every node as sinfo does, with CPUs and partitions' {
        $nodes = @(Get-HpcNode -Local)
        $nodes.Name | Sort-Object -Unique | Should -Be @(sinfo -h -N -o '%N' | Sort-Object -Unique)
        foreach ($node in $nodes) {
            $node.CpusTotal | Should -Be ([int](sinfo -h -N -n $node.Name -o '%c' | Select-Object -First 1))
            $node.Partitions | Should -Contain 'compute'
            $node.State | Should -Not -BeNullOrEmpty
            $node.Cpus | Should -Match '^\d+/\d+$'
        }
        @(Get-HpcNode -Local -Queue nosuchqueue).Count | Should -Be 0
    }

    It 'lists the queues' {
        $queues = Get-HpcQueue -Local
        $queues.Name | Should -Contain 'compute'
        ($queues | Where-Object Default).Name | Should -Be 'compute'
    }

    It 'runs a job through the pipeline and returns its output' {
        $out = Invoke-HpcJob -Local -Command 'echo hello' -Name pester | Wait-HpcJob -Timeout 120 | Receive-HpcJob
        $out.Output | Should -Be "hello`n"
    }

    It 'reports exit codes' {
        $job = Invoke-HpcJob -Local -Command 'exit 3' -Wait
        $job.State | Should -Be 'Failed'
        $job.ExitCode | Should -Be 3
    }

    It 'passes hostile arguments as data' {
        $canary = Join-Path ([IO.Path]::GetTempPath()) ("pchpc-canary-" + [guid]::NewGuid())
        $items = @("`$(touch $canary)", "'; touch $canary; '", "``touch $canary``", "a`nb")
        $job = Invoke-HpcJob -Local -Script 'printf %s "$1"' -ArgumentList $items -Wait
        $out = $job | Receive-HpcJob | Sort-Object Id
        $out.Output | Should -Be $items
        Test-Path $canary | Should -BeFalse
    }

    It 'cancels a job' {
        $job = Invoke-HpcJob -Local -Command 'sleep 300'
        $job | Stop-HpcJob -Force
        ($job | Wait-HpcJob -Timeout 120).State | Should -Be 'Cancelled'
    }

    It 'runs an array with -ArgumentList, one task per item' {
        $tasks = Invoke-HpcJob -Local -Command 'echo $PCHPC_ARG' -ArgumentList 'a', 'b', 'c' | Wait-HpcJob -Timeout 120
        $tasks.Count | Should -Be 3
        $tasks.State | Should -Not -Contain 'Failed'
    }

    It 'runs a -Local job in the current location' {
        $dir = Join-Path ([IO.Path]::GetTempPath()) ("pchpc-cwd-" + [guid]::NewGuid())
        New-Item -ItemType Directory -Path $dir | Out-Null
        Set-Content -LiteralPath (Join-Path $dir 'prepare.sh') -Value "#!/bin/bash`necho ready in `$PWD"
        chmod +x (Join-Path $dir 'prepare.sh')
        Push-Location -LiteralPath $dir
        try { $out = Invoke-HpcJob -Local -Command './prepare.sh' -Wait | Receive-HpcJob } finally { Pop-Location; Remove-Item -LiteralPath $dir -Recurse -Force }
        $out.Output | Should -Be "ready in $dir`n"
    }

    It 'names an unnamed job after its command, not the wrapper' {
        (Invoke-HpcJob -Local -Command 'hostname -s' -Wait).Name | Should -Be 'hostname'
    }

    It 'reports an unknown id to Stop-HpcJob as ObjectNotFound' {
        $err = $null
        Stop-HpcJob -Local -Id 66999998 -Force -ErrorVariable err -ErrorAction SilentlyContinue
        $err.Count | Should -Be 1
        $err[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
        $err[0].FullyQualifiedErrorId | Should -BeLike 'JobNotFound*'
    }

    It 'takes -Timeout as a time span or as seconds' {
        $job = Invoke-HpcJob -Local -Command 'exit 0'
        ($job | Wait-HpcJob -Timeout 00:10:00).State | Should -Be 'Completed'
        ($job | Wait-HpcJob -Timeout 600).State | Should -Be 'Completed'
    }

    It 'gets a job by id after it finished' {
        $job = Invoke-HpcJob -Local -Command 'exit 0' -Wait
        (Get-HpcJob -Local -Id $job.Id).State | Should -Be 'Completed'
    }
}

Describe 'Job cmdlets on a cluster (SSM)' {
    BeforeAll {
        Import-Module $PSScriptRoot/../out/PcHpc/PcHpc.psd1 -Force
        $jobCmdlets = 'Get-HpcJob', 'Get-HpcQueue', 'Invoke-HpcJob', 'Receive-HpcJob', 'Stop-HpcJob', 'Wait-HpcJob'
    }

    It '<_> takes -RunAsUser and -OutputS3Bucket' -ForEach 'Get-HpcJob', 'Get-HpcQueue', 'Invoke-HpcJob', 'Receive-HpcJob', 'Stop-HpcJob', 'Wait-HpcJob' {
        $command = Get-Command $_
        $command.Parameters.Keys | Should -Contain 'RunAsUser'
        $command.Parameters.Keys | Should -Contain 'OutputS3Bucket'
        $command.Parameters['ClusterName'].ParameterSets.Values.ValueFromPipelineByPropertyName | Should -Contain $true
    }

    It 'refuses a -RunAsUser that is not a Linux user name before calling AWS' {
        $err = $null
        try {
            Get-HpcJob -ClusterName demo -Region us-east-1 -RunAsUser 'root; touch /tmp/x' -AccessKey AKIAEXAMPLE -SecretKey example -EndpointUrl 'http://127.0.0.1:9' -ErrorAction Stop
        } catch { $err = $_ }
        $err | Should -Not -BeNullOrEmpty
        $err.FullyQualifiedErrorId | Should -BeLike 'InvalidRunAsUser*'
    }

    It 'documents the SSM transport in the help' {
        (Get-Help Invoke-HpcJob -Full | Out-String) | Should -Match 'AmazonSSMManagedInstanceCore'
        (Get-Help Invoke-HpcJob -Parameter OutputS3Bucket).Name | Should -Be 'OutputS3Bucket'
    }
}
