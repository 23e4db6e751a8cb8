package outputs

import (
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"
)

// The test binary doubles as the child process of the crash tests: with
// childEnv set it runs one Commit (paused by the test hook) instead of tests.
const (
	childEnv    = "OUTPUTS_TEST_CHILD"
	childOutEnv = "OUTPUTS_TEST_CHILD_OUT"
)

func TestMain(m *testing.M) {
	switch os.Getenv(childEnv) {
	case "":
		os.Exit(m.Run())
	case "commit":
		if err := childCommit(os.Getenv(childOutEnv)); err != nil {
			fmt.Fprintln(os.Stderr, "child:", err)
			os.Exit(1)
		}
		os.Exit(0)
	case "lock":
		if _, err := Lock(os.Getenv(childOutEnv)); err != nil {
			fmt.Fprintln(os.Stderr, "child:", err)
			os.Exit(1)
		}
		pauser()("lock") // hold the lock until killed
		os.Exit(0)
	}
}

// The sets used by the tests. The old set has a department that the new one
// no longer has; the new one adds one.
var (
	oldSet = map[string]string{
		"report.pdf":           "old report",
		"summary.xlsx":         "old summary",
		"findings.json":        "old findings",
		"departments/総務部.pdf":  "old 総務部",
		"departments/消防本部.pdf": "old 消防本部",
	}
	newSet = map[string]string{
		"report.pdf":            "NEW report, longer than before",
		"summary.xlsx":          "NEW summary",
		"findings.json":         "NEW findings",
		"departments/総務部.pdf":   "NEW 総務部",
		"departments/市民協働部.pdf": "NEW 市民協働部",
	}
	// Files planreport does not own; no Commit, Abort or Recover may touch them.
	foreign = map[string]string{
		"notes.txt":                     "a person's notes",
		"history.jsonl":                 "{\"status\":\"done\"}\n",
		"archive/2025-01-01/report.pdf": "archived",
	}
)

func childCommit(dir string) error {
	l, err := Lock(dir)
	if err != nil {
		return err
	}
	defer l.Unlock()
	if err := Recover(dir); err != nil {
		return err
	}
	st, err := Begin(dir)
	if err != nil {
		return err
	}
	defer st.Abort()
	if err := writeSet(st.Dir(), newSet); err != nil {
		return err
	}
	return st.Commit()
}

func writeSet(dir string, set map[string]string) error {
	for name, text := range set {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			return err
		}
	}
	return nil
}

