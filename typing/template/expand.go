package template

import (
	"time"

	"github.com/otptray/otptray/internal/msg"
)

// DefaultMinLeft is how long a code must still be valid to be typed: with
// less left, the server may see it only after it changed, so the next code
// is waited for and typed instead.
const DefaultMinLeft = 3 * time.Second

// CodeAt returns the token's code at instant t and the first instant it is
// no longer valid (the next period boundary); a zero until means the code
// does not expire with time (a counter-based token).
type CodeAt func(t time.Time) (code string, until time.Time)

// ActionKind is what an action of a plan does.
type ActionKind int

const (
	TypeText ActionKind = iota // type Action.Text
	PressTab
	PressEnter
	WaitUntil // wait until Action.Until before the next action
)

// Action is one step of a plan.
type Action struct {
	Kind  ActionKind
	Text  string    // for TypeText
	Until time.Time // for WaitUntil
}

// Expand plans steps for a token at instant now: codeAt gives its codes,
// id its credential ID. If the first {code} (before any {wait}) would have
// less than minLeft left at now, the plan waits for the next period first
// and types that code. Codes of later periods are those at their
// boundaries, so the plan is exact however long the waits take.
//
// It refuses {wait} and {next} for a code that does not expire with time,
// and {id} without an ID.
func Expand(steps []Step, codeAt CodeAt, id string, now time.Time, minLeft time.Duration) ([]Action, error) {
	if NeedsID(steps) && id == "" {
		return nil, msg.New("typing.template.no_id", nil)
	}
	at := now
	if _, until := codeAt(now); until.IsZero() && NeedsPeriod(steps) {
		return nil, msg.New("typing.template.no_period", nil)
	} else if firstCodeBeforeWait(steps) && !until.IsZero() && until.Sub(now) < minLeft {
		at = until
	}
	var plan []Action
	if at != now {
		plan = append(plan, Action{Kind: WaitUntil, Until: at})
	}
	for _, s := range steps {
		switch s.Kind {
		case Text:
			plan = appendText(plan, s.Text)
		case ID:
			plan = appendText(plan, id)
		case Code:
			code, _ := codeAt(at)
			plan = appendText(plan, code)
		case Next:
			_, until := codeAt(at)
			code, _ := codeAt(until)
			plan = appendText(plan, code)
		case Tab:
			plan = append(plan, Action{Kind: PressTab})
		case Enter:
			plan = append(plan, Action{Kind: PressEnter})
		case Wait:
			_, at = codeAt(at)
			plan = append(plan, Action{Kind: WaitUntil, Until: at})
		}
	}
	return plan, nil
}

// appendText types text, joined to the text typed just before.
func appendText(plan []Action, text string) []Action {
	if text == "" {
		return plan
	}
	if n := len(plan); n > 0 && plan[n-1].Kind == TypeText {
		plan[n-1].Text += text
		return plan
	}
	return append(plan, Action{Kind: TypeText, Text: text})
}

// firstCodeBeforeWait reports whether steps type {code} before their first
// {wait}: only then is the code of now typed at once.
func firstCodeBeforeWait(steps []Step) bool {
	for _, s := range steps {
		switch s.Kind {
		case Code:
			return true
		case Wait:
			return false
		}
	}
	return false
}
