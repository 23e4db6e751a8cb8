package ingest

import (
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"planreport/pipeline/ingest/xlsx"
)

// TestYearLabelsAsFormattedNumbers: year labels of (3) stored as numbers
// read as the years their cells show. A date with an era format
// (ggge"年度") is the era year it shows, 平成27年度, with the date warning;
// a number whose format writes the era or 年度 around it ("平成"0"年度",
// 0"年度") is what it shows, without one; a Western year shown as a date
// (2015 with ggge"年度", a date in 1905) is that year, with a warning
// saying what Excel shows. Before, the era date was labelled 2015年度, the
// "平成"0"年度" table had no year row at all, and 2015 with an era format
// was 1905 for every column (five duplicates, their values dropped).
func TestYearLabelsAsFormattedNumbers(t *testing.T) {
	cases := []struct {
		name, format string
		values       []any
		labels       []string // of the first and the last year
		warning      string   // in the year_is_date finding at E12; "" for none
	}{
		{"era date", `[$-ja-JP]ggge"年度"`, []any{42095, 42461, 42826, 43191, 43556, 43922},
			[]string{"平成27年度", "令和2年度"}, "表示される年の「平成27年度」として読みました"},
		{"era date, unquoted", `ggge年度`, []any{42095, 42461, 42826, 43191, 43556, 43922},
			[]string{"平成27年度", "令和2年度"}, "表示される年の「平成27年度」"},
		{"era number", `"平成"0"年度"`, []any{27, 28, 29, 30, 31, 32},
			[]string{"平成27年度", "平成32年度"}, ""},
		{"era number, one negative", `[$-ja-JP]"令和"0"年度"`, []any{-3, 4, 5, 6, 7, 8},
			nil, ""}, // -3 shows 令和-3年度: unreadable, its column left out
		{"Western number with 年度", `0"年度"`, []any{2015, 2016, 2017, 2018, 2019, 2020},
			[]string{"2015年度", "2020年度"}, ""},
		{"Western number, era format", `[$-ja-JP]ggge"年度"`, []any{2015, 2016, 2017, 2018, 2019, 2020},
			[]string{"2015年度", "2020年度"}, "Excelでは1905-07-07の日付として表示されます。「2015年度」として読みました"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			data := buildBook(t, []sheetSpec{heiseiSpec()}, func(f *excelize.File) {
				code := tc.format
				style, err := f.NewStyle(&excelize.Style{CustomNumFmt: &code})
				if err != nil {
					t.Fatal(err)
				}
				for i, v := range tc.values {
					ref := xlsx.Pos{Row: 11, Col: 4 + i}.Ref() // (3) year row E12:J12
					if err := f.SetCellValue("取組1", ref, v); err != nil {
						t.Fatal(err)
					}
					if err := f.SetCellStyle("取組1", ref, ref, style); err != nil {
						t.Fatal(err)
					}
				}
			})
			b := readFiles(t, map[string][]byte{"a.xlsx": data}, Options{})
			in := onlyInitiative(t, b)
			if len(in.Indicators) == 0 {
				t.Fatalf("no indicators:%s", dump(b.Findings))
			}
			years := in.Indicators[0].Years
			if tc.labels == nil {
				if len(years) != 5 || len(findingsWith(b, CodeYearUnreadable)) != 1 {
					t.Errorf("%d years, want 5 and one unreadable:%s", len(years), dump(b.Findings))
				}
				return
			}
			if len(years) != 6 || years[0].Year.Year != 2015 || years[5].Year.Year != 2020 ||
				years[0].Year.Label != tc.labels[0] || years[5].Year.Label != tc.labels[1] {
				t.Errorf("years %+v, want 2015 %s to 2020 %s:%s", years, tc.labels[0], tc.labels[1], dump(b.Findings))
			}
			fs := findingsWith(b, CodeYearIsDate)
			switch {
			case tc.warning == "" && len(fs) != 0:
				t.Errorf("unexpected:%s", dump(fs))
			case tc.warning != "" && (len(fs) != 6 || fs[0].Cell != "E12" || !strings.Contains(fs[0].Message, tc.warning)):
				t.Errorf("want 6 warnings with %q:%s", tc.warning, dump(b.Findings))
			}
			for _, code := range []string{CodeYearDuplicate, CodeYearUnreadable, CodeValueWithoutYear, CodeYearRowMissing} {
				if fs := findingsWith(b, code); len(fs) != 0 {
					t.Errorf("%s", dump(fs))
				}
			}
		})
	}
}

// TestEraYear: the era and year an era format shows for a date.
func TestEraYear(t *testing.T) {
	for d, want := range map[string]string{
		"2015-04-01": "平成27", "2019-04-30": "平成31", "2019-05-01": "令和1", "2026-04-01": "令和8",
		"1989-01-07": "昭和64", "1989-01-08": "平成1", "1926-12-24": "大正15", "1905-07-07": "明治38",
	} {
		if got := eraYear(d); got != want {
			t.Errorf("eraYear(%s) = %s, want %s", d, got, want)
		}
	}
}
