// Command samplegen rebuilds the sample input workbooks from input/seed.json,
// the hand transcription of the seed dump (see input/README.md for every
// judgement made while transcribing).
//
//	go run ./input/samplegen            # writes input/*.xlsx (make sample)
//	go run ./input/samplegen -out DIR   # somewhere else
//
// The output is deterministic: the same seed.json gives byte-identical files.
package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"

	"planreport/templates"
)

// seedFile is the layout of input/seed.json.
type seedFile struct {
	Comment   string               `json:"comment"`
	Workbooks []templates.Workbook `json:"workbooks"`
}

func main() {
	log := slog.New(slog.NewTextHandler(os.Stderr, nil))
	if err := run(context.Background(), os.Args[1:], os.Stderr, log); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			os.Exit(0)
		}
		fmt.Fprintln(os.Stderr, "samplegen:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, args []string, stderr io.Writer, log *slog.Logger) error {
	fs := flag.NewFlagSet("samplegen", flag.ContinueOnError)
	fs.SetOutput(stderr)
	seed := fs.String("seed", filepath.Join("input", "seed.json"), "書き写したシードデータ（JSON）")
	out := fs.String("out", "input", "ブックを書き出すフォルダ")
	if err := fs.Parse(args); err != nil {
		return err
	}
	files, err := generate(ctx, *seed, *out)
	for _, f := range files {
		log.Info("ブックを書き出しました", "file", f)
	}
	return err
}

// loadSeed reads and decodes the transcription.
func loadSeed(path string) ([]templates.Workbook, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("シードデータを読めません: %w", err)
	}
	var sf seedFile
	if err := json.Unmarshal(b, &sf); err != nil {
		return nil, fmt.Errorf("「%s」: %w", path, err)
	}
	if len(sf.Workbooks) == 0 {
		return nil, fmt.Errorf("「%s」: ブックが一つもありません", path)
	}
	return sf.Workbooks, nil
}

// generate writes every workbook of the seed into dir and returns the paths
// written, in the seed's order.
func generate(ctx context.Context, seedPath, dir string) ([]string, error) {
	wbs, err := loadSeed(seedPath)
	if err != nil {
		return nil, err
	}
	var written []string
	for _, wb := range wbs {
		if err := ctx.Err(); err != nil {
			return written, err
		}
		if err := templates.Save(dir, wb); err != nil {
			return written, err
		}
		written = append(written, filepath.Join(dir, wb.File))
	}
	return written, nil
}
