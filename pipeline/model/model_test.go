package model

import (
	"slices"
	"testing"
)

func TestDepartments(t *testing.T) {
	tests := []struct {
		department string
		want       []string
	}{
		{"総務部", []string{"総務部"}},
		{"総務部・財務部", []string{"総務部", "財務部"}},
		{"総務部･財務部", []string{"総務部", "財務部"}},
		{"総務部、財務部", []string{"総務部", "財務部"}},
		{"総務部，財務部", []string{"総務部", "財務部"}},
		{"総務部, 財務部", []string{"総務部", "財務部"}},
		{"総務部・総務部", []string{"総務部"}},
		{"産業・観光部", []string{"産業・観光部"}}, // one department with ・ in its name
		{"まちづくり推進・地域振興・防災危機管理統括部", []string{"まちづくり推進・地域振興・防災危機管理統括部"}},
		{"総務部・会計室", []string{"総務部", "会計室"}},
		{"産業・観光部、総務部", []string{"産業・観光部", "総務部"}}, // 、 splits, ・ inside a name does not
		{"総務部・財務部、企画部", []string{"総務部", "財務部", "企画部"}},
		{"", []string{NoDepartment}}, // counted somewhere, never lost
		{"、", []string{NoDepartment}},
	}
	for _, tt := range tests {
		in := &Initiative{Department: tt.department}
		if got := in.Departments(); !slices.Equal(got, tt.want) {
			t.Errorf("Departments(%q) = %q, want %q", tt.department, got, tt.want)
		}
	}
}

// isPlainDecimal is IsDecimal's shortcut past ParseDecimal: whatever it
// accepts, ParseDecimal must accept too, and IsDecimal must agree with
// ParseDecimal either way.
func TestIsPlainDecimal(t *testing.T) {
	for _, c := range []struct {
		in   string
		want bool
	}{
		{"42", true}, {"42.0", true}, {"-0.5", true}, {"007", true}, {"123456789012345678901234567890.123456789012345", true},
		{"", false}, {"-", false}, {".5", false}, {"5.", false}, {"1.2.3", false}, {"--1", false}, {"+1", false},
		{"1e3", false}, {"0x1F", false}, {"1/2", false}, {"１２", false}, {"12 ", false},
	} {
		if got := isPlainDecimal(c.in); got != c.want {
			t.Errorf("isPlainDecimal(%q) = %v, want %v", c.in, got, c.want)
		}
		_, parses := ParseDecimal(c.in)
		if c.want && !parses {
			t.Errorf("%q: ParseDecimal refuses what isPlainDecimal accepts", c.in)
		}
		if IsDecimal(c.in) != parses {
			t.Errorf("IsDecimal(%q) = %v, ParseDecimal says %v", c.in, !parses, parses)
		}
	}
}
