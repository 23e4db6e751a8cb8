package status

import (
	"slices"
	"strings"

	"planreport/pipeline/model"
)

// BlankYears names the fiscal years the blanks are owed for, oldest first,
// each once: 令和7年度, or 令和2年度・令和7年度 when a sheet whose plan ended
// earlier owes its last year (dueYear). A count of blanks must name these,
// not the evaluation year, which such a sheet has no column for. "" for no
// blanks.
func BlankYears(blanks []Blank) string {
	var years []int
	for _, bl := range blanks {
		if !slices.Contains(years, bl.Year.Year) {
			years = append(years, bl.Year.Year)
		}
	}
	slices.Sort(years)
	names := make([]string, len(years))
	for i, y := range years {
		names[i] = model.Wareki(y)
	}
	return strings.Join(names, "・")
}
