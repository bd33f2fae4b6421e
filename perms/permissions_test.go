package perms

import (
	"errors"
	"testing"

	"github.com/omero-go/omero/perms/fault"
)

func TestRulePermissionStrings(t *testing.T) {
	valid := []struct {
		rule, in  string
		value     Permissions
		canonical string
	}{
		{"R-PERM-3/private", "rw----", -120, "rw----"},
		{"R-PERM-3/read-only", "rwr---", -56, "rwr---"},
		{"R-PERM-3/read-annotate", "rwra--", -40, "rwra--"},
		{"R-PERM-3/read-write", "rwrw--", -8, "rwrw--"},
		{"R-PERM-2/world-readable", "rwr-r-", -52, "rwr-r-"},
		{"R-PERM-2/read-write world-readable", "rwrwr-", -4, "rwrwr-"},
		{"R-PERM-2/everything", "rwrwrw", -1, "rwrwrw"},
		{"R-PERM-1/upper case and underscores", "RWR-__", -56, "rwr---"},
		{"R-PERM-1/leading L", "Lrwra--", -40, "rwra--"},
		{"R-PERM-1/write implies annotate", "rwrwrw", -1, "rwrwrw"},
		{"R-PERM-1/annotate without write", "rara--", -552, "rara--"},
	}
	for _, c := range valid {
		t.Run(c.rule, func(t *testing.T) {
			p, err := ParsePermissions(c.in)
			if err != nil {
				t.Fatalf("ParsePermissions(%q): %v", c.in, err)
			}
			if p != c.value {
				t.Errorf("ParsePermissions(%q) = %d, want %d", c.in, p, c.value)
			}
			if p.String() != c.canonical {
				t.Errorf("String() = %q, want %q", p.String(), c.canonical)
			}
		})
	}
	for _, in := range []string{"", "rw---", "rw-----", "rwx---", "wr----", "r w---", "Xrw----", "rwrwrwrw"} {
		t.Run("R-PERM-1/invalid "+in, func(t *testing.T) {
			_, err := ParsePermissions(in)
			var inv *fault.Error
			if !errors.As(err, &inv) || inv.Kind != fault.Usage || inv.Msg != "Invalid permission string: "+in {
				t.Errorf("ParsePermissions(%q) error = %v", in, err)
			}
		})
	}
}

func TestRuleGroupLevels(t *testing.T) {
	t.Run("R-GROUP-PERMS-2/user read must stay", func(t *testing.T) {
		p, err := ParsePermissions("-w----")
		if err != nil {
			t.Fatal(err)
		}
		err = CheckGroupPermissions(p)
		var d *fault.Error
		if !errors.As(err, &d) || d.Kind != fault.Denied || d.Rule != "R-GROUP-PERMS-2" || d.Msg != "Cannot remove user read" {
			t.Errorf("CheckGroupPermissions(-w----) = %v", err)
		}
		if err := CheckGroupPermissions(ReadWrite); err != nil {
			t.Errorf("CheckGroupPermissions(rwrw--) = %v", err)
		}
	})
	t.Run("R-PERM-3/type names", func(t *testing.T) {
		for name, want := range map[string]string{"private": "rw----", "read-only": "rwr---", "read-annotate": "rwra--", "read-write": "rwrw--"} {
			p, ok := PermissionsForType(name)
			if !ok || p.String() != want {
				t.Errorf("PermissionsForType(%q) = %v, %v", name, p, ok)
			}
		}
		if _, ok := PermissionsForType("collaborative"); ok {
			t.Error("unknown type accepted")
		}
	})
	t.Run("R-PERM-2/rights of each level", func(t *testing.T) {
		if !Private.IsPrivate() || ReadOnly.IsPrivate() {
			t.Error("IsPrivate")
		}
		if ReadOnly.GroupAnnotate() || !ReadAnnotate.GroupAnnotate() || ReadAnnotate.GroupWrite() || !ReadWrite.GroupWrite() {
			t.Error("group rights")
		}
	})
}
