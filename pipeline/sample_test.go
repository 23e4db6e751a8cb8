package pipeline

import (
	"os"
	"path/filepath"
	"testing"

	"planreport/pipeline/config"
)

// SampleConfig is the default configuration run on a copy of input/*.xlsx
// in a fresh folder, report date 2026-11-23. Exported for the external
// tests (package pipeline_test) as well.
func SampleConfig(t *testing.T) config.Config {
	t.Helper()
	dir := t.TempDir()
	in := filepath.Join(dir, "input")
	os.MkdirAll(in, 0o755)
	files, _ := filepath.Glob("../input/*.xlsx")
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		os.WriteFile(filepath.Join(in, filepath.Base(f)), data, 0o644)
	}
	cfg := config.Default()
	cfg.Input, cfg.Output, cfg.Date = in, filepath.Join(dir, "output"), "2026-11-23"
	return cfg
}
