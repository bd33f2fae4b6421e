package directory

import (
	"errors"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/omero-go/omero/perms/fault"
)

func TestParseDefaultsAreOMEROs(t *testing.T) {
	c, err := Parse(nil)
	if err != nil {
		t.Fatal(err)
	}
	if c.Enabled || c.SyncOnLogin || c.IgnoreCase {
		t.Errorf("booleans default on: %+v", c)
	}
	if !reflect.DeepEqual(c.URLs, []string{"ldap://localhost:389"}) || c.Base != "ou=example,o=com" || c.Referral != "ignore" {
		t.Errorf("urls/base/referral = %v %q %q", c.URLs, c.Base, c.Referral)
	}
	wantUser := map[string]string{"omeName": "cn", "firstName": "givenName", "lastName": "sn", "email": "mail", "institution": "department", "middleName": "middleName"}
	if !reflect.DeepEqual(c.UserMapping, wantUser) || !reflect.DeepEqual(c.GroupMapping, map[string]string{"name": "cn"}) {
		t.Errorf("mappings = %v %v", c.UserMapping, c.GroupMapping)
	}
	if c.UserFilter != "(objectClass=person)" || c.GroupFilter != "(objectClass=groupOfNames)" || c.NewUserGroup != "default" || c.NewUserGroupOwner != "" {
		t.Errorf("filters/new_user_group = %+v", c)
	}
	if c.ConnectTimeout != 5*time.Second || c.RequestTimeout != 10*time.Second {
		t.Errorf("timeouts = %v %v", c.ConnectTimeout, c.RequestTimeout)
	}
	if _, err := New(c); err != nil {
		t.Errorf("New(defaults): %v", err)
	}
}

func TestParseTakesStoredValues(t *testing.T) {
	c, err := Parse(map[string]string{
		KeyEnabled: "yes", KeyURLs: "ldaps://a.example.org, ldap://b.example.org:1389",
		KeyUserMapping: "omeName=uid; firstName=givenName\nlastName=sn", KeyConnectTimeout: "1.5s",
		KeyRequestTimeout: "250",
	})
	if err != nil {
		t.Fatal(err)
	}
	if !c.Enabled || len(c.URLs) != 2 || c.URLs[1] != "ldap://b.example.org:1389" {
		t.Errorf("enabled/urls = %v %v", c.Enabled, c.URLs)
	}
	if c.UserMapping["omeName"] != "uid" || c.UserMapping["lastName"] != "sn" || len(c.UserMapping) != 3 {
		t.Errorf("user mapping = %v", c.UserMapping)
	}
	if c.ConnectTimeout != 1500*time.Millisecond || c.RequestTimeout != 250*time.Millisecond {
		t.Errorf("timeouts = %v %v", c.ConnectTimeout, c.RequestTimeout)
	}
	if _, err := Parse(map[string]string{KeyUserFilter: "objectClass=person"}); err == nil || !strings.HasPrefix(err.Error(), KeyUserFilter+": ") {
		t.Errorf("a bad stored filter: %v", err)
	}
}

