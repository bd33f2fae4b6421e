package directory_test

import (
	"context"
	"errors"
	"net"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/omero-go/omero/db/directory"
	"github.com/omero-go/omero/db/directory/slapdtest"
	"github.com/omero-go/omero/perms/fault"
)

// The directory of these tests, under OMERO's default base ou=example,o=com, with
// one branch outside it (ou=outside,o=com).
const seed = `
dn: ou=example,o=com
objectClass: organizationalUnit
ou: example

dn: ou=LifeSciences,ou=example,o=com
objectClass: organizationalUnit
ou: LifeSciences

dn: ou=TheLab,ou=LifeSciences,ou=example,o=com
objectClass: organizationalUnit
ou: TheLab

dn: ou=people,ou=example,o=com
objectClass: organizationalUnit
ou: people

dn: cn=jsmith,ou=TheLab,ou=LifeSciences,ou=example,o=com
objectClass: inetOrgPerson
cn: jsmith
cn: John Smith
givenName: John
sn: Smith
mail: jsmith@example.org
o: Dundee
departmentNumber: lab-a
departmentNumber: no-such-group
title: lab-a
userPassword: jsmith-pw

dn: cn=JDoe,ou=people,ou=example,o=com
objectClass: inetOrgPerson
cn: JDoe
givenName: Jane
sn: Doe
userPassword: jdoe-pw

dn: cn=star,ou=people,ou=example,o=com
objectClass: inetOrgPerson
cn: star
sn: Star
title: *
userPassword: star-pw

dn: cn=twin,ou=people,ou=example,o=com
objectClass: inetOrgPerson
cn: twin
sn: One

dn: cn=twin,ou=TheLab,ou=LifeSciences,ou=example,o=com
objectClass: inetOrgPerson
cn: twin
sn: Two

dn: cn=roamer,ou=people,ou=example,o=com
objectClass: inetOrgPerson
cn: roamer
sn: Roamer

dn: ou=groups,ou=example,o=com
objectClass: organizationalUnit
ou: groups

dn: cn=lab-a,ou=groups,ou=example,o=com
objectClass: groupOfNames
cn: lab-a
businessCategory: omero
member: cn=jsmith,ou=TheLab,ou=LifeSciences,ou=example,o=com

dn: cn=lab-b,ou=groups,ou=example,o=com
objectClass: groupOfNames
cn: lab-b
member: cn=jsmith,ou=TheLab,ou=LifeSciences,ou=example,o=com
owner: cn=jsmith,ou=TheLab,ou=LifeSciences,ou=example,o=com

dn: cn=lab-c,ou=groups,ou=example,o=com
objectClass: groupOfNames
cn: lab-c
businessCategory: omero
member: cn=JDoe,ou=people,ou=example,o=com

dn: cn=dup,ou=groups,ou=example,o=com
objectClass: groupOfNames
cn: dup
member: cn=JDoe,ou=people,ou=example,o=com

dn: cn=dup,ou=TheLab,ou=LifeSciences,ou=example,o=com
objectClass: groupOfNames
cn: dup
member: cn=JDoe,ou=people,ou=example,o=com

dn: ou=outside,o=com
objectClass: organizationalUnit
ou: outside

dn: cn=outsider,ou=outside,o=com
objectClass: inetOrgPerson
cn: outsider
sn: Outsider
userPassword: outsider-pw

dn: cn=far,ou=outside,o=com
objectClass: groupOfNames
cn: far
member: cn=roamer,ou=people,ou=example,o=com
`

const jsmithDN = "cn=jsmith,ou=TheLab,ou=LifeSciences,ou=example,o=com"

// directoryFixture starts one slapd for a test and makes clients for it.
type directoryFixture struct {
	t   *testing.T
	srv *slapdtest.Server
}

func startDirectory(t *testing.T) *directoryFixture {
	t.Helper()
	return &directoryFixture{t: t, srv: slapdtest.Start(t, seed)}
}

