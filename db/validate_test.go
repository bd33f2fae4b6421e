package db

import (
	"strings"
	"testing"

	"github.com/omero-go/omero/perms/fault"
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
		if err := checkName("name", s); err == nil || fault.KindOf(err) != fault.Usage {
			t.Errorf("checkName(%q) = %v, want an input error", s, err)
		}
	}
	if err := checkText("email", ""); err != nil {
		t.Errorf("an empty optional field was refused: %v", err)
	}
}

func TestCheckPrincipalName(t *testing.T) {
	ok := []string{"jsmith", "zoë", "café", "Zellbiologie – Mikroskopie 顕微鏡", "a b"}
	for _, s := range ok {
		if err := checkPrincipalName("login name", s); err != nil {
			t.Errorf("checkPrincipalName(%q) = %v", s, err)
		}
	}
	bad := map[string]string{
		"root ":          "the login name may not start or end with a space",
		" root":          "the login name may not start or end with a space",
		"root\u00a0":     "the login name may not start or end with a space",
		"ad\u202enimr":   "the login name may not contain the invisible format character U+202E",
		"ro\u200bot":     "the login name may not contain the invisible format character U+200B",
		"\ufeffroot":     "the login name may not contain the invisible format character U+FEFF",
		"a\u00adb":       "the login name may not contain the invisible format character U+00AD",
		"mi\u200cnoo":    "the login name may not contain the invisible format character U+200C",
		"":               "the login name may not be empty",
		"two\nlines":     "the login name may not contain control characters",
		"\U000e0001root": "the login name may not contain the invisible format character U+E0001",
		"root\ufe0f":     "the login name may not contain the invisible character U+FE0F",
		"ro\u034fot":     "the login name may not contain the invisible character U+034F",
		"\u3164":         "the login name may not contain the invisible character U+3164",
		"root\u2800":     "the login name may not contain the invisible character U+2800",
		"\u115fa":        "the login name may not contain the invisible character U+115F",
		"a\uffa0":        "the login name may not contain the invisible character U+FFA0",
		"x\U000e0100":    "the login name may not contain the invisible character U+E0100",
	}
	for s, want := range bad {
		if err := checkPrincipalName("login name", s); err == nil || err.Error() != want {
			t.Errorf("checkPrincipalName(%q) = %v, want %q", s, err, want)
		}
	}
}

func TestCanonicalName(t *testing.T) {
	if got := CanonicalName("cafe\u0301"); got != "caf\u00e9" {
		t.Errorf("CanonicalName(NFD café) = %q, want the NFC spelling", got)
	}
	if got := CanonicalName("root"); got != "root" {
		t.Errorf("CanonicalName(root) = %q", got)
	}
}
