package model

// Run statuses, as run.json, history.jsonl and the summary mail write them
// (SPEC.md, run.json).
const (
	RunDone    = "done"    // outputs committed
	RunSkipped = "skipped" // inputs and configuration unchanged since the last done run; nothing written but the record
	RunFailed  = "failed"  // previous outputs untouched
)

// Exit statuses of a run and of every planreport command (SPEC.md,
// "Command line").
const (
	ExitOK       = 0 // done or skipped, no error finding
	ExitFindings = 1 // done, with error findings
	ExitUsage    = 2 // wrong command line or configuration
	ExitFailed   = 3 // the run failed; previous outputs untouched
)
