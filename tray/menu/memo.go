package menu

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/otptray/otptray/i18n"
)

// Memo caches rendered catalogue messages. From one tick to the next almost
// every label is the same, and rendering a message template costs more than
// all the rest of a tick. The caller keeps it between builds; it is not safe
// for concurrent use.
type Memo struct {
	loc     *i18n.Localizer
	cache   map[string]string
	actions map[Action]Action
}

// memoLimit bounds the cache: labels with codes and countdowns keep coming.
const memoLimit = 2000

// T is loc.T, remembered.
func (m *Memo) T(loc *i18n.Localizer, id string, kv ...any) string {
	if m.loc != loc || len(m.cache) > memoLimit {
		m.loc, m.cache = loc, map[string]string{}
	}
	var key strings.Builder
	key.WriteString(id)
	for _, v := range kv {
		key.WriteByte(0)
		switch v := v.(type) {
		case string:
			key.WriteString(v)
		case int:
			key.WriteString(strconv.Itoa(v))
		default:
			fmt.Fprint(&key, v)
		}
	}
	k := key.String()
	if s, ok := m.cache[k]; ok {
		return s
	}
	s := loc.T(id, kv...)
	m.cache[k] = s
	return s
}

// actionOf is act, boxed once per Memo: an action with a field, put in an
// Action, costs an allocation, and the menu has dozens of them every build.
func actionOf[A interface {
	Action
	comparable
}](m *Memo, act A) Action {
	if m == nil {
		return act
	}
	if m.actions == nil || len(m.actions) > memoLimit {
		m.actions = map[Action]Action{}
	}
	if boxed, ok := m.actions[act]; ok {
		return boxed
	}
	boxed := Action(act)
	m.actions[boxed] = boxed
	return boxed
}
