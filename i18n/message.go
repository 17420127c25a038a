package i18n

import (
	"errors"
	"fmt"
	"reflect"
	"strings"
	"sync"
	"text/template/parse"
)

// messageTemplate is a catalogue message in Go template syntax, parsed by
// text/template's own parser and run by the small evaluator below.
//
// Why not text/template itself: its Execute looks methods up by name at
// run time, and a program that can do that keeps every exported method of
// every type it links (the linker cannot tell which are used). For
// otptray-cli that is a fifth of the exe. Messages need a subset, the one
// the catalogue uses: {{.Name}}, printf, if/else with eq, ne and not; a
// message that uses more fails to parse, and the catalogue's tests render
// every message here and with text/template and require the same text.
type messageTemplate struct {
	root *parse.ListNode
}

// messageFuncs are the functions a message may call (the parser wants a
// non-nil value for each; evalPipe runs them).
var messageFuncs = map[string]any{"printf": true, "eq": true, "ne": true, "not": true}

// parseMessage parses src as a message template.
func parseMessage(src string) (*messageTemplate, error) {
	trees, err := parse.Parse("message", src, "", "", messageFuncs)
	if err != nil {
		return nil, err
	}
	if len(trees) != 1 || trees["message"] == nil {
		return nil, errors.New("a message cannot define templates")
	}
	root := trees["message"].Root
	if err := checkNodes(root); err != nil {
		return nil, err
	}
	return &messageTemplate{root: root}, nil
}

// checkNodes refuses, at parse time, what Execute cannot run.
func checkNodes(n parse.Node) error {
	switch n := n.(type) {
	case *parse.ListNode:
		if n == nil {
			return nil
		}
		for _, c := range n.Nodes {
			if err := checkNodes(c); err != nil {
				return err
			}
		}
		return nil
	case *parse.TextNode, *parse.CommentNode:
		return nil
	case *parse.ActionNode:
		return checkPipe(n.Pipe)
	case *parse.IfNode:
		if err := checkPipe(n.Pipe); err != nil {
			return err
		}
		if err := checkNodes(n.List); err != nil {
			return err
		}
		return checkNodes(n.ElseList)
	}
	return fmt.Errorf("%s: messages support only {{.Name}}, printf, eq, ne, not and if/else", n)
}

func checkPipe(p *parse.PipeNode) error {
	if len(p.Decl) > 0 || len(p.Cmds) != 1 {
		return fmt.Errorf("%s: a message action is one field or one call, without variables or pipes", p)
	}
	args := p.Cmds[0].Args
	if _, ok := args[0].(*parse.IdentifierNode); !ok {
		if len(args) > 1 {
			return fmt.Errorf("%s: only functions take arguments", p)
		}
	}
	for _, a := range args {
		switch a := a.(type) {
		case *parse.IdentifierNode, *parse.StringNode, *parse.BoolNode:
		case *parse.NumberNode:
			if !a.IsInt && !a.IsFloat {
				return fmt.Errorf("%s: only integer and decimal numbers are supported", a)
			}
		case *parse.FieldNode:
			if len(a.Ident) != 1 {
				return fmt.Errorf("%s: a message reads only top-level fields (.Name)", a)
			}
		default:
			return fmt.Errorf("%s: not supported in a message", a)
		}
	}
	return nil
}

// renderMessage parses src (once: the tray renders the same few messages
// every second) and executes it with args.
func renderMessage(src string, args map[string]any) (string, error) {
	r, ok := parsedMessages.Load(src)
	if !ok {
		t, err := parseMessage(src)
		r = parsed{t, err}
		parsedMessages.Store(src, r)
	}
	p := r.(parsed)
	if p.err != nil {
		return "", p.err
	}
	return p.t.Execute(args)
}

// parsedMessages caches parseMessage by source; the sources are the
// catalogue's messages, a bounded set.
var parsedMessages sync.Map // source -> parsed

type parsed struct {
	t   *messageTemplate
	err error
}

// Execute renders the message with args. As with text/template and its
// default missingkey option, a missing argument prints as "<no value>".
func (m *messageTemplate) Execute(args map[string]any) (string, error) {
	var b strings.Builder
	if err := execList(&b, m.root, args); err != nil {
		return "", err
	}
	return b.String(), nil
}

func execList(b *strings.Builder, l *parse.ListNode, args map[string]any) error {
	if l == nil {
		return nil
	}
	for _, n := range l.Nodes {
		switch n := n.(type) {
		case *parse.TextNode:
			b.Write(n.Text)
		case *parse.ActionNode:
			v, err := evalPipe(n.Pipe, args)
			if err != nil {
				return err
			}
			printValue(b, v)
		case *parse.IfNode:
			v, err := evalPipe(n.Pipe, args)
			if err != nil {
				return err
			}
			branch := n.ElseList
			if truth(v) {
				branch = n.List
			}
			if err := execList(b, branch, args); err != nil {
				return err
			}
		}
	}
	return nil
}

