package cache

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"sync/atomic"

	"planreport/pipeline/ingest"
	"planreport/pipeline/internal/workers"
	"planreport/pipeline/model"
)

// ingestEntry is one cached ingest result, as encode writes it: a nightly
// run with few changes decodes every other workbook's entry.
type ingestEntry struct {
	Key    string
	Result *model.Batch // Files (one), Initiatives, Indexes, Findings
}

// Ingest reads the input folder dir and returns the batch ingest.Read would
// return, parsing only the files whose content is not in the cache. hashes
// maps file names to the sha256 of their content as the caller just
// computed it (for change detection); a file without a hash is always read.
// Freshly parsed files are added to the cache at once: an entry is valid
// whatever becomes of the run, because its key is the file's content.
//
// Files are parsed in parallel, opt.Workers at a time (0: GOMAXPROCS), each
// with ingest.ReadPaths, and the per-file results are merged in folder
// order and sorted exactly as ingest.Read sorts them.
func (s *Store) Ingest(ctx context.Context, dir string, hashes map[string]string, opt ingest.Options) (*model.Batch, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, fmt.Errorf("入力フォルダ「%s」を読めません: %w", dir, err)
	}
	results := make([]*model.Batch, len(entries))
	var files []int      // inputs to look up or parse, by index
	var folders []int    // sub-folders named like inputs: ReadPaths would open them, ingest.Read does not
	var skipped []string // entries that are not inputs: left out, as ingest.Read leaves them
	for i, e := range entries {
		switch {
		case !ingest.IsInput(e.Name()):
			skipped = append(skipped, e.Name())
		case e.IsDir():
			folders = append(folders, i)
		default:
			files = append(files, i)
		}
	}
	// Said here, once: the per-file reads below are quiet.
	ingest.LogNotInputs(opt.Logger, skipped)

	if len(folders) > 0 {
		if err := readFolders(ctx, dir, entries, folders, results, opt); err != nil {
			return nil, err
		}
	}

	// The per-file reads are quiet below warnings: ingest logs a summary per
	// call, and this function logs the one summary of the folder.
	one := opt
	one.Workers = 1
	one.Logger = slog.New(minLevel{handler(opt.Logger), slog.LevelWarn})
	// Cached results are decoded in the pool too: on a nightly run with
	// few changes, decoding is most of this stage.
	var parsed atomic.Int64
	err = workers.Each(ctx, opt.Workers, len(files), func(ctx context.Context, k int) error {
		i := files[k]
		name := entries[i].Name()
		if sha := hashes[name]; sha != "" {
			if b := s.lookupIngest(name, sha); b != nil {
				results[i] = b
				return nil
			}
		}
		parsed.Add(1)
		b, err := ingest.ReadPaths(ctx, []string{filepath.Join(dir, name)}, one)
		if err != nil {
			return err
		}
		results[i] = b
		s.storeIngest(b)
		return nil
	})
	if err != nil && ctx.Err() != nil && errors.Is(err, ctx.Err()) {
		return nil, fmt.Errorf("読み込みを中断しました: %w", err)
	}
	if err != nil {
		return nil, err
	}
	read := int(parsed.Load())
	s.mu.Lock()
	s.stats.FilesRead += read
	s.stats.FilesReused += len(files) - read
	s.mu.Unlock()
	b := merge(results)
	if opt.Logger != nil {
		errs, warns, infos := b.Counts()
		opt.Logger.Info("ブックを読み込みました", "files", len(b.Files), "parsed", read, "from_cache", len(files)-read,
			"initiatives", len(b.Initiatives), "indexes", len(b.Indexes), "errors", errs, "warnings", warns, "infos", infos)
	}
	return b, nil
}

