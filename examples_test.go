package main

import (
	"os"
	"os/exec"
	"regexp"
	"strings"
	"testing"

	"github.com/omero-go/omero/db/dialect/pgtest"
	"github.com/omero-go/omero/db/directory/slapdtest"
)

// TestFacilityExample runs the README's first command, examples/facility.sh, with the
// omero that testscript.Main puts on PATH (cheap bcrypt, fixed clock), so the
// walkthrough cannot silently stop working; then again on an empty PostgreSQL
// database, which must give the same transcript but for the database's name.
func TestFacilityExample(t *testing.T) {
	t.Parallel()
	lite := runFacility(t)
	// The last step of each workflow, and the end.
	for _, want := range []string{
		"\n$ omero --sudo Importer -u user login\n",
		"\nomero.cmd.Chown2 Dataset:4 ok\n",
		"\nomero.cmd.Chgrp2 Dataset:2 ok\n",
		"\nomero.cmd.Chown2 DatasetImageLink:4 ok\n",
		"\n# Done: all four workflows ran.\n",
	} {
		if !strings.Contains(lite, want) {
			t.Errorf("examples/facility.sh output lacks %q:\n%s", want, lite)
		}
	}
	t.Run("postgres", func(t *testing.T) {
		requirePostgres(t)
		pg := runFacility(t, pgtest.New(t))
		if lite, pg := createdLine.ReplaceAllString(lite, "Created database DB"), createdLine.ReplaceAllString(pg, "Created database DB"); pg != lite {
			t.Errorf("examples/facility.sh on PostgreSQL differs from SQLite:\n%s", lineDiff(lite, pg))
		}
	})
}

var createdLine = regexp.MustCompile(`(?m)^Created database .*$`)

// runFacility runs examples/facility.sh with args and returns its output.
func runFacility(t *testing.T, args ...string) string {
	t.Helper()
	bash, err := exec.LookPath("bash")
	if err != nil {
		t.Fatalf("examples/facility.sh needs bash: %v", err)
	}
	bin, err := exec.LookPath("omero")
	if err != nil {
		t.Fatalf("no omero on PATH (TestMain should have put one there): %v", err)
	}
	cmd := exec.Command(bash, append([]string{"examples/facility.sh"}, args...)...)
	cmd.Env = append(os.Environ(), "OMERO_BIN="+bin, "TMPDIR="+t.TempDir())
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("examples/facility.sh %s failed: %v\n%s", strings.Join(args, " "), err, out)
	}
	return string(out)
}

// lineDiff shows the lines where two transcripts part.
func lineDiff(a, b string) string {
	al, bl := strings.Split(a, "\n"), strings.Split(b, "\n")
	var out strings.Builder
	for i := 0; i < max(len(al), len(bl)); i++ {
		var x, y string
		if i < len(al) {
			x = al[i]
		}
		if i < len(bl) {
			y = bl[i]
		}
		if x != y {
			out.WriteString("- " + x + "\n+ " + y + "\n")
		}
	}
	return out.String()
}

// TestLDAPExample runs examples/ldap.sh, the README's LDAP walkthrough, against the
// slapd it starts itself. Without slapd it is skipped, unless OMERO_TEST_SLAPD=required.
func TestLDAPExample(t *testing.T) {
	t.Parallel()
	if why, fatal := slapdtest.Unavailable(); fatal {
		t.Fatal(why)
	} else if why != "" {
		t.Skip(why)
	}
	bash, err := exec.LookPath("bash")
	if err != nil {
		t.Fatalf("examples/ldap.sh needs bash: %v", err)
	}
	bin, err := exec.LookPath("omero")
	if err != nil {
		t.Fatalf("no omero on PATH (TestMain should have put one there): %v", err)
	}
	cmd := exec.Command(bash, "examples/ldap.sh")
	cmd.Env = append(os.Environ(), "OMERO_BIN="+bin, "TMPDIR="+t.TempDir())
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("examples/ldap.sh failed: %v\n%s", err, out)
	}
	for _, want := range []string{
		"\nAdded user jsmith (id=2) with DN=cn=jsmith,ou=people,dc=example,dc=org\n",
		"\nCreated session for jsmith@localhost. Idle timeout: 10 min. Current group: microscopy\n",
		"\nCreated session for jdoe@localhost. Idle timeout: 10 min. Current group: microscopy\n",
		"\n 2  | jsmith | John       | Smith     | john.smith@example.org | Yes    | True |       | 4         |          \n",
		"\nomero ldap setdn --user-name alice true\n",
		"\n# Done: LDAP users created, logged in, synchronised and discovered.\n",
	} {
		if !strings.Contains(string(out), want) {
			t.Errorf("examples/ldap.sh output lacks %q:\n%s", want, out)
		}
	}
}
