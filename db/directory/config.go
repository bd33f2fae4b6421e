package directory

import (
	"crypto/x509"
	"net"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/go-ldap/ldap/v3"
	"github.com/omero-go/omero/perms/fault"
)

// The configuration keys: OMERO's, plus our two timeouts.
const (
	KeyEnabled           = "omero.ldap.config"
	KeyURLs              = "omero.ldap.urls"
	KeyUsername          = "omero.ldap.username"
	KeyPassword          = "omero.ldap.password"
	KeyBase              = "omero.ldap.base"
	KeyReferral          = "omero.ldap.referral"
	KeySyncOnLogin       = "omero.ldap.sync_on_login"
	KeyUserFilter        = "omero.ldap.user_filter"
	KeyUserMapping       = "omero.ldap.user_mapping"
	KeyGroupFilter       = "omero.ldap.group_filter"
	KeyGroupMapping      = "omero.ldap.group_mapping"
	KeyNewUserGroup      = "omero.ldap.new_user_group"
	KeyNewUserGroupOwner = "omero.ldap.new_user_group_owner"
	KeyIgnoreCase        = "omero.security.ignore_case"
	KeyConnectTimeout    = "omero.ldap.connect_timeout" // ours: OMERO leaves it to the JVM
	KeyRequestTimeout    = "omero.ldap.request_timeout" // ours
)

// Referral values (JNDI's, as OMERO passes them on).
const (
	ReferralIgnore = "ignore"
	ReferralFollow = "follow"
	ReferralThrow  = "throw"
)

// Key describes one configuration key for `omero config`.
type Key struct {
	Name    string
	Default string
	Secret  bool // never printed unless asked for (the bind password)
	Usage   string
}

// Keys are the keys this package reads, in the order `omero config list` shows them.
var Keys = []Key{
	{KeyEnabled, "false", false, "LDAP on or off (true or false)"},
	{KeyURLs, "ldap://localhost:389", false, "directory URL(s), ldap:// or ldaps://, separated by spaces or commas; tried in order"},
	{KeyUsername, "", false, "bind DN for searches; empty means anonymous"},
	{KeyPassword, "", true, "bind password for that DN"},
	{KeyBase, "ou=example,o=com", false, "search base: every user and group lies under it"},
	{KeyReferral, ReferralIgnore, false, "ignore, follow or throw"},
	{KeySyncOnLogin, "false", false, "copy names, email and LDAP group memberships from the directory at each login"},
	{KeyUserFilter, "(objectClass=person)", false, "which entries are users"},
	{KeyUserMapping, "omeName=cn,firstName=givenName,lastName=sn,email=mail,institution=department,middleName=middleName", false, "OMERO field=LDAP attribute, ...; omeName is required"},
	{KeyGroupFilter, "(objectClass=groupOfNames)", false, "which entries are groups"},
	{KeyGroupMapping, "name=cn", false, "name=LDAP attribute of a group's name"},
	{KeyNewUserGroup, "default", false, "groups a new directory user joins: NAME, :ou:, :attribute:A, :filtered_attribute:A, :dn_attribute:A, :filtered_dn_attribute:A or :query:FILTER"},
	{KeyNewUserGroupOwner, "", false, "with :query:, a filter fragment selecting the groups the new user owns, e.g. (owner=@{dn})"},
	{KeyIgnoreCase, "false", false, "compare login names ignoring case (and lower-case them on creation)"},
	{KeyConnectTimeout, "5000", false, "milliseconds to wait for a connection to the directory (or a duration: 5s)"},
	{KeyRequestTimeout, "10000", false, "milliseconds to wait for each answer of the directory (or a duration: 10s)"},
}

// KeyByName returns the key called name.
func KeyByName(name string) (Key, bool) {
	for _, k := range Keys {
		if k.Name == name {
			return k, true
		}
	}
	return Key{}, false
}

// Display is how `omero config get|list` shows a stored value: a secret is
// ******** unless show is set (an empty secret stays empty: there is nothing to hide).
func Display(name, value string, show bool) string {
	if k, ok := KeyByName(name); ok && k.Secret && value != "" && !show {
		return "********"
	}
	return value
}

// UserFields and GroupFields are the OMERO fields a mapping may name.
var (
	UserFields  = []string{"omeName", "firstName", "middleName", "lastName", "email", "institution"}
	GroupFields = []string{"name"}
)

