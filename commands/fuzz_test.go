package commands

import (
	"errors"
	"io"
	"reflect"
	"strings"
	"testing"
)

// FuzzNormalise feeds arbitrary argv to the normaliser of the real command tree. It
// must never panic, every failure must be a usage error, and a normalised argv must
// come back unchanged when normalised again.
func FuzzNormalise(f *testing.F) {
	for _, s := range []string{
		"user add jsmith John Smith --group-name lab",
		"user add --group-id 5 6 -P pw jsmith J S",
		"-s db.db -q user list --style=csv",
		"user info -1",
		"user email -1 -n",
		"group perms --perms=-w---- --name lab",
		"login root@localhost:4064 -w secret -t 60",
		"user add -- --weird name here",
		"sessions group -qC user",
		"user list --sty csv --sort-by-l",
		"ldap setdn --user-name x true -h",
		"events --user jdoe -u root",
	} {
		f.Add(strings.ReplaceAll(s, " ", "\x00"))
	}
	rt := &Runtime{IO: newIOStreams(strings.NewReader(""), io.Discard, io.Discard, nil), Getenv: func(string) string { return "" }}
	app := rt.newApp()
	f.Fuzz(func(t *testing.T, joined string) {
		args := append([]string{"omero"}, strings.Split(joined, "\x00")...)
		out, err := normalise(app, args)
		if err != nil {
			var ue *UsageError
			if !errors.As(err, &ue) {
				t.Fatalf("normalise(%q): %v is not a usage error", args, err)
			}
			return
		}
		again, err := normalise(app, out)
		if err != nil {
			t.Fatalf("normalise(%q) = %q, which fails again: %v", args, out, err)
		}
		if !reflect.DeepEqual(out, again) {
			t.Fatalf("not idempotent:\n in  %q\n out %q\n again %q", args, out, again)
		}
	})
}
