package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"regexp"
	"time"

	"planreport/internal/fserr"
	"planreport/pipeline/changes"
	"planreport/pipeline/model"
)

// cmdDiff prints what changed between two reports, as the report's section
// 前回報告からの変更 says it: for the office to check before distributing.
func cmdDiff(ctx context.Context, args []string, e *env) error {
	fs := newFlagSet("diff", "diff [-json] [-output DIR] [-config FILE] OLD NEW", e)
	asJSON := fs.Bool("json", false, "変更を JSON で標準出力に書く")
	output := fs.String("output", "", "出力`フォルダ`（報告日で指定したときに archive/ を探す。既定: 設定の出力フォルダ）")
	configPath := fs.String("config", "", "設定`ファイル`（出力フォルダに使用。既定: 作業フォルダの planreport.yaml があれば使用）")
	o := &runOptions{}
	if err := parseFlags(fs, o, args); err != nil {
		return err
	}
	if fs.NArg() != 2 {
		return usageErrorf("diff: 比べる二つの報告（報告日 YYYY-MM-DD またはスナップショットのファイル）を指定してください（例: planreport diff 2026-08-31 2026-11-23）")
	}
	dir := *output
	if dir == "" {
		o.configPath = *configPath
		cfg, err := o.config()
		if err != nil {
			return err
		}
		dir = cfg.Output
	}
	old, err := diffSnapshot(dir, fs.Arg(0))
	if err != nil {
		return err
	}
	cur, err := diffSnapshot(dir, fs.Arg(1))
	if err != nil {
		return err
	}
	if err := diffOrder(old, cur, fs.Arg(0), fs.Arg(1)); err != nil {
		return err
	}
	ch := changes.Compare(old, cur)
	if *asJSON {
		items := ch.Items
		if items == nil {
			items = []model.Change{} // "changes": [] for a script that iterates, never null
		}
		out := struct {
			Old     string         `json:"old"`
			New     string         `json:"new"`
			Summary string         `json:"summary"`
			Changes []model.Change `json:"changes"`
		}{old.ReportDate, cur.ReportDate, changes.Summary(&ch), items}
		data, err := json.MarshalIndent(out, "", "  ")
		if err != nil {
			return withStatus(model.ExitFailed, err)
		}
		_, err = e.stdout.Write(append(data, '\n'))
		return err
	}
	return changes.WriteText(e.stdout, &ch)
}

// diffOrder refuses OLD newer than NEW: the comparison would list every
// change backwards under 「前回報告（NEW's date）からの変更」. Refused
// rather than swapped, so that -json's old and new are always what was
// typed; the message gives the command the other way round.
func diffOrder(old, cur *changes.Snapshot, oldArg, newArg string) error {
	if old.ReportDate <= cur.ReportDate { // YYYY-MM-DD sorts as text
		return nil
	}
	return usageErrorf("diff: 古い報告を先に、新しい報告を後に指定してください。「%s」（%sの報告）は「%s」（%sの報告）より新しい報告です（例: planreport diff %s %s）",
		oldArg, model.WarekiDateOr(old.ReportDate), newArg, model.WarekiDateOr(cur.ReportDate), newArg, oldArg)
}

// looksLikeDate matches what a user types for a date (2026-13-45,
// 2026/11/20, 2026.11.20): an argument of that shape that is not a file
// is a mistyped report date, not a missing file.
var looksLikeDate = regexp.MustCompile(`^\d{4}[-/.年]\d{1,2}[-/.月]\d{1,2}日?$`)

// diffSnapshot reads one argument of diff, a report date or a snapshot
// file, and says in Japanese what is wrong with it: a usage error (exit 2)
// for an argument that names nothing, a failure (exit 3) for a snapshot
// that cannot be read.
func diffSnapshot(dir, arg string) (*changes.Snapshot, error) {
	if _, err := time.Parse(time.DateOnly, arg); err != nil {
		st, statErr := os.Stat(arg)
		switch {
		case errors.Is(statErr, fs.ErrNotExist) && looksLikeDate.MatchString(arg):
			return nil, usageErrorf("diff: 「%s」は報告日として読めません。報告日は YYYY-MM-DD の形（例: 2026-11-23）で、ある日付を指定してください", arg)
		case errors.Is(statErr, fs.ErrNotExist):
			return nil, usageErrorf("diff: ファイル「%s」がありません。報告日（YYYY-MM-DD）か、スナップショットのファイル（出力フォルダの snapshot.json）を指定してください", arg)
		case statErr == nil && st.IsDir():
			return nil, usageErrorf("diff: 「%s」はフォルダです。その中の snapshot.json か、報告日（YYYY-MM-DD）を指定してください", arg)
		}
	}
	s, _, err := changes.Find(dir, arg)
	var pe *fs.PathError
	switch {
	case err == nil:
		return s, nil
	case errors.Is(err, changes.ErrUnreadable):
		return nil, withStatus(model.ExitFailed, fmt.Errorf("diff: 「%s」は %w", arg, err))
	case errors.As(err, &pe):
		// No permission, a file where a folder should be…: said by fserr.WrapRead.
		return nil, withStatus(model.ExitFailed, fserr.WrapRead(err, "diff: 「%s」を読めません", arg))
	default:
		return nil, withStatus(model.ExitFailed, fmt.Errorf("diff: %w", err))
	}
}
