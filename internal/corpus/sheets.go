package corpus

import (
	"fmt"
	"math/rand/v2"
	"strings"

	"github.com/xuri/excelize/v2"

	"planreport/pipeline/model"
	"planreport/templates"
)

// blockLabels are the block labels the template writes.
var blockLabels = [5]string{templates.LabelOverview, templates.LabelPlans, templates.LabelIndicators, templates.LabelBackground, templates.LabelResults}

// sheetEntries are workbooks whose container is fine but whose sheets are
// broken, hostile or incomplete.
func sheetEntries() []Entry {
	var out []Entry
	for n := 1; n <= 5; n++ {
		out = append(out, missingBlockEntry(n))
	}
	return append(out,
		malformedXMLEntry(),
		duplicateNumberEntry(),
		controlCharsEntry(),
		relsTraversalEntry(),
		entityExpansionEntry(),
		escapeCostEntry(),
	)
}

// missingBlockEntry is missing-block-n.xlsx: block n (1–5) removed.
func missingBlockEntry(n int) Entry {
	num := 10 + n
	return Entry{
		Name:      fmt.Sprintf("missing-block-%d.xlsx", n),
		About:     "a management sheet without block " + blockLabels[n-1],
		Status:    model.FileAccepted,
		Committed: true,
		Want:      []Want{sheetErr("block_missing", "取組1")},
		Verify:    initiativeKept(fmt.Sprintf("missing-block-%d.xlsx", n), num),
		bytes: func() ([]byte, error) {
			return book(fmt.Sprintf("missing-block-%d", n), []templates.Sheet{baseSheet(num)}, func(f *excelize.File, ls []templates.Layout) error {
				l := ls[0]
				bounds := [6]int{l.OverviewRow, l.PlansRow, l.IndicatorsRow, l.BackgroundRow, l.ResultsRow, l.LastRow + 1}
				for r := bounds[n] - 1; r >= bounds[n-1]; r-- {
					if err := f.RemoveRow("取組1", r); err != nil {
						return err
					}
				}
				return nil
			})
		},
	}
}

// malformedXMLEntry is malformed-xml.xlsx.
func malformedXMLEntry() Entry {
	return Entry{
		Name: "malformed-xml.xlsx", About: "a valid zip whose second sheet's XML breaks off in row 10", Status: model.FileAccepted, Committed: true,
		Want:   []Want{sheetErr("sheet_malformed", "取組2")},
		Verify: initiativeKept("malformed-xml.xlsx", 16),
		bytes: func() ([]byte, error) {
			second := baseSheet(17)
			second.Name = "取組2"
			data, err := book("malformed-xml", []templates.Sheet{baseSheet(16), second}, nil)
			if err != nil {
				return nil, err
			}
			return editPart(data, "xl/worksheets/sheet2.xml", `<row r="10"`, `<row r="10" <`)
		},
	}
}

// duplicateNumberEntry is duplicate-number.xlsx.
func duplicateNumberEntry() Entry {
	return Entry{
		Name: "duplicate-number.xlsx", About: "two management sheets with the same goal and initiative number", Status: model.FileAccepted, Committed: true,
		Want: []Want{{Code: "duplicate_initiative", Severity: model.SeverityError, Sheet: "取組2", Cell: "A1"}},
		Verify: func(b *model.Batch) error {
			// The first sheet (tab order) is kept, the second dropped.
			var sheets []string
			for _, in := range b.Initiatives {
				if in.Source.File == "duplicate-number.xlsx" {
					sheets = append(sheets, in.Source.Sheet)
				}
			}
			if len(sheets) != 1 || sheets[0] != "取組1" {
				return fmt.Errorf("kept sheets %v, want [取組1]", sheets)
			}
			return nil
		},
		bytes: func() ([]byte, error) {
			second := baseSheet(18)
			second.Name = "取組2"
			second.Title = "番号が重複した取組"
			return book("duplicate-number", []templates.Sheet{baseSheet(18), second}, nil)
		},
	}
}

// controlCharsEntry is control-chars.xlsx.
func controlCharsEntry() Entry {
	return Entry{
		Name: "control-chars.xlsx", About: "control characters and unpaired surrogates in text (_x0001_, _xD800_, &#xD800;)", Status: model.FileAccepted, Committed: true,
		Want: []Want{
			at(model.SeverityWarning, "text_control_chars", "C3"),
			at(model.SeverityWarning, "text_control_chars", "B4"),
			at(model.SeverityWarning, "text_control_chars", "B13"),
		},
		Verify: func(b *model.Batch) error {
			in := initiative(b, "control-chars.xlsx")
			if in == nil {
				return fmt.Errorf("sheet not kept")
			}
			// Worked out by hand: the characters are dropped, the rest
			// of the text stays.
			if in.Title != "検証用の取組19" || in.Overview.Plain() != "検証用の取組19の概要です。" || in.Background.Plain() != "取組19の現状と背景です。" {
				return fmt.Errorf("title %q overview %q background %q", in.Title, in.Overview.Plain(), in.Background.Plain())
			}
			return nil
		},
		bytes: func() ([]byte, error) {
			data, err := book("control-chars", []templates.Sheet{baseSheet(19)}, nil)
			if err != nil {
				return nil, err
			}
			return editPart(data, "xl/sharedStrings.xml",
				"<t>検証用の取組19</t>", "<t>検証用の_x0001_取組19_x001B_</t>",
				"<t>検証用の取組19の概要です。</t>", "<t>検証用の取組19の_xD800_概要です。</t>",
				"<t>取組19の現状と背景です。</t>", "<t>取組19の現状&#xDC00;と背景です。</t>")
		},
	}
}

