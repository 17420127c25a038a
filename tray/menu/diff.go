package menu

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

// Diff compares two menus. When their structure differs (entries added,
// removed, moved, or changed in kind) the binding must rebuild the menu and
// rebuild is true; otherwise changed lists the entries whose label, tooltip,
// state or visibility differ, in menu order.
func Diff(old, new []Entry) (changed []Flat, rebuild bool) {
	of, nf := Flatten(old), Flatten(new)
	if len(of) != len(nf) {
		return nil, true
	}
	for i := range nf {
		// What the binding cannot change on an existing item: where it is
		// and what kind of item it is. (Equal keys and parents everywhere
		// also mean the same items have submenus.)
		o, n := &of[i], &nf[i]
		if o.Key != n.Key || o.Parent != n.Parent || o.Separator != n.Separator || o.Checkable != n.Checkable {
			return nil, true
		}
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