// commitSet commits set into dir through the public API.
func commitSet(t *testing.T, dir string, set map[string]string) []string {
	t.Helper()
	st, err := Begin(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Abort()
	if err := writeSet(st.Dir(), set); err != nil {
		t.Fatal(err)
	}
	if err := st.Commit(); err != nil {
		t.Fatal(err)
	}
	names, err := st.Names()
	if err != nil {
		t.Fatal(err)
	}
	return names
}

// snapshot maps every file under dir (slash path) to its content, leaving
// out the lock file, whose content is the holder's pid.
func snapshot(t *testing.T, dir string) map[string]string {
	t.Helper()
	snap := map[string]string{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		rel = filepath.ToSlash(rel)
		if d.IsDir() {
			if rel != "." {
				snap[rel+"/"] = "" // folders count too: leftovers must not remain
			}
			return nil
		}
		if rel == lockName {
			return nil
		}
		if d.Type()&fs.ModeSymlink != 0 {
			snap[rel] = "symlink"
			return nil
		}
		b, err := os.ReadFile(p)
		snap[rel] = string(b)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return snap
}

// expected is what a snapshot of an output folder holding set and the
// foreign files must be, worked out from the sets themselves (the manifest's
// text is checked separately; here only its presence).
func expected(set map[string]string) map[string]string {
	want := maps.Clone(foreign)
	maps.Copy(want, set)
	for name := range want {
		for d := filepath.ToSlash(filepath.Dir(name)); d != "."; d = filepath.ToSlash(filepath.Dir(d)) {
			want[d+"/"] = ""
		}
	}
	return want
}

func withoutManifest(snap map[string]string) map[string]string {
	s := maps.Clone(snap)
	delete(s, manifestName)
	return s
}

func diff(got, want map[string]string) string {
	var b strings.Builder
	for _, k := range slices.Sorted(maps.Keys(want)) {
		if g, ok := got[k]; !ok {
			fmt.Fprintf(&b, "  missing %s\n", k)
		} else if g != want[k] {
			fmt.Fprintf(&b, "  %s = %q, want %q\n", k, g, want[k])
		}
	}
	for _, k := range slices.Sorted(maps.Keys(got)) {
		if _, ok := want[k]; !ok {
			fmt.Fprintf(&b, "  unexpected %s\n", k)
		}
	}
	return b.String()
}

// setupOld makes an output folder with the foreign files and the old set
// committed.
func setupOld(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	if err := writeSet(dir, foreign); err != nil {
		t.Fatal(err)
	}
	commitSet(t, dir, oldSet)
	if d := diff(withoutManifest(snapshot(t, dir)), expected(oldSet)); d != "" {
		t.Fatalf("old set not in place:\n%s", d)
	}
	return dir
}

func TestCommitReplacesTheSet(t *testing.T) {
	dir := setupOld(t)
	names := commitSet(t, dir, newSet)

	got := snapshot(t, dir)
	if d := diff(withoutManifest(got), expected(newSet)); d != "" {
		t.Errorf("after Commit:\n%s", d)
	}
	// Names are the new set, sorted, and the manifest lists exactly them.
	want := slices.Sorted(maps.Keys(newSet))
	if !slices.Equal(names, want) {
		t.Errorf("Names() = %q, want %q", names, want)
	}
	owned, err := readManifest(dir)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(owned, slices.Sorted(slices.Values(append(want, manifestName)))) {
		t.Errorf("manifest = %q", owned)
	}

	// A set without departments removes the emptied folder too.
	commitSet(t, dir, map[string]string{"report.pdf": "third"})
	got = withoutManifest(snapshot(t, dir))
	if d := diff(got, expected(map[string]string{"report.pdf": "third"})); d != "" {
		t.Errorf("after the third Commit:\n%s", d)
	}
}

// With no manifest yet, Commit overwrites same-named files but removes
// nothing else.
func TestFirstCommitOwnsNothingElse(t *testing.T) {
	dir := t.TempDir()
	if err := writeSet(dir, map[string]string{"report.pdf": "made by hand", "old.pdf": "keep me"}); err != nil {
		t.Fatal(err)
	}
	commitSet(t, dir, map[string]string{"report.pdf": "generated"})
	got := withoutManifest(snapshot(t, dir))
	want := map[string]string{"report.pdf": "generated", "old.pdf": "keep me"}
	if d := diff(got, want); d != "" {
		t.Errorf("\n%s", d)
	}
}

func TestAbortLeavesTheOldSet(t *testing.T) {
	dir := setupOld(t)
	before := snapshot(t, dir)
	st, err := Begin(dir)
	if err != nil {
		t.Fatal(err)
	}
	if err := writeSet(st.Dir(), newSet); err != nil {
		t.Fatal(err)
	}
	st.Abort()
	st.Abort() // twice is fine
	if d := diff(snapshot(t, dir), before); d != "" {
		t.Errorf("Abort changed the output folder:\n%s", d)
	}
	if err := st.Commit(); err == nil {
		t.Error("Commit after Abort succeeded")
	}
}

// A staged file with a reserved name fails Commit before anything moves.
func TestCommitRejectsReservedNames(t *testing.T) {
	for _, bad := range []string{"history.jsonl", "archive/2025-01-01/x.pdf", ".planreport.lock", ".planreport-manifest.json"} {
		t.Run(bad, func(t *testing.T) {
			dir := setupOld(t)
			before := snapshot(t, dir)
			st, err := Begin(dir)
			if err != nil {
				t.Fatal(err)
			}
			if err := writeSet(st.Dir(), map[string]string{"report.pdf": "x", bad: "y"}); err != nil {
				t.Fatal(err)
			}
			if err := st.Commit(); err == nil {
				t.Fatal("Commit succeeded")
			}
			st.Abort()
			if d := diff(snapshot(t, dir), before); d != "" {
				t.Errorf("failed Commit changed the output folder:\n%s", d)
			}
		})
	}
}

// A failure in the middle of the moves rolls back to the old set. The
// failure is staged with the test hook: while Commit is paused after moving
// the old files aside, a folder appears where a new file must go, so the
// rename of that file fails (for root too, unlike a permission trap).
func TestCommitFailureRollsBack(t *testing.T) {
	dir := setupOld(t)
	before := snapshot(t, dir)
	hook := filepath.Join(t.TempDir(), "continue")
	t.Setenv(PauseEnv, hook)
	t.Setenv(PausePointEnv, PauseBackupDone)
	st, err := Begin(dir)
	if err != nil {
		t.Fatal(err)
	}
	writeSet(st.Dir(), newSet)
	done := make(chan error, 1)
	go func() { done <- st.Commit() }()
	waitForFile(t, hook+".paused", done, &strings.Builder{})
	// The old findings.json is still in place (its backup is a second
	// name of it): a folder takes its place.
	if err := os.Remove(filepath.Join(dir, "findings.json")); err != nil {
		t.Fatal(err)
	}
	if err := os.Mkdir(filepath.Join(dir, "findings.json"), 0o755); err != nil {
		t.Fatal(err)
	}
	os.WriteFile(hook, nil, 0o644)
	if err := <-done; err == nil || !strings.Contains(err.Error(), "前回の出力に戻しました") {
		t.Fatalf("Commit = %v, want a rolled-back failure", err)
	}
	st.Abort()
	if d := diff(snapshot(t, dir), before); d != "" {
		t.Errorf("after the failed Commit:\n%s", d)
	}
}

func TestBeginRefusesPendingJournal(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, journalName), []byte("{}"), 0o644)
	if _, err := Begin(dir); err == nil {
		t.Error("Begin succeeded with a journal pending")
	}
}

