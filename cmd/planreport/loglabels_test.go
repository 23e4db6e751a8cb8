package main

import (
	"bytes"
	"context"
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"log/slog"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// runOnTerminal runs the sample through runMain with stderr a terminal or
// not, and returns stderr.
func runOnTerminal(t *testing.T, tty bool, extra ...string) string {
	t.Helper()
	dir := copySample(t)
	var stdout, stderr bytes.Buffer
	e := &env{stdout: &stdout, stderr: &stderr, getenv: func(string) string { return "" }, stderrTTY: tty}
	args := append([]string{"run", "-input", filepath.Join(dir, "input"), "-output", filepath.Join(dir, "output"), "-date", "2026-11-23"}, extra...)
	if code := runMain(context.Background(), args, e); code > 1 {
		t.Fatalf("exit %d\n%s", code, stderr.String())
	}
	return stderr.String()
}

// TestTerminalLogSpeaksJapanese: on a terminal the log's keys are
// Japanese (ファイル数=6, not files=6), and so are its levels; a log that
// goes to a file (stderr not a terminal) or JSON keeps the machine keys.
func TestTerminalLogSpeaksJapanese(t *testing.T) {
	term := runOnTerminal(t, true)
	for _, want := range []string{"種別=情報 内容=ブックを読み込みました ファイル数=", " 読込数=", " 管理シート数=", " エラー件数="} {
		if !strings.Contains(term, want) {
			t.Errorf("terminal log lacks %q:\n%s", want, term)
		}
	}
	for _, machine := range []string{" files=", " parsed=", "level=INFO", "msg="} {
		if strings.Contains(term, machine) {
			t.Errorf("terminal log has the machine key %q:\n%s", machine, term)
		}
	}
	file := runOnTerminal(t, false)
	if !strings.Contains(file, "level=INFO msg=ブックを読み込みました files=") || strings.Contains(file, "ファイル数=") {
		t.Errorf("a log to a file must keep the machine keys:\n%s", file)
	}
	js := runOnTerminal(t, true, "-log-format", "json")
	if !strings.Contains(js, `"msg":"ブックを読み込みました","files":`) || strings.Contains(js, "ファイル数") {
		t.Errorf("the JSON log must keep the machine keys:\n%s", js)
	}
}

// TestLabelAttrKeepsUnknownKeys: a key the table does not know is shown
// as it is, and so is every key inside a group.
func TestLabelAttrKeepsUnknownKeys(t *testing.T) {
	if a := labelAttr(nil, slog.String("new_key", "x")); a.Key != "new_key" {
		t.Errorf("unknown key became %q", a.Key)
	}
	if a := labelAttr([]string{"g"}, slog.String("file", "x")); a.Key != "file" {
		t.Errorf("grouped key became %q", a.Key)
	}
	if a := labelAttr(nil, slog.String("file", "x")); a.Key != "ファイル" {
		t.Errorf("file became %q", a.Key)
	}
}

// logKey is what a log attribute's key looks like.
var logKey = regexp.MustCompile(`^[a-z][a-z0-9_]*$`)

// TestLogLabelsCoverTheLogCalls: every key a log call of the product
// writes (log.Info(msg, "key", v, …), log.With("key", v), slog.String("key",
// …)) has a Japanese label, so that a key added later is not left in
// English on the office's terminal.
func TestLogLabelsCoverTheLogCalls(t *testing.T) {
	fset := token.NewFileSet()
	for _, root := range []string{"../../pipeline", "."} {
		err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
				return err
			}
			f, err := parser.ParseFile(fset, path, nil, 0)
			if err != nil {
				return err
			}
			for _, key := range logCallKeys(f) {
				if _, ok := logLabels[key.Value]; !ok {
					t.Errorf("%s: log key %s has no label in logLabels", fset.Position(key.Pos()), key.Value)
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
}

// keyStart is the position of the first key among a log call's
// arguments; -1 for a call that is not a log call.
func keyStart(sel *ast.SelectorExpr) int {
	name := sel.Sel.Name
	switch x, _ := sel.X.(*ast.Ident); {
	case name == "Info" || name == "Warn" || name == "Error" || name == "Debug":
		return 1 // Info(msg, "key", v, …)
	case strings.HasSuffix(name, "Context") && name != "WithContext":
		return 2 // InfoContext(ctx, msg, "key", v, …)
	case name == "Log":
		return 3 // Log(ctx, level, msg, "key", v, …)
	case name == "With":
		return 0
	case x != nil && x.Name == "slog" && name != "New":
		return 0 // slog.String("key", v)
	}
	return -1
}

// logCallKeys returns the string literals in key position of f's log
// calls.
func logCallKeys(f *ast.File) []*ast.BasicLit {
	var keys []*ast.BasicLit
	ast.Inspect(f, func(n ast.Node) bool {
		c, ok := n.(*ast.CallExpr)
		if !ok {
			return true
		}
		sel, ok := c.Fun.(*ast.SelectorExpr)
		if !ok {
			return true
		}
		first := keyStart(sel)
		for i := first; i >= 0 && i < len(c.Args); i += 2 {
			if lit, ok := c.Args[i].(*ast.BasicLit); ok && lit.Kind == token.STRING {
				s, _ := strconv.Unquote(lit.Value)
				if logKey.MatchString(s) {
					keys = append(keys, &ast.BasicLit{ValuePos: lit.ValuePos, Kind: lit.Kind, Value: s})
				}
			}
		}
		return true
	})
	return keys
}