// Config is a parsed, validated configuration. Build it with Parse; a Config built by
// hand is checked again by New.
type Config struct {
	Enabled           bool
	URLs              []string
	Username          string
	Password          string
	Base              string
	Referral          string
	SyncOnLogin       bool
	UserFilter        string
	UserMapping       map[string]string // OMERO field -> LDAP attribute
	GroupFilter       string
	GroupMapping      map[string]string
	NewUserGroup      string
	NewUserGroupOwner string
	IgnoreCase        bool
	ConnectTimeout    time.Duration
	RequestTimeout    time.Duration

	// RootCAs, when not nil, replaces the system's certificate authorities for
	// ldaps:// (tests use it; administrators point SSL_CERT_FILE at their CA).
	RootCAs *x509.CertPool
}

// Parse builds a Config from stored values; a key missing from values takes its
// default. Every value is validated as Validate does; the error names the key.
func Parse(values map[string]string) (Config, error) {
	get := func(name string) (string, error) {
		k, _ := KeyByName(name)
		v, ok := values[name]
		if !ok {
			v = k.Default
		}
		return Validate(name, v)
	}
	var c Config
	var firstErr error
	str := func(name string) string {
		v, err := get(name)
		if err != nil && firstErr == nil {
			firstErr = err
		}
		return v
	}
	c.Enabled = str(KeyEnabled) == "true"
	c.URLs = splitURLs(str(KeyURLs))
	c.Username = str(KeyUsername)
	c.Password = str(KeyPassword)
	c.Base = str(KeyBase)
	c.Referral = str(KeyReferral)
	c.SyncOnLogin = str(KeySyncOnLogin) == "true"
	c.UserFilter = str(KeyUserFilter)
	c.UserMapping, _ = parseMapping(str(KeyUserMapping), nil, "")
	c.GroupFilter = str(KeyGroupFilter)
	c.GroupMapping, _ = parseMapping(str(KeyGroupMapping), nil, "")
	c.NewUserGroup = str(KeyNewUserGroup)
	c.NewUserGroupOwner = str(KeyNewUserGroupOwner)
	c.IgnoreCase = str(KeyIgnoreCase) == "true"
	c.ConnectTimeout, _ = parseTimeout(str(KeyConnectTimeout))
	c.RequestTimeout, _ = parseTimeout(str(KeyRequestTimeout))
	if firstErr != nil {
		return Config{}, firstErr
	}
	return c, nil
}

// Validate checks value for the key called name, as `omero config set` must before
// storing it, and returns the form to store (booleans as true/false, the rest
// trimmed). A filter that does not compile, a mapping without its required field, a
// new_user_group form OMERO has and we do not (:bean:) are refused here, not at
// someone's login. Errors are fault.Usage and name the key.
func Validate(name, value string) (string, error) {
	bad := func(format string, args ...any) (string, error) {
		e := fault.New(fault.Usage, format, args...)
		e.Msg = name + ": " + e.Msg
		return "", e
	}
	v := strings.TrimSpace(value)
	switch name {
	case KeyEnabled, KeySyncOnLogin, KeyIgnoreCase:
		b, ok := ParseBool(v)
		if !ok {
			return bad("expected true or false, not '%s'", value)
		}
		return strconv.FormatBool(b), nil
	case KeyURLs:
		urls := splitURLs(v)
		if len(urls) == 0 {
			return bad("no URL given; e.g. ldap://ldap.example.org:389 or ldaps://ldap.example.org:636")
		}
		for _, u := range urls {
			if _, err := parseURL(u); err != nil {
				return bad("%v", err)
			}
		}
		return v, nil
	case KeyUsername, KeyBase:
		if v != "" {
			if _, err := ldap.ParseDN(v); err != nil {
				return bad("not a distinguished name: %v", err)
			}
		}
		return v, nil
	case KeyPassword:
		return value, nil // a password is taken as typed, spaces included
	case KeyReferral:
		switch r := strings.ToLower(v); r {
		case ReferralIgnore, ReferralFollow, ReferralThrow:
			return r, nil
		}
		return bad("expected ignore, follow or throw, not '%s'", value)
	case KeyUserFilter, KeyGroupFilter:
		if err := checkFilter(v, false); err != nil {
			return bad("%v", err)
		}
		return v, nil
	case KeyUserMapping:
		if _, err := parseMapping(v, UserFields, "omeName"); err != nil {
			return bad("%v", err)
		}
		return v, nil
	case KeyGroupMapping:
		if _, err := parseMapping(v, GroupFields, "name"); err != nil {
			return bad("%v", err)
		}
		return v, nil
	case KeyNewUserGroup:
		if _, err := parseGroupSpec(v); err != nil {
			return bad("%v", err)
		}
		return v, nil
	case KeyNewUserGroupOwner:
		if v != "" {
			if err := checkFilter(v, true); err != nil {
				return bad("%v", err)
			}
		}
		return v, nil
	case KeyConnectTimeout, KeyRequestTimeout:
		if _, err := parseTimeout(v); err != nil {
			return bad("%v", err)
		}
		return v, nil
	}
	return "", fault.New(fault.Usage, "unknown configuration key: %s", name)
}