// evalPipe evaluates a checked pipeline: one field, literal or call.
func evalPipe(p *parse.PipeNode, args map[string]any) (any, error) {
	cmd := p.Cmds[0].Args
	fn, ok := cmd[0].(*parse.IdentifierNode)
	if !ok {
		return evalArg(cmd[0], args), nil
	}
	vals := make([]any, len(cmd)-1)
	for i, a := range cmd[1:] {
		vals[i] = evalArg(a, args)
	}
	switch fn.Ident {
	case "printf":
		if len(vals) == 0 {
			return nil, errors.New("printf needs a format")
		}
		format, ok := vals[0].(string)
		if !ok {
			return nil, errors.New("printf's format must be a string")
		}
		return fmt.Sprintf(format, vals[1:]...), nil
	case "not":
		if len(vals) != 1 {
			return nil, errors.New("not takes one argument")
		}
		return !truth(vals[0]), nil
	case "eq", "ne":
		if len(vals) != 2 {
			return nil, fmt.Errorf("%s takes two arguments", fn.Ident)
		}
		same, err := equal(vals[0], vals[1])
		return same == (fn.Ident == "eq"), err
	}
	return nil, fmt.Errorf("function %q not defined", fn.Ident)
}

func evalArg(n parse.Node, args map[string]any) any {
	switch n := n.(type) {
	case *parse.FieldNode:
		return args[n.Ident[0]] // nil when missing
	case *parse.StringNode:
		return n.Text
	case *parse.BoolNode:
		return n.True
	case *parse.NumberNode:
		if n.IsInt {
			return int(n.Int64)
		}
		return n.Float64
	}
	return nil
}

var (
	errorType    = reflect.TypeFor[error]()
	stringerType = reflect.TypeFor[fmt.Stringer]()
)

// printValue prints v as text/template does: nil as "<no value>", a
// pointer as what it points to unless the pointer is the error or Stringer.
func printValue(b *strings.Builder, v any) {
	if v == nil {
		b.WriteString("<no value>")
		return
	}
	rv := reflect.ValueOf(v)
	if rv.Kind() == reflect.Pointer {
		for rv.Kind() == reflect.Pointer && !rv.IsNil() {
			rv = rv.Elem()
		}
		t := rv.Type()
		if !t.Implements(errorType) && !t.Implements(stringerType) && rv.CanAddr() &&
			(reflect.PointerTo(t).Implements(errorType) || reflect.PointerTo(t).Implements(stringerType)) {
			rv = rv.Addr()
		}
		v = rv.Interface()
	}
	fmt.Fprint(b, v)
}

// truth is text/template's idea of true: not the zero value, and not empty.
func truth(v any) bool {
	if v == nil {
		return false
	}
	rv := reflect.ValueOf(v)
	switch rv.Kind() {
	case reflect.Array, reflect.Map, reflect.Slice, reflect.String:
		return rv.Len() > 0
	case reflect.Struct:
		return true
	case reflect.Chan, reflect.Func, reflect.Pointer, reflect.UnsafePointer, reflect.Interface:
		return !rv.IsNil()
	}
	return !rv.IsZero()
}

// equal compares two basic values as text/template's eq does: integers of
// any size and sign by value; a missing value equals nothing; other pairs of
// different kinds are an error.
func equal(a, b any) (bool, error) {
	if a == nil || b == nil {
		return a == nil && b == nil, nil
	}
	x, y := reflect.ValueOf(a), reflect.ValueOf(b)
	kx, ky := basicKind(x), basicKind(y)
	switch {
	case kx == "int" && ky == "uint":
		return x.Int() >= 0 && uint64(x.Int()) == y.Uint(), nil
	case kx == "uint" && ky == "int":
		return y.Int() >= 0 && x.Uint() == uint64(y.Int()), nil
	case kx != ky || kx == "":
		return false, fmt.Errorf("cannot compare %T with %T", a, b)
	case kx == "int":
		return x.Int() == y.Int(), nil
	case kx == "uint":
		return x.Uint() == y.Uint(), nil
	case kx == "float":
		return x.Float() == y.Float(), nil
	case kx == "complex":
		return x.Complex() == y.Complex(), nil
	case kx == "string":
		return x.String() == y.String(), nil
	}
	return x.Bool() == y.Bool(), nil
}

func basicKind(v reflect.Value) string {
	switch v.Kind() {
	case reflect.Bool:
		return "bool"
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return "int"
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		return "uint"
	case reflect.Float32, reflect.Float64:
		return "float"
	case reflect.Complex64, reflect.Complex128:
		return "complex"
	case reflect.String:
		return "string"
	}
	return ""
}
