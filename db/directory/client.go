package directory

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"net"
	"net/url"
	"strings"
	"time"

	"github.com/go-ldap/ldap/v3"
	"github.com/omero-go/omero/perms/fault"
)

const unreachablePrefix = "LDAP directory unreachable: "

// maxReferralHops bounds omero.ldap.referral=follow (JNDI's default limit is 10).
const maxReferralHops = 5

// Client talks to the directory a Config names. It holds no connection: each call
// dials, works and closes, so a Client may be kept and shared between goroutines.
type Client struct {
	cfg Config
	p   *parsed
}

// New checks cfg and returns a client for it. It does not contact the directory.
func New(cfg Config) (*Client, error) {
	p, err := cfg.check()
	if err != nil {
		return nil, err
	}
	if cfg.Referral == "" {
		cfg.Referral = ReferralIgnore
	}
	return &Client{cfg: cfg, p: p}, nil
}

// Config is the configuration the client was made with.
func (c *Client) Config() Config { return c.cfg }

// conn is one connection to one URL of the directory.
type conn struct {
	c    *Client
	l    *ldap.Conn
	url  string
	stop func() bool // detaches the context watch
}

func (cn *conn) close() {
	cn.stop()
	_ = cn.l.Close() // the directory has answered; a failed unbind changes nothing
}

// connect dials the URLs in order and returns the first connection that answers,
// bound as omero.ldap.username when service is set and a username is configured.
func (c *Client) connect(ctx context.Context, service bool) (*conn, error) {
	var failures []string
	var last error
	for _, u := range c.p.urls {
		cn, err := c.connectURL(ctx, u, service)
		if err == nil {
			return cn, nil
		}
		if !errors.Is(err, ErrUnreachable) || ctx.Err() != nil {
			return nil, err
		}
		last = err
		failures = append(failures, strings.TrimPrefix(err.Error(), unreachablePrefix))
	}
	if len(failures) == 1 {
		return nil, last
	}
	return nil, &fault.Error{Kind: fault.Failed, Err: ErrUnreachable,
		Msg:  unreachablePrefix + strings.Join(failures, "; "),
		Hint: "check " + KeyURLs + " and that the directory is running"}
}

func (c *Client) connectURL(ctx context.Context, u *url.URL, service bool) (*conn, error) {
	l, err := c.dial(ctx, u)
	if err != nil && ctx.Err() != nil {
		return nil, fault.Wrap(fault.Failed, fmt.Errorf("LDAP directory at %s: %w", urlText(u), ctx.Err()))
	}
	if err != nil {
		return nil, &fault.Error{Kind: fault.Failed, Err: errors.Join(ErrUnreachable, err),
			Msg:  fmt.Sprintf("%s%s: %v", unreachablePrefix, urlText(u), unwrapNet(err)),
			Hint: "check " + KeyURLs + " and that the directory is running"}
	}
	l.SetTimeout(c.cfg.RequestTimeout)
	cn := &conn{c: c, l: l, url: urlText(u)}
	cn.stop = context.AfterFunc(ctx, func() { _ = l.Close() })
	if service && c.cfg.Username != "" {
		if err := l.Bind(c.cfg.Username, c.cfg.Password); err != nil {
			cn.close()
			if ldap.IsErrorWithCode(err, ldap.LDAPResultInvalidCredentials) || c.cfg.Password == "" {
				return nil, fault.New(fault.Failed, "LDAP bind as %s refused by %s: %s", c.cfg.Username, cn.url, trimLDAPError(err)).
					WithHint("check %s and %s", KeyUsername, KeyPassword)
			}
			return nil, cn.failed(ctx, "bind", err)
		}
	}
	return cn, nil
}

