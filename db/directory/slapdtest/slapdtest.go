// Package slapdtest runs a real OpenLDAP slapd for tests: a child process in a
// temporary directory, listening on loopback ports and a socket, seeded with the LDIF a
// test gives, stopped when the test ends.
//
// Tests skip when slapd is not installed (apt-get install slapd ldap-utils), unless
// OMERO_TEST_SLAPD=required (CI sets it), when they fail instead.
package slapdtest

import (
	"bytes"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"errors"
	"fmt"
	"math/big"
	"net"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// EnvRequired is the variable that turns a missing slapd into a failure.
const EnvRequired = "OMERO_TEST_SLAPD"

// HowToInstall is what a skipped test says.
const HowToInstall = "slapd is not installed; to run the LDAP tests: apt-get install slapd ldap-utils"

// Options says what directory to start.
type Options struct {
	// Suffix is the directory's root entry, created as an organization
	// (default "o=com", so that OMERO's default base ou=example,o=com lies under it).
	Suffix string
	// LDIF is applied (with ldapmodify -a) once the server answers: entries to add, or
	// changetype records.
	LDIF string
	// NoAnonymous refuses anonymous searches (anonymous binds may only authenticate),
	// for tests of bound searches.
	NoAnonymous bool
}

// Server is a running slapd.
type Server struct {
	URL           string // ldap://127.0.0.1:PORT
	LDAPSURL      string // ldaps://localhost:PORT, certified by CAFile
	SocketURL     string // ldapi://...
	Suffix        string
	AdminDN       string // the rootdn, allowed everything
	AdminPassword string
	CAFile        string         // PEM of the CA that signed the ldaps certificate
	RootCAs       *x509.CertPool // the same, for a tls.Config

	dir  string
	cmd  *exec.Cmd
	done chan error
}

// Missing says why the LDAP tests cannot run here, or "" when they can.
func Missing() string {
	if slapdPath() == "" {
		return HowToInstall
	}
	if _, err := exec.LookPath("ldapmodify"); err != nil {
		return "ldapmodify is not installed; to run the LDAP tests: apt-get install slapd ldap-utils"
	}
	return ""
}

// Unavailable is what a test without a testing.TB (a testscript Setup) does before
// Launch: skip with why when why is not empty, or fail with it when fatal (slapd is
// missing and $OMERO_TEST_SLAPD=required).
func Unavailable() (why string, fatal bool) {
	why = Missing()
	if why != "" && Required() {
		return EnvRequired + "=required but " + why, true
	}
	return why, false
}

// Vars are the server's coordinates as environment variables, for a testscript:
// LDAP_URL, LDAPS_URL, LDAP_SOCKET_URL, LDAP_SUFFIX, LDAP_ADMIN_DN,
// LDAP_ADMIN_PASSWORD and LDAP_CA_FILE (for SSL_CERT_FILE). A script changes the
// directory with: exec ldapmodify -a -x -H $LDAP_SOCKET_URL -D $LDAP_ADMIN_DN -w $LDAP_ADMIN_PASSWORD -f FILE
func (s *Server) Vars() []string {
	return []string{
		"LDAP_URL=" + s.URL, "LDAPS_URL=" + s.LDAPSURL, "LDAP_SOCKET_URL=" + s.SocketURL,
		"LDAP_SUFFIX=" + s.Suffix, "LDAP_ADMIN_DN=" + s.AdminDN,
		"LDAP_ADMIN_PASSWORD=" + s.AdminPassword, "LDAP_CA_FILE=" + s.CAFile,
	}
}

// Required says whether CI asked for the LDAP tests to run ($OMERO_TEST_SLAPD=required).
func Required() bool { return os.Getenv(EnvRequired) == "required" }

// Start launches a server for t, seeded with ldif, and stops it when t ends. Without
// slapd, t is skipped (or fails when Required).
func Start(t testing.TB, ldif string) *Server {
	t.Helper()
	return StartWith(t, Options{LDIF: ldif})
}

// StartWith is Start with all the options.
func StartWith(t testing.TB, opts Options) *Server {
	t.Helper()
	if why, fatal := Unavailable(); fatal {
		t.Fatalf("%s", why)
	} else if why != "" {
		t.Skip(why)
	}
	s, err := Launch(opts)
	if err != nil {
		t.Fatalf("slapdtest: %v", err)
	}
	t.Cleanup(func() {
		if err := s.Stop(); err != nil {
			t.Errorf("slapdtest: %v", err)
		}
	})
	return s
}

func slapdPath() string {
	if p, err := exec.LookPath("slapd"); err == nil {
		return p
	}
	for _, p := range []string{"/usr/sbin/slapd", "/usr/local/libexec/slapd", "/usr/libexec/slapd"} {
		if _, err := os.Stat(p); err == nil {
			return p
		}
	}
	return ""
}

// Launch starts a server without a testing.TB (for testscript setups: call Stop
// from the script's deferred cleanup). It needs what Missing checks.
func Launch(opts Options) (*Server, error) {
	if why := Missing(); why != "" {
		return nil, errors.New(why)
	}
	if opts.Suffix == "" {
		opts.Suffix = "o=com"
	}
	var err error
	for attempt := 0; attempt < 3; attempt++ { // a picked port may be taken meanwhile
		var s *Server
		if s, err = launch(opts); err == nil {
			if err = s.seed(opts); err != nil {
				_ = s.Stop()
				return nil, err
			}
			return s, nil
		}
	}
	return nil, err
}

func launch(opts Options) (*Server, error) {
	// A short path: a unix socket's path may not exceed 107 bytes.
	dir, err := os.MkdirTemp("", "slapd")
	if err != nil {
		return nil, err
	}
	s := &Server{dir: dir, Suffix: opts.Suffix, AdminDN: "cn=admin," + opts.Suffix, AdminPassword: "admin-secret"}
	fail := func(err error) (*Server, error) {
		_ = os.RemoveAll(dir)
		return nil, err
	}
	if err := s.writeTLS(); err != nil {
		return fail(err)
	}
	ports, err := freePorts(2)
	if err != nil {
		return fail(err)
	}
	socket := filepath.Join(dir, "ldapi")
	s.URL = fmt.Sprintf("ldap://127.0.0.1:%d", ports[0])
	s.LDAPSURL = fmt.Sprintf("ldaps://localhost:%d", ports[1])
	s.SocketURL = "ldapi://" + url.PathEscape(socket)
	if err := os.Mkdir(filepath.Join(dir, "db"), 0o700); err != nil {
		return fail(err)
	}
	conf := filepath.Join(dir, "slapd.conf")
	if err := os.WriteFile(conf, []byte(s.config(opts)), 0o600); err != nil {
		return fail(err)
	}
	logf, err := os.Create(filepath.Join(dir, "slapd.log"))
	if err != nil {
		return fail(err)
	}
	defer func() { _ = logf.Close() }() // slapd holds its own descriptor from here on
	// -d keeps slapd in the foreground, a child we can stop; level 0 logs only trouble.
	s.cmd = exec.Command(slapdPath(), "-f", conf, "-d", "0",
		"-h", s.URL+"/ "+fmt.Sprintf("ldaps://127.0.0.1:%d/", ports[1])+" "+s.SocketURL)
	s.cmd.Stdout, s.cmd.Stderr = logf, logf
	if err := s.cmd.Start(); err != nil {
		return fail(err)
	}
	s.done = make(chan error, 1)
	go func() { s.done <- s.cmd.Wait() }()
	deadline := time.Now().Add(15 * time.Second)
	for {
		select {
		case err := <-s.done:
			log, _ := os.ReadFile(filepath.Join(dir, "slapd.log"))
			_ = os.RemoveAll(dir)
			return nil, fmt.Errorf("slapd exited at start (%v): %s", err, bytes.TrimSpace(log))
		default:
		}
		if c, err := net.DialTimeout("tcp", fmt.Sprintf("127.0.0.1:%d", ports[0]), time.Second); err == nil {
			_ = c.Close()
			return s, nil
		}
		if time.Now().After(deadline) {
			_ = s.Stop()
			return nil, errors.New("slapd did not answer within 15s")
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func (s *Server) config(opts Options) string {
	var b strings.Builder
	for _, schema := range []string{"core", "cosine", "inetorgperson", "nis"} {
		fmt.Fprintf(&b, "include /etc/ldap/schema/%s.schema\n", schema)
	}
	fmt.Fprintf(&b, "pidfile %s\n", filepath.Join(s.dir, "slapd.pid"))
	fmt.Fprintf(&b, "modulepath /usr/lib/ldap\nmoduleload back_mdb\nmoduleload memberof\n")
	fmt.Fprintf(&b, "TLSCertificateFile %s\nTLSCertificateKeyFile %s\n",
		filepath.Join(s.dir, "server.pem"), filepath.Join(s.dir, "server.key"))
	fmt.Fprintf(&b, "database mdb\nsuffix %q\nrootdn %q\nrootpw %s\ndirectory %s\nmaxsize 16777216\n",
		s.Suffix, s.AdminDN, s.AdminPassword, filepath.Join(s.dir, "db"))
	if opts.NoAnonymous {
		b.WriteString("access to * by users read by anonymous auth\n")
	} else {
		b.WriteString("access to attrs=userPassword by anonymous auth by self read by * none\naccess to * by * read\n")
	}
	// memberOf on users, kept by slapd from groupOfNames' member, as many sites have.
	b.WriteString("overlay memberof\n")
	return b.String()
}

// seed creates the suffix entry and applies the test's LDIF.
func (s *Server) seed(opts Options) error {
	rdn, _, _ := strings.Cut(s.Suffix, ",")
	attr, value, _ := strings.Cut(rdn, "=")
	class := map[string]string{"o": "organization", "dc": "dcObject\nobjectClass: organization\no: " + value, "ou": "organizationalUnit"}[strings.ToLower(attr)]
	if class == "" {
		return fmt.Errorf("suffix %s: start it with o=, dc= or ou=", s.Suffix)
	}
	root := fmt.Sprintf("dn: %s\nobjectClass: %s\n%s: %s\n", s.Suffix, class, attr, value)
	if err := s.Apply(root); err != nil {
		return err
	}
	if strings.TrimSpace(opts.LDIF) == "" {
		return nil
	}
	return s.Apply(opts.LDIF)
}

// Apply runs ldapmodify -a as the admin over the socket: records without a
// changetype are added, the others (modify, delete, modrdn) applied as written.
func (s *Server) Apply(ldif string) error {
	cmd := exec.Command("ldapmodify", "-a", "-x", "-H", s.SocketURL, "-D", s.AdminDN, "-w", s.AdminPassword)
	cmd.Stdin = strings.NewReader(Dedent(ldif))
	out, err := cmd.CombinedOutput()
	if err != nil {
		return fmt.Errorf("ldapmodify: %v: %s", err, bytes.TrimSpace(out))
	}
	return nil
}

// Dedent removes the indentation common to ldif's non-blank lines, so a test can
// indent its LDIF inside a Go raw string. A line that starts with one space more is
// an LDIF continuation and keeps it.
func Dedent(ldif string) string {
	lines := strings.Split(ldif, "\n")
	indent := -1
	for _, l := range lines {
		if strings.TrimSpace(l) == "" {
			continue
		}
		n := len(l) - len(strings.TrimLeft(l, " \t"))
		if indent < 0 || n < indent {
			indent = n
		}
	}
	for i, l := range lines {
		if len(l) >= indent && indent > 0 {
			lines[i] = l[indent:]
		} else {
			lines[i] = strings.TrimLeft(l, " \t")
		}
	}
	return strings.Join(lines, "\n")
}

// Stop stops slapd (SIGTERM, then SIGKILL after 5s) and removes its directory.
func (s *Server) Stop() error {
	if s.cmd != nil && s.cmd.Process != nil {
		_ = s.cmd.Process.Signal(syscall.SIGTERM)
		// Its exit status after a signal is not news.
		select {
		case werr := <-s.done:
			_ = werr
		case <-time.After(5 * time.Second):
			_ = s.cmd.Process.Kill()
			werr := <-s.done
			_ = werr
		}
		s.cmd = nil
	}
	return os.RemoveAll(s.dir)
}

// Log is what slapd wrote so far (for a failing test's message).
func (s *Server) Log() string {
	b, _ := os.ReadFile(filepath.Join(s.dir, "slapd.log"))
	return string(b)
}

func freePorts(n int) ([]int, error) {
	var ports []int
	var ls []net.Listener
	defer func() {
		for _, l := range ls {
			_ = l.Close()
		}
	}()
	for i := 0; i < n; i++ {
		l, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			return nil, err
		}
		ls = append(ls, l)
		ports = append(ports, l.Addr().(*net.TCPAddr).Port)
	}
	return ports, nil
}

// writeTLS makes a CA and a certificate for localhost and 127.0.0.1 signed by it.
func (s *Server) writeTLS() error {
	caKey, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return err
	}
	now := time.Now()
	ca := &x509.Certificate{
		SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "slapdtest CA"},
		NotBefore: now.Add(-time.Hour), NotAfter: now.Add(24 * time.Hour),
		IsCA: true, BasicConstraintsValid: true, KeyUsage: x509.KeyUsageCertSign,
	}
	caDER, err := x509.CreateCertificate(rand.Reader, ca, ca, &caKey.PublicKey, caKey)
	if err != nil {
		return err
	}
	caCert, err := x509.ParseCertificate(caDER)
	if err != nil {
		return err
	}
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return err
	}
	leaf := &x509.Certificate{
		SerialNumber: big.NewInt(2), Subject: pkix.Name{CommonName: "localhost"},
		NotBefore: now.Add(-time.Hour), NotAfter: now.Add(24 * time.Hour),
		DNSNames: []string{"localhost"}, IPAddresses: []net.IP{net.IPv4(127, 0, 0, 1)},
		KeyUsage: x509.KeyUsageDigitalSignature, ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
	}
	leafDER, err := x509.CreateCertificate(rand.Reader, leaf, caCert, &key.PublicKey, caKey)
	if err != nil {
		return err
	}
	keyDER, err := x509.MarshalPKCS8PrivateKey(key)
	if err != nil {
		return err
	}
	write := func(name, typ string, der []byte) error {
		return os.WriteFile(filepath.Join(s.dir, name), pem.EncodeToMemory(&pem.Block{Type: typ, Bytes: der}), 0o600)
	}
	s.CAFile = filepath.Join(s.dir, "ca.pem")
	if err := write("ca.pem", "CERTIFICATE", caDER); err != nil {
		return err
	}
	if err := write("server.pem", "CERTIFICATE", leafDER); err != nil {
		return err
	}
	if err := write("server.key", "PRIVATE KEY", keyDER); err != nil {
		return err
	}
	s.RootCAs = x509.NewCertPool()
	s.RootCAs.AddCert(caCert)
	return nil
}
