# Generates docs/<Job cmdlet>.md (PlatyPS layout) for the six SLURM job cmdlets. Run from the repo root: python3 tests/slurm/gen-job-docs.py
import os
AWS = [
 ("ClusterName","String",[],"The cluster whose head node runs the jobs (reached over AWS Systems Manager). Binds from the pipeline by property name, so PcHpc.Cluster and PcHpc.Job objects bind.","True (ByPropertyName)"),
 ("Region","String",["RegionToCall"],"The AWS region of the cluster. Defaults to the session region (Set-DefaultAWSRegion) or the profile's region.","True (ByPropertyName)"),
 ("Local","SwitchParameter",[],"Run against the SLURM on this machine with bash instead of a cluster. Jobs run with -Local carry Local = True, which binds this switch from the pipeline.","True (ByPropertyName)"),
 ("RunAsUser","String",[],"The login user on the head node that runs the SLURM commands (through runuser -l). Defaults by the cluster's OS: ec2-user (alinux2, alinux2023, rhel8, rhel9), ubuntu (ubuntu2004, ubuntu2204), rocky (rocky8, rocky9).","False"),
 ("ProfileName","String",["StoredCredentials","AWSProfileName"],"The name of the AWS credential profile to use.","False"),
 ("ProfileLocation","String",["AWSProfilesLocation","ProfilesLocation"],"The path of the shared credentials file that holds -ProfileName.","False"),
 ("AccessKey","String",["AK"],"The AWS access key id, when not using a profile.","False"),
 ("SecretKey","String",["SK","SecretAccessKey"],"The AWS secret access key that goes with -AccessKey.","False"),
 ("SessionToken","String",["ST"],"The session token of temporary credentials.","False"),
 ("EndpointUrl","String",[],"A custom endpoint URL for the AWS service calls (e.g. a VPC endpoint).","False"),
]
SP = [("Confirm","SwitchParameter",["cf"],"Prompts you for confirmation before running the cmdlet.","False"),
      ("WhatIf","SwitchParameter",["wi"],"Shows what would happen if the cmdlet runs. The cmdlet is not run.","False")]
COMMON_SYN = "[-ClusterName <String>] [-Region <String>] [-Local] [-RunAsUser <String>] [-ProfileName <String>] [-ProfileLocation <String>] [-AccessKey <String>] [-SecretKey <String>] [-SessionToken <String>] [-EndpointUrl <String>]"

