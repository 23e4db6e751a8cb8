package pdfreport

import (
	"fmt"
	"strings"

	"planreport/pipeline/layout"
	"planreport/pipeline/model"
)

// CodeGlyphMissing is the finding for text the report's typeface cannot
// draw in full.
const CodeGlyphMissing = "glyph_missing"

// CheckGlyphs adds a warning for every text of the batch that holds
// characters BIZ UDGothic has no glyph for (𠮷, ✅, some emoji and rare
// kanji): the PDF draws each as 〓, and without a finding nobody would know
// why a name looks wrong in front of the council. summary.xlsx keeps the
// characters. One finding per text, naming the characters.
func CheckGlyphs(b *model.Batch) error {
	p, err := provider()
	if err != nil {
		return fmt.Errorf("pdfreport: fonts: %w", err)
	}
	ms := layout.NewMeasurer(p)
	check := func(src model.Source, what, s string) {
		missing := ms.Missing(false, s)
		for _, r := range ms.Missing(true, s) {
			if !strings.ContainsRune(string(missing), r) {
				missing = append(missing, r)
			}
		}
		if len(missing) == 0 {
			return
		}
		quoted := make([]string, 0, 5)
		for i, r := range missing {
			if i == 5 {
				quoted = append(quoted, fmt.Sprintf("ほか%d字", len(missing)-5))
				break
			}
			quoted = append(quoted, "「"+string(r)+"」")
		}
		b.Add(model.SeverityWarning, CodeGlyphMissing, src,
			"%sの%sは報告書（PDF）の書体にない文字のため、PDFでは「〓」と表示されます（集計表にはそのまま載ります）。常用の字に置き換えられるか確認してください。",
			what, strings.Join(quoted, ""))
	}
	rich := func(t model.RichText, fallback model.Source, what string) {
		src := t.Source
		if src.File == "" {
			src = fallback
		}
		check(src, what, t.Plain())
	}
	for _, in := range b.Initiatives {
		if in == nil {
			continue
		}
		check(in.Source, "取組項目名・担当部・担当課・基本目標名", strings.Join([]string{in.Title, in.Department, in.Section, in.GoalName}, "\n"))
		rich(in.Overview, in.Source, "取組概要")
		for _, p := range in.Plans {
			rich(p.Work, in.Source, "年度別取組内容（"+p.Year.Display()+"）")
		}
		for _, ind := range in.Indicators {
			src := ind.Source
			if src.File == "" {
				src = in.Source
			}
			check(src, "指標「"+ind.Name+"」の名前・単位", ind.Name+"\n"+ind.Unit)
		}
		rich(in.Background, in.Source, "現状・背景")
		for _, r := range in.Results {
			rich(r.Results, in.Source, "取組実績（"+r.Year.Display()+"）")
			rich(r.Issues, in.Source, "今後の課題（"+r.Year.Display()+"）")
		}
	}
	return nil
}
