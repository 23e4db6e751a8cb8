package rate

import (
	"strconv"
	"testing"

	"planreport/pipeline/model"
)

// benchBatch builds 1,000 initiatives × 3 indicators × 6 years, with stated
// rates that sometimes match and sometimes do not, so that Run exercises
// rates, grades, stated-rate findings and roll-ups.
func benchBatch() *model.Batch {
	b := &model.Batch{ReportDate: "2018-11-23"}
	depts := []string{"復興政策部", "総務部", "総務部・財務部", "財務部", "生活環境部", "建設部"}
	for i := 0; i < 1000; i++ {
		in := &model.Initiative{
			Source:     model.Source{File: "f" + strconv.Itoa(i/10) + ".xlsx", Sheet: "取組" + strconv.Itoa(i)},
			Department: depts[i%len(depts)], GoalNumber: 1 + i%7, Number: i + 1, Title: "取組",
		}
		for k := 0; k < 3; k++ {
			ind := model.Indicator{Name: "指標" + strconv.Itoa(k)}
			for y := 0; y < 6; y++ {
				target := num(strconv.Itoa(100 + i%77 + y))
				actual := num(strconv.Itoa(50 + (i*7+k*13+y*3)%120))
				if y >= 3 {
					actual = none
				}
				ind.Years = append(ind.Years, model.IndicatorYear{
					Year:   model.FiscalYear{Year: 2015 + y},
					Target: target, Actual: actual,
					StatedRate: num(strconv.Itoa(40+(i+y)%80) + ".5"),
				})
			}
			in.Indicators = append(in.Indicators, ind)
		}
		b.Initiatives = append(b.Initiatives, in)
	}
	return b
}

func BenchmarkRun(b *testing.B) {
	batch := benchBatch()
	cfg := defaultConfig()
	for b.Loop() {
		batch.Findings = batch.Findings[:0]
		Run(batch, OptionsOf(cfg))
	}
}
