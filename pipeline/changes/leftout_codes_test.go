package changes

import (
	"testing"

	"planreport/pipeline/ingest"
)

// leftOutCodes spells ingest's codes out so that comparing reports does
// not depend on the reader; this keeps the two spellings one.
func TestLeftOutCodesAreIngests(t *testing.T) {
	for _, code := range []string{ingest.CodeMissingGoal, ingest.CodeMissingNumber, ingest.CodeBadNumber, ingest.CodeSheetUnusable} {
		if !leftOutCodes[code] {
			t.Errorf("ingest's %q is not among leftOutCodes", code)
		}
	}
}
