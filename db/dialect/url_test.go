package dialect

import "testing"

func TestIsURLAndFor(t *testing.T) {
	for s, want := range map[string]bool{
		"postgres://omero@db.example.org/omero": true,
		"postgresql://db/omero":                 true,
		"postgres:///omero?host=/run/pg":        true,
		"POSTGRES://db/omero":                   false, // libpq and pgx take the scheme in lower case only
		"postgres:db":                           false,
		"localhost":                             false,
		"":                                      false,
		"/srv/omero/postgres://x.db":            false,
		"root@localhost":                        false,
	} {
		if got := IsURL(s); got != want {
			t.Errorf("IsURL(%q) = %v", s, got)
		}
		if want != (For(s) == Postgres) {
			t.Errorf("For(%q) = %v", s, For(s))
		}
	}
}

func TestRedact(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"postgres://omero:s3cret@db.example.org:5433/omero?sslmode=verify-full", "postgres://omero@db.example.org:5433/omero?sslmode=verify-full"},
		{"postgres://omero@db.example.org/omero", "postgres://omero@db.example.org/omero"},
		{"postgresql://db/omero", "postgresql://db/omero"},
		{"postgres://omero:@db/omero", "postgres://omero@db/omero"},
		{"postgres://om%40ero:p%40ss%3Aw@db/omero", "postgres://om%40ero@db/omero"},
		{"postgres://db/omero?password=s3cret&sslmode=require", "postgres://db/omero?sslmode=require"},
		{"postgres://db/omero?sslpassword=s3cret", "postgres://db/omero"},
		{"postgres:///omero?host=/run/postgresql", "postgres:///omero?host=/run/postgresql"},
		{"postgres://a:b@h1:5432,h2:5433/omero", "postgres://a@h1:5432,h2:5433/omero"},
		// unparseable: keep the scheme and the host part, lose the rest
		{"postgres://omero:s3c%zzret@db/omero?password=x", "postgres://omero@db/omero"},
		{"postgres://omero:p@ss@db:5432/omero", "postgres://omero@db:5432/omero"},
		{"/srv/omero.db", "/srv/omero.db"},
		{"localhost", "localhost"},
	} {
		if got := Redact(tc.in); got != tc.want {
			t.Errorf("Redact(%q)\n got %q\nwant %q", tc.in, got, tc.want)
		}
	}
}
