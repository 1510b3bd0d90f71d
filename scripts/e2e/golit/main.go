// Command golit prints the value of every string literal in a Go source file, as Go's own
// parser and strconv.Unquote read it, so the e2e check can compare the strings a generated
// Pulumi program holds with the ones its manifests supplied.
//
// Usage: golit FILE.go
//
// Output: a JSON array of strings, in source order, one per *ast.BasicLit of kind STRING
// (interpreted "..." and raw `...` literals; comments are not parsed, so they are not
// included). Exit status 1, with the reason on stderr, when go/parser rejects the file, when
// strconv.Unquote rejects a literal, or when a literal's value is not valid UTF-8 (JSON cannot
// carry it, and a Pulumi string must be UTF-8).
//
// Standard library only, so it builds offline (GOPROXY=off, GOTOOLCHAIN=local).
package main

import (
	"encoding/json"
	"fmt"
	"go/ast"
	"go/parser"
	"go/scanner"
	"go/token"
	"os"
	"strconv"
	"unicode/utf8"
)

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: golit FILE.go")
		os.Exit(2)
	}
	path := os.Args[1]
	src, err := os.ReadFile(path)
	if err != nil {
		fmt.Fprintf(os.Stderr, "golit: %v\n", err)
		os.Exit(1)
	}
	fset := token.NewFileSet()
	// Mode 0: no comments in the tree, every syntax error reported (AllErrors keeps them all).
	file, err := parser.ParseFile(fset, path, src, parser.AllErrors)
	if err != nil {
		if list, ok := err.(scanner.ErrorList); ok {
			for _, e := range list {
				fmt.Fprintf(os.Stderr, "go/parser: %s\n", e)
			}
		} else {
			fmt.Fprintf(os.Stderr, "go/parser: %v\n", err)
		}
		os.Exit(1)
	}

	values := []string{}
	failed := false
	ast.Inspect(file, func(n ast.Node) bool {
		lit, ok := n.(*ast.BasicLit)
		if !ok || lit.Kind != token.STRING {
			return true
		}
		pos := fset.Position(lit.Pos())
		v, err := strconv.Unquote(lit.Value)
		if err != nil {
			fmt.Fprintf(os.Stderr, "strconv.Unquote: %s: %v: %s\n", pos, err, strconv.QuoteToASCII(lit.Value))
			failed = true
			return true
		}
		if !utf8.ValidString(v) {
			fmt.Fprintf(os.Stderr, "strconv.Unquote: %s: value is not valid UTF-8: %s\n", pos, strconv.QuoteToASCII(v))
			failed = true
			return true
		}
		values = append(values, v)
		return true
	})
	if failed {
		os.Exit(1)
	}
	out, err := json.Marshal(values)
	if err != nil {
		fmt.Fprintf(os.Stderr, "golit: %v\n", err)
		os.Exit(1)
	}
	os.Stdout.Write(append(out, '\n'))
}
