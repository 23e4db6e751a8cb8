package pdfreport

import (
	"context"
	"strings"
	"testing"

	"planreport/pipeline/layout"
)

// TestLayoutStructure checks the structure the report's layout carries
// (what both the tagged PDF and the HTML edition are made from): elements
// balanced, every text run inside an element or an artifact, headings
// never skipping a level, tables of TR with TH or TD, figures with alt.
func TestLayoutStructure(t *testing.T) {
	for _, opt := range []Options{{}, {Department: "総務部"}} {
		doc, err := Build(context.Background(), seedBatch(), opt)
		if err != nil {
			t.Fatal(err)
		}
		var open []layout.Tag
		level, figures, tables := 0, 0, 0
		for pi, p := range doc.Pages {
			for _, op := range p.Ops {
				switch op.Kind {
				case layout.OpBegin:
					if n := headingLevel(op.Tag); n > 0 {
						if n > level+1 {
							t.Errorf("%s page %d: %s after H%d", opt.Department, pi+1, op.Tag, level)
						}
						level = n
					}
					if op.Tag == layout.TagFigure {
						figures++
						if !strings.Contains(op.Alt, "グラフ") || !strings.ContainsAny(op.Alt, "0123456789") {
							t.Errorf("figure without a description: %q", op.Alt)
						}
					}
					if op.Tag == layout.TagTable {
						tables++
					}
					if op.Tag == layout.TagTR && (len(open) == 0 || open[len(open)-1] != layout.TagTable) {
						t.Errorf("page %d: TR in %v", pi+1, open)
					}
					if (op.Tag == layout.TagTD || op.Tag == layout.TagTH) && open[len(open)-1] != layout.TagTR {
						t.Errorf("page %d: %s in %v", pi+1, op.Tag, open)
					}
					if op.Tag == layout.TagTH && op.Scope == 0 {
						t.Errorf("page %d: TH without scope", pi+1)
					}
					open = append(open, op.Tag)
				case layout.OpEnd:
					if len(open) == 0 {
						t.Fatalf("page %d: end without begin", pi+1)
					}
					open = open[:len(open)-1]
				case layout.OpText:
					if op.Text != "" && len(open) == 0 {
						t.Errorf("page %d: text %q outside any element", pi+1, op.Text)
					}
				}
			}
		}
		if len(open) != 0 {
			t.Errorf("%v left open", open)
		}
		if figures < 3 || tables < 5 {
			t.Errorf("%d figures, %d tables", figures, tables)
		}
	}
}

func headingLevel(tag layout.Tag) int {
	switch tag {
	case layout.TagH1:
		return 1
	case layout.TagH2:
		return 2
	case layout.TagH3:
		return 3
	}
	return 0
}