cmdlets = {
"Invoke-HpcJob": dict(
  synopsis="Submits SLURM batch jobs on a cluster's head node or on this machine.",
  sets={"Command":"Invoke-HpcJob [-Command] <String>", "Script":"Invoke-HpcJob -Script <String>", "ScriptPath":"Invoke-HpcJob -ScriptPath <String>"},
  extra="[-Name <String>] [-Queue <String>] [-Nodes <Int32>] [-NTasks <Int32>] [-CpusPerTask <Int32>] [-MemoryMB <Int32>] [-TimeLimit <String>] [-ArrayRange <String>] [-ArgumentList <String[]>] [-DependsOn <Object[]>] [-DependencyType <String>] [-Environment <Hashtable>] [-WorkingDirectory <String>] [-Wait]",
  sp=True,
  desc="Invoke-HpcJob runs sbatch on the cluster's head node (over AWS Systems Manager) or, with -Local, on this machine. The work is a command line (-Command), script text (-Script) or a local script file (-ScriptPath) that is read here and sent as data. Names, arguments, environment values and paths travel as data and are never spliced into a shell line; values containing a NUL character are rejected before anything is sent, as are bad counts, malformed time limits and queues the cluster does not have (once its queue list is known). Objects arriving through the pipeline are submitted in batches of up to 100 jobs per remote call. Each job runs inside a small wrapper that records its exit code and end time under ~/.pchpc/jobs on the head node, where its output is kept too, so Get-HpcJob and Receive-HpcJob work after SLURM forgot the job. #SBATCH lines inside the script are not read by SLURM (the wrapper is the batch script): use the parameters instead.",
  examples=[("Run a command on a cluster","Invoke-HpcJob -ClusterName demo -Region us-east-1 -Command 'srun hostname' -Nodes 2 -Queue compute","Submits a two-node job to the compute queue and returns its PcHpc.Job object."),
            ("A parameter sweep","Invoke-HpcJob -Local -ScriptPath ./simulate.sh -ArgumentList (1..100) -ArrayRange '%10' | Wait-HpcJob | Receive-HpcJob","Runs one array task per item (the item arrives as $1 and PCHPC_ARG), at most 10 at a time, waits for all and reads their output."),
            ("Chain jobs","$prep = Invoke-HpcJob -Local -Command './prepare.sh'\nInvoke-HpcJob -Local -Command './solve.sh' -DependsOn $prep -Environment @{ CASE = 'big run' }","The second job starts only after the first succeeded (afterok).")],
  params=[
   ("Command","String",[],"The command line the job runs, as you would type it in bash on the head node. Strings piped to Invoke-HpcJob bind here.","True (ByValue, ByPropertyName)",["Command"],True,0),
   ("Script","String",[],"The text of a bash script (or any script with a #! line) the job runs.","True (ByPropertyName)",["Script"],True,None),
   ("ScriptPath","String",["FullName","Path"],"A local script file; its bytes are sent to the head node and run there.","True (ByPropertyName)",["ScriptPath"],True,None),
   ("Name","String",["JobName"],"The SLURM job name.","True (ByPropertyName)",None,False,None),
   ("Queue","String",["Partition"],"The queue (SLURM partition). Defaults to the cluster's default queue.","True (ByPropertyName)",None,False,None),
   ("Nodes","Int32",[],"The number of nodes (sbatch --nodes); 1 or more.","False",None,False,None),
   ("NTasks","Int32",[],"The number of tasks (sbatch --ntasks); 1 or more.","False",None,False,None),
   ("CpusPerTask","Int32",[],"CPUs per task (sbatch --cpus-per-task); 1 or more.","False",None,False,None),
   ("MemoryMB","Int32",[],"Memory per node in MB (sbatch --mem); 1 or more.","False",None,False,None),
   ("TimeLimit","String",[],"The time limit: minutes, MM:SS, HH:MM:SS, D-HH, D-HH:MM, D-HH:MM:SS, or a TimeSpan. A job that runs longer ends as TimedOut.","False",None,False,None),
   ("ArrayRange","String",[],"Makes an array job, e.g. '1-100', '1-100%10', '0-30:3'. With -ArgumentList only a limit such as '%10' may be given.","False",None,False,None),
   ("ArgumentList","String[]",[],"One array task per item; each task gets its item as $1 and in the environment variable PCHPC_ARG.","True (ByPropertyName)",None,False,None),
   ("DependsOn","Object[]",[],"Jobs (PcHpc.Job objects or ids such as 123 or 123_4) this job waits for.","False",None,False,None),
   ("DependencyType","String",[],"How -DependsOn is applied: after, afterok (default), afternotok, afterany or aftercorr.","False",None,False,None),
   ("Environment","Hashtable",[],"Environment variables set for the job; names must be letters, digits and underscores.","False",None,False,None),
   ("WorkingDirectory","String",[],"The job's working directory on the head node/compute nodes (sbatch --chdir). Defaults to the login user's home directory.","False",None,False,None),
   ("Wait","SwitchParameter",[],"Waits until the submitted jobs finished and returns their final state instead of the submitted jobs.","False",None,False,None),
  ],
  inputs=["System.String","PcHpc.Cluster","PcHpc.Job"], outputs=["PcHpc.Job"]),
"Get-HpcJob": dict(
  synopsis="Gets SLURM jobs, including finished jobs SLURM no longer shows.",
  sets={"__AllParameterSets":"Get-HpcJob [[-Id] <String[]>] [-State <JobState[]>] [-User <String[]>] [-Name <String>]"},
  extra="", sp=False,
  desc="Get-HpcJob asks the head node once for any number of jobs: squeue first, then scontrol show job, then sacct when accounting is enabled, then the completion markers PcHpc's job wrapper writes, so the final state and exit code of a finished job are known even on clusters without SLURM accounting (the ParallelCluster default). Without -Id it lists the jobs SLURM currently knows. Ids nobody knows are reported as non-terminating errors.",
  examples=[("List failed jobs","Get-HpcJob -ClusterName demo -State Failed","Lists the failed jobs SLURM still knows on cluster demo."),
            ("Refresh jobs","$jobs | Get-HpcJob","Gets the current state of the piped jobs in one remote call per cluster.")],
  params=[
   ("Id","String[]",["JobId"],"Job ids (123, or 123_4 for one array task; an array job's id returns all its tasks).","True (ByPropertyName)",None,False,0),
   ("State","JobState[]",[],"Only jobs in these states (Pending, Running, Completing, Completed, Failed, Cancelled, TimedOut, NodeFail, OutOfMemory, Preempted, Suspended, Unknown).","False",None,False,None),
   ("User","String[]",[],"Only jobs of these users.","False",None,False,None),
   ("Name","String",[],"Only jobs whose name matches this wildcard pattern.","False",None,False,None,True),
  ], inputs=["PcHpc.Job","PcHpc.Cluster"], outputs=["PcHpc.Job"]),
"Wait-HpcJob": dict(
  synopsis="Waits until SLURM jobs finish.",
  sets={"__AllParameterSets":"Wait-HpcJob [-Id] <String[]> [-Timeout <Int32>] [-Any]"},
  extra="", sp=False,
  desc="Wait-HpcJob polls the head node (one remote call per poll, with a growing interval up to 10 seconds) and shows a progress bar until all jobs - or, with -Any, the first of them - finished, then returns their final state. An array job waits for all its tasks. When -Timeout runs out the finished jobs are returned and a Timeout error names the rest.",
  examples=[("Submit and wait","Invoke-HpcJob -Local -Command 'sleep 10' | Wait-HpcJob -Timeout 60","Returns the job once it finished, or an error after 60 seconds.")],
  params=[
   ("Id","String[]",["JobId"],"The jobs to wait for.","True (ByPropertyName)",None,True,0),
   ("Timeout","Int32",[],"Seconds to wait at most; unlimited when left out.","False",None,False,None),
   ("Any","SwitchParameter",[],"Returns as soon as one of the jobs finished.","False",None,False,None),
  ], inputs=["PcHpc.Job"], outputs=["PcHpc.Job"]),
"Stop-HpcJob": dict(
  synopsis="Cancels SLURM jobs.",
  sets={"__AllParameterSets":"Stop-HpcJob [-Id] <String[]> [-Force] [-PassThru]"},
  extra="", sp=True,
  desc="Stop-HpcJob runs scancel for the jobs, one remote call per cluster, after leaving a marker so that Get-HpcJob reports the jobs as Cancelled (not TimedOut) after SLURM forgot them. It asks for confirmation (ConfirmImpact High); in scripts and runbooks give -Force or -Confirm:$false, otherwise the prompt fails the command. -WhatIf always wins over -Force.",
  examples=[("Cancel everything pending","Get-HpcJob -ClusterName demo -State Pending | Stop-HpcJob -Force","Cancels all pending jobs on cluster demo without prompting.")],
  params=[
   ("Id","String[]",["JobId"],"The jobs to cancel.","True (ByPropertyName)",None,True,0),
   ("Force","SwitchParameter",[],"Cancels without asking for confirmation.","False",None,False,None),
   ("PassThru","SwitchParameter",[],"Returns the jobs' state after cancelling.","False",None,False,None),
  ], inputs=["PcHpc.Job"], outputs=["PcHpc.Job"]),
"Receive-HpcJob": dict(
  synopsis="Gets the standard output and error of SLURM jobs.",
  sets={"__AllParameterSets":"Receive-HpcJob [-Id] <String[]> [-Tail <Int32>]"},
  extra="", sp=False,
  desc="Receive-HpcJob reads the output files Invoke-HpcJob's jobs write under ~/.pchpc/jobs on the head node (one per job or array task) and returns them as PcHpc.JobOutput objects. Large outputs are fetched in pieces when the transport limits what one call can return (SSM: 24,000 characters).",
  examples=[("Last lines of a sweep","Get-HpcJob -Local -Id 42 | Receive-HpcJob -Tail 5","Returns the last five lines of output and error of every task of array job 42.")],
  params=[
   ("Id","String[]",["JobId"],"The jobs whose output to get.","True (ByPropertyName)",None,True,0),
   ("Tail","Int32",[],"Only the last N lines of each stream.","False",None,False,None),
  ], inputs=["PcHpc.Job"], outputs=["PcHpc.JobOutput"]),
"Get-HpcQueue": dict(
  synopsis="Gets the queues (SLURM partitions) of a cluster and the state of their nodes.",
  sets={"__AllParameterSets":"Get-HpcQueue [[-Name] <String>]"},
  extra="", sp=False,
  desc="Get-HpcQueue runs sinfo on the head node and returns one PcHpc.QueueInfo per partition, with its availability, node count, node states (e.g. idle~ for powered-down dynamic nodes) and time limit. The queue names are remembered for the session so Invoke-HpcJob can reject an unknown -Queue before sending anything.",
  examples=[("Queues of a cluster","Get-HpcQueue -ClusterName demo -Region us-east-1","Lists the queues of cluster demo.")],
  params=[("Name","String",[],"Only queues whose name matches this wildcard pattern.","False",None,False,0,True)],
  inputs=["PcHpc.Cluster"], outputs=["PcHpc.QueueInfo"]),
}