// dial opens the network connection with the connect timeout (TLS handshake
// included) and starts go-ldap on it.
func (c *Client) dial(ctx context.Context, u *url.URL) (*ldap.Conn, error) {
	d := &net.Dialer{Timeout: c.cfg.ConnectTimeout}
	var nc net.Conn
	var err error
	switch u.Scheme {
	case "ldapi":
		nc, err = d.DialContext(ctx, "unix", u.Host)
	case "ldaps":
		td := &tls.Dialer{NetDialer: d, Config: &tls.Config{
			ServerName: u.Hostname(), RootCAs: c.cfg.RootCAs, MinVersion: tls.VersionTLS12}}
		nc, err = td.DialContext(ctx, "tcp", hostPort(u))
	default:
		nc, err = d.DialContext(ctx, "tcp", hostPort(u))
	}
	if err != nil {
		return nil, err
	}
	l := ldap.NewConn(nc, u.Scheme == "ldaps")
	l.Start()
	return l, nil
}

// urlText is u as an administrator wrote it.
func urlText(u *url.URL) string {
	if u.Scheme == "ldapi" {
		return "ldapi://" + url.PathEscape(u.Host)
	}
	return u.Scheme + "://" + u.Host
}

// unwrapNet shortens "dial tcp 10.0.0.1:389: i/o timeout" style errors to the part
// that says what happened.
func unwrapNet(err error) error {
	var ne net.Error
	if errors.Is(err, context.DeadlineExceeded) || (errors.As(err, &ne) && ne.Timeout()) {
		return errors.New("no answer within the connect timeout")
	}
	var oe *net.OpError
	if errors.As(err, &oe) && oe.Err != nil {
		return oe.Err
	}
	return err
}

// failed turns a go-ldap error into the error a caller sees.
func (cn *conn) failed(ctx context.Context, op string, err error) error {
	if ctx.Err() != nil {
		return fault.Wrap(fault.Failed, fmt.Errorf("LDAP %s at %s: %w", op, cn.url, ctx.Err()))
	}
	switch {
	case ldap.IsErrorWithCode(err, ldap.ErrorNetwork):
		return &fault.Error{Kind: fault.Failed, Err: errors.Join(ErrUnreachable, err),
			Msg:  fmt.Sprintf("LDAP directory at %s did not answer the %s: %s", cn.url, op, trimLDAPError(err)),
			Hint: "check that the directory is running; " + KeyRequestTimeout + " is how long each answer may take"}
	case ldap.IsErrorWithCode(err, ldap.LDAPResultInsufficientAccessRights):
		return &fault.Error{Kind: fault.Failed, Err: err,
			Msg:  fmt.Sprintf("LDAP %s at %s failed: %s", op, cn.url, trimLDAPError(err)),
			Hint: "check " + KeyUsername + " and " + KeyPassword + ": this directory may not allow anonymous searches"}
	case ldap.IsErrorWithCode(err, ldap.LDAPResultNoSuchObject):
		return &fault.Error{Kind: fault.Failed, Err: err,
			Msg:  fmt.Sprintf("LDAP %s at %s: no such entry (is %s right?)", op, cn.url, KeyBase),
			Hint: "check " + KeyBase}
	}
	return &fault.Error{Kind: fault.Failed, Err: err, Msg: fmt.Sprintf("LDAP %s at %s failed: %s", op, cn.url, trimLDAPError(err))}
}

// query is one search.
type query struct {
	base   string
	scope  int // ldap.ScopeWholeSubtree or ldap.ScopeBaseObject
	filter string
	attrs  []string
}

// search runs q and deals with referrals as omero.ldap.referral says: ignore sends
// ManageDsaIT, so referral objects come back as plain entries (JNDI's "ignore");
// throw refuses a referred search; follow chases each referral, bound the same way,
// at most maxReferralHops deep.
func (cn *conn) search(ctx context.Context, q query) ([]*ldap.Entry, error) {
	return cn.searchHops(ctx, q, 0)
}