// client is a client for the fixture's directory with OMERO's defaults, short
// timeouts, and the given keys changed.
func (f *directoryFixture) client(values map[string]string) *directory.Client {
	f.t.Helper()
	all := map[string]string{directory.KeyURLs: f.srv.URL, directory.KeyConnectTimeout: "2000", directory.KeyRequestTimeout: "2000"}
	for k, v := range values {
		all[k] = v
	}
	cfg, err := directory.Parse(all)
	if err != nil {
		f.t.Fatal(err)
	}
	cfg.RootCAs = f.srv.RootCAs
	c, err := directory.New(cfg)
	if err != nil {
		f.t.Fatal(err)
	}
	return c
}

func wantError(t *testing.T, err error, kind fault.Kind, msg string) {
	t.Helper()
	if err == nil {
		t.Fatalf("no error, want %q", msg)
	}
	var fe *fault.Error
	if !errors.As(err, &fe) {
		t.Fatalf("error %T %v is not a *fault.Error", err, err)
	}
	if fault.KindOf(err) != kind || !strings.Contains(err.Error(), msg) {
		t.Fatalf("error = %v (%v), want %q (%v)", err, fault.KindOf(err), msg, kind)
	}
}

func TestDirectory(t *testing.T) {
	f := startDirectory(t)
	ctx := context.Background()

	t.Run("unique user, mapped fields", func(t *testing.T) {
		c := f.client(map[string]string{directory.KeyUserMapping: "omeName=cn,firstName=givenName,lastName=sn,email=mail,institution=o"})
		u, err := c.FindUser(ctx, "jsmith")
		if err != nil {
			t.Fatal(err)
		}
		if u.DN != jsmithDN || u.OmeName != "jsmith" || u.FirstName != "John" || u.LastName != "Smith" ||
			u.Email != "jsmith@example.org" || u.Institution != "Dundee" || u.MiddleName != "" {
			t.Errorf("user = %+v", u)
		}
	})
	t.Run("user found twice", func(t *testing.T) {
		_, err := f.client(nil).FindUser(ctx, "twin")
		wantError(t, err, fault.NotFound, "Cannot find unique user DistinguishedName: found=2")
		if !errors.Is(err, directory.ErrNoUniqueEntry) {
			t.Error("not ErrNoUniqueEntry")
		}
	})
	t.Run("user not found", func(t *testing.T) {
		_, err := f.client(nil).FindUser(ctx, "nobody")
		wantError(t, err, fault.NotFound, "Cannot find unique user DistinguishedName: found=0")
	})
	t.Run("user outside the base is not found", func(t *testing.T) {
		_, err := f.client(nil).FindUser(ctx, "outsider")
		wantError(t, err, fault.NotFound, "found=0")
	})
	t.Run("user filter applies", func(t *testing.T) {
		_, err := f.client(map[string]string{directory.KeyUserFilter: "(&(objectClass=person)(mail=*))"}).FindUser(ctx, "JDoe")
		wantError(t, err, fault.NotFound, "found=0")
	})
	t.Run("case of the login name", func(t *testing.T) {
		_, err := f.client(nil).FindUser(ctx, "jdoe")
		wantError(t, err, fault.NotFound, "omeName(JDoe) != username(jdoe). ignoreCase=false")
		u, err := f.client(map[string]string{directory.KeyIgnoreCase: "true"}).FindUser(ctx, "jdoe")
		if err != nil || u.OmeName != "jdoe" || u.FirstName != "Jane" {
			t.Errorf("ignore_case: %+v, %v", u, err)
		}
	})
	t.Run("filter injection in a login name finds nothing", func(t *testing.T) {
		c := f.client(nil)
		for _, login := range []string{"*", "*)(cn=*", "*)(|(cn=*", "jsmith)(cn=*", `j\2a`, "j*", "(cn=jsmith)"} {
			_, err := c.FindUser(ctx, login)
			wantError(t, err, fault.NotFound, "found=0")
			if _, err := c.Authenticate(ctx, login, "jsmith-pw"); !errors.Is(err, directory.ErrNoUniqueEntry) {
				t.Errorf("Authenticate(%q) = %v", login, err)
			}
		}
		if got, err := c.UniqueUsers(ctx, []string{"*", "jsmith*"}); err != nil || len(got) != 0 {
			t.Errorf("UniqueUsers of patterns = %v, %v", got, err)
		}
	})
	t.Run("password", func(t *testing.T) {
		c := f.client(nil)
		if err := c.CheckPassword(ctx, jsmithDN, "jsmith-pw"); err != nil {
			t.Errorf("right password: %v", err)
		}
		for _, pw := range []string{"wrong", "JSMITH-PW", ""} {
			if err := c.CheckPassword(ctx, jsmithDN, pw); !errors.Is(err, directory.ErrBadCredentials) {
				t.Errorf("password %q: %v", pw, err)
			}
		}
		// A DN without a password entry in the directory cannot bind either.
		if err := c.CheckPassword(ctx, "cn=twin,ou=people,ou=example,o=com", "x"); !errors.Is(err, directory.ErrBadCredentials) {
			t.Errorf("no userPassword: %v", err)
		}
	})
	t.Run("authenticate", func(t *testing.T) {
		c := f.client(nil)
		a, err := c.Authenticate(ctx, "jsmith", "jsmith-pw")
		if err != nil || a.User.DN != jsmithDN || !reflect.DeepEqual(a.Groups, []directory.Membership{{Name: "default"}}) {
			t.Errorf("Authenticate = %+v, %v", a, err)
		}
		if _, err := c.Authenticate(ctx, "jsmith", "wrong"); !errors.Is(err, directory.ErrBadCredentials) {
			t.Errorf("wrong password: %v", err)
		}
		_, err = c.Authenticate(ctx, "jsmith", "")
		wantError(t, err, fault.Auth, "SecurityViolation: Bad credentials")
		_, err = c.Authenticate(ctx, "twin", "x")
		wantError(t, err, fault.NotFound, "found=2")
	})
	t.Run("groups", func(t *testing.T) {
		c := f.client(nil)
		g, err := c.FindGroup(ctx, "lab-a")
		if err != nil || g != (directory.Group{DN: "cn=lab-a,ou=groups,ou=example,o=com", Name: "lab-a"}) {
			t.Errorf("FindGroup = %+v, %v", g, err)
		}
		_, err = c.FindGroup(ctx, "dup")
		wantError(t, err, fault.NotFound, "Cannot find unique group DistinguishedName: found=2")
		_, err = c.FindGroup(ctx, "far")
		wantError(t, err, fault.NotFound, "Cannot find unique group DistinguishedName: found=0")
		_, err = c.FindGroup(ctx, "lab-*")
		wantError(t, err, fault.NotFound, "found=0")
		got, err := c.UniqueGroups(ctx, []string{"lab-b", "dup", "far", "nope", "lab-a", "*"})
		if err != nil || !reflect.DeepEqual(got, []string{"lab-b", "lab-a"}) {
			t.Errorf("UniqueGroups = %v, %v", got, err)
		}
		users, err := c.UniqueUsers(ctx, []string{"twin", "jsmith", "outsider", "JDoe", "root"})
		if err != nil || !reflect.DeepEqual(users, []string{"jsmith", "JDoe"}) {
			t.Errorf("UniqueUsers = %v, %v", users, err)
		}
	})
	t.Run("user at a DN", func(t *testing.T) {
		c := f.client(nil)
		u, err := c.UserAt(ctx, jsmithDN)
		if err != nil || u.OmeName != "jsmith" || u.DN != jsmithDN {
			t.Errorf("UserAt = %+v, %v", u, err)
		}
		_, err = c.UserAt(ctx, "cn=outsider,ou=outside,o=com")
		wantError(t, err, fault.Failed, "Full DN (cn=outsider,ou=outside,o=com) does not start with base DN (ou=example,o=com)")
		_, err = c.UserAt(ctx, "cn=gone,ou=people,ou=example,o=com")
		wantError(t, err, fault.NotFound, "No LDAP user at cn=gone,ou=people,ou=example,o=com")
		_, err = c.UserAt(ctx, "cn=lab-a,ou=groups,ou=example,o=com") // not a person
		wantError(t, err, fault.NotFound, "No LDAP user at")
	})
	t.Run("search base that does not exist", func(t *testing.T) {
		_, err := f.client(map[string]string{directory.KeyBase: "ou=missing,o=com"}).FindUser(ctx, "jsmith")
		wantError(t, err, fault.Failed, "no such entry (is omero.ldap.base right?)")
		if errors.Is(err, directory.ErrNoUniqueEntry) {
			t.Error("a missing base reads as an absent user")
		}
	})
}

