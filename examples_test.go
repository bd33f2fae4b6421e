package main

import (
	"os"
	"os/exec"
	"strings"
	"testing"

	"github.com/omero-go/omero/db/directory/slapdtest"
)

// TestFacilityExample runs the README's first command, examples/facility.sh, with the
// omero that testscript.Main puts on PATH (cheap bcrypt, fixed clock), so the
// walkthrough cannot silently stop working.
func TestFacilityExample(t *testing.T) {
	t.Parallel()
	bash, err := exec.LookPath("bash")
	if err != nil {
		t.Fatalf("examples/facility.sh needs bash: %v", err)
	}
	bin, err := exec.LookPath("omero")
	if err != nil {
		t.Fatalf("no omero on PATH (TestMain should have put one there): %v", err)
	}
	cmd := exec.Command(bash, "examples/facility.sh")
	cmd.Env = append(os.Environ(), "OMERO_BIN="+bin, "TMPDIR="+t.TempDir())
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("examples/facility.sh failed: %v\n%s", err, out)
	}
	// The last step of each workflow, and the end.
	for _, want := range []string{
		"\n$ omero --sudo Importer -u user login\n",
		"\nomero.cmd.Chown2 Dataset:4 ok\n",
		"\nomero.cmd.Chgrp2 Dataset:2 ok\n",
		"\nomero.cmd.Chown2 DatasetImageLink:4 ok\n",
		"\n# Done: all four workflows ran.\n",
	} {
		if !strings.Contains(string(out), want) {
			t.Errorf("examples/facility.sh output lacks %q:\n%s", want, out)
		}
	}
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