// check validates a Config however it was built, and parses what the client needs.
func (c *Config) check() (*parsed, error) {
	p := &parsed{}
	for _, kv := range []struct{ k, v string }{
		{KeyUsername, c.Username}, {KeyBase, c.Base}, {KeyUserFilter, c.UserFilter},
		{KeyGroupFilter, c.GroupFilter}, {KeyNewUserGroup, c.NewUserGroup},
		{KeyNewUserGroupOwner, c.NewUserGroupOwner},
	} {
		if _, err := Validate(kv.k, kv.v); err != nil {
			return nil, err
		}
	}
	switch c.Referral {
	case ReferralIgnore, ReferralFollow, ReferralThrow, "":
	default:
		return nil, fault.New(fault.Usage, "%s: expected ignore, follow or throw, not '%s'", KeyReferral, c.Referral)
	}
	if len(c.URLs) == 0 {
		return nil, fault.New(fault.Usage, "%s: no URL given", KeyURLs)
	}
	for _, s := range c.URLs {
		u, err := parseURL(s)
		if err != nil {
			return nil, fault.New(fault.Usage, "%s: %v", KeyURLs, err)
		}
		p.urls = append(p.urls, u)
	}
	for _, m := range []struct {
		key, required string
		mapping       map[string]string
	}{{KeyUserMapping, "omeName", c.UserMapping}, {KeyGroupMapping, "name", c.GroupMapping}} {
		if m.mapping[m.required] == "" {
			return nil, fault.New(fault.Usage, "%s: no %s=ATTRIBUTE", m.key, m.required)
		}
	}
	if c.Base != "" {
		p.base, _ = ldap.ParseDN(c.Base)
	}
	p.spec, _ = parseGroupSpec(c.NewUserGroup)
	if c.ConnectTimeout <= 0 || c.RequestTimeout <= 0 {
		return nil, fault.New(fault.Usage, "%s and %s must be positive", KeyConnectTimeout, KeyRequestTimeout)
	}
	return p, nil
}

// parsed holds what check derives from a Config.
type parsed struct {
	urls []*url.URL
	base *ldap.DN // nil for an empty base
	spec groupSpec
}

// ParseBool reads a yes/no value strictly: true, yes, t, y, 1 or on; false, no, f,
// n, 0 or off, in any case. ok is false for anything else.
func ParseBool(s string) (b, ok bool) {
	switch strings.ToLower(s) {
	case "true", "yes", "t", "y", "1", "on":
		return true, true
	case "false", "no", "f", "n", "0", "off":
		return false, true
	}
	return false, false
}

// splitURLs splits on whitespace (JNDI's separator) and commas (Spring's).
func splitURLs(s string) []string {
	return strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ' ' || r == '\t' || r == '\n' })
}

