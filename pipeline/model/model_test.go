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
