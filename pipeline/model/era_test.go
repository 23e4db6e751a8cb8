package model

import "testing"

func TestFiscalYearDisplay(t *testing.T) {
	// Expected values follow SPEC.md: 平成N = 1988+N, 令和N = 2018+N, 元 = 1.
	tests := []struct {
		y    FiscalYear
		want string
	}{
		{FiscalYear{2015, "平成27年度"}, "平成27年度"},
		{FiscalYear{2020, "平成32年度"}, "令和2年度（平成32年度）"},
		{FiscalYear{2019, "平成31年度"}, "令和元年度（平成31年度）"},
		{FiscalYear{2019, "令和元年度"}, "令和元年度"},
		{FiscalYear{2021, "R3年度"}, "令和3年度（R3年度）"},
		{FiscalYear{2021, ""}, "令和3年度"},
		{FiscalYear{2018, "2018年度"}, "平成30年度（2018年度）"},
	}
	for _, tt := range tests {
		if got := tt.y.Display(); got != tt.want {
			t.Errorf("%+v.Display() = %q, want %q", tt.y, got, tt.want)
		}
	}
}

func TestWarekiDate(t *testing.T) {
	tests := map[string]string{
		"2026-11-23": "令和8年11月23日",
		"2019-05-01": "令和元年5月1日",
		"2019-04-30": "平成31年4月30日",
		"1989-01-08": "平成元年1月8日",
	}
	for in, want := range tests {
		got, err := WarekiDate(in)
		if err != nil || got != want {
			t.Errorf("WarekiDate(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	if _, err := WarekiDate("2026/11/23"); err == nil {
		t.Error("WarekiDate accepted 2026/11/23")
	}
}

func TestRateString(t *testing.T) {
	tests := map[Rate]string{
		{Tenths: 1063, Valid: true}: "106.3",
		{Tenths: 0, Valid: true}:    "0.0",
		{Tenths: -5, Valid: true}:   "-0.5",
		{}:                          "—",
	}
	for r, want := range tests {
		if got := r.String(); got != want {
			t.Errorf("%+v.String() = %q, want %q", r, got, want)
		}
	}
}

func TestSortFindingsOrdersCellsByRowThenColumn(t *testing.T) {
	fs := []Finding{
		{Source: Source{File: "a", Sheet: "s", Cell: "A10"}},
		{Source: Source{File: "a", Sheet: "s", Cell: "AA2"}},
		{Source: Source{File: "a", Sheet: "s", Cell: "B2"}},
		{Source: Source{File: "a", Sheet: "s", Cell: ""}},
	}
	SortFindings(fs)
	got := []string{fs[0].Cell, fs[1].Cell, fs[2].Cell, fs[3].Cell}
	want := []string{"", "B2", "AA2", "A10"}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("order = %v, want %v", got, want)
		}
	}
}

func TestFiscalYearOfDate(t *testing.T) {
	for date, want := range map[string]int{"2026-03-31": 2025, "2026-04-01": 2026, "2019-05-01": 2019, "2020-01-15": 2019} {
		if got, ok := FiscalYearOfDate(date); !ok || got != want {
			t.Errorf("FiscalYearOfDate(%s) = %d, %v; want %d", date, got, ok, want)
		}
	}
	for _, bad := range []string{"", "2026-13-01", "2026/04/01", "令和8年4月1日"} {
		if _, ok := FiscalYearOfDate(bad); ok {
			t.Errorf("FiscalYearOfDate(%q) accepted", bad)
		}
	}
}