func TestNewUserGroup(t *testing.T) {
	f := startDirectory(t)
	ctx := context.Background()
	m := func(names ...string) []directory.Membership {
		var ms []directory.Membership
		for _, n := range names {
			owner := strings.HasPrefix(n, "+")
			ms = append(ms, directory.Membership{Name: strings.TrimPrefix(n, "+"), Owner: owner})
		}
		return ms
	}
	for _, tc := range []struct {
		name   string
		keys   map[string]string
		login  string
		groups []directory.Membership
		err    string // with kind
		kind   fault.Kind
	}{
		{name: "plain name", keys: map[string]string{directory.KeyNewUserGroup: "ldap-users"}, login: "jsmith", groups: m("ldap-users")},
		{name: "plain name ignores the owner query", keys: map[string]string{directory.KeyNewUserGroup: "ldap-users", directory.KeyNewUserGroupOwner: "(owner=@{dn})"}, login: "jsmith", groups: m("ldap-users")},
		{name: ":ou: nearest the entry", keys: map[string]string{directory.KeyNewUserGroup: ":ou:"}, login: "jsmith", groups: m("TheLab")},
		{name: ":ou: of a user in ou=people", keys: map[string]string{directory.KeyNewUserGroup: ":ou:"}, login: "JDoe", groups: m("people")},
		{name: ":attribute:", keys: map[string]string{directory.KeyNewUserGroup: ":attribute:departmentNumber"}, login: "jsmith", groups: m("lab-a", "no-such-group")},
		{name: ":attribute: missing", keys: map[string]string{directory.KeyNewUserGroup: ":attribute:departmentNumber"}, login: "JDoe", err: "JDoe has no attributes departmentNumber", kind: fault.Failed},
		{name: ":filtered_attribute:", keys: map[string]string{directory.KeyNewUserGroup: ":filtered_attribute:departmentNumber"}, login: "jsmith", groups: m("lab-a")},
		{name: ":filtered_attribute: with group filter", keys: map[string]string{directory.KeyNewUserGroup: ":filtered_attribute:title", directory.KeyGroupFilter: "(&(objectClass=groupOfNames)(!(businessCategory=omero)))"}, login: "jsmith", groups: nil},
		{name: ":dn_attribute: memberOf", keys: map[string]string{directory.KeyNewUserGroup: ":dn_attribute:memberOf"}, login: "jsmith", groups: m("lab-a", "lab-b")},
		{name: ":dn_attribute: outside the base", keys: map[string]string{directory.KeyNewUserGroup: ":dn_attribute:memberOf"}, login: "roamer", err: "Full DN (cn=far,ou=outside,o=com) does not start with base DN (ou=example,o=com)", kind: fault.Failed},
		{name: ":filtered_dn_attribute:", keys: map[string]string{directory.KeyNewUserGroup: ":filtered_dn_attribute:memberOf", directory.KeyGroupFilter: "(&(objectClass=groupOfNames)(businessCategory=omero))"}, login: "jsmith", groups: m("lab-a")},
		{name: ":query: member", keys: map[string]string{directory.KeyNewUserGroup: ":query:(member=@{dn})"}, login: "jsmith", groups: m("lab-a", "lab-b")},
		{name: ":query: with owner", keys: map[string]string{directory.KeyNewUserGroup: ":query:(member=@{dn})", directory.KeyNewUserGroupOwner: "(owner=@{dn})"}, login: "jsmith", groups: m("lab-a", "+lab-b")},
		{name: ":query: attribute placeholder", keys: map[string]string{directory.KeyNewUserGroup: ":query:(cn=@{title})"}, login: "jsmith", groups: m("lab-a")},
		{name: ":query: escapes the placeholder", keys: map[string]string{directory.KeyNewUserGroup: ":query:(cn=@{title})"}, login: "star", groups: nil},
		{name: ":query: multi-valued placeholder", keys: map[string]string{directory.KeyNewUserGroup: ":query:(cn=@{departmentNumber})"}, login: "jsmith", err: "Multivalued property used in @{} format:(cn=@{departmentNumber})=[lab-a, no-such-group]", kind: fault.Failed},
		{name: ":query: missing placeholder", keys: map[string]string{directory.KeyNewUserGroup: ":query:(cn=@{mail})"}, login: "JDoe", err: "Could not resolve placeholder 'mail'", kind: fault.Failed},
		{name: ":query: group filter applies", keys: map[string]string{directory.KeyNewUserGroup: ":query:(member=@{dn})", directory.KeyGroupFilter: "(&(objectClass=groupOfNames)(businessCategory=omero))"}, login: "JDoe", groups: m("lab-c")},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a, err := f.client(tc.keys).Account(ctx, tc.login)
			if tc.err != "" {
				wantError(t, err, tc.kind, tc.err)
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(a.Groups, tc.groups) {
				t.Errorf("groups = %+v, want %+v", a.Groups, tc.groups)
			}
		})
	}
	t.Run("refused forms", func(t *testing.T) {
		for spec, msg := range map[string]string{
			":bean:myNewUserGroupMapperBean": ":bean:myNewUserGroupMapperBean spec currently not supported.",
			":unknown:x":                     ":unknown:x spec currently not supported.",
		} {
			if _, err := directory.Parse(map[string]string{directory.KeyNewUserGroup: spec}); err == nil || !strings.HasSuffix(err.Error(), msg) {
				t.Errorf("%s: %v", spec, err)
			}
		}
	})
}

