// One PowerShell process: environment variables (PCHPC_HOME) and loaded modules are process-wide, so collections
// run one after another.
[assembly: Xunit.CollectionBehavior(DisableTestParallelization = true)]