func TestRecoverRemovesLeftoversOnly(t *testing.T) {
	dir := setupOld(t)
	before := snapshot(t, dir)
	os.MkdirAll(filepath.Join(dir, stagingPref+"123", "departments"), 0o755)
	os.MkdirAll(filepath.Join(dir, backupPref+"123"), 0o755)
	if err := Recover(dir); err != nil {
		t.Fatal(err)
	}
	if d := diff(snapshot(t, dir), before); d != "" {
		t.Errorf("\n%s", d)
	}
	// A damaged journal: Recover refuses and touches nothing.
	os.WriteFile(filepath.Join(dir, journalName), []byte(`{"version":1,"staging":"../x"`), 0o644)
	before = snapshot(t, dir)
	if err := Recover(dir); err == nil {
		t.Error("Recover accepted a damaged journal")
	}
	if d := diff(snapshot(t, dir), before); d != "" {
		t.Errorf("\n%s", d)
	}
}

// The crash test: a child process commits the new set over the old one and
// is SIGKILLed at each checkpoint of Commit; Recover must then leave exactly
// the old set (killed before the commit point) or exactly the new set
// (after it), never a mix, and no leftovers.
func TestCommitKilledThenRecover(t *testing.T) {
	points := []struct {
		point string
		want  map[string]string
	}{
		{PauseJournal, oldSet},
		{PauseBackupHalf, oldSet},
		{PauseBackupDone, oldSet},
		{PauseMidpoint, oldSet},
		{PauseInstallDone, oldSet},
		{PauseCommitted, newSet},
	}
	for _, p := range points {
		t.Run(p.point, func(t *testing.T) {
			dir := setupOld(t)
			hook := filepath.Join(t.TempDir(), "continue")
			cmd := exec.Command(os.Args[0], "-test.run=^$")
			cmd.Env = append(os.Environ(), childEnv+"=commit", childOutEnv+"="+dir,
				PauseEnv+"="+hook, PausePointEnv+"="+p.point)
			var stderr strings.Builder
			cmd.Stderr = &stderr
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			exited := make(chan error, 1)
			go func() { exited <- cmd.Wait() }()
			waitForFile(t, hook+".paused", exited, &stderr)

			// Until the commit point, a path both sets have holds its old
			// or its new content: never missing, as a file moved out to the
			// backup before the new one came in was.
			if p.point != PauseCommitted {
				now := snapshot(t, dir)
				for n := range newSet {
					if got, ok := now[n]; oldSet[n] != "" && (!ok || got != oldSet[n] && got != newSet[n]) {
						t.Errorf("paused at %s: %s is %q (present %v), want the old or the new content", p.point, n, got, ok)
					}
				}
			}
			// The child holds the lock while paused.
			if _, err := Lock(dir); !errors.Is(err, ErrLocked) {
				t.Errorf("Lock during the child's commit: %v, want ErrLocked", err)
			}
			cmd.Process.Signal(syscall.SIGKILL)
			<-exited

			l, err := Lock(dir) // SIGKILL released the lock
			if err != nil {
				t.Fatalf("Lock after SIGKILL: %v", err)
			}
			defer l.Unlock()
			if err := Recover(dir); err != nil {
				t.Fatalf("Recover: %v", err)
			}
			got := snapshot(t, dir)
			if d := diff(withoutManifest(got), expected(p.want)); d != "" {
				t.Errorf("after Recover:\n%s", d)
			}
			// The manifest belongs to the same set: the next Commit removes
			// exactly that set's files.
			owned, _ := readManifest(dir)
			wantOwned := append(slices.Sorted(maps.Keys(p.want)), manifestName)
			slices.Sort(wantOwned)
			if !slices.Equal(owned, wantOwned) {
				t.Errorf("manifest lists %q, want %q", owned, wantOwned)
			}
			// And a normal run afterwards works.
			commitSet(t, dir, map[string]string{"report.pdf": "next night"})
			if d := diff(withoutManifest(snapshot(t, dir)), expected(map[string]string{"report.pdf": "next night"})); d != "" {
				t.Errorf("the next Commit:\n%s", d)
			}
		})
	}
}

