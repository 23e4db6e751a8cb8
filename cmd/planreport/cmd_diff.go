package main

import (
	"context"
	"encoding/json"
	"fmt"

	"planreport/pipeline/changes"
	"planreport/pipeline/model"
)

// cmdDiff prints what changed between two reports, as the report's section
// 前回報告からの変更 says it: for the office to check before distributing.
func cmdDiff(ctx context.Context, args []string, e *env) error {
	fs := newFlagSet("diff", "diff [-json] [-output DIR] OLD NEW", e)
	asJSON := fs.Bool("json", false, "変更を JSON で標準出力に書く")
	output := fs.String("output", "", "出力`フォルダ`（報告日で指定したときに archive/ を探す。既定: 設定の出力フォルダ）")
	configPath := fs.String("config", "", "設定`ファイル`（出力フォルダに使用）")
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
	old, _, err := changes.Find(dir, fs.Arg(0))
	if err != nil {
		return withStatus(model.ExitFailed, fmt.Errorf("diff: %s: %w", fs.Arg(0), err))
	}
	cur, _, err := changes.Find(dir, fs.Arg(1))
	if err != nil {
		return withStatus(model.ExitFailed, fmt.Errorf("diff: %s: %w", fs.Arg(1), err))
	}
	ch := changes.Compare(old, cur)
	if *asJSON {
		out := struct {
			Old     string         `json:"old"`
			New     string         `json:"new"`
			Summary string         `json:"summary"`
			Changes []model.Change `json:"changes"`
		}{old.ReportDate, cur.ReportDate, changes.Summary(&ch), ch.Items}
		data, err := json.MarshalIndent(out, "", "  ")
		if err != nil {
			return withStatus(model.ExitFailed, err)
		}
		_, err = e.stdout.Write(append(data, '\n'))
		return err
	}
	return changes.WriteText(e.stdout, &ch)
}
