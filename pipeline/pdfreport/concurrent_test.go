package pdfreport

import (
	"bytes"
	"context"
	"encoding/json"
	"sync"
	"testing"
)

// TestConcurrentWrite renders the consolidated report and every
// department's report at the same time from one batch and compares each
// with the same report rendered alone: concurrent Writes share the parsed
// fonts and the batch, and neither may leak from one document into another
// (a shared glyph subset would change the embedded font of the others).
// Run with -race to check the sharing itself.
func TestConcurrentWrite(t *testing.T) {
	b := seedBatch()
	before, err := json.Marshal(b)
	if err != nil {
		t.Fatal(err)
	}
	opts := []Options{{Issuer: "企画部 企画政策課"}}
	for _, d := range Departments(b) {
		opts = append(opts, Options{Department: d})
	}
	if len(opts) != 6 {
		t.Fatalf("%d reports, want 6 (the whole and five departments)", len(opts))
	}
	want := make([][]byte, len(opts))
	for i, o := range opts {
		var buf bytes.Buffer
		if err := Write(context.Background(), &buf, b, o); err != nil {
			t.Fatalf("%s: %v", o.Department, err)
		}
		want[i] = buf.Bytes()
	}
	got := make([][]byte, len(opts))
	errs := make([]error, len(opts))
	var wg sync.WaitGroup
	for i, o := range opts {
		wg.Go(func() {
			var buf bytes.Buffer
			errs[i] = Write(context.Background(), &buf, b, o)
			got[i] = buf.Bytes()
		})
	}
	wg.Wait()
	for i, o := range opts {
		if errs[i] != nil {
			t.Errorf("%q: %v", o.Department, errs[i])
			continue
		}
		if !bytes.Equal(got[i], want[i]) {
			t.Errorf("%q: concurrent rendering differs from the sequential one (%d vs %d bytes)", o.Department, len(got[i]), len(want[i]))
		}
	}
	after, err := json.Marshal(b)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(before, after) {
		t.Error("Write changed the batch")
	}
}