func TestBoundAndAnonymousSearches(t *testing.T) {
	srv := slapdtest.StartWith(t, slapdtest.Options{LDIF: seed, NoAnonymous: true})
	f := &directoryFixture{t: t, srv: srv}
	ctx := context.Background()
	_, err := f.client(nil).FindUser(ctx, "jsmith")
	wantError(t, err, fault.Failed, "LDAP search at "+srv.URL+" failed: ") // anonymous may not search here
	if errors.Is(err, directory.ErrNoUniqueEntry) {
		t.Error("a refused search reads as an absent user")
	}
	bound := f.client(map[string]string{directory.KeyUsername: srv.AdminDN, directory.KeyPassword: srv.AdminPassword})
	if u, err := bound.FindUser(ctx, "jsmith"); err != nil || u.DN != jsmithDN {
		t.Errorf("bound FindUser = %+v, %v", u, err)
	}
	if _, err := bound.Authenticate(ctx, "jsmith", "jsmith-pw"); err != nil {
		t.Errorf("bound Authenticate: %v", err)
	}
	_, err = f.client(map[string]string{directory.KeyUsername: srv.AdminDN, directory.KeyPassword: "wrong"}).FindUser(ctx, "jsmith")
	wantError(t, err, fault.Failed, "LDAP bind as "+srv.AdminDN+" refused")
	if fault.HintOf(err) != "check omero.ldap.username and omero.ldap.password" {
		t.Errorf("hint = %q", fault.HintOf(err))
	}
}