func TestValidate(t *testing.T) {
	for _, tc := range []struct {
		key, value, want string // want "" with err set: refused
		err              string
	}{
		{KeyEnabled, " TRUE ", "true", ""},
		{KeyEnabled, "off", "false", ""},
		{KeyEnabled, "maybe", "", "omero.ldap.config: expected true or false, not 'maybe'"},
		{KeyIgnoreCase, "1", "true", ""},
		{KeyURLs, "ldap://ldap.example.org ldaps://ldap2.example.org:636", "ldap://ldap.example.org ldaps://ldap2.example.org:636", ""},
		{KeyURLs, "http://ldap.example.org", "", "the scheme must be ldap:// or ldaps://"},
		{KeyURLs, "ldap://ldap.example.org/ou=example,o=com", "", "the base DN goes in omero.ldap.base"},
		{KeyURLs, "ldap://ldap.example.org:99999", "", "bad port"},
		{KeyURLs, "ldap://", "", "no host"},
		{KeyURLs, "  ", "", "no URL given"},
		{KeyBase, "ou=example,o=com", "ou=example,o=com", ""},
		{KeyBase, "not a dn", "", "not a distinguished name"},
		{KeyUsername, "", "", ""},
		{KeyPassword, " s p ", " s p ", ""},
		{KeyReferral, "Follow", "follow", ""},
		{KeyReferral, "chase", "", "expected ignore, follow or throw"},
		{KeyUserFilter, "(&(objectClass=person)(!(loginShell=/bin/false)))", "(&(objectClass=person)(!(loginShell=/bin/false)))", ""},
		{KeyUserFilter, "", "", ""},
		{KeyUserFilter, "objectClass=person", "", "bad filter objectClass=person"},
		{KeyGroupFilter, "(objectClass=groupOfNames", "", "bad filter"},
		{KeyGroupFilter, "(member=@{dn})", "", "placeholders are only filled"},
		{KeyUserMapping, "omeName=uid,email=mail", "omeName=uid,email=mail", ""},
		{KeyUserMapping, "firstName=givenName", "", "no omeName=ATTRIBUTE"},
		{KeyUserMapping, "omeName=uid,nickname=displayName", "", "unknown field 'nickname'"},
		{KeyUserMapping, "omeName", "", "'omeName' is not FIELD=ATTRIBUTE"},
		{KeyUserMapping, "omeName=u(id", "", "not an LDAP attribute name"},
		{KeyGroupMapping, "name=ou", "name=ou", ""},
		{KeyGroupMapping, "title=cn", "", "unknown field 'title'"},
		{KeyNewUserGroup, "default", "default", ""},
		{KeyNewUserGroup, ":ou:", ":ou:", ""},
		{KeyNewUserGroup, ":attribute:memberOf", ":attribute:memberOf", ""},
		{KeyNewUserGroup, ":filtered_attribute:departmentNumber", ":filtered_attribute:departmentNumber", ""},
		{KeyNewUserGroup, ":dn_attribute:memberOf", ":dn_attribute:memberOf", ""},
		{KeyNewUserGroup, ":filtered_dn_attribute:memberOf", ":filtered_dn_attribute:memberOf", ""},
		{KeyNewUserGroup, ":query:(member=@{dn})", ":query:(member=@{dn})", ""},
		{KeyNewUserGroup, ":bean:myNewUserGroupMapperBean", "", "omero.ldap.new_user_group: :bean:myNewUserGroupMapperBean spec currently not supported."},
		{KeyNewUserGroup, ":groups:x", "", ":groups:x spec currently not supported."},
		{KeyNewUserGroup, ":ou", "", ":ou spec currently not supported."},
		{KeyNewUserGroup, ":attribute:", "", "needs an LDAP attribute name"},
		{KeyNewUserGroup, ":query:member=@{dn}", "", "bad filter"},
		{KeyNewUserGroup, ":query:(member=@{dn)", "", "unterminated @{"},
		{KeyNewUserGroup, "", "", "no group given"},
		{KeyNewUserGroupOwner, "(owner=@{dn})", "(owner=@{dn})", ""},
		{KeyNewUserGroupOwner, "owner=@{dn}", "", "bad filter"},
		{KeyConnectTimeout, "2000", "2000", ""},
		{KeyRequestTimeout, "3s", "3s", ""},
		{KeyRequestTimeout, "0", "", "out of range"},
		{KeyRequestTimeout, "soon", "", "not a number of milliseconds"},
		{"omero.ldap.colour", "x", "", "unknown configuration key: omero.ldap.colour"},
	} {
		got, err := Validate(tc.key, tc.value)
		switch {
		case tc.err == "" && err != nil:
			t.Errorf("Validate(%s, %q): %v", tc.key, tc.value, err)
		case tc.err == "" && got != tc.want:
			t.Errorf("Validate(%s, %q) = %q, want %q", tc.key, tc.value, got, tc.want)
		case tc.err != "" && (err == nil || !strings.Contains(err.Error(), tc.err)):
			t.Errorf("Validate(%s, %q) = %q, %v; want an error with %q", tc.key, tc.value, got, err, tc.err)
		case tc.err != "" && fault.KindOf(err) != fault.Usage:
			t.Errorf("Validate(%s, %q): kind %v, want usage", tc.key, tc.value, fault.KindOf(err))
		}
	}
}