func (cn *conn) searchHops(ctx context.Context, q query, hops int) ([]*ldap.Entry, error) {
	c := cn.c
	var controls []ldap.Control
	if c.cfg.Referral == ReferralIgnore {
		controls = append(controls, ldap.NewControlManageDsaIT(false))
	}
	secs := int((c.cfg.RequestTimeout + time.Second - 1) / time.Second)
	req := ldap.NewSearchRequest(q.base, q.scope, ldap.NeverDerefAliases, 0, secs, false, q.filter, q.attrs, controls)
	res, err := cn.l.Search(req)
	var refs []string
	switch {
	case err != nil && ldap.IsErrorWithCode(err, ldap.LDAPResultReferral):
		refs = referralURLs(err)
	case err != nil:
		return nil, cn.failed(ctx, "search", err)
	default:
		refs = res.Referrals
	}
	var entries []*ldap.Entry
	if res != nil && err == nil {
		entries = res.Entries
	}
	if len(refs) == 0 || c.cfg.Referral == ReferralIgnore {
		return entries, nil
	}
	if c.cfg.Referral == ReferralThrow {
		return nil, fault.New(fault.Failed, "LDAP search under %s was referred to %s (%s is throw)", q.base, strings.Join(refs, " "), KeyReferral)
	}
	if hops >= maxReferralHops {
		return nil, fault.New(fault.Failed, "LDAP search under %s: more than %d referrals in a row", q.base, maxReferralHops)
	}
	for _, ref := range refs {
		u, sub, err := referralQuery(ref, q)
		if err != nil {
			return nil, err
		}
		rc, err := c.connectURL(ctx, u, true)
		if err != nil {
			return nil, err
		}
		more, err := rc.searchHops(ctx, sub, hops+1)
		rc.close()
		if err != nil {
			return nil, err
		}
		entries = append(entries, more...)
	}
	return entries, nil
}

// referralQuery is q redirected to an LDAP URL (RFC 4516: ldap://host:port/DN?attrs?scope?filter);
// the URL's DN and scope replace q's when present, our filter and attributes stay.
func referralQuery(ref string, q query) (*url.URL, query, error) {
	u, err := url.Parse(ref)
	if err != nil || (u.Scheme != "ldap" && u.Scheme != "ldaps") || u.Host == "" {
		return nil, q, fault.New(fault.Failed, "LDAP referral to an unusable URL: %s", ref)
	}
	if dn := strings.TrimPrefix(u.Path, "/"); dn != "" {
		q.base = dn
	}
	if parts := strings.Split(u.RawQuery, "?"); len(parts) >= 2 {
		switch parts[1] {
		case "base":
			q.scope = ldap.ScopeBaseObject
		case "one":
			q.scope = ldap.ScopeSingleLevel
		case "sub":
			q.scope = ldap.ScopeWholeSubtree
		}
	}
	return &url.URL{Scheme: u.Scheme, Host: u.Host}, q, nil
}

// referralURLs reads the referral field ([3] in LDAPResult) of a referral result.
func referralURLs(err error) []string {
	var le *ldap.Error
	if !errors.As(err, &le) || le.Packet == nil || len(le.Packet.Children) < 2 {
		return nil
	}
	var urls []string
	for _, child := range le.Packet.Children[1].Children {
		if child.ClassType == 0x80 && child.Tag == 3 { // context-specific [3]
			for _, u := range child.Children {
				if s, ok := u.Value.(string); ok {
					urls = append(urls, s)
				} else {
					urls = append(urls, u.Data.String())
				}
			}
		}
	}
	return urls
}

// and is (&A B ...), leaving out empty parts (an empty configured filter is no condition).
func and(parts ...string) string {
	return "(&" + strings.Join(parts, "") + ")"
}

// equals is (attr=value) with value escaped.
func equals(attr, value string) string {
	return "(" + attr + "=" + ldap.EscapeFilter(value) + ")"
}

// SameDN says whether two DNs name the same entry (attribute types and values
// compared ignoring case, spacing normalised), for login's DN check.
func SameDN(a, b string) bool {
	da, err1 := ldap.ParseDN(a)
	db, err2 := ldap.ParseDN(b)
	if err1 != nil || err2 != nil {
		return a == b
	}
	return da.EqualFold(db)
}
