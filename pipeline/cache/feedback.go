package cache

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"

	"planreport/pipeline/model"
)

// feedbackDir holds the annotated copies (赤入れ版) of the last committed
// set, one file per copy named by its key:
//
//	output/.cache/feedback/<key>.bin   the copy's bytes, sealed with their
//	                                   checksum; key = sha256 of the
//	                                   workbook's content hash, its findings
//	                                   and the report date (and Salt)
//
// It is apart from the ingest entries and the department index, so that
// it depends on nothing but sealed/open.
const feedbackDir = "feedback"

// Copies is the cache of the annotated copies for one run. Take it once
// per run (Store.Copies), look copies up and add them from any goroutine,
// and Save it after the commit.
type Copies struct {
	store *Store
	dir   string

	mu            sync.Mutex
	used          map[string]bool // entry file names this run used or wrote
	reused, built int
}

// Copies returns the cache of annotated copies of the store's output folder.
func (s *Store) Copies() *Copies {
	return &Copies{store: s, dir: filepath.Join(s.root, feedbackDir), used: map[string]bool{}}
}

// Key is the cache key of the copy of a workbook with content hash
// sha256Hex, annotated with its findings for the report date.
func (c *Copies) Key(sha256Hex string, findings []model.Finding, reportDate string) (string, error) {
	data, err := marshal(findings)
	if err != nil {
		return "", fmt.Errorf("キャッシュの鍵を作れません: %w", err)
	}
	sum := sha256.Sum256(data)
	return c.store.key("feedback-copy", sha256Hex, reportDate, hex.EncodeToString(sum[:])), nil
}

// Reuse returns the copy cached under key, checked against its checksum,
// or nil.
func (c *Copies) Reuse(key string) []byte {
	name := key + ingestExt
	data, ok := c.store.readEntry(filepath.Join(c.dir, name))
	if !ok {
		return nil
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.used[name] = true
	c.reused++
	return data
}

// Record stores the copy made under key. It is written at once (entries
// are keyed by content, so one that a failed run leaves is only unused,
// and pruned by the next Save); a copy that cannot be cached is only made
// again next time.
func (c *Copies) Record(key string, data []byte) {
	name := key + ingestExt
	c.mu.Lock()
	c.used[name] = true
	c.built++
	c.mu.Unlock()
	err := os.MkdirAll(c.dir, 0o755)
	if err == nil {
		err = writeFile(filepath.Join(c.dir, name), sealed(data))
	}
	if err != nil {
		c.store.log.Warn("赤入れ版をキャッシュできませんでした（次回は作り直します）", "err", err)
	}
}

// Stats returns how many copies were reused and made.
func (c *Copies) Stats() (reused, built int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.reused, c.built
}

// Save removes the copies this run did not use. Call it only after a
// successful commit: the entries left are those of the committed set.
func (c *Copies) Save() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	entries, err := os.ReadDir(c.dir)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("キャッシュフォルダを読めません: %w", err)
	}
	var errs []error
	for _, e := range entries {
		if !c.used[e.Name()] && !strings.HasPrefix(e.Name(), ".tmp-") {
			errs = append(errs, os.RemoveAll(filepath.Join(c.dir, e.Name())))
		}
	}
	return errors.Join(errs...)
}