// readFolders gets ingest.Read's verdict on the sub-folders of the input
// folder without opening them: ingest.Read on a temporary folder holding
// empty folders of the same names gives exactly the entries it would give
// (it never looks inside a folder).
func readFolders(ctx context.Context, dir string, entries []os.DirEntry, folders []int, results []*model.Batch, opt ingest.Options) error {
	tmp, err := os.MkdirTemp("", "planreport-folders-")
	if err != nil {
		return fmt.Errorf("一時フォルダを作れません: %w", err)
	}
	defer os.RemoveAll(tmp)
	for _, i := range folders {
		if err := os.Mkdir(filepath.Join(tmp, entries[i].Name()), 0o755); err != nil {
			return fmt.Errorf("一時フォルダを作れません: %w", err)
		}
	}
	quiet := opt
	quiet.Logger = slog.New(minLevel{handler(opt.Logger), slog.LevelWarn})
	b, err := ingest.Read(ctx, tmp, quiet)
	if err != nil {
		return fmt.Errorf("入力フォルダ「%s」を読めません: %w", dir, err)
	}
	for _, i := range folders {
		one := &model.Batch{}
		name := entries[i].Name()
		for _, f := range b.Files {
			if f.Name == name {
				one.Files = append(one.Files, f)
			}
		}
		for _, f := range b.Findings {
			if f.File == name {
				one.Findings = append(one.Findings, f)
			}
		}
		results[i] = one
	}
	return nil
}

// merge assembles per-file results the way ingest.Read does: files,
// initiatives, indexes and findings in folder order, then the same stable
// sorts. Keep it in step with ingest's run (TestIngestEqualsRead fails
// otherwise).
func merge(results []*model.Batch) *model.Batch {
	b := &model.Batch{}
	for _, r := range results {
		if r == nil {
			continue
		}
		b.Files = append(b.Files, r.Files...)
		b.Initiatives = append(b.Initiatives, r.Initiatives...)
		b.Indexes = append(b.Indexes, r.Indexes...)
		b.Findings = append(b.Findings, r.Findings...)
	}
	model.SortBatch(b)
	return b
}

func (s *Store) ingestPath(name, sha string) (file, key string) {
	key = s.key("ingest", name, sha)
	return filepath.Join(s.root, ingestDir, key+ingestExt), key
}

// lookupIngest returns the cached result of file name with content sha, or
// nil when there is none that can be trusted.
func (s *Store) lookupIngest(name, sha string) *model.Batch {
	path, key := s.ingestPath(name, sha)
	payload, ok := s.readEntry(path)
	if !ok {
		return nil
	}
	var e ingestEntry
	if err := decode(payload, &e); err != nil || e.Key != key || e.Result == nil ||
		len(e.Result.Files) != 1 || e.Result.Files[0].Name != name || e.Result.Files[0].SHA256 != sha {
		s.log.Warn("キャッシュの内容が合わないため作り直します", "file", path)
		return nil
	}
	s.mu.Lock()
	s.usedIngest[filepath.Base(path)] = true
	s.mu.Unlock()
	return e.Result
}

// storeIngest caches a freshly parsed single-file result, keyed by the
// content hash ingest computed from the bytes it parsed (not the caller's
// earlier hash: the file may have changed in between). Files ingest did
// not read (not a workbook, over a limit) have no hash and are not cached:
// deciding about them again costs nothing. A result that cannot be encoded
// (a map or interface, which the model does not have) is not cached either.
func (s *Store) storeIngest(b *model.Batch) {
	if len(b.Files) != 1 || b.Files[0].SHA256 == "" {
		return
	}
	path, key := s.ingestPath(b.Files[0].Name, b.Files[0].SHA256)
	payload, err := encode(ingestEntry{Key: key, Result: b})
	if err != nil {
		s.log.Warn("キャッシュに入れられません", "file", b.Files[0].Name, "err", err)
		return
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		s.log.Warn("キャッシュフォルダを作れません", "err", err)
		return
	}
	if err := writeFile(path, sealed(payload)); err != nil {
		s.log.Warn("キャッシュを書けません", "err", err)
		return
	}
	s.mu.Lock()
	s.usedIngest[filepath.Base(path)] = true
	s.mu.Unlock()
}
