package perms

import "testing"

func TestRuleConfig(t *testing.T) {
	const msg = "SecurityViolation: only a full administrator may change the server configuration or read its secrets"
	t.Run("R-CONFIG-1/any administrator reads the configuration", func(t *testing.T) {
		for _, p := range []Principal{root, fullAdmin, raNoSudo, raSudo} {
			if err := CheckReadConfig(ctx(p), false); err != nil {
				t.Errorf("%s: %v", p.Name, err)
			}
		}
		denied(t, CheckReadConfig(ctx(owner), false), "R-ROLE-4", "SecurityViolation: Admins only!")
		denied(t, CheckReadConfig(ctx(member), false), "R-ROLE-4", "SecurityViolation: Admins only!")
	})
	t.Run("R-CONFIG-2/only full administrators read secrets", func(t *testing.T) {
		if err := CheckReadConfig(ctx(fullAdmin), true); err != nil {
			t.Error(err)
		}
		denied(t, CheckReadConfig(ctx(raNoSudo), true), "R-CONFIG-2", msg)
		denied(t, CheckReadConfig(ctx(member), true), "R-ROLE-4", "SecurityViolation: Admins only!")
	})
	t.Run("R-CONFIG-2/only full administrators change the configuration", func(t *testing.T) {
		for _, p := range []Principal{root, fullAdmin} {
			if err := CheckChangeConfig(ctx(p)); err != nil {
				t.Errorf("%s: %v", p.Name, err)
			}
		}
		denied(t, CheckChangeConfig(ctx(raNoSudo)), "R-CONFIG-2", msg)
		denied(t, CheckChangeConfig(ctx(raSudo)), "R-CONFIG-2", msg)
		denied(t, CheckChangeConfig(ctx(owner)), "R-ROLE-4", "SecurityViolation: Admins only!")
	})
	t.Run("R-CONFIG-2/a full administrator's sudo session holds only the sudoer's privileges", func(t *testing.T) {
		denied(t, CheckChangeConfig(NewCaller(fullAdmin, &raSudo, SystemGroup)), "R-CONFIG-2", msg)
	})
}

func TestRuleDirectoryGroups(t *testing.T) {
	t.Run("R-LDAP-BUILTIN-1/the directory never decides system, user or guest", func(t *testing.T) {
		for _, g := range []int64{SystemGroup, UserGroup, GuestGroup} {
			if DirectoryManages(g) {
				t.Errorf("group %d managed by the directory", g)
			}
		}
		if !DirectoryManages(3) {
			t.Error("lab not managed by the directory")
		}
	})
}
