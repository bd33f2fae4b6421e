// Package dialect holds what differs between omero's two backends, SQLite and
// PostgreSQL, so that the rest of db writes one SQL text for both: placeholder
// rebinding, the few fragments whose spelling differs, how transactions lock, how the
// schema version is kept, and how driver errors become *fault.Error values.
//
// It knows SQL and the two drivers, and nothing about omero's tables: callers pass
// table names and placeholders in.
package dialect

import (
	_ "github.com/jackc/pgx/v5/stdlib" // registers the "pgx" driver
	_ "github.com/mattn/go-sqlite3"    // registers the "sqlite3" driver
)

// Dialect is one backend. The zero value is SQLite, the embedded default.
type Dialect uint8

const (
	SQLite Dialect = iota
	Postgres
)

// For is the dialect of a server name: Postgres for a postgres:// or postgresql://
// URL, SQLite for anything else (localhost, a file path).
func For(server string) Dialect {
	if IsURL(server) {
		return Postgres
	}
	return SQLite
}

func (d Dialect) String() string {
	if d == Postgres {
		return "PostgreSQL"
	}
	return "SQLite"
}

// DriverName is the database/sql driver to open this dialect's databases with.
func (d Dialect) DriverName() string {
	if d == Postgres {
		return "pgx"
	}
	return "sqlite3"
}

// IDSet is a subquery with one integer column, value, holding the elements of a JSON
// array of integers bound at placeholder ph ("?" or "?1"): use it as
// `x IN (` + d.IDSet("?") + `)`. The argument is the same JSON text on both backends.
// PostgreSQL needs the cast to know the parameter's type; value::bigint keeps the
// comparison an integer one, so indexes on x are used.
func (d Dialect) IDSet(ph string) string {
	if d == Postgres {
		return "SELECT value::bigint AS value FROM json_array_elements_text(" + ph + "::json)"
	}
	return "SELECT value FROM json_each(" + ph + ")"
}

// IDRanges is a FROM item, named alias, with integer columns lo and hi, one row per
// [lo, hi] pair of a JSON array bound at placeholder ph: join it as
// `FROM ` + d.IDRanges("?", "r") + ` JOIN image x ON x.id BETWEEN r.lo AND r.hi`.
func (d Dialect) IDRanges(ph, alias string) string {
	if d == Postgres {
		return "(SELECT (value->>0)::bigint AS lo, (value->>1)::bigint AS hi FROM json_array_elements(" + ph + "::json)) " + alias
	}
	return "(SELECT json_extract(value, '$[0]') AS lo, json_extract(value, '$[1]') AS hi FROM json_each(" + ph + ")) " + alias
}

// GroupConcat is the aggregate that joins expr's values, in the order of orderBy
// (which may be empty), with sep between them; sep is an SQL string literal such as
// `','`. PostgreSQL's string_agg takes only text, so expr is cast. Like SQLite's
// group_concat it skips NULLs and is NULL over no rows.
func (d Dialect) GroupConcat(expr, sep, orderBy string) string {
	order := ""
	if orderBy != "" {
		order = " ORDER BY " + orderBy
	}
	if d == Postgres {
		return "string_agg((" + expr + ")::text, " + sep + order + ")"
	}
	return "group_concat(" + expr + ", " + sep + order + ")"
}

// CaseBlindLike is `expr LIKE pattern` ignoring the case of ASCII letters, as
// SQLite's LIKE does: ILIKE on PostgreSQL, whose text columns here are COLLATE "C",
// where ILIKE too folds ASCII letters only. In pattern, % and _ are wildcards and a
// backslash escapes them (EscapeLike), on both backends.
func (d Dialect) CaseBlindLike(expr, pattern string) string {
	op := " LIKE "
	if d == Postgres {
		op = " ILIKE "
	}
	return expr + op + pattern + ` ESCAPE '\'`
}

// EscapeLike makes s match itself in a CaseBlindLike pattern.
func EscapeLike(s string) string {
	out := make([]byte, 0, len(s))
	for i := 0; i < len(s); i++ {
		if c := s[i]; c == '%' || c == '_' || c == '\\' {
			out = append(out, '\\')
		}
		out = append(out, s[i])
	}
	return string(out)
}

// Bind is what the transaction funnel does to every statement before the driver
// sees it: Rebind the text, and Args the arguments.
func (d Dialect) Bind(q string, args []any) (string, []any) {
	return d.Rebind(q), Args(args)
}

// Args makes args bindable on both backends: a Go bool becomes the integer 0 or 1
// that the schema's flag columns hold. go-sqlite3 does this itself; pgx refuses to
// bind a bool to an integer column ("cannot find encode plan"). The funnel passes
// every statement's arguments through it; a slice with no bool comes back as it is.
func Args(args []any) []any {
	for i, a := range args {
		if _, ok := a.(bool); !ok {
			continue
		}
		out := append([]any(nil), args...)
		for j := i; j < len(out); j++ {
			if b, ok := out[j].(bool); ok {
				out[j] = boolInt(b)
			}
		}
		return out
	}
	return args
}

func boolInt(b bool) int64 {
	if b {
		return 1
	}
	return 0
}
