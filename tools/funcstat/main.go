// Command funcstat reports the length of every function declaration in the
// non-test Go code under the given directories (default "."), skipping
// third_party, testdata and hidden directories. It prints the functions
// longer than -over lines, longest first, and a summary line with the
// number of functions, how many exceed 80 and 120 lines, and the longest.
//
//	go run ./tools/funcstat -over 80 .
package main

import (
	"flag"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

type funcLen struct {
	name  string
	pos   string
	lines int
}

func main() {
	over := flag.Int("over", 80, "list functions longer than this many lines")
	flag.Parse()
	roots := flag.Args()
	if len(roots) == 0 {
		roots = []string{"."}
	}
	var all []funcLen
	for _, root := range roots {
		fl, err := scan(root)
		if err != nil {
			fmt.Fprintln(os.Stderr, "funcstat:", err)
			os.Exit(1)
		}
		all = append(all, fl...)
	}
	sort.SliceStable(all, func(i, j int) bool { return all[i].lines > all[j].lines })
	n80, n120 := 0, 0
	for _, f := range all {
		if f.lines > *over {
			fmt.Printf("%4d %s %s\n", f.lines, f.name, f.pos)
		}
		if f.lines > 80 {
			n80++
		}
		if f.lines > 120 {
			n120++
		}
	}
	longest := 0
	if len(all) > 0 {
		longest = all[0].lines
	}
	fmt.Printf("functions %d, over 80 lines %d, over 120 lines %d, longest %d\n", len(all), n80, n120, longest)
}

// scan parses every non-test Go file under root and returns the length of
// each function declaration, counted from the func keyword to the closing
// brace.
func scan(root string) ([]funcLen, error) {
	var out []funcLen
	fset := token.NewFileSet()
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			name := d.Name()
			if path != root && (name == "third_party" || name == "testdata" || name == "vendor" || strings.HasPrefix(name, ".")) {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return nil
		}
		file, err := parser.ParseFile(fset, path, nil, parser.SkipObjectResolution)
		if err != nil {
			return err
		}
		for _, decl := range file.Decls {
			fn, ok := decl.(*ast.FuncDecl)
			if !ok || fn.Body == nil {
				continue
			}
			start := fset.Position(fn.Pos())
			end := fset.Position(fn.End())
			out = append(out, funcLen{
				name:  funcName(file, fn),
				pos:   fmt.Sprintf("%s:%d", path, start.Line),
				lines: end.Line - start.Line + 1,
			})
		}
		return nil
	})
	return out, err
}

// funcName is package.Func or package.(Recv).Method, as gocyclo prints it.
func funcName(file *ast.File, fn *ast.FuncDecl) string {
	name := fn.Name.Name
	if fn.Recv != nil && len(fn.Recv.List) > 0 {
		t := fn.Recv.List[0].Type
		if s, ok := t.(*ast.StarExpr); ok {
			t = s.X
		}
		switch r := t.(type) {
		case *ast.Ident:
			name = "(" + r.Name + ")." + name
		case *ast.IndexExpr:
			if id, ok := r.X.(*ast.Ident); ok {
				name = "(" + id.Name + ")." + name
			}
		case *ast.IndexListExpr:
			if id, ok := r.X.(*ast.Ident); ok {
				name = "(" + id.Name + ")." + name
			}
		}
	}
	return file.Name.Name + "." + name
}
