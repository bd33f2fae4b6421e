package directory

import (
	"context"
	"errors"
	"strings"

	"github.com/go-ldap/ldap/v3"
	"github.com/omero-go/omero/perms/fault"
)

// User is a directory entry read through omero.ldap.user_mapping. Fields the mapping
// does not name, or the entry lacks, are empty.
type User struct {
	DN          string
	OmeName     string // the login name; lower-cased when omero.security.ignore_case is on
	FirstName   string
	MiddleName  string
	LastName    string
	Email       string
	Institution string

	entry *ldap.Entry // every attribute read, for new_user_group
}

// Membership is one group new_user_group puts a user in.
type Membership struct {
	Name  string
	Owner bool // new_user_group_owner selected it
}

// Account is what the directory says about a user: the entry, and the groups
// new_user_group names for it, in order (the first is the default group). Groups may
// be empty: createUser then refuses (NoGroupFound), sync_on_login leaves every
// LDAP-flagged group.
type Account struct {
	User   User
	Groups []Membership
}

// FindUser finds login's entry: (&USER_FILTER(OMENAME_ATTR=login)) under the base
// must match exactly one entry whose mapped omeName is login (exactly, or ignoring
// case with omero.security.ignore_case). Otherwise OMERO's "Cannot find unique user
// DistinguishedName: found=N" (errors.Is ErrNoUniqueEntry).
func (c *Client) FindUser(ctx context.Context, login string) (User, error) {
	cn, err := c.connect(ctx, true)
	if err != nil {
		return User{}, err
	}
	defer cn.close()
	return cn.findUser(ctx, login)
}

// CheckPassword binds as dn with password on a connection of its own. An empty
// password (an anonymous bind in LDAP, which proves nothing) or DN is refused without
// asking; a refused bind is ErrBadCredentials.
func (c *Client) CheckPassword(ctx context.Context, dn, password string) error {
	if dn == "" || password == "" {
		return ErrBadCredentials
	}
	cn, err := c.connect(ctx, false)
	if err != nil {
		return err
	}
	defer cn.close()
	err = cn.l.Bind(dn, password)
	switch {
	case err == nil:
		return nil
	case ldap.IsErrorWithCode(err, ldap.LDAPResultInvalidCredentials),
		ldap.IsErrorWithCode(err, ldap.LDAPResultInappropriateAuthentication),
		ldap.IsErrorWithCode(err, ldap.LDAPResultUnwillingToPerform),
		ldap.IsErrorWithCode(err, ldap.LDAPResultInvalidDNSyntax):
		return ErrBadCredentials
	}
	return cn.failed(ctx, "bind", err)
}

// Account finds login (as FindUser) and works out its groups (new_user_group and
// new_user_group_owner), without checking a password: `ldap create` and
// sync_on_login use it.
func (c *Client) Account(ctx context.Context, login string) (Account, error) {
	cn, err := c.connect(ctx, true)
	if err != nil {
		return Account{}, err
	}
	defer cn.close()
	u, err := cn.findUser(ctx, login)
	if err != nil {
		return Account{}, err
	}
	groups, err := cn.groups(ctx, login, u)
	return Account{User: u, Groups: groups}, err
}

// Authenticate is Account for a login: the password is refused at once when empty,
// then checked by binding as the user's DN before the groups are worked out.
func (c *Client) Authenticate(ctx context.Context, login, password string) (Account, error) {
	if password == "" {
		return Account{}, ErrBadCredentials
	}
	cn, err := c.connect(ctx, true)
	if err != nil {
		return Account{}, err
	}
	defer cn.close()
	u, err := cn.findUser(ctx, login)
	if err != nil {
		return Account{}, err
	}
	if err := c.CheckPassword(ctx, u.DN, password); err != nil {
		return Account{}, err
	}
	groups, err := cn.groups(ctx, login, u)
	return Account{User: u, Groups: groups}, err
}

// UserAt reads the user entry at dn live (for `ldap list`). dn must lie under the
// base and match the user filter; otherwise a NotFound error (errors.Is
// ErrNoUniqueEntry), or OMERO's "Full DN (X) does not start with base DN (Y)".
func (c *Client) UserAt(ctx context.Context, dn string) (User, error) {
	d, err := ldap.ParseDN(dn)
	if err != nil {
		return User{}, fault.New(fault.Usage, "not a distinguished name: %s", dn)
	}
	if b := c.p.base; b != nil && !b.AncestorOfFold(d) {
		return User{}, fault.New(fault.Failed, "Full DN (%s) does not start with base DN (%s)", dn, c.cfg.Base)
	}
	cn, err := c.connect(ctx, true)
	if err != nil {
		return User{}, err
	}
	defer cn.close()
	filter := c.cfg.UserFilter
	if filter == "" {
		filter = "(objectClass=*)"
	}
	entries, err := cn.search(ctx, query{base: dn, scope: ldap.ScopeBaseObject, filter: filter, attrs: c.userAttrs()})
	if ldap.IsErrorWithCode(err, ldap.LDAPResultNoSuchObject) || (err == nil && len(entries) != 1) {
		return User{}, &fault.Error{Kind: fault.NotFound, Msg: "No LDAP user at " + dn, Err: ErrNoUniqueEntry}
	}
	if err != nil {
		return User{}, err
	}
	return c.userFrom(entries[0], ""), nil
}

