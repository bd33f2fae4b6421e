package directory

import (
	"context"
	"sort"
	"strings"

	"github.com/go-ldap/ldap/v3"
	"github.com/omero-go/omero/perms/fault"
)

// Group is a directory group entry.
type Group struct {
	DN   string
	Name string // the value of group_mapping's name attribute
}

// FindGroup finds name's entry: (&GROUP_FILTER(NAME_ATTR=name)) under the base must
// match exactly one entry whose name is name; otherwise OMERO's "Cannot find unique
// group DistinguishedName: found=N" (errors.Is ErrNoUniqueEntry).
func (c *Client) FindGroup(ctx context.Context, name string) (Group, error) {
	cn, err := c.connect(ctx, true)
	if err != nil {
		return Group{}, err
	}
	defer cn.close()
	return cn.findGroup(ctx, name)
}

// UniqueGroups returns the group names, in the order given, that the directory has
// uniquely (for `ldap discover --groups`).
func (c *Client) UniqueGroups(ctx context.Context, names []string) ([]string, error) {
	return c.unique(ctx, names, func(cn *conn, name string) error {
		_, err := cn.findGroup(ctx, name)
		return err
	})
}

func (cn *conn) findGroup(ctx context.Context, name string) (Group, error) {
	c := cn.c
	if name == "" {
		return Group{}, notUnique("group", 0)
	}
	attr := c.cfg.GroupMapping["name"]
	entries, err := cn.search(ctx, query{base: c.cfg.Base, scope: ldap.ScopeWholeSubtree,
		filter: and(c.cfg.GroupFilter, equals(attr, name)), attrs: []string{attr}})
	if err != nil {
		return Group{}, err
	}
	if len(entries) != 1 {
		return Group{}, notUnique("group", len(entries))
	}
	for _, v := range entries[0].GetEqualFoldAttributeValues(attr) {
		if v == name { // OMERO compares group names exactly
			return Group{DN: entries[0].DN, Name: v}, nil
		}
	}
	return Group{}, &fault.Error{Kind: fault.NotFound, Err: ErrNoUniqueEntry,
		Msg: "name(" + entries[0].GetEqualFoldAttributeValue(attr) + ") != groupname(" + name + ")"}
}

// groups works out new_user_group (and new_user_group_owner) for u, whose login is
// login (OMERO's messages name the login).
func (cn *conn) groups(ctx context.Context, login string, u User) ([]Membership, error) {
	c := cn.c
	spec := c.p.spec
	var names, owned []string
	switch spec.form {
	case formName:
		names = []string{spec.arg}
	case formOU:
		dn, err := ldap.ParseDN(u.DN)
		if err != nil {
			return nil, fault.New(fault.Failed, "not a DN: %s", u.DN)
		}
		if ou, ok := orgUnit(dn); ok {
			names = []string{ou}
		}
	case formAttribute, formFilteredAttribute, formDNAttribute, formFilteredDNAttribute:
		var err error
		if names, err = cn.attributeGroups(ctx, login, u, spec); err != nil {
			return nil, err
		}
	case formQuery:
		var err error
		if names, owned, err = cn.queryGroups(ctx, u, spec.arg); err != nil {
			return nil, err
		}
	default:
		return nil, fault.New(fault.Usage, "%s spec currently not supported.", c.cfg.NewUserGroup)
	}
	return memberships(names, owned), nil
}

// attributeGroups: each value of the user's attribute is a group name (or, for the
// dn forms, a group DN under the base whose name component is the name); the filtered
// forms keep only names that some entry matching group_filter carries.
func (cn *conn) attributeGroups(ctx context.Context, login string, u User, spec groupSpec) ([]string, error) {
	c := cn.c
	values := u.entry.GetEqualFoldAttributeValues(spec.arg)
	if len(values) == 0 {
		return nil, fault.New(fault.Failed, "%s has no attributes %s", login, spec.arg)
	}
	nameAttr := c.cfg.GroupMapping["name"]
	var names []string
	for _, v := range values {
		if spec.dn() {
			n, err := relativeName(v, c.p.base, c.cfg.Base, nameAttr)
			if err != nil {
				return nil, err
			}
			v = n
		}
		names = append(names, v)
	}
	if !spec.filtered() {
		return names, nil
	}
	// One search for all candidates; the directory's matching rule finds them, the
	// exact comparison below keeps OMERO's (case-sensitive) test.
	var alts []string
	for _, n := range names {
		alts = append(alts, equals(nameAttr, n))
	}
	entries, err := cn.search(ctx, query{base: c.cfg.Base, scope: ldap.ScopeWholeSubtree,
		filter: and(c.cfg.GroupFilter, "(|"+strings.Join(alts, "")+")"), attrs: []string{nameAttr}})
	if err != nil {
		return nil, err
	}
	known := map[string]bool{}
	for _, e := range entries {
		for _, v := range e.GetEqualFoldAttributeValues(nameAttr) {
			known[v] = true
		}
	}
	var kept []string
	for _, n := range names {
		if known[n] {
			kept = append(kept, n)
		}
	}
	return kept, nil
}

// queryGroups: the groups matching (&GROUP_FILTER Q), Q with its @{attr}
// placeholders filled (and escaped) from u; with new_user_group_owner set, those
// matching (&GROUP_FILTER Q OWNER) are owned.
func (cn *conn) queryGroups(ctx context.Context, u User, q string) (names, owned []string, err error) {
	c := cn.c
	lookup := func(name string) ([]string, bool) {
		if strings.EqualFold(name, "dn") {
			return []string{u.DN}, true
		}
		if u.entry == nil {
			return nil, false
		}
		return u.entry.GetEqualFoldAttributeValues(name), true
	}
	filled, err := substitute(q, lookup)
	if err != nil {
		return nil, nil, err
	}
	if names, err = cn.groupNames(ctx, and(c.cfg.GroupFilter, filled)); err != nil {
		return nil, nil, err
	}
	if strings.TrimSpace(c.cfg.NewUserGroupOwner) == "" {
		return names, nil, nil
	}
	owner, err := substitute(c.cfg.NewUserGroupOwner, lookup)
	if err != nil {
		return nil, nil, err
	}
	owned, err = cn.groupNames(ctx, and(c.cfg.GroupFilter, filled, owner))
	return names, owned, err
}

// groupNames is the name (first value of the name attribute) of each group entry
// filter matches under the base, sorted: the directory's order is its own, and the
// first name becomes a new user's default group, so it must not change by chance.
func (cn *conn) groupNames(ctx context.Context, filter string) ([]string, error) {
	attr := cn.c.cfg.GroupMapping["name"]
	entries, err := cn.search(ctx, query{base: cn.c.cfg.Base, scope: ldap.ScopeWholeSubtree, filter: filter, attrs: []string{attr}})
	if err != nil {
		return nil, err
	}
	var names []string
	for _, e := range entries {
		if n := e.GetEqualFoldAttributeValue(attr); n != "" {
			names = append(names, n)
		}
	}
	sort.Strings(names)
	return names, nil
}

// memberships keeps the first occurrence of each name, in order, and marks owned ones.
func memberships(names, owned []string) []Membership {
	own := map[string]bool{}
	for _, n := range owned {
		own[n] = true
	}
	seen := map[string]bool{}
	var ms []Membership
	for _, n := range names {
		if n == "" || seen[n] {
			continue
		}
		seen[n] = true
		ms = append(ms, Membership{Name: n, Owner: own[n]})
	}
	return ms
}
