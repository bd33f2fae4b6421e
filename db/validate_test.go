package db

import (
	"errors"
	"strings"
	"testing"
)

func TestCheckName(t *testing.T) {
	ok := []string{"jsmith", "zoë", "O'Brien; DROP TABLE experimenter; --", "a/b", "..", strings.Repeat("x", MaxNameLength)}
	for _, s := range ok {
		if err := checkName("name", s); err != nil {
			t.Errorf("checkName(%q) = %v", s, err)
		}
	}
	bad := []string{"", "   ", "a\nb", "tab\there", "nul\x00", "bell\a", "\xff\xfe", strings.Repeat("x", MaxNameLength+1)}
	for _, s := range bad {
		var in *InputError
		if err := checkName("name", s); !errors.As(err, &in) {
			t.Errorf("checkName(%q) = %v, want an input error", s, err)
		}
	}
	if err := checkText("email", ""); err != nil {
		t.Errorf("an empty optional field was refused: %v", err)
	}
}
