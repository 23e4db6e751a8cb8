package deliver

import (
	"testing"

	"planreport/pipeline/deliver/internal/smtptest"
	"planreport/pipeline/model"
	"planreport/pipeline/status/statustest"
)

// A department mail that could not be sent is out of date once the
// department's findings change again, even back to what it was last
// mailed: it must not be sent late (with an old date and old findings).
// When the findings are back to the last mail's, nothing is sent; when they
// differ from both, only the current mail is.
func TestOutdatedPendingDepartmentMailIsDropped(t *testing.T) {
	ts := smtptest.Start(t, smtptest.Options{})
	f := newDeptFixture(t, ts)
	f.cfg.SMTP.Office = nil
	filled := func(v model.Decimal) *model.Batch {
		b := statustest.Batch()
		for _, in := range b.Initiatives {
			if in.Department == statustest.GeneralDept {
				a := &in.Indicators[0].Years[1].Actual
				a.Kind, a.Number = model.ValueNumber, v
			}
		}
		return b
	}
	f.run(t, statustest.Batch()) // night 1: 総務部 and 財務部 mailed
	sent := len(ts.Messages())
	up := f.cfg.SMTP.Port
	f.cfg.SMTP.Port = smtptest.ClosedPort(t)
	if res := f.run(t, filled("86")); res.Pending != 1 { // night 2: 総務部's new mail waits
		t.Fatalf("pending %d, want 総務部's mail", res.Pending)
	}
	f.cfg.SMTP.Port = up
	// Night 3: 総務部 is back to night 1's state, which it was mailed.
	if res := f.run(t, statustest.Batch()); res.Pending != 0 {
		t.Errorf("pending %d after night 3, want 0", res.Pending)
	}
	if n := len(ts.Messages()) - sent; n != 0 {
		t.Errorf("night 3 sent %d messages (the outdated one: %q), want none", n, parse(t, ts.Messages()[sent]).Subject)
	}

	// A waiting mail that is still current goes out once.
	f.cfg.SMTP.Port = smtptest.ClosedPort(t)
	f.run(t, filled("86"))
	f.cfg.SMTP.Port = up
	f.run(t, filled("87"))
	if n := len(ts.Messages()) - sent; n != 1 {
		t.Fatalf("sent %d messages, want the waiting current one", n)
	}
}
