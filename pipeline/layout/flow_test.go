package layout

import (
	"encoding/json"
	"fmt"
	"slices"
	"testing"
)

// Pages share chunks of operations; the furniture Finish appends to one
// page must not land on the next page's operations, and a page longer than
// a chunk must keep all of its own.
func TestPagesKeepTheirOperations(t *testing.T) {
	f := NewFlow(NewMeasurer(&fakeMetrics{}), PageSetup{Header: "見出し"})
	font := Font{Size: 10}
	texts := []int{3, 1, opsChunk + 100, 0, 7, minPageRoom, 2}
	for i := range 40 {
		n := texts[i%len(texts)]
		f.Block(f.ContentHeight(), func(c *Canvas) {
			for j := range n {
				c.Text(0, 0, fmt.Sprintf("%d-%d", i, j), font, RGB{}, AlignLeft)
			}
		})
	}
	doc := f.Finish(Info{})
	if len(doc.Pages) != 40 {
		t.Fatalf("%d pages, want 40", len(doc.Pages))
	}
	for i, p := range doc.Pages {
		n := texts[i%len(texts)]
		var own []string
		for _, op := range p.Ops {
			if op.Kind == OpText {
				own = append(own, op.Text)
			}
		}
		// n texts of the page, then the header and the footer.
		if len(own) != n+2 {
			t.Fatalf("page %d: %d texts, want %d", i+1, len(own), n+2)
		}
		for j := range n {
			if want := fmt.Sprintf("%d-%d", i, j); own[j] != want {
				t.Fatalf("page %d text %d = %q, want %q", i+1, j, own[j], want)
			}
		}
		if want := fmt.Sprintf("- %d / 40 -", i+1); own[n+1] != want {
			t.Errorf("page %d footer %q, want %q", i+1, own[n+1], want)
		}
		if last := p.Ops[len(p.Ops)-1]; last.Kind != OpEnd {
			t.Errorf("page %d ends with op kind %v, want the artifact's end", i+1, last.Kind)
		}
	}
}

// An Op's kind, tag and scope are numbers in memory and names in JSON.
func TestOpNamesRoundTrip(t *testing.T) {
	ops := []Op{
		{Kind: OpBegin, Tag: TagTH, Scope: ScopeRow},
		{Kind: OpOutline, Text: "総括", Level: 2},
		{Kind: OpEnd},
	}
	data, err := json.Marshal(ops)
	if err != nil {
		t.Fatal(err)
	}
	want := `[{"k":"begin","tag":"TH","scope":"Row"},{"k":"outline","level":2,"text":"総括"},{"k":"end"}]`
	if string(data) != want {
		t.Fatalf("JSON\n%s\nwant\n%s", data, want)
	}
	var back []Op
	if err := json.Unmarshal(data, &back); err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(back, ops) {
		t.Errorf("read back %+v, want %+v", back, ops)
	}
	if err := json.Unmarshal([]byte(`[{"k":"circle"}]`), &back); err == nil {
		t.Error("an unknown kind was read without an error")
	}
	if _, err := json.Marshal(Op{Kind: OpKind(200)}); err == nil {
		t.Error("a kind without a name was written without an error")
	}
}