// waitForFile polls until name exists; it fails the test if the child exits
// first (no wall-clock limit: a stuck child is go test's -timeout's business).
func waitForFile(t *testing.T, name string, exited chan error, stderr *strings.Builder) {
	t.Helper()
	for {
		if _, err := os.Stat(name); err == nil {
			return
		}
		select {
		case err := <-exited:
			t.Fatalf("child exited before pausing: %v\n%s", err, stderr.String())
		case <-time.After(10 * time.Millisecond):
		}
	}
}

func TestLock(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "out") // Lock creates the folder
	l, err := Lock(dir)
	if err != nil {
		t.Fatal(err)
	}
	// A second open file description in this process does not get it.
	_, err = Lock(dir)
	if !errors.Is(err, ErrLocked) {
		t.Fatalf("second Lock = %v, want ErrLocked", err)
	}
	if !strings.Contains(err.Error(), fmt.Sprintf("プロセス %d", os.Getpid())) {
		t.Errorf("message %q does not name the holder", err)
	}
	if err := l.Unlock(); err != nil {
		t.Fatal(err)
	}
	if err := l.Unlock(); err != nil {
		t.Errorf("second Unlock = %v", err)
	}
	l2, err := Lock(dir)
	if err != nil {
		t.Fatalf("Lock after Unlock = %v", err)
	}
	l2.Unlock()
}

// Another process holding the lock: ErrLocked; once it is killed, free.
func TestLockHeldByAnotherProcess(t *testing.T) {
	dir := t.TempDir()
	hook := filepath.Join(t.TempDir(), "continue")
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), childEnv+"=lock", childOutEnv+"="+dir, PauseEnv+"="+hook, PausePointEnv+"=lock")
	var stderr strings.Builder
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	waitForFile(t, hook+".paused", exited, &stderr)
	_, err := Lock(dir)
	if !errors.Is(err, ErrLocked) {
		t.Errorf("Lock = %v, want ErrLocked", err)
	}
	if err != nil && !strings.Contains(err.Error(), fmt.Sprintf("プロセス %d", cmd.Process.Pid)) {
		t.Errorf("message %q does not name the child's pid %d", err, cmd.Process.Pid)
	}
	cmd.Process.Signal(syscall.SIGKILL)
	<-exited
	l, err := Lock(dir)
	if err != nil {
		t.Fatalf("Lock after the holder died = %v", err)
	}
	l.Unlock()
}

// BenchmarkCommit measures Begin + write + Commit of a set like the sample's
// (report 320 KB, summary 50 KB, findings, 20 department PDFs of 60 KB) over
// the previous set, with every fsync.
func BenchmarkCommit(b *testing.B) {
	dir := b.TempDir()
	set := map[string][]byte{
		"report.pdf":    make([]byte, 320<<10),
		"summary.xlsx":  make([]byte, 50<<10),
		"findings.json": make([]byte, 8<<10),
	}
	for i := range 20 {
		set[fmt.Sprintf("departments/部%02d.pdf", i)] = make([]byte, 60<<10)
	}
	for b.Loop() {
		st, err := Begin(dir)
		if err != nil {
			b.Fatal(err)
		}
		for name, data := range set {
			p := filepath.Join(st.Dir(), filepath.FromSlash(name))
			os.MkdirAll(filepath.Dir(p), 0o755)
			os.WriteFile(p, data, 0o644)
		}
		if err := st.Commit(); err != nil {
			b.Fatal(err)
		}
	}
}
