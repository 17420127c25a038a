package tray

import "slices"

// Flat is one entry without its children, with the key of its parent: the
// unit the binding creates and updates.
type Flat struct {
	Entry         // Children is nil
	Parent string // "" for the top level
}

// Flatten lists the entries depth first, parents before their children.
func Flatten(es []Entry) []Flat {
	out := make([]Flat, 0, count(es))
	var walk func(es []Entry, parent string)
	walk = func(es []Entry, parent string) {
		for _, e := range es {
			children := e.Children
			e.Children = nil
			out = append(out, Flat{Entry: e, Parent: parent})
			walk(children, e.Key)
		}
	}
	walk(es, "")
	return out
}

func count(es []Entry) int {
	n := len(es)
	for _, e := range es {
		n += count(e.Children)
	}
	return n
}

// shape is what the binding cannot change on an existing item: where it is
// and what kind of item it is.
type shape struct {
	key, parent          string
	separator, checkable bool
	submenu              bool
}

func shapes(fs []Flat) []shape {
	parents := map[string]bool{}
	for _, f := range fs {
		parents[f.Parent] = true
	}
	out := make([]shape, len(fs))
	for i, f := range fs {
		out[i] = shape{f.Key, f.Parent, f.Separator, f.Checkable, parents[f.Key]}
	}
	return out
}

// Diff compares two menus. When their structure differs (entries added,
// removed, moved, or changed in kind) the binding must rebuild the menu and
// rebuild is true; otherwise changed lists the entries whose label, tooltip,
// state or visibility differ, in menu order.
func Diff(old, new []Entry) (changed []Flat, rebuild bool) {
	of, nf := Flatten(old), Flatten(new)
	if len(of) != len(nf) || !slices.Equal(shapes(of), shapes(nf)) {
		return nil, true
	}
	for i := range nf {
		if !sameState(nf[i].Entry, of[i].Entry) {
			changed = append(changed, nf[i])
		}
	}
	return changed, false
}

func sameState(a, b Entry) bool {
	return a.Label == b.Label && a.Tooltip == b.Tooltip && a.Enabled == b.Enabled &&
		a.Visible == b.Visible && a.Checked == b.Checked
}
