package pdfreport

import (
	"strings"
	"testing"

	"planreport/pipeline/config"
)

// 総括 says what the grades mean, from the bands configured (README: grade
// bands are a key of planreport.yaml), not from the built-in ones.
func TestGradeBandsExplained(t *testing.T) {
	summaryPage := func(opt Options, name string) string {
		t.Helper()
		_, path := render(t, seedBatch(), opt, name)
		// Cover, contents, then 総括 on page 3.
		return squash(tool(t, "pdftotext", "-layout", "-f", "3", "-l", "3", path, "-"))
	}
	const qualitative = "とし、実施・未実施で評価する指標は「達成」または「未達成」とします。"
	custom := []config.GradeBand{{Grade: "A", Min: "120"}, {Grade: "B", Min: "90"}, {Grade: "C", Min: "60.5"}, {Grade: "D", Min: "0"}}
	for _, c := range []struct {
		name      string
		grades    []config.GradeBand
		want, not string
	}{
		{"custom", custom, "判定は、達成率120%以上をA、90%以上120%未満をB、60.5%以上90%未満をC、60.5%未満をD" + qualitative, "100%以上をA"},
		{"default", nil, "判定は、達成率100%以上をA、80%以上100%未満をB、50%以上80%未満をC、50%未満をD" + qualitative, "120%"},
	} {
		text := summaryPage(Options{Grades: c.grades}, c.name+".pdf")
		if !strings.Contains(text, "総括") || !strings.Contains(text, squash(c.want)) {
			t.Errorf("%s: 総括 lacks %q:\n%s", c.name, c.want, text)
		}
		if strings.Contains(text, c.not) {
			t.Errorf("%s: 総括 has %q", c.name, c.not)
		}
		// Under the heading, before the table, where the grades first
		// appear.
		h, i, j := strings.Index(text, "総括"), strings.Index(text, squash(c.want)), strings.Index(text, "担当部・年度別の評価状況")
		if !(h < i && i < j) {
			t.Errorf("%s: the bands are not said between 総括 and its table (%d, %d, %d)", c.name, h, i, j)
		}
	}
}
