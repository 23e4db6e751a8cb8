package main

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"planreport/internal/fserr"
	"planreport/pipeline"
	"planreport/pipeline/config"
	"planreport/pipeline/feedback"
	"planreport/pipeline/model"
	"planreport/pipeline/outputs"
)

// checkAnnotateDir refuses a -annotate folder that would put copies among
// the workbooks: the configured input folder or a folder inside it, or a
// folder that is (or contains) the folder of a file checked. Nothing is
// ever written into an input folder.
func checkAnnotateDir(dir string, paths []string, cfg *config.Config) error {
	target, err := resolved(dir)
	if err != nil {
		return withStatus(model.ExitFailed, fserr.Wrap(err, "validate: -annotate のフォルダ「%s」を作れません", dir))
	}
	if cfg.Input != "" {
		if in, err := resolved(cfg.Input); err == nil && within(target, in) {
			return usageErrorf("validate: -annotate %s は入力フォルダ %s の中です。入力フォルダには書き込みません。別のフォルダを指定してください", dir, cfg.Input)
		}
	}
	for _, p := range paths {
		folder := p
		if info, err := os.Stat(p); err == nil && !info.IsDir() {
			folder = filepath.Dir(p)
		}
		f, err := resolved(folder)
		if err == nil && (within(f, target) || within(target, f)) {
			return usageErrorf("validate: -annotate %s は検証するファイルのフォルダ %s と同じか、その中か、それを含みます。元のブックの横や中には書き込みません。別のフォルダを指定してください", dir, folder)
		}
	}
	return nil
}

// resolved is path made absolute with its links resolved, as far as it
// exists (a folder to be created is resolved through its parent).
func resolved(path string) (string, error) {
	abs, err := filepath.Abs(path)
	if err != nil {
		return "", err
	}
	rest := ""
	for {
		real, err := filepath.EvalSymlinks(abs)
		if err == nil {
			return filepath.Join(real, rest), nil
		}
		if !errors.Is(err, fs.ErrNotExist) {
			return "", err
		}
		parent := filepath.Dir(abs)
		if parent == abs {
			return filepath.Join(abs, rest), nil
		}
		rest = filepath.Join(filepath.Base(abs), rest)
		abs = parent
	}
}

// within reports whether path is root or inside it.
func within(path, root string) bool {
	rel, err := filepath.Rel(root, path)
	return err == nil && (rel == "." || filepath.IsLocal(rel))
}

// inputPaths maps each file name validate reports to the path it was read
// from, as ingest.ReadPaths lists them (folders not recursively). Names
// are unique: validate refuses two workbooks of one name (sameName).
func inputPaths(paths []string) map[string]string {
	out := map[string]string{}
	for _, p := range paths {
		info, err := os.Lstat(p)
		if err != nil || !info.IsDir() {
			out[filepath.Base(p)] = p
			continue
		}
		entries, err := os.ReadDir(p)
		if err != nil {
			continue
		}
		for _, e := range entries {
			out[e.Name()] = filepath.Join(p, e.Name())
		}
	}
	return out
}

// writeAnnotated writes the annotated copy of every accepted workbook of b
// with a finding into dir (created if missing), as `run` writes them into
// output/feedback/, and says so on w. It writes nothing else.
func writeAnnotated(e *env, dir string, paths []string, b *model.Batch, cfg *config.Config) error {
	targets := feedback.Targets(b)
	if len(targets) == 0 {
		fmt.Fprintln(e.stderr, "赤入れ版: 指摘のあるブックはないため、書き出しませんでした。")
		return nil
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return withStatus(model.ExitFailed, fserr.Wrap(err, "validate: -annotate のフォルダ「%s」を作れません", dir))
	}
	lim := cfg.Limits.Resolved()
	opt := feedback.Options{ReportDate: b.ReportDate, UnzippedBytes: lim.UnzippedBytes}
	from := inputPaths(paths)
	var errs []error
	for _, tg := range targets {
		orig, err := pipeline.ReadInput(from[tg.Name], tg.SHA256, lim.FileBytes)
		if err != nil {
			errs = append(errs, fmt.Errorf("%s: %w", tg.Name, err)) // ReadInput says it in Japanese
			continue
		}
		data, err := feedback.Annotate(orig, tg.Findings, opt)
		if err == nil {
			name := strings.TrimPrefix(pipeline.FeedbackName(tg.Name), pipeline.FeedbackDir+"/")
			out := filepath.Join(dir, name)
			if err = outputs.WriteFileAtomic(out, data, 0o644); err == nil {
				fmt.Fprintf(e.stderr, "赤入れ版: %s\n", out)
				continue
			}
			err = fsReason(err, "「%s」を書けません", out)
		}
		errs = append(errs, fmt.Errorf("%s: %w", tg.Name, err))
	}
	if err := errors.Join(errs...); err != nil {
		return withStatus(model.ExitFailed, fmt.Errorf("validate: 赤入れ版を作れませんでした: %w", err))
	}
	return nil
}

// fsReason says a file-system failure in Japanese about path (the name
// the user knows, not a temporary file's); other errors are kept.
func fsReason(err error, format, path string) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return fserr.Wrap(err, format, path)
	}
	return err
}
