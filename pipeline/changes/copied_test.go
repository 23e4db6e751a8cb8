package changes

import (
	"fmt"
	"testing"

	"planreport/pipeline/check"
	"planreport/pipeline/model"
)

// copiedBackground is a (4) 現状・背景 text long enough for check's
// copied-text warning.
const copiedBackground = "東日本大震災による甚大な被害により、コミュニティの再生・再構築を必要としている市街地（白地地区）がある。地域自治システムの構築を目指す。"

// copiedBatch is a checked snapshot of initiatives 5-1…5-n, where[i]
// naming the workbook and tab position of 5-(i+1) ("総務部.xlsx"); every
// sheet has the same background text, so check warns once per workbook.
func copiedBatch(date string, where []string, order []int) *Snapshot {
	b := &model.Batch{ReportDate: date}
	ix := model.GoalIndex{GoalNumber: 5, Source: model.Source{File: "取組一覧.xlsx", Sheet: "基本目標5"}}
	for _, i := range order {
		n := i + 1
		src := model.Source{File: where[i], Sheet: fmt.Sprintf("取組%d", n), Cell: "A3"}
		in := &model.Initiative{Source: src, Department: "総務部", GoalNumber: 5, GoalName: "市民と協働", Number: n, Title: fmt.Sprintf("取組%d", n),
			Background: model.RichText{Blocks: []model.Block{{Text: copiedBackground}}, Source: src.At("B22")}}
		b.Initiatives = append(b.Initiatives, in)
		ix.Entries = append(ix.Entries, model.IndexEntry{Number: n})
	}
	b.Indexes = []model.GoalIndex{ix}
	check.Run(b)
	return Take(b)
}

// Trial: moving a sheet to another workbook moved the anchor of the
// copied-text warning (one per workbook, at its first sheet of the group)
// and read as one 指摘の解消 and one 新たな指摘, though the same sheets still
// share the same text. The warning is now compared by workbook and text
// block, following its sheet only when its workbook has no such warning
// any more.
func TestCopiedTextWarningFollowsWorkbooks(t *testing.T) {
	x, y, z := "総務部.xlsx", "財務部.xlsx", "企画部.xlsx"
	natural := []int{0, 1, 2, 3}
	for _, c := range []struct {
		name               string
		before, after      []string
		afterOrder         []int // the order of the sheets (tabs) after
		wantFixed, wantNew int
	}{
		// X's anchor 5-1 goes to Y, after Y's 5-4: X's warning moves to 5-2.
		{"anchor to a workbook with one", []string{x, x, x, y}, []string{y, x, x, y}, []int{1, 2, 3, 0}, 0, 0},
		// X's 5-2 goes to Y, before Y's 5-4: Y's warning moves to 5-2.
		{"other sheet before the anchor", []string{x, x, x, y}, []string{x, y, x, y}, natural, 0, 0},
		// Y's only sheet goes to a new workbook: the warning goes with it.
		{"lone sheet to a new workbook", []string{x, x, x, y}, []string{x, x, x, z}, natural, 0, 0},
		// Y's only sheet joins X: one warning fewer.
		{"lone sheet joins another", []string{x, x, x, y}, []string{x, x, x, x}, natural, 1, 0},
		// One of X's sheets goes to a new workbook: that workbook is warned.
		{"sheet to a new workbook", []string{x, x, x, y}, []string{x, z, x, y}, natural, 0, 1},
	} {
		prev := copiedBatch("2026-06-01", c.before, natural)
		cur := copiedBatch("2026-07-01", c.after, c.afterOrder)
		got := Compare(prev, cur)
		if f, n := got.Count(model.ChangeFindingFixed), got.Count(model.ChangeFindingNew); f != c.wantFixed || n != c.wantNew {
			t.Errorf("%s: %d fixed, %d new, want %d, %d: %+v", c.name, f, n, c.wantFixed, c.wantNew, got.Items)
		}
	}
}