// relsTraversalEntry is rels-traversal.xlsx.
func relsTraversalEntry() Entry {
	return Entry{
		Name: "rels-traversal.xlsx", About: "sheet relationships pointing outside the package (../../../../etc/passwd, /etc/passwd)", Status: model.FileRejected, Committed: true,
		Want: []Want{sheetErr("sheet_malformed", "取組1"), sheetErr("sheet_malformed", "取組2"), fileErr("no_management_sheet")},
		bytes: func() ([]byte, error) {
			second := baseSheet(21)
			second.Name = "取組2"
			data, err := book("rels-traversal", []templates.Sheet{baseSheet(20), second}, nil)
			if err != nil {
				return nil, err
			}
			return editPart(data, "xl/_rels/workbook.xml.rels",
				`Target="worksheets/sheet1.xml"`, `Target="../../../../etc/passwd"`,
				`Target="worksheets/sheet2.xml"`, `Target="/etc/passwd"`)
		},
	}
}

// entityExpansionEntry is entity-expansion.xlsx.
func entityExpansionEntry() Entry {
	return Entry{
		Name: "entity-expansion.xlsx", About: "a sheet with a DOCTYPE defining a billion-laughs entity and an external entity (XXE)", Status: model.FileRejected, Committed: true,
		Want: []Want{sheetErr("sheet_malformed", "取組1"), fileErr("no_management_sheet")},
		bytes: func() ([]byte, error) {
			data, err := book("entity-expansion", []templates.Sheet{baseSheet(22)}, nil)
			if err != nil {
				return nil, err
			}
			var dtd strings.Builder
			dtd.WriteString(`<!DOCTYPE worksheet [<!ENTITY lol0 "lol">`)
			for i := 1; i <= 9; i++ {
				fmt.Fprintf(&dtd, `<!ENTITY lol%d "%s">`, i, strings.Repeat(fmt.Sprintf("&lol%d;", i-1), 10))
			}
			dtd.WriteString(`<!ENTITY xxe SYSTEM "file:///etc/passwd">]>`)
			return editPart(data, "xl/worksheets/sheet1.xml",
				`<?xml version="1.0" encoding="UTF-8"?>`, `<?xml version="1.0" encoding="UTF-8"?>`+dtd.String(),
				`<c r="B10" s="6" t="s"><v>22</v></c>`, `<c r="B10" s="6" t="inlineStr"><is><t>&lol9;&xxe;</t></is></c>`)
		},
	}
}

// escapeCostEntry is escape-cost.xlsx.
func escapeCostEntry() Entry {
	return Entry{
		Name: "escape-cost.xlsx", About: "a string of 20,000 _xHHHH_ escapes used by 100 cells (decoding would take seconds)", Status: model.FileRejected, Committed: true,
		Want:  []Want{sheetErr("text_escape_flood", "取組1"), fileErr("no_management_sheet")},
		bytes: escapeCost,
	}
}

// escapes returns n _xHHHH_ escapes of control characters chosen by a
// seeded generator, so that deflate cannot shrink them below the zip bomb
// ratio and the bytes are the same on every run.
func escapes(n int, seed uint64) string {
	rng := rand.New(rand.NewPCG(seed, seed))
	var b strings.Builder
	b.Grow(7 * n)
	for range n {
		fmt.Fprintf(&b, "_x%04X_", 1+rng.IntN(0x1F))
	}
	return b.String()
}

// escapeCost makes the overview a string of 20,000 escapes and adds a row
// of 100 cells using it: each read costs excelize about 0.1 s of string
// copying, 100 reads would cost seconds, a sheet full of them hours.
func escapeCost() ([]byte, error) {
	data, err := book("escape-cost", []templates.Sheet{baseSheet(23)}, nil)
	if err != nil {
		return nil, err
	}
	data, err = editPart(data, "xl/sharedStrings.xml", "<t>検証用の取組23の概要です。</t>", "<t>"+escapes(20_000, 23)+"</t>")
	if err != nil {
		return nil, err
	}
	var row strings.Builder
	row.WriteString(`<row r="20">`)
	for c := range 100 {
		fmt.Fprintf(&row, `<c r="%s20" t="s"><v>10</v></c>`, columnName(c))
	}
	row.WriteString(`</row></sheetData>`)
	return editPart(data, "xl/worksheets/sheet1.xml", `</sheetData>`, row.String())
}

// columnName turns a 0-based column index into its letters (0 → A).
func columnName(col int) string {
	name, _ := excelize.ColumnNumberToName(col + 1)
	return name
}

// initiative finds the management sheet of a corpus file in a batch.
func initiative(b *model.Batch, file string) *model.Initiative {
	for _, in := range b.Initiatives {
		if in.Source.File == file {
			return in
		}
	}
	return nil
}

// initiativeKept checks that the file's sheet made it into the batch with
// its number: the finding did not cost the rest of the sheet.
func initiativeKept(file string, number int) func(*model.Batch) error {
	return func(b *model.Batch) error {
		in := initiative(b, file)
		if in == nil {
			return fmt.Errorf("%s: no initiative kept", file)
		}
		if in.GoalNumber != Goal || in.Number != number {
			return fmt.Errorf("%s: goal %d number %d, want %d and %d", file, in.GoalNumber, in.Number, Goal, number)
		}
		return nil
	}
}
