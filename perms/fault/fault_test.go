package fault

import (
	"errors"
	"fmt"
	"testing"
)

func TestKindOfSeesThroughWrapping(t *testing.T) {
	base := New(NotFound, "Unknown user: %s", "x")
	for _, tc := range []struct {
		name string
		err  error
		want Kind
	}{
		{"plain", base, NotFound},
		{"fmt wrapped", fmt.Errorf("line 3: %w", base), NotFound},
		{"rekinded", Wrap(Usage, base), Usage},
		{"foreign", errors.New("driver"), Failed},
		{"nil error value of ours", &Error{Kind: Busy}, Busy},
	} {
		if got := KindOf(tc.err); got != tc.want {
			t.Errorf("%s: KindOf = %v, want %v", tc.name, got, tc.want)
		}
	}
}

func TestMessageHintAndRule(t *testing.T) {
	e := New(Denied, "SecurityViolation: Admins only!")
	e.Rule = "R-ROLE-4"
	h := e.WithHint("log in as an administrator")
	wrapped := fmt.Errorf("line 2: %w", h)
	if got := wrapped.Error(); got != "line 2: SecurityViolation: Admins only!" {
		t.Errorf("Error() = %q", got)
	}
	if e.Hint != "" {
		t.Errorf("WithHint changed its receiver")
	}
	if HintOf(wrapped) != "log in as an administrator" || RuleOf(wrapped) != "R-ROLE-4" {
		t.Errorf("HintOf/RuleOf = %q/%q", HintOf(wrapped), RuleOf(wrapped))
	}
	if Wrap(Failed, nil) != nil {
		t.Errorf("Wrap(nil) is not nil")
	}
	if got := Wrap(Auth, errors.New("cause")).Error(); got != "cause" {
		t.Errorf("wrapped message = %q", got)
	}
}

func TestSentinelsMatchByKindAndMessage(t *testing.T) {
	sentinel := &Error{Kind: Auth, Msg: "SecurityViolation: Bad credentials"}
	built := New(Auth, "SecurityViolation: Bad credentials")
	if !errors.Is(fmt.Errorf("login: %w", built), sentinel) {
		t.Error("an equal error does not match the sentinel")
	}
	if errors.Is(New(Failed, "SecurityViolation: Bad credentials"), sentinel) {
		t.Error("another kind matches the sentinel")
	}
}
