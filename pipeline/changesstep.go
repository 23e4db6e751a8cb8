package pipeline

import (
	"log/slog"

	"planreport/pipeline/changes"
	"planreport/pipeline/model"
)

// compareStep takes the snapshot of the report b makes, compares it with
// the previous report's (the newest earlier snapshot in the output folder
// or its archive) and puts the changes into b. It returns the snapshot's
// bytes for the output set. A previous snapshot that cannot be read is
// said in the report and the log; it never fails the run.
func compareStep(b *model.Batch, outputDir string, log *slog.Logger) ([]byte, error) {
	snap := changes.Take(b)
	base, path, err := changes.Base(outputDir, b.ReportDate)
	// What the base showed of the workbooks and sheets this report cannot
	// read goes into its snapshot, for the night they are read again.
	changes.Carry(base, snap)
	ch := changes.Compare(base, snap)
	if err != nil {
		// The path and the decoder's error are for the office's log; the
		// report (changes.Summary) says in words that there is no base.
		ch.Unreadable = true
		log.Warn("前回報告のスナップショットを読めないため、前回からの変更を示せません", "path", path, "err", err)
	}
	b.Changes = &ch
	return changes.Encode(snap)
}
