package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"planreport/pipeline/outputs"
)

// snapshot reads every file the planning office relies on.
func snapshot(t *testing.T, out string) map[string][]byte {
	t.Helper()
	m := map[string][]byte{}
	for _, name := range []string{"report.pdf", "summary.xlsx", "findings.json", "departments/総務部.pdf"} {
		m[name] = readFile(t, filepath.Join(out, name))
	}
	return m
}

func sameFiles(t *testing.T, want, got map[string][]byte) {
	t.Helper()
	for name, data := range want {
		if !bytes.Equal(data, got[name]) {
			t.Errorf("%s changed", name)
		}
	}
}

// A second run while another holds the lock exits 3 at once, saying so in
// Japanese, and touches nothing.
func TestRunWhileLockedExits3(t *testing.T) {
	dir := copySample(t)
	out := filepath.Join(dir, "output")
	if r := planreport(t, dir, "run", "-date", "2026-11-23"); r.code != 1 {
		t.Fatalf("first run exit %d\n%s", r.code, r.stderr)
	}
	before := snapshot(t, out)
	lock, err := os.OpenFile(filepath.Join(out, ".planreport.lock"), os.O_RDWR|os.O_CREATE, 0o644)
	if err != nil {
		t.Fatal(err)
	}
	defer lock.Close()
	if err := syscall.Flock(int(lock.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		t.Fatal(err)
	}
	r := planreport(t, dir, "run", "-date", "2026-11-24", "-force")
	if r.code != 3 || !strings.Contains(r.stderr, "実行中") {
		t.Fatalf("run under a held lock: exit %d, want 3 with a message that another run is in progress\n%s", r.code, r.stderr)
	}
	sameFiles(t, before, snapshot(t, out))
}

// A run SIGKILLed half-way through replacing the outputs (half of the new
// files in place) leaves the previous outputs byte-identical once the next
// run starts, and that next run succeeds.
func TestRunKilledMidCommitKeepsPreviousOutputs(t *testing.T) {
	dir := copySample(t)
	out := filepath.Join(dir, "output")
	if r := planreport(t, dir, "run", "-date", "2026-11-23"); r.code != 1 {
		t.Fatalf("first run exit %d\n%s", r.code, r.stderr)
	}
	before := snapshot(t, out)

	hook := filepath.Join(t.TempDir(), "release")
	cmd := exec.Command(binary, "run", "-date", "2026-11-24", "-force")
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), outputs.PauseEnv+"="+hook, outputs.PausePointEnv+"="+outputs.PauseMidpoint)
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(60 * time.Second) // a bound on waiting, not a speed assertion
	for {
		if _, err := os.Stat(hook + ".paused"); err == nil {
			break
		}
		if time.Now().After(deadline) {
			cmd.Process.Kill()
			t.Fatal("the run never reached the middle of its commit")
		}
		time.Sleep(20 * time.Millisecond)
	}
	cmd.Process.Signal(syscall.SIGKILL)
	cmd.Wait()

	// The next run recovers first; with unchanged inputs and the old date
	// it is skipped, and the outputs are exactly the old ones.
	if r := planreport(t, dir, "run", "-date", "2026-11-23"); r.code != 0 {
		t.Fatalf("run after the crash: exit %d\n%s", r.code, r.stderr)
	}
	sameFiles(t, before, snapshot(t, out))
	if r := planreport(t, dir, "run", "-date", "2026-11-24"); r.code != 1 {
		t.Fatalf("a new run after the crash: exit %d, want 1\n%s", r.code, r.stderr)
	}
	pdf, _ := exec.Command("pdftotext", filepath.Join(out, "report.pdf"), "-").Output()
	if !strings.Contains(string(pdf), "令和8年11月24日") {
		t.Error("the run after the crash did not write the new report")
	}
}
