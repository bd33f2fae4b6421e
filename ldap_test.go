package main

import (
	"net"
	"os"
	"strings"
	"sync"

	"github.com/omero-go/omero/db/directory/slapdtest"
	"github.com/rogpeppe/go-internal/testscript"
)

// scriptT is the key under which Setup keeps a script's testscript.T, for slapd to
// skip the script.
type scriptT struct{}

// directories maps a script to the slapd its "slapd start" launched.
var directories sync.Map // *testscript.TestScript -> *slapdtest.Server

// slapd start [-noanonymous] [LDIF ...] | slapd apply LDIF | slapd stop runs a real
// OpenLDAP slapd for the script (db/directory/slapdtest): start launches one on
// loopback ports in a temporary directory, seeded with the files given (under
// ou=example,o=com, OMERO's default base, once the file creates it; -noanonymous
// lets only bound users search), sets LDAP_URL, LDAPS_URL,
// LDAP_SOCKET_URL, LDAP_SUFFIX, LDAP_ADMIN_DN, LDAP_ADMIN_PASSWORD and LDAP_CA_FILE,
// and stops it when the script ends. apply runs a file of LDIF changes as the
// directory's administrator; stop stops it early, leaving its URLs unanswered.
// Without slapd the script is skipped, saying how to install it, unless
// OMERO_TEST_SLAPD=required, when it fails.
func cmdSlapd(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) == 0 {
		ts.Fatalf("usage: slapd start [-noanonymous] [LDIF ...] | slapd apply LDIF | slapd stop")
	}
	switch args[0] {
	case "start":
		if why, fatal := slapdtest.Unavailable(); fatal {
			ts.Fatalf("%s", why)
		} else if why != "" {
			ts.Value(scriptT{}).(testscript.T).Skip(why)
		}
		if _, ok := directories.Load(ts); ok {
			ts.Fatalf("slapd: already started")
		}
		opts := slapdtest.Options{}
		files := args[1:]
		if len(files) > 0 && files[0] == "-noanonymous" {
			opts.NoAnonymous, files = true, files[1:]
		}
		var ldif string
		for _, f := range files {
			b, err := os.ReadFile(ts.MkAbs(f))
			ts.Check(err)
			ldif += string(b) + "\n"
		}
		opts.LDIF = ldif
		s, err := slapdtest.Launch(opts)
		ts.Check(err)
		directories.Store(ts, s)
		ts.Defer(func() {
			if v, ok := directories.LoadAndDelete(ts); ok {
				ts.Check(v.(*slapdtest.Server).Stop())
			}
		})
		for _, v := range s.Vars() {
			k, val, _ := strings.Cut(v, "=")
			ts.Setenv(k, val)
		}
	case "apply", "stop":
		v, ok := directories.Load(ts)
		if !ok {
			ts.Fatalf("slapd %s: no slapd started", args[0])
		}
		s := v.(*slapdtest.Server)
		if args[0] == "stop" {
			directories.Delete(ts)
			ts.Check(s.Stop())
			return
		}
		if len(args) != 2 {
			ts.Fatalf("usage: slapd apply LDIF")
		}
		b, err := os.ReadFile(ts.MkAbs(args[1]))
		ts.Check(err)
		ts.Check(s.Apply(string(b)))
	default:
		ts.Fatalf("usage: slapd start [-noanonymous] [LDIF ...] | slapd apply LDIF | slapd stop")
	}
}

// blackhole VAR listens on a loopback port that accepts connections and never
// answers, and sets VAR to its ldap:// URL: a directory that hangs, for the timeouts.
func cmdBlackhole(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 1 {
		ts.Fatalf("usage: blackhole VAR")
	}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	ts.Check(err)
	var mu sync.Mutex
	var held []net.Conn
	go func() {
		for {
			c, err := l.Accept()
			if err != nil {
				return
			}
			mu.Lock()
			held = append(held, c)
			mu.Unlock()
		}
	}()
	ts.Defer(func() {
		_ = l.Close() // the script is over; nothing to report
		mu.Lock()
		defer mu.Unlock()
		for _, c := range held {
			_ = c.Close()
		}
	})
	ts.Setenv(args[0], "ldap://"+l.Addr().String())
}

// refusing VAR sets VAR to the ldap:// URL of a loopback port nothing listens on:
// a directory that is down.
func cmdRefusing(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 1 {
		ts.Fatalf("usage: refusing VAR")
	}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	ts.Check(err)
	addr := l.Addr().String()
	ts.Check(l.Close())
	ts.Setenv(args[0], "ldap://"+addr)
}
