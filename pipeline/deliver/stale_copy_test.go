package deliver

import (
	"os"
	"path/filepath"
	"testing"

	"planreport/pipeline/deliver/internal/smtptest"
	"planreport/pipeline/status/statustest"
)

// When a department's findings are all resolved, its annotated copy is
// no longer made; the old one planreport copied to its folder earlier is
// removed (it shows findings that are no more), but never a file
// planreport did not put there or one changed since.
func TestResolvedDepartmentOldCopyIsRemoved(t *testing.T) {
	ts := smtptest.Start(t, smtptest.Options{})
	f := newDeptFixture(t, ts)
	f.run(t, statustest.Batch())
	old := filepath.Join(f.soumuDir, "総務部（赤入れ版）.xlsx")
	if _, err := os.Stat(old); err != nil {
		t.Fatal(err)
	}
	own := filepath.Join(f.soumuDir, "その他（赤入れ版）.xlsx") // not planreport's
	if err := os.WriteFile(own, []byte("mine"), 0o644); err != nil {
		t.Fatal(err)
	}
	// The next run makes no annotated copy for 総務部.
	b := statustest.Batch()
	f.runShares(t, b, func(sh *DepartmentShare) {
		if sh.Status.Name == statustest.GeneralDept {
			sh.Copies = nil
		}
	})
	if _, err := os.Stat(old); !os.IsNotExist(err) {
		t.Errorf("the outdated annotated copy is still in the folder (%v)", err)
	}
	if _, err := os.Stat(own); err != nil {
		t.Errorf("a file planreport did not write was removed: %v", err)
	}
	if _, err := os.Stat(filepath.Join(f.soumuDir, "総務部.pdf")); err != nil {
		t.Errorf("the PDF was removed: %v", err)
	}

	// A copy the department changed after planreport wrote it stays.
	f.run(t, statustest.Batch())
	if err := os.WriteFile(old, []byte("edited"), 0o644); err != nil {
		t.Fatal(err)
	}
	f.runShares(t, b, func(sh *DepartmentShare) {
		if sh.Status.Name == statustest.GeneralDept {
			sh.Copies = nil
		}
	})
	if _, err := os.Stat(old); err != nil {
		t.Errorf("a copy changed by the department was removed: %v", err)
	}
}