// UniqueUsers returns the logins, in the order given, that the directory has
// uniquely (for `ldap discover`). A directory that fails is an error, not "absent".
func (c *Client) UniqueUsers(ctx context.Context, logins []string) ([]string, error) {
	return c.unique(ctx, logins, func(cn *conn, login string) error {
		_, err := cn.findUser(ctx, login)
		return err
	})
}

// unique returns the names, in the order given, that find finds, asking on one
// connection: ErrNoUniqueEntry means absent; any other failure is an error.
func (c *Client) unique(ctx context.Context, names []string, find func(*conn, string) error) ([]string, error) {
	cn, err := c.connect(ctx, true)
	if err != nil {
		return nil, err
	}
	defer cn.close()
	var found []string
	for _, name := range names {
		err := find(cn, name)
		if errors.Is(err, ErrNoUniqueEntry) {
			continue
		}
		if err != nil {
			return nil, err
		}
		found = append(found, name)
	}
	return found, nil
}

// UserDNs returns the DN of each login's entry, in the order given, "" where the
// directory has no unique entry (for `ldap list`), asking on one connection. A
// directory that fails is an error, not "absent".
func (c *Client) UserDNs(ctx context.Context, logins []string) ([]string, error) {
	if len(logins) == 0 {
		return nil, nil
	}
	cn, err := c.connect(ctx, true)
	if err != nil {
		return nil, err
	}
	defer cn.close()
	dns := make([]string, len(logins))
	for i, login := range logins {
		u, err := cn.findUser(ctx, login)
		if errors.Is(err, ErrNoUniqueEntry) {
			continue
		}
		if err != nil {
			return nil, err
		}
		dns[i] = u.DN
	}
	return dns, nil
}

func (cn *conn) findUser(ctx context.Context, login string) (User, error) {
	c := cn.c
	if login == "" {
		return User{}, notUnique("user", 0)
	}
	attr := c.cfg.UserMapping["omeName"]
	entries, err := cn.search(ctx, query{base: c.cfg.Base, scope: ldap.ScopeWholeSubtree,
		filter: and(c.cfg.UserFilter, equals(attr, login)), attrs: c.userAttrs()})
	if err != nil {
		return User{}, err
	}
	if len(entries) != 1 {
		return User{}, notUnique("user", len(entries))
	}
	// The directory's matching rule decided the search; the name itself must match
	// as OMERO compares it (an attribute may hold several names: take the one asked).
	var name string
	for _, v := range entries[0].GetEqualFoldAttributeValues(attr) {
		if v == login || (c.cfg.IgnoreCase && strings.EqualFold(v, login)) {
			name = v
			break
		}
	}
	if name == "" {
		return User{}, &fault.Error{Kind: fault.NotFound, Err: ErrNoUniqueEntry,
			Msg: "omeName(" + entries[0].GetEqualFoldAttributeValue(attr) + ") != username(" + login + "). ignoreCase=" + boolText(c.cfg.IgnoreCase)}
	}
	return c.userFrom(entries[0], name), nil
}

func boolText(b bool) string {
	if b {
		return "true"
	}
	return "false"
}

// userFrom maps an entry; omeName is the name found (or the first value).
func (c *Client) userFrom(e *ldap.Entry, omeName string) User {
	m := c.cfg.UserMapping
	get := func(field string) string {
		if attr := m[field]; attr != "" {
			return e.GetEqualFoldAttributeValue(attr)
		}
		return ""
	}
	if omeName == "" {
		omeName = get("omeName")
	}
	if c.cfg.IgnoreCase {
		omeName = strings.ToLower(omeName)
	}
	return User{
		DN: e.DN, OmeName: omeName,
		FirstName: get("firstName"), MiddleName: get("middleName"), LastName: get("lastName"),
		Email: get("email"), Institution: get("institution"),
		entry: e,
	}
}

// userAttrs are the attributes to read for a user: all user attributes ("*") and,
// by name, every attribute the configuration uses, which also brings operational
// ones such as memberOf.
func (c *Client) userAttrs() []string {
	attrs := []string{"*"}
	for _, f := range UserFields {
		if a := c.cfg.UserMapping[f]; a != "" {
			attrs = append(attrs, a)
		}
	}
	switch s := c.p.spec; s.form {
	case formAttribute, formFilteredAttribute, formDNAttribute, formFilteredDNAttribute:
		attrs = append(attrs, s.arg)
	case formQuery:
		for _, f := range []string{s.arg, c.cfg.NewUserGroupOwner} {
			_, _ = substitute(f, func(name string) ([]string, bool) {
				if !strings.EqualFold(name, "dn") && attrName.MatchString(name) {
					attrs = append(attrs, name)
				}
				return []string{"x"}, true
			})
		}
	}
	return attrs
}
