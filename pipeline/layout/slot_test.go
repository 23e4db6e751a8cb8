package layout

import "testing"

// TestSlotFilledLater reserves a right-aligned page number, lays out two
// more pages and fills it from where the anchor landed: the one-pass table
// of contents.
func TestSlotFilledLater(t *testing.T) {
	f := smallFlow() // 200 × 200 pt, margins 20: content x 20..180
	var slot Slot
	f.Block(20, func(c *Canvas) {
		c.Text(0, 15, "総括", ten, Black, AlignLeft)
		slot = c.Slot(c.W, 15, ten, Black, AlignRight)
	})
	f.NewPage()
	f.NewPage()
	f.Anchor("summary")
	pages := f.Anchors()
	if pages["summary"] != 3 {
		t.Fatalf("anchor on page %d, want 3", pages["summary"])
	}
	f.Fill(slot, "12")
	d := f.Finish(Info{})
	var got *Op
	for i, op := range d.Pages[0].Ops {
		if op.Kind == OpText && op.Text == "12" {
			got = &d.Pages[0].Ops[i]
		}
	}
	if got == nil {
		t.Fatal("filled slot not on page 1")
	}
	// Right end at 180 (20 + 160); "12" is two half-width digits of 5 pt:
	// x = 180 − 10 = 170; baseline 20 + 15 = 35.
	if got.X != 170 || got.Y != 35 {
		t.Errorf("slot at %g,%g, want 170,35", got.X, got.Y)
	}
}

// TestTextHeight: 10 pt, line height 16; 160 pt hold 16 kanji per line, so
// 20 kanji take two lines = 32 pt, and a bullet's hanging indent keeps the
// count by the narrower width (15 per line: 16 kanji → 2 lines).
func TestTextHeight(t *testing.T) {
	f := smallFlow()
	st := TextStyle{Font: ten}
	cases := map[string]float64{
		"あいうえおかきくけこ":           16,
		"あいうえおかきくけこさしすせそたちつてと": 32,
		"・あいうえおかきくけこさしすせそた":    32,
		"あいうえお\nかきくけこ":         32,
	}
	for text, want := range cases {
		if got := f.TextHeight(text, st); got != want {
			t.Errorf("TextHeight(%q) = %g, want %g", text, got, want)
		}
	}
}

// TestTableHeight: header 1 line (20 pt), rows of 1 and 2 lines (20, 34):
// 14 pt per line plus 6 pt padding, worked out by hand.
func TestTableHeight(t *testing.T) {
	f := smallFlow()
	tb := sampleTable([][]Cell{{{Text: "1"}, {Text: "あ"}}, {{Text: "2"}, {Text: "あいうえおかきくけこさし"}}})
	if got := f.TableHeight(tb); got != 74 {
		t.Errorf("TableHeight = %g, want 74", got)
	}
}