func TestLDAPSAndSocket(t *testing.T) {
	f := startDirectory(t)
	ctx := context.Background()
	for _, url := range []string{f.srv.LDAPSURL, f.srv.SocketURL} {
		c := f.client(map[string]string{directory.KeyURLs: url})
		if _, err := c.Authenticate(ctx, "jsmith", "jsmith-pw"); err != nil {
			t.Errorf("%s: %v", url, err)
		}
	}
	// Without the test CA, the certificate is refused.
	cfg, _ := directory.Parse(map[string]string{directory.KeyURLs: f.srv.LDAPSURL})
	c, _ := directory.New(cfg)
	_, err := c.FindUser(ctx, "jsmith")
	wantError(t, err, fault.Failed, "certificate")
	// The first URL that answers is used.
	closed := closedPort(t)
	c = f.client(map[string]string{directory.KeyURLs: "ldap://" + closed + " " + f.srv.URL})
	if _, err := c.FindUser(ctx, "jsmith"); err != nil {
		t.Errorf("failover: %v", err)
	}
}

func TestReferrals(t *testing.T) {
	f := startDirectory(t)
	ctx := context.Background()
	if err := f.srv.Apply(`
dn: ou=partners,ou=outside,o=com
objectClass: organizationalUnit
ou: partners

dn: cn=partner,ou=partners,ou=outside,o=com
objectClass: inetOrgPerson
cn: partner
sn: Partner
userPassword: partner-pw

dn: ou=partners,ou=example,o=com
objectClass: referral
objectClass: extensibleObject
ou: partners
ref: ` + f.srv.URL + `/ou=partners,ou=outside,o=com
`); err != nil {
		t.Fatal(err)
	}
	_, err := f.client(nil).FindUser(ctx, "partner")
	wantError(t, err, fault.NotFound, "found=0")
	u, err := f.client(map[string]string{directory.KeyReferral: "follow"}).FindUser(ctx, "partner")
	if err != nil || u.DN != "cn=partner,ou=partners,ou=outside,o=com" {
		t.Errorf("follow: %+v, %v", u, err)
	}
	_, err = f.client(map[string]string{directory.KeyReferral: "throw"}).FindUser(ctx, "partner")
	wantError(t, err, fault.Failed, "(omero.ldap.referral is throw)")
}

