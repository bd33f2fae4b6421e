package session

import (
	"io"
	"path/filepath"
	"testing"

	"github.com/omero-go/omero/db"
	"golang.org/x/crypto/bcrypt"
)

// The operating system is asked for the login name only when nothing else names
// the user: asking it (user.Current) reads the password database.
func TestLoginAsksTheSystemOnlyForAnUnknownName(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "omero.db")
	opts := db.Options{BcryptCost: bcrypt.MinCost}
	if err := db.InitWith(path, "secret", opts); err != nil {
		t.Fatal(err)
	}
	store, err := OpenStore(filepath.Join(dir, "sessions"))
	if err != nil {
		t.Fatal(err)
	}
	asked := 0
	env := Env{Store: store, DefaultDB: path, DB: opts, EnvPassword: "secret", Stderr: io.Discard,
		OSUser: func() string { asked++; return "root" }}
	login := func(a Args) {
		t.Helper()
		r, err := Login(env, a)
		if err != nil {
			t.Fatal(err)
		}
		if err := r.DB.Close(); err != nil {
			t.Fatal(err)
		}
	}
	login(Args{Quiet: true}) // nobody logged in before: the system names the user
	if asked != 1 {
		t.Fatalf("first login asked the system %d times, want 1", asked)
	}
	login(Args{Quiet: true})               // the current session
	login(Args{Quiet: true, Create: true}) // a new session for the last user
	if asked != 1 {
		t.Errorf("logins of the last user asked the system %d more times, want none", asked-1)
	}
}