def yaml(name, typ, aliases, sets, required, position, pipeline, wildcard=False):
    return f"""```yaml
Type: {typ}
Parameter Sets: {sets}
Aliases: {', '.join(aliases) if aliases else ''}

Required: {required}
Position: {position}
Default value: None
Accept pipeline input: {pipeline}
Accept wildcard characters: {wildcard}
```"""

for name, c in cmdlets.items():
    out = [f"---\nexternal help file: PcHpc.dll-Help.xml\nModule Name: PcHpc\nonline version:\nschema: 2.0.0\n---\n", f"# {name}\n", "## SYNOPSIS", c['synopsis'] + "\n", "## SYNTAX\n"]
    for s, line in c['sets'].items():
        title = "__AllParameterSets" if s == "__AllParameterSets" else s
        tail = (" " + c['extra'] if c['extra'] else "") + " " + COMMON_SYN + (" [-WhatIf] [-Confirm]" if c['sp'] else "") + " [<CommonParameters>]"
        out.append(f"### {title}" + (" (Default)" if name=="Invoke-HpcJob" and s=="Command" else ""))
        out.append("```\n" + line + tail + "\n```\n")
    out += ["## DESCRIPTION", c['desc'] + "\n", "## EXAMPLES\n"]
    for i, (t, code, text) in enumerate(c['examples'], 1):
        out += [f"### Example {i}: {t}", "```powershell\n" + code + "\n```\n", text + "\n"]
    out.append("## PARAMETERS\n")
    params = []
    for p in c['params']:
        pname, typ, al, desc, pipe, sets, req, pos = p[:8]
        wc = p[8] if len(p) > 8 else False
        params.append((pname, typ, al, desc, pipe, ', '.join(sets) if sets else '(All)', req, pos, wc))
    for (pname, typ, al, desc, pipe) in AWS:
        params.append((pname, typ, al, desc, pipe, '(All)', False, None, False))
    if c['sp']:
        for (pname, typ, al, desc, pipe) in SP:
            params.append((pname, typ, al, desc, pipe, '(All)', False, None, False))
    for pname, typ, al, desc, pipe, sets, req, pos, wc in params:
        out += [f"### -{pname}", desc + "\n", yaml(pname, typ, al, sets, req, "Named" if pos is None else pos, pipe, wc) + "\n"]
    out += ["### CommonParameters", "This cmdlet supports the common parameters: -Debug, -ErrorAction, -ErrorVariable, -InformationAction, -InformationVariable, -OutVariable, -OutBuffer, -PipelineVariable, -Verbose, -WarningAction, and -WarningVariable. For more information, see [about_CommonParameters](http://go.microsoft.com/fwlink/?LinkID=113216).\n", "## INPUTS\n"]
    for t in c['inputs']: out += [f"### {t}", "Objects whose properties bind by name (see the parameters that accept pipeline input).\n"]
    out.append("## OUTPUTS\n")
    for t in c['outputs']: out += [f"### {t}", "\n"]
    out += ["## NOTES", "Jobs run with -Local use this machine's SLURM and bash. For clusters, the commands run on the head node through AWS Systems Manager as the cluster's login user.\n", "## RELATED LINKS\n"]
    for other in cmdlets:
        if other != name: out.append(f"[{other}]({other}.md)\n")
    open(f"docs/{name}.md", "w").write("\n".join(out))
print("ok")
