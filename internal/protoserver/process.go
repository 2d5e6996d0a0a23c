package protoserver

// SetUpProcess prepares a provider process before it serves: the garbage
// collector (TuneGC) and the SDK's logs (SilenceUnrequestedLogs). Call it
// first thing in main.
func SetUpProcess() error {
	TuneGC()
	return SilenceUnrequestedLogs()
}