func parseURL(s string) (*url.URL, error) {
	if rest, ok := strings.CutPrefix(s, "ldapi://"); ok {
		// A socket on this machine, its path escaped in the host part
		// (ldapi://%2Frun%2Fslapd%2Fldapi), which net/url does not accept.
		host, dn, _ := strings.Cut(rest, "/")
		path, err := url.PathUnescape(host)
		if err != nil || !strings.HasPrefix(path, "/") || dn != "" {
			return nil, fault.New(fault.Usage, "%s: not ldapi://%%2Fpath%%2Fto%%2Fsocket", s)
		}
		return &url.URL{Scheme: "ldapi", Host: path}, nil
	}
	u, err := url.Parse(s)
	if err != nil {
		return nil, err
	}
	switch u.Scheme {
	case "ldap", "ldaps":
		if u.Hostname() == "" {
			return nil, fault.New(fault.Usage, "%s: no host", s)
		}
		if p := u.Port(); p != "" {
			if n, err := strconv.Atoi(p); err != nil || n < 1 || n > 65535 {
				return nil, fault.New(fault.Usage, "%s: bad port %s", s, p)
			}
		}
	default:
		return nil, fault.New(fault.Usage, "%s: the scheme must be ldap:// or ldaps://", s)
	}
	if u.User != nil || u.RawQuery != "" || u.Fragment != "" || (u.Path != "" && u.Path != "/") {
		return nil, fault.New(fault.Usage, "%s: only scheme, host and port belong in the URL (the base DN goes in %s)", s, KeyBase)
	}
	return u, nil
}

// hostPort is the address to dial for an ldap:// or ldaps:// URL.
func hostPort(u *url.URL) string {
	port := u.Port()
	if port == "" {
		port = "389"
		if u.Scheme == "ldaps" {
			port = "636"
		}
	}
	return net.JoinHostPort(u.Hostname(), port)
}

var attrName = regexp.MustCompile(`^(?:[A-Za-z][A-Za-z0-9-]*|[0-9]+(?:\.[0-9]+)*)$`)

// parseMapping reads OMERO's mapping syntax: pieces split on whitespace, ';', ':'
// or ','; each piece split at its first '='. With fields set, only those field
// names are accepted and required must be present.
func parseMapping(s string, fields []string, required string) (map[string]string, error) {
	m := map[string]string{}
	pieces := strings.FieldsFunc(s, func(r rune) bool {
		return r == ';' || r == ':' || r == ',' || r == ' ' || r == '\t' || r == '\n' || r == '\r'
	})
	for _, p := range pieces {
		field, attr, ok := strings.Cut(p, "=")
		if !ok || field == "" || attr == "" {
			return nil, fault.New(fault.Usage, "'%s' is not FIELD=ATTRIBUTE", p)
		}
		if fields != nil && !slices.Contains(fields, field) {
			return nil, fault.New(fault.Usage, "unknown field '%s' (known: %s)", field, strings.Join(fields, ", "))
		}
		if !attrName.MatchString(attr) {
			return nil, fault.New(fault.Usage, "'%s' is not an LDAP attribute name", attr)
		}
		m[field] = attr
	}
	if required != "" && m[required] == "" {
		return nil, fault.New(fault.Usage, "no %s=ATTRIBUTE", required)
	}
	return m, nil
}

// checkFilter compiles a filter as go-ldap will send it. An empty filter is allowed
// (OMERO: no condition). With placeholders, each @{attr} is first replaced by a value.
func checkFilter(f string, placeholders bool) error {
	if f == "" {
		return nil
	}
	filled := f
	if placeholders {
		var err error
		filled, err = substitute(f, func(string) ([]string, bool) { return []string{"x"}, true })
		if err != nil {
			return err
		}
	} else if strings.Contains(f, "@{") {
		return fault.New(fault.Usage, "@{attr} placeholders are only filled in a :query: and %s", KeyNewUserGroupOwner)
	}
	if _, err := ldap.CompileFilter(filled); err != nil {
		return fault.New(fault.Usage, "bad filter %s: %v", f, trimLDAPError(err))
	}
	return nil
}

// parseTimeout reads milliseconds (OMERO's unit for timeouts) or a Go duration.
func parseTimeout(s string) (time.Duration, error) {
	var d time.Duration
	if n, err := strconv.ParseInt(s, 10, 64); err == nil {
		if n <= 0 || n > (10*time.Minute).Milliseconds() {
			// Before multiplying: a huge count of milliseconds would overflow into range.
			return 0, outOfRange(s)
		}
		d = time.Duration(n) * time.Millisecond
	} else if d, err = time.ParseDuration(s); err != nil {
		return 0, fault.New(fault.Usage, "'%s' is not a number of milliseconds or a duration such as 5s", s)
	}
	if d <= 0 || d > 10*time.Minute {
		return 0, outOfRange(s)
	}
	return d, nil
}

func outOfRange(s string) error {
	return fault.New(fault.Usage, "'%s' is out of range (more than 0, at most 10 minutes)", s)
}
