package protoserver

// SetUpProcess prepares a provider process before it serves: the garbage
// collector (TuneGC), an exit when Terraform is gone (ExitWithParent) and
// the SDK's logs (SilenceUnrequestedLogs). Call it first thing in main.
func SetUpProcess() error {
	TuneGC()
	ExitWithParent()
	return SilenceUnrequestedLogs()
}
