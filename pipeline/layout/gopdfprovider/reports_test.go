package gopdfprovider_test

import (
	"bytes"
	"context"
	"path/filepath"
	"testing"

	"planreport/fonts"
	"planreport/pipeline"
	"planreport/pipeline/config"
	"planreport/pipeline/ingest"
	"planreport/pipeline/layout"
	"planreport/pipeline/layout/gopdfprovider"
	"planreport/pipeline/model"
	"planreport/pipeline/pdfreport"
	"planreport/templates"
)

// TestReportsMatchGopdf renders real reports, the sample's and a synthetic
// set's, each whole and per department, with contentWriter and with gopdf
// drawing every operation itself, and requires the same bytes.
func TestReportsMatchGopdf(t *testing.T) {
	p, err := gopdfprovider.New(fonts.Regular, fonts.Bold)
	if err != nil {
		t.Fatal(err)
	}
	synthetic := t.TempDir()
	for _, wb := range templates.Synthetic(60, 5) {
		if err := templates.Save(synthetic, wb); err != nil {
			t.Fatal(err)
		}
	}
	for _, dir := range []string{filepath.Join("..", "..", "..", "input"), synthetic} {
		b := analyzed(t, dir)
		opts := []pdfreport.Options{{}, {SectionsLimit: 10}}
		for _, dept := range pdfreport.Departments(b) {
			opts = append(opts, pdfreport.Options{Department: dept})
		}
		for _, opt := range opts {
			name := dir + " " + opt.Department
			var want, got bytes.Buffer
			if err := gopdfprovider.RenderWithGopdf(p, context.Background(), build(t, b, opt), &want); err != nil {
				t.Fatalf("%s: gopdf: %v", name, err)
			}
			if err := p.RenderRelease(context.Background(), build(t, b, opt), &got); err != nil {
				t.Fatalf("%s: %v", name, err)
			}
			if !bytes.Equal(want.Bytes(), got.Bytes()) {
				t.Errorf("%s: %d bytes, gopdf wrote %d", name, got.Len(), want.Len())
			}
		}
	}
}

func analyzed(t *testing.T, dir string) *model.Batch {
	t.Helper()
	cfg := config.Default()
	b, err := ingest.Read(context.Background(), dir, ingest.Options{Limits: cfg.Limits})
	if err != nil {
		t.Fatal(err)
	}
	b.ReportDate = "2026-11-29"
	if err := pipeline.Analyze(b, &cfg, nil); err != nil {
		t.Fatal(err)
	}
	return b
}

func build(t *testing.T, b *model.Batch, opt pdfreport.Options) *layout.Document {
	t.Helper()
	d, err := pdfreport.Build(context.Background(), b, opt)
	if err != nil {
		t.Fatal(err)
	}
	return d
}
