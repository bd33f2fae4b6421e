package perms

import (
	"regexp"
	"testing"
)

var canonical = regexp.MustCompile(`^(r|-)(w|a|-)(r|-)(w|a|-)(r|-)(w|a|-)$`)

// FuzzParsePermissions: whatever parses prints canonically and parses back to the
// same value; whatever does not is refused with OMERO's message.
func FuzzParsePermissions(f *testing.F) {
	for _, s := range []string{"rw----", "RWR-__", "Lrwra--", "rwrw--", "-w----", "", "rwx---", "rwrwrwrw", "ȓw----"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		p, err := ParsePermissions(s)
		if err != nil {
			if err.Error() != "Invalid permission string: "+s {
				t.Fatalf("ParsePermissions(%q) error %q", s, err)
			}
			return
		}
		str := p.String()
		if !canonical.MatchString(str) {
			t.Fatalf("ParsePermissions(%q).String() = %q is not canonical", s, str)
		}
		q, err := ParsePermissions(str)
		if err != nil || q != p {
			t.Fatalf("round trip of %q: %q -> %d, %v (want %d)", s, str, q, err, p)
		}
	})
}