// closedPort is a loopback address nothing listens on.
func closedPort(t *testing.T) string {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	_ = l.Close()
	return addr
}

// TestUnreachableDirectory needs no slapd: a closed port, and a listener that
// accepts and never answers (plain and TLS), each fail clearly within the timeouts.
func TestUnreachableDirectory(t *testing.T) {
	silent, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer silent.Close()
	go func() {
		var held []net.Conn
		defer func() {
			for _, c := range held {
				_ = c.Close()
			}
		}()
		for {
			c, err := silent.Accept()
			if err != nil {
				return
			}
			held = append(held, c)
		}
	}()
	ctx := context.Background()
	for _, tc := range []struct{ name, url, msg string }{
		{"closed port", "ldap://" + closedPort(t), "LDAP directory unreachable: ldap://"},
		{"no answer", "ldap://" + silent.Addr().String(), "did not answer the search"},
		{"no TLS handshake", "ldaps://" + silent.Addr().String(), "no answer within the connect timeout"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cfg, err := directory.Parse(map[string]string{directory.KeyURLs: tc.url,
				directory.KeyConnectTimeout: "300", directory.KeyRequestTimeout: "300"})
			if err != nil {
				t.Fatal(err)
			}
			c, err := directory.New(cfg)
			if err != nil {
				t.Fatal(err)
			}
			start := time.Now()
			_, err = c.Authenticate(ctx, "jsmith", "pw")
			if took := time.Since(start); took > 3*time.Second {
				t.Errorf("took %v", took)
			}
			wantError(t, err, fault.Failed, tc.msg)
			if !errors.Is(err, directory.ErrUnreachable) || errors.Is(err, directory.ErrNoUniqueEntry) {
				t.Errorf("%v: not ErrUnreachable", err)
			}
		})
	}
	t.Run("empty password is refused before any dial", func(t *testing.T) {
		cfg, _ := directory.Parse(map[string]string{directory.KeyURLs: "ldap://" + closedPort(t)})
		c, _ := directory.New(cfg)
		if _, err := c.Authenticate(ctx, "jsmith", ""); !errors.Is(err, directory.ErrBadCredentials) {
			t.Errorf("empty password: %v", err)
		}
	})
	t.Run("a cancelled context stops the wait", func(t *testing.T) {
		cfg, _ := directory.Parse(map[string]string{directory.KeyURLs: "ldap://" + silent.Addr().String(), directory.KeyRequestTimeout: "60s"})
		c, _ := directory.New(cfg)
		ctx, cancel := context.WithTimeout(ctx, 200*time.Millisecond)
		defer cancel()
		start := time.Now()
		_, err := c.FindUser(ctx, "jsmith")
		if err == nil || time.Since(start) > 3*time.Second {
			t.Errorf("FindUser under a cancelled context: %v after %v", err, time.Since(start))
		}
	})
}
