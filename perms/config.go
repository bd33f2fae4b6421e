package perms

// CheckReadConfig decides `omero config get|list` (R-CONFIG-1): any administrator
// reads the server configuration; secrets (the directory's bind password) are shown
// in clear only to a full administrator, who could set them anyway (R-CONFIG-2).
func CheckReadConfig(c Caller, secrets bool) error {
	if err := c.RequireAdmin(); err != nil {
		return err
	}
	if secrets {
		return CheckChangeConfig(c)
	}
	return nil
}

// CheckChangeConfig decides `omero config set|unset` (R-CONFIG-2): only a full
// administrator changes the server configuration, which decides who logs in
// (omero.ldap.*) and which groups the directory creates and fills.
func CheckChangeConfig(c Caller) error {
	if err := c.RequireAdmin(); err != nil {
		return err
	}
	if !c.IsFullAdmin() {
		return deny("R-CONFIG-2", "SecurityViolation: only a full administrator may change the server configuration or read its secrets")
	}
	return nil
}

// DirectoryManages reports whether the directory may decide a user's membership of
// group g (R-LDAP-BUILTIN-1): never of system, user or guest, which would make an
// administrator, deactivate a user, or mix a person with the guest account. Creating
// a user and sync_on_login leave those memberships as they are.
func DirectoryManages(g int64) bool { return !IsBuiltinGroup(g) }
