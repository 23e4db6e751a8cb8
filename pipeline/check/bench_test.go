package check

import (
	"fmt"
	"strings"
	"testing"

	"planreport/pipeline/model"
)

// benchBatch is 1,000 sheets whose backgrounds all share the seed's first
// sentence and last clause but differ in the middle by more than the
// near-duplicate allowance: the costly case for the copied-text check
// (every pair is a candidate, none merges). Every tenth sheet also repeats
// the same overview, and an index lists every initiative.
func benchBatch() *model.Batch {
	b := &model.Batch{}
	ix := model.GoalIndex{GoalNumber: 1, Source: model.Source{File: "index.xlsx", Sheet: "一覧"}}
	for i := 0; i < 1000; i++ {
		in := sheetOf(fmt.Sprintf("f%03d.xlsx", i/10), fmt.Sprintf("取組%d", i), 1+i/200, i+1, fmt.Sprintf("取組項目%d", i), "総務部")
		middle := strings.Repeat(string(rune('ア'+i%80))+string(rune('一'+i/80)), 12)
		in.Background = text(background[:60]+middle+background[len(background)-60:], in.Source.At("B27"))
		if i%10 == 0 {
			in.Overview = text(background, in.Source.At("B4"))
		}
		if i < 200 {
			ix.Entries = append(ix.Entries, model.IndexEntry{Number: i + 1, Title: in.Title, Department: "総務部"})
		}
		b.Initiatives = append(b.Initiatives, in)
	}
	b.Indexes = []model.GoalIndex{ix}
	return b
}

func BenchmarkRun(b *testing.B) {
	batch := benchBatch()
	ins := batch.Initiatives
	for b.Loop() {
		// Run only appends findings and filters the slice; reset both.
		batch.Findings, batch.Initiatives = batch.Findings[:0], ins
		run(batch)
	}
}
