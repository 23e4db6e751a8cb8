package corpus

import (
	"fmt"
	"os"
	"path/filepath"

	"planreport/pipeline/model"
	"planreport/templates"
)

// Titles of the workbooks hidden behind the folder and the link: they must
// never appear in a batch or a report.
const (
	FolderTitle  = "フォルダの中に置かれた取組"
	OutsideTitle = "入力フォルダの外にある取組"
)

// OutsideDir is the folder, beside the input folder, that link.xlsx points
// into.
const OutsideDir = "corpus-outside"

// folderEntries are entries that are not files.
func folderEntries() []Entry {
	notRead := func(title string) func(*model.Batch) error {
		return func(b *model.Batch) error {
			for _, in := range b.Initiatives {
				if in.Title == title {
					return fmt.Errorf("%s was read from %s", title, in.Source)
				}
			}
			return nil
		}
	}
	return []Entry{
		{
			Name: "x.xlsx", About: "a folder named x.xlsx holding a workbook", Status: model.FileRejected,
			Want:   []Want{fileErr("file_directory")},
			Verify: notRead(FolderTitle),
			make: func(dir string) error {
				inner := filepath.Join(dir, "x.xlsx")
				if err := os.Mkdir(inner, 0o755); err != nil {
					return err
				}
				return writeTitled(filepath.Join(inner, "inner.xlsx"), 60, FolderTitle)
			},
		},
		{
			Name: "link.xlsx", About: "a symbolic link to a workbook outside the input folder", Status: model.FileRejected,
			Want:   []Want{fileErr("file_symlink")},
			Verify: notRead(OutsideTitle),
			make: func(dir string) error {
				outside := filepath.Join(filepath.Dir(filepath.Clean(dir)), OutsideDir)
				if err := os.MkdirAll(outside, 0o755); err != nil {
					return err
				}
				target := filepath.Join(outside, "secret.xlsx")
				if err := writeTitled(target, 61, OutsideTitle); err != nil {
					return err
				}
				// Relative, as a hostile user would plant it: ../corpus-outside/secret.xlsx.
				return os.Symlink(filepath.Join("..", OutsideDir, "secret.xlsx"), filepath.Join(dir, "link.xlsx"))
			},
		},
	}
}

// writeTitled writes a clean workbook whose sheet has the given title.
func writeTitled(path string, number int, title string) error {
	s := baseSheet(number)
	s.Title = title
	data, err := book("t", []templates.Sheet{s}, nil)
	if err != nil {
		return err
	}
	return os.WriteFile(path, data, 0o644)
}
