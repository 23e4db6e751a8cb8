package layout

import (
	"fmt"
	"slices"
	"strings"
	"testing"
)

// tree renders the structure of d as an indented outline: one line per
// element (Tag, with Scope or Alt), text runs as "> text", artifacts with
// their texts joined. Page breaks are "--- page N".
func tree(d *Document) string {
	var b strings.Builder
	depth := 0
	artifact := 0 // depth inside artifacts
	for i, p := range d.Pages {
		fmt.Fprintf(&b, "--- page %d\n", i+1)
		for _, op := range p.Ops {
			ind := strings.Repeat("  ", depth)
			switch op.Kind {
			case OpBegin:
				if artifact > 0 || op.Tag == TagArtifact {
					artifact++
				}
				if artifact == 1 {
					b.WriteString(ind + "Artifact\n")
				} else if artifact == 0 {
					b.WriteString(strings.Join(slices.DeleteFunc([]string{ind + op.Tag.String(), op.Scope.String(), op.Alt}, func(s string) bool { return s == "" }), " ") + "\n")
				}
				depth++
			case OpEnd:
				depth--
				if artifact > 0 {
					artifact--
				}
			case OpText:
				if op.Text != "" {
					b.WriteString(ind + "> " + op.Text + "\n")
				}
			case OpLink:
				b.WriteString(ind + "link " + op.Dest + "\n")
			}
		}
	}
	if depth != 0 {
		fmt.Fprintf(&b, "unbalanced: depth %d at the end\n", depth)
	}
	return b.String()
}

func TestStructure(t *testing.T) {
	f := smallFlow()
	f.Heading("見出し", TextStyle{Font: Font{Size: 10}, Level: 2}, 0)
	f.Paragraph("本文です。\n二行目。\n・項目一\n・項目二", TextStyle{Font: Font{Size: 10}})
	f.Bullet("項目三", TextStyle{Font: Font{Size: 10}})
	f.Bullet("項目四", TextStyle{Font: Font{Size: 10}})
	f.Figure(30, "図の説明", func(c *Canvas) { c.Text(0, 10, "図", Font{Size: 8}, Black, AlignLeft) })
	tb := sampleTable([][]Cell{{{Text: "1"}, {Text: "・甲\n・乙", Link: "x"}}})
	tb.RowHeaders = 1
	for range 8 {
		tb.Rows = append(tb.Rows, []Cell{{Text: "2"}, {Text: "あ"}})
	}
	f.Table(tb)
	d := f.Finish(Info{})
	// Page 2's footer is an artifact among the ops of the table that goes
	// on to page 3: renderers skip artifacts whole, wherever they are.
	want := `--- page 1
H2
  > 見出し
P
  > 本文です。
  > 二行目。
L
  LI
    Artifact
      > •
    > 項目一
  LI
    Artifact
      > •
    > 項目二
  LI
    Artifact
      > •
    > 項目三
  LI
    Artifact
      > •
    > 項目四
Figure 図の説明
  > 図
Artifact
  > - 1 / 3 -
--- page 2
Table
  TR
    TH Column
      > 番号
    TH Column
      > 内容
  TR
    TH Row
      > 1
    TD
      Link
        L
          LI
            Artifact
              > •
            > 甲
          LI
            Artifact
              > •
            > 乙
        link x
  TR
    TH Row
      > 2
    TD
      > あ
  TR
    TH Row
      > 2
    TD
      > あ
  TR
    TH Row
      > 2
    TD
      > あ
  TR
    TH Row
      > 2
    TD
      > あ
  TR
    TH Row
      > 2
    TD
      > あ
  Artifact
    > - 2 / 3 -
--- page 3
  Artifact
    > 番号
    > 内容
  TR
    TH Row
      > 2
    TD
      > あ
  TR
    TH Row
      > 2
    TD
      > あ
  TR
    TH Row
      > 2
    TD
      > あ
Artifact
  > - 3 / 3 -
`
	if got := tree(d); got != want {
		t.Errorf("structure:\n%s\nwant:\n%s", got, want)
	}
}
