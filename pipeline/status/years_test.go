package status_test

import (
	"testing"

	"planreport/pipeline/model"
	"planreport/pipeline/status"
)

func TestBlankYears(t *testing.T) {
	blank := func(year int) status.Blank { return status.Blank{Year: model.FiscalYear{Year: year}} }
	for _, tt := range []struct {
		blanks []status.Blank
		want   string
	}{
		{nil, ""},
		{[]status.Blank{blank(2020), blank(2020), blank(2020)}, "令和2年度"},
		{[]status.Blank{blank(2025), blank(2020), blank(2025)}, "令和2年度・令和7年度"},
	} {
		if got := status.BlankYears(tt.blanks); got != tt.want {
			t.Errorf("BlankYears(%v) = %q, want %q", tt.blanks, got, tt.want)
		}
	}
}
