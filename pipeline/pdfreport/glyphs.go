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

// GlyphFindings returns a warning for every text of the batch that holds
// characters BIZ UDGothic has no glyph for (𠮷, ✅, some emoji and rare
// kanji): the PDF draws each as 〓, and without a finding nobody would know
// why a name looks wrong in front of the council. summary.xlsx keeps the
// characters. One finding per text, naming the characters. It only reads
// the initiatives' texts, and adds nothing to b, so that it may run beside
// a stage that writes other fields (pipeline.Analyze runs it beside rate).
func GlyphFindings(b *model.Batch) ([]model.Finding, error) {
	p, err := provider()
	if err != nil {
		return nil, fmt.Errorf("pdfreport: fonts: %w", err)
	}
	out := &model.Batch{}
	ms := layout.NewMeasurer(p)
	// what names the text for the message; it is built only for a text
	// with a missing glyph, which is rare.
	check := func(src model.Source, what func() string, s string) {
		missing := ms.MissingEither(s)
		if len(missing) == 0 {
			return
		}
		quoted := make([]string, 0, 5)
		for i, r := range missing {
			if i == 5 {
				quoted = append(quoted, fmt.Sprintf("ほか%d字", len(missing)-5))
				break
			}
			// The code point too: in the PDF the character itself is
			// drawn as 〓, and the message must still say which it is.
			quoted = append(quoted, fmt.Sprintf("「%c」（U+%04X）", r, r))
		}
		out.Add(model.SeverityWarning, CodeGlyphMissing, src,
			"%sの%sは報告書（PDF）の書体にない文字のため、PDFでは「〓」と表示されます（集計表にはそのまま載ります）。常用の字に置き換えられるか確認してください。",
			what(), strings.Join(quoted, ""))
	}
	named := func(what string) func() string { return func() string { return what } }
	rich := func(t model.RichText, fallback model.Source, what func() string) {
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
		// Each at its own cell, the one the department corrects (the
		// annotated copy marks it); the section's cell is not kept, so its
		// finding is about the sheet.
		at := func(cell string) model.Source { return in.Source.At(cell) }
		check(at(in.TitleCell), named("取組項目名"), in.Title)
		check(at(in.DepartmentCell), named("担当部名"), in.Department)
		check(at(""), named("担当課名"), in.Section)
		check(at(in.GoalNameCell), named("基本目標名"), in.GoalName)
		rich(in.Overview, in.Source, named("取組概要"))
		for _, p := range in.Plans {
			rich(p.Work, in.Source, func() string { return "年度別取組内容（" + p.Year.Display() + "）" })
		}
		// By pointer: rate writes other fields of the indicators meanwhile.
		for i := range in.Indicators {
			ind := &in.Indicators[i]
			src := ind.Source
			if src.File == "" {
				src = in.Source
			}
			check(src, func() string { return "指標「" + ind.Name + "」の名前・単位" }, ind.Name+"\n"+ind.Unit)
		}
		rich(in.Background, in.Source, named("現状・背景"))
		for _, r := range in.Results {
			rich(r.Results, in.Source, func() string { return "取組実績（" + r.Year.Display() + "）" })
			rich(r.Issues, in.Source, func() string { return "今後の課題（" + r.Year.Display() + "）" })
		}
	}
	return out.Findings, nil
}