func TestEveryKeyHasAValidDefault(t *testing.T) {
	seen := map[string]bool{}
	for _, k := range Keys {
		if seen[k.Name] {
			t.Errorf("%s listed twice", k.Name)
		}
		seen[k.Name] = true
		if _, err := Validate(k.Name, k.Default); err != nil {
			t.Errorf("default of %s: %v", k.Name, err)
		}
	}
}

func TestDisplayHidesThePassword(t *testing.T) {
	if got := Display(KeyPassword, "s3cret", false); got != "********" {
		t.Errorf("password shown as %q", got)
	}
	if got := Display(KeyPassword, "s3cret", true); got != "s3cret" {
		t.Errorf("--show-password shows %q", got)
	}
	if got := Display(KeyPassword, "", false); got != "" {
		t.Errorf("empty password shown as %q", got)
	}
	if got := Display(KeyUsername, "cn=omero,o=com", false); got != "cn=omero,o=com" {
		t.Errorf("username shown as %q", got)
	}
}

func TestNewRefusesAHandBuiltConfigThatParseWouldRefuse(t *testing.T) {
	c, _ := Parse(nil)
	c.NewUserGroup = ":bean:x"
	if _, err := New(c); err == nil || err.Error() != "omero.ldap.new_user_group: :bean:x spec currently not supported." {
		t.Errorf("New with :bean: = %v", err)
	}
	c, _ = Parse(nil)
	c.UserMapping = map[string]string{"firstName": "givenName"}
	if _, err := New(c); err == nil {
		t.Error("New without omeName mapping succeeded")
	}
}

func TestSubstituteEscapesEveryValue(t *testing.T) {
	values := map[string][]string{"dn": {"cn=a*b,o=com"}, "mail": {"x)(objectClass=*"}, "two": {"a", "b"}}
	lookup := func(n string) ([]string, bool) { v, ok := values[n]; return v, ok }
	got, err := substitute("(|(member=@{dn})(mail=@{mail}))", lookup)
	if err != nil || got != `(|(member=cn=a\2ab,o=com)(mail=x\29\28objectClass=\2a))` {
		t.Errorf("substitute = %q, %v", got, err)
	}
	if _, err := substitute("(x=@{two})", lookup); err == nil || err.Error() != "Multivalued property used in @{} format:(x=@{two})=[a, b]" {
		t.Errorf("multi-valued: %v", err)
	}
	if _, err := substitute("(x=@{none})", lookup); err == nil || !strings.Contains(err.Error(), "Could not resolve placeholder 'none'") {
		t.Errorf("missing: %v", err)
	}
}

func TestSameDNAndMessages(t *testing.T) {
	if !SameDN("CN=John Smith, OU=Lab,o=com", "cn=john smith,ou=lab,o=com") || SameDN("cn=a,o=com", "cn=b,o=com") {
		t.Error("SameDN")
	}
	if err := DNMismatch("cn=a,o=com", "cn=b,o=com"); err.Error() != "DNs don't match: 'cn=a,o=com' and 'cn=b,o=com'" {
		t.Errorf("DNMismatch = %v", err)
	}
	if err := NoGroupFound("cn=a,o=com"); err.Error() != "No group found for: cn=a,o=com" {
		t.Errorf("NoGroupFound = %v", err)
	}
	if !errors.Is(notUnique("user", 2), ErrNoUniqueEntry) || notUnique("user", 2).Error() != "Cannot find unique user DistinguishedName: found=2" {
		t.Errorf("notUnique = %v", notUnique("user", 2))
	}
}
