package slapdtest

import (
	"os/exec"
	"strings"
	"testing"
)

func TestDedentKeepsContinuationLines(t *testing.T) {
	got := Dedent(`
		dn: cn=a,o=com
		description: a long
		  value
		cn: a
	`)
	want := "\ndn: cn=a,o=com\ndescription: a long\n  value\ncn: a\n"
	if got != want {
		t.Errorf("Dedent = %q, want %q", got, want)
	}
}

// TestApplyAddsModifiesAndRenames checks the harness itself: seeding, then the
// changes tests of login make mid-test (a new member, a renamed entry).
func TestApplyAddsModifiesAndRenames(t *testing.T) {
	s := Start(t, `
		dn: ou=example,o=com
		objectClass: organizationalUnit
		ou: example

		dn: cn=jsmith,ou=example,o=com
		objectClass: inetOrgPerson
		cn: jsmith
		sn: Smith
	`)
	if err := s.Apply(`
		dn: cn=jsmith,ou=example,o=com
		changetype: modify
		replace: sn
		sn: Smythe

		dn: cn=jsmith,ou=example,o=com
		changetype: modrdn
		newrdn: cn=jsmith
		deleteoldrdn: 1
		newsuperior: o=com
	`); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command("ldapsearch", "-x", "-LLL", "-H", s.URL, "-b", s.Suffix, "(cn=jsmith)", "sn").CombinedOutput()
	if err != nil {
		t.Fatalf("ldapsearch: %v: %s", err, out)
	}
	if got := strings.TrimSpace(string(out)); got != "dn: cn=jsmith,o=com\nsn: Smythe" {
		t.Errorf("after Apply: %q", got)
	}
	if err := s.Apply("dn: cn=x,o=nowhere\nobjectClass: person\ncn: x\nsn: x\n"); err == nil {
		t.Error("Apply outside the suffix succeeded")
	}
	for _, v := range s.Vars() {
		if strings.HasSuffix(v, "=") {
			t.Errorf("empty variable %s", v)
		}
	}
}
