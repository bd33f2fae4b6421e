package db

import (
	"errors"
	"sync"
	"testing"

	"github.com/omero-go/omero/db/directory/slapdtest"
)

const loginSeed = `
dn: ou=example,o=com
objectClass: organizationalUnit
ou: example

dn: cn=jsmith,ou=example,o=com
objectClass: inetOrgPerson
cn: jsmith
givenName: John
sn: Smith
userPassword: jsmith-pw
`

// directoryDB is a fresh database with LDAP login on against srv.
func directoryDB(t *testing.T, srv *slapdtest.Server) (*DB, Session) {
	t.Helper()
	d := freshDB(t)
	root, err := d.CreateSession(NewSession{User: "root", Password: "pw"})
	if err != nil {
		t.Fatal(err)
	}
	err = d.Update(root.UUID, "config set", func(tx *Tx) error {
		for k, v := range map[string]string{"omero.ldap.urls": srv.URL, "omero.ldap.config": "true"} {
			if err := tx.SetConfig(k, v); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return d, root
}

func countUsers(t *testing.T, d *DB, name string) int {
	t.Helper()
	var n int
	if err := d.sql.QueryRow(`SELECT count(*) FROM experimenter WHERE omename = ?`, name).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// finishLogin runs the write transaction of jsmith's login with a plan made
// earlier, and rolls it back.
func finishLogin(t *testing.T, d *DB, name string, plan *directoryLogin) error {
	t.Helper()
	tx, err := d.begin("login")
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = tx.tx.Rollback() }()
	_, err = tx.createSession(NewSession{User: name, Password: "jsmith-pw"}, "", plan)
	return err
}

// TestDirectoryLoginChecksAgain: the write transaction of a directory login checks
// again what the directory's answer relied on, since other commands may have
// written between the two.
func TestDirectoryLoginChecksAgain(t *testing.T) {
	srv := slapdtest.Start(t, loginSeed)

	t.Run("first logins at once create the user once", func(t *testing.T) {
		d, _ := directoryDB(t, srv)
		var wg sync.WaitGroup
		errs := make([]error, 4)
		for i := range errs {
			wg.Add(1)
			go func() {
				defer wg.Done()
				_, errs[i] = d.CreateSession(NewSession{User: "jsmith", Password: "jsmith-pw"})
			}()
		}
		wg.Wait()
		for _, err := range errs {
			if err != nil {
				t.Errorf("login: %v", err)
			}
		}
		if n := countUsers(t, d, "jsmith"); n != 1 {
			t.Errorf("%d users jsmith", n)
		}
	})

	t.Run("an empty password is refused without asking", func(t *testing.T) {
		d, _ := directoryDB(t, srv)
		if _, err := d.CreateSession(NewSession{User: "jsmith", Password: ""}); !errors.Is(err, ErrBadCredentials) {
			t.Errorf("empty password: %v", err)
		}
		if n := countUsers(t, d, "jsmith"); n != 0 {
			t.Errorf("%d users jsmith", n)
		}
	})

	t.Run("a local user created meanwhile keeps the name", func(t *testing.T) {
		d, root := directoryDB(t, srv)
		name, plan, err := d.planLogin("jsmith", "jsmith-pw", false)
		if err != nil || plan == nil {
			t.Fatalf("planLogin: %v, %v", plan, err)
		}
		err = d.Update(root.UUID, "user add", func(tx *Tx) error {
			if _, err := tx.AddGroup("lab", -120); err != nil {
				return err
			}
			_, err := tx.AddUser(NewUser{OmeName: "jsmith", FirstName: "J", LastName: "S", Groups: []Lookup{{Value: "lab"}}, PasswordHash: "x"})
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		if err := finishLogin(t, d, name, plan); !errors.Is(err, ErrBadCredentials) {
			t.Errorf("login after a local jsmith appeared: %v", err)
		}
	})

	t.Run("a flag turned off meanwhile", func(t *testing.T) {
		d, root := directoryDB(t, srv)
		if _, err := d.CreateSession(NewSession{User: "jsmith", Password: "jsmith-pw"}); err != nil {
			t.Fatal(err)
		}
		name, plan, err := d.planLogin("jsmith", "jsmith-pw", false)
		if err != nil || plan == nil {
			t.Fatalf("planLogin: %v, %v", plan, err)
		}
		err = d.Update(root.UUID, "ldap setdn", func(tx *Tx) error { return tx.SetLDAP(Lookup{Value: "jsmith", Kind: ByName}, false, false) })
		if err != nil {
			t.Fatal(err)
		}
		if err := finishLogin(t, d, name, plan); !errors.Is(err, ErrBadCredentials) {
			t.Errorf("login after the flag went off: %v", err)
		}
	})
}
