package corpus

import (
	"archive/zip"
	"bytes"
	"fmt"
	"io"
	"strconv"

	"github.com/xuri/excelize/v2"

	"planreport/templates"
)

// Goal is the basic goal of every management sheet of the corpus. It is not
// a goal of the sample input (5), so that corpus sheets never collide with
// the sample's initiatives when both lie in one input folder.
const Goal = 9

// baseSheet is a clean management sheet of goal 9 with initiative number n,
// three fiscal years and one indicator. Laid out by templates.WriteSheet
// (worked out by hand from its documented layout):
//
//	1–3  header: C3 the title 検証用の取組n
//	4    (1) 取組概要, B4 the overview
//	5–7  (2) 年度別取組内容, 令和3〜5年度
//	8    (3) 目標指標 header; 9 the year labels E9:G9
//	10   B10 the indicator 検証件数, C10 目標値, E10:G10 100 100 100
//	11   C11 実績値, E11:G11 90 110 (empty)
//	12   C12 達成率, E12:G12 90.0 110.0 (empty)
//	13   (4) 現状・背景, B13
//	14–15 (5) 取組・成果・課題 for 令和3年度
func baseSheet(n int) templates.Sheet {
	num := strconv.Itoa(n)
	return templates.Sheet{
		Name:           "取組1",
		DepartmentCode: templates.Number("9"),
		Department:     "検証部",
		GoalNumber:     templates.Number(strconv.Itoa(Goal)),
		GoalName:       "検証",
		SectionCode:    templates.Number("1"),
		Section:        "検証課",
		Number:         templates.Number(num),
		Title:          "検証用の取組" + num,
		SectionItemNo:  templates.Number("1"),
		Overview:       "検証用の取組" + num + "の概要です。",
		Plans: []templates.Plan{
			{Phase: templates.PhaseFirst, Year: "令和3年度", Work: "取組" + num + "の令和3年度の計画"},
			{Phase: templates.PhaseFirst, Year: "令和4年度", Work: "取組" + num + "の令和4年度の計画"},
			{Phase: templates.PhaseFirst, Year: "令和5年度", Work: "取組" + num + "の令和5年度の計画"},
		},
		Years: []string{"令和3年度", "令和4年度", "令和5年度"},
		Indicators: []templates.Indicator{{
			Name:    "検証件数",
			Unit:    "件",
			Targets: []templates.Cell{templates.ParseCell("100"), templates.ParseCell("100"), templates.ParseCell("100")},
			Actuals: []templates.Cell{templates.ParseCell("90"), templates.ParseCell("110")},
			Rates:   []templates.Cell{templates.ParseCell("90.0"), templates.ParseCell("110.0")},
		}},
		Background: "取組" + num + "の現状と背景です。",
		Results:    []templates.Result{{Year: "令和3年度", Work: "取組" + num + "の実績", Issues: "取組" + num + "の課題"}},
	}
}

// book writes sheets into a workbook (deterministic bytes), letting edit
// change the excelize file first; layouts are the sheets' layouts.
func book(title string, sheets []templates.Sheet, edit func(f *excelize.File, l []templates.Layout) error) ([]byte, error) {
	f, layouts, err := templates.Build(templates.Workbook{File: title + ".xlsx", Sheets: sheets})
	if err != nil {
		return nil, err
	}
	defer f.Close()
	if edit != nil {
		if err := edit(f, layouts); err != nil {
			return nil, err
		}
	}
	var buf bytes.Buffer
	if err := templates.Encode(&buf, f, title); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// rewrite copies a zip, passing every entry through edit, which returns the
// new content (nil drops the entry). extra entries are appended in order.
// Entries keep their order; no time stamp is written, so the bytes depend
// only on the content.
func rewrite(data []byte, edit func(name string, content []byte) []byte, extra ...[2]string) ([]byte, error) {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return nil, err
	}
	var out bytes.Buffer
	zw := zip.NewWriter(&out)
	put := func(name string, content []byte) error {
		w, err := zw.CreateHeader(&zip.FileHeader{Name: name, Method: zip.Deflate})
		if err != nil {
			return err
		}
		_, err = w.Write(content)
		return err
	}
	for _, zf := range zr.File {
		rc, err := zf.Open()
		if err != nil {
			return nil, err
		}
		content, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			return nil, err
		}
		if edit != nil {
			content = edit(zf.Name, content)
		}
		if content == nil {
			continue
		}
		if err := put(zf.Name, content); err != nil {
			return nil, err
		}
	}
	for _, e := range extra {
		if err := put(e[0], []byte(e[1])); err != nil {
			return nil, err
		}
	}
	if err := zw.Close(); err != nil {
		return nil, err
	}
	return out.Bytes(), nil
}

// replaceOnce replaces old by new in content, failing when old is absent, so
// that a change of the template's output cannot silently disarm a corpus
// file.
func replaceOnce(content []byte, old, new string) ([]byte, error) {
	if !bytes.Contains(content, []byte(old)) {
		return nil, fmt.Errorf("corpus: %q not found in the part", old)
	}
	return bytes.Replace(content, []byte(old), []byte(new), 1), nil
}

// editPart is rewrite for one part with replacements.
func editPart(data []byte, part string, pairs ...string) ([]byte, error) {
	var ferr error
	found := false
	out, err := rewrite(data, func(name string, c []byte) []byte {
		if name != part {
			return c
		}
		found = true
		for i := 0; i+1 < len(pairs); i += 2 {
			var err error
			if c, err = replaceOnce(c, pairs[i], pairs[i+1]); err != nil {
				ferr = fmt.Errorf("%s: %w", part, err)
				return c
			}
		}
		return c
	})
	if err != nil {
		return nil, err
	}
	if ferr != nil {
		return nil, ferr
	}
	if !found {
		return nil, fmt.Errorf("corpus: part %s not found", part)
	}
	return out, nil
}
