package dialect

import (
	"net/url"
	"strings"
)

// IsURL reports whether server names a PostgreSQL database: a postgres:// or
// postgresql:// URL. It must be asked before a connection string is split at its "@"
// and ":" ([user@]server[:port]), which would cut such a URL apart. Like libpq and
// pgx, it takes the scheme in lower case only.
func IsURL(server string) bool {
	return strings.HasPrefix(server, "postgres://") || strings.HasPrefix(server, "postgresql://")
}

// secretParams are the URL query parameters that carry secrets (libpq's password
// and the passphrase of a client key).
var secretParams = []string{"password", "sslpassword"}

// Redact is server with every password taken out: the form in which a PostgreSQL URL
// may be stored (session files), recorded (events) or shown (messages, banners).
// Without a password the URL still works: pgx then reads PGPASSWORD or ~/.pgpass.
// Anything that is not a PostgreSQL URL comes back unchanged; a URL that does not
// parse keeps only its scheme and what follows its last "@", without a query.
func Redact(server string) string {
	if !IsURL(server) {
		return server
	}
	u, err := url.Parse(server)
	if err != nil {
		return redactUnparsed(server)
	}
	if u.User != nil {
		if _, has := u.User.Password(); has {
			u.User = url.User(u.User.Username())
		}
	}
	if u.RawQuery != "" {
		q := u.Query()
		changed := false
		for _, p := range secretParams {
			if q.Has(p) {
				q.Del(p)
				changed = true
			}
		}
		if changed {
			u.RawQuery = q.Encode()
		}
	}
	return u.String()
}

func redactUnparsed(server string) string {
	scheme, rest, _ := strings.Cut(server, "://")
	if i := strings.IndexAny(rest, "?#"); i >= 0 {
		rest = rest[:i]
	}
	if i := strings.LastIndexByte(rest, '@'); i >= 0 {
		user, _, _ := strings.Cut(rest[:i], ":")
		rest = user + "@" + rest[i+1:]
	}
	return scheme + "://" + rest
}

// password is the password server carries in its user information, or "".
func password(server string) string {
	if u, err := url.Parse(server); err == nil {
		if u.User == nil {
			return ""
		}
		p, _ := u.User.Password()
		return p
	}
	_, rest, _ := strings.Cut(server, "://")
	if i := strings.IndexAny(rest, "?#"); i >= 0 {
		rest = rest[:i]
	}
	i := strings.LastIndexByte(rest, '@')
	if i < 0 {
		return ""
	}
	_, p, _ := strings.Cut(rest[:i], ":")
	return p
}
