package session

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"

	"github.com/omero-go/omero/perms/fault"
)

// Store is OMERO's on-disk session store (README, The database is the server):
//
//	STORE/._LASTHOST_, STORE/._LASTPORT_
//	STORE/<host>/._LASTUSER_
//	STORE/<host>/<user>/._LASTSESS_
//	STORE/<host>/<user>/<uuid>      key=value lines
//
// Every path component is escaped, so no host, user or key can name a path outside
// the store. Directories are 0700 and files 0600.
type Store struct{ Dir string }

const (
	lastHost = "._LASTHOST_"
	lastPort = "._LASTPORT_"
	lastUser = "._LASTUSER_"
	lastSess = "._LASTSESS_"
)

// storeError: the session store cannot be used.
func storeError(format string, args ...any) error { return fault.New(fault.Failed, format, args...) }

// OpenStore creates the store directory if needed and tightens a directory that
// others could read.
func OpenStore(dir string) (*Store, error) {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, storeError("Could not access session dir: %s", dir)
	}
	if err := tighten(dir, 0o700); err != nil {
		return nil, err
	}
	return &Store{Dir: dir}, nil
}

// tighten removes group and world access from a store path we own.
func tighten(path string, mode fs.FileMode) error {
	st, err := os.Lstat(path)
	if err != nil {
		return storeError("Could not access session dir: %s", path)
	}
	if st.Mode()&fs.ModeSymlink != 0 {
		return storeError("refusing to use session store path %s: it is a symbolic link", path)
	}
	if st.Mode().Perm()&0o077 != 0 {
		if err := os.Chmod(path, mode); err != nil {
			return storeError("session store path %s is readable by others and cannot be tightened: %v", path, err)
		}
	}
	return nil
}

// escape makes one path component: RFC 3986 unreserved characters stay, everything
// else is percent-encoded, and a leading dot is encoded so that no component is "."
// or ".." or collides with the store's ._LAST*_ files.
func escape(s string) string {
	if s == "" {
		return "%"
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		unreserved := c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' ||
			c == '-' || c == '_' || c == '~' || c == '.' && i > 0
		if unreserved {
			b.WriteByte(c)
		} else {
			fmt.Fprintf(&b, "%%%02X", c)
		}
	}
	return b.String()
}

func unescape(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == '%' && i+2 < len(s) {
			if v, err := strconv.ParseUint(s[i+1:i+3], 16, 8); err == nil {
				b.WriteByte(byte(v))
				i += 2
				continue
			}
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

func (st *Store) hostDir(host string) string { return filepath.Join(st.Dir, escape(host)) }
func (st *Store) userDir(host, user string) string {
	return filepath.Join(st.hostDir(host), escape(user))
}

// File is the path of a stored session.
func (st *Store) File(host, user, uuid string) string {
	return filepath.Join(st.userDir(host, user), escape(uuid))
}

func readSmall(path string) string {
	b, err := os.ReadFile(path)
	if err != nil || len(b) > 4096 {
		return ""
	}
	return strings.TrimSpace(string(b))
}

// ensureDir makes dir, a directory inside the store, and every directory between the
// store and it real directories: missing ones are created 0700, ones others could
// read are tightened, and a symbolic link anywhere on the way is refused, so nothing
// is ever written outside the store.
func (st *Store) ensureDir(dir string) error {
	rel, err := filepath.Rel(st.Dir, dir)
	if err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
		return storeError("Could not access session dir: %s", dir)
	}
	p := st.Dir
	for _, part := range strings.Split(rel, string(filepath.Separator)) {
		if part == "." {
			continue
		}
		p = filepath.Join(p, part)
		if err := os.Mkdir(p, 0o700); err != nil && !errors.Is(err, fs.ErrExist) {
			return storeError("Could not access session dir: %s", p)
		}
		if err := tighten(p, 0o700); err != nil {
			return err
		}
		if info, err := os.Lstat(p); err != nil || !info.IsDir() {
			return storeError("Could not access session dir: %s", p)
		}
	}
	return nil
}

// Prepare makes sure a session of user on host can be stored, before one is opened.
func (st *Store) Prepare(host, user string) error {
	return st.ensureDir(st.userDir(host, user))
}

// writeFile writes data atomically with mode 0600, in a directory of the store.
func (st *Store) writeFile(path string, data []byte) error {
	dir := filepath.Dir(path)
	if err := st.ensureDir(dir); err != nil {
		return err
	}
	cannot := func(err error) error {
		var pe *fs.PathError
		var le *os.LinkError
		switch {
		case errors.As(err, &le):
			err = le.Err
		case errors.As(err, &pe):
			err = pe.Err
		}
		return storeError("cannot write session file %s: %v", path, err)
	}
	tmp, err := os.CreateTemp(dir, ".tmp-*")
	if err != nil {
		return cannot(err)
	}
	// Gone after the rename; left only when the write failed, and then best
	// removed, or found and ignored (a dot file) by List.
	defer func() { _ = os.Remove(tmp.Name()) }()
	_, err = tmp.Write(data)
	if err == nil {
		err = tmp.Chmod(0o600)
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp.Name(), path)
	}
	if err != nil {
		return cannot(err)
	}
	return nil
}

// Current is the current session: host, user and uuid, any of them "" if unknown.
func (st *Store) Current() (host, user, uuid string) {
	host = readSmall(filepath.Join(st.Dir, lastHost))
	if host == "" {
		return "", "", ""
	}
	user = readSmall(filepath.Join(st.hostDir(host), lastUser))
	if user == "" {
		return host, "", ""
	}
	return host, user, readSmall(filepath.Join(st.userDir(host, user), lastSess))
}

// SetCurrent makes a stored session the current one.
func (st *Store) SetCurrent(host, user, uuid, port string) error {
	if port == "" {
		port = "4064"
	}
	for _, w := range []struct{ path, value string }{
		{filepath.Join(st.Dir, lastHost), host},
		{filepath.Join(st.Dir, lastPort), port},
		{filepath.Join(st.hostDir(host), lastUser), user},
		{filepath.Join(st.userDir(host, user), lastSess), uuid},
	} {
		if err := st.writeFile(w.path, []byte(w.value)); err != nil {
			return err
		}
	}
	return nil
}

// Props are a session file's key=value lines, in order.
type Props [][2]string

// Get returns a property's value.
func (p Props) Get(key string) string {
	for _, kv := range p {
		if kv[0] == key {
			return kv[1]
		}
	}
	return ""
}

// Write stores a session file. Passwords are never among the properties.
func (st *Store) Write(host, user, uuid string, props Props) error {
	var b strings.Builder
	for _, kv := range props {
		fmt.Fprintf(&b, "%s=%s\n", kv[0], strings.ReplaceAll(kv[1], "\n", " "))
	}
	return st.writeFile(st.File(host, user, uuid), []byte(b.String()))
}

// Read loads a session file; a file that cannot be read gives no properties.
func (st *Store) Read(host, user, uuid string) (Props, bool) {
	path := st.File(host, user, uuid)
	b, err := os.ReadFile(path)
	if err != nil || len(b) > 64*1024 {
		return nil, false
	}
	// Best effort: a file another user gave us is read, and left as it is.
	_ = tighten(path, 0o600)
	var p Props
	for _, line := range strings.Split(string(b), "\n") {
		if line == "" {
			continue
		}
		k, v, _ := strings.Cut(line, "=")
		p = append(p, [2]string{k, v})
	}
	return p, true
}

// Remove deletes a stored session and, if it was the last one of its user, the
// pointer to it. A file already gone is not an error.
func (st *Store) Remove(host, user, uuid string) error {
	path := st.File(host, user, uuid)
	if err := os.Remove(path); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return storeError("cannot remove session file %s: %v", path, unwrapPath(err))
	}
	ls := filepath.Join(st.userDir(host, user), lastSess)
	if readSmall(ls) == uuid {
		if err := os.Remove(ls); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return storeError("cannot remove session file %s: %v", ls, unwrapPath(err))
		}
	}
	return nil
}

// forgetDead removes the file of a session that can no longer be used. It is
// housekeeping: a file that stays is found dead again, and removed, next time.
func (st *Store) forgetDead(host, user, uuid string) { _ = st.Remove(host, user, uuid) }

func unwrapPath(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// Stored is one session file found in the store.
type Stored struct{ Host, User, UUID string }

// List returns every stored session, sorted by host, user and uuid.
func (st *Store) List() []Stored {
	var out []Stored
	hosts, _ := os.ReadDir(st.Dir)
	for _, h := range hosts {
		if !h.IsDir() || strings.HasPrefix(h.Name(), ".") {
			continue
		}
		users, _ := os.ReadDir(filepath.Join(st.Dir, h.Name()))
		for _, u := range users {
			if !u.IsDir() || strings.HasPrefix(u.Name(), ".") {
				continue
			}
			files, _ := os.ReadDir(filepath.Join(st.Dir, h.Name(), u.Name()))
			for _, f := range files {
				if f.IsDir() || strings.HasPrefix(f.Name(), ".") {
					continue
				}
				out = append(out, Stored{Host: unescape(h.Name()), User: unescape(u.Name()), UUID: unescape(f.Name())})
			}
		}
	}
	sort.Slice(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if a.Host != b.Host {
			return a.Host < b.Host
		}
		if a.User != b.User {
			return a.User < b.User
		}
		return a.UUID < b.UUID
	})
	return out
}

// ListFor returns the stored sessions of one user on one host, newest file first.
func (st *Store) ListFor(host, user string) []string {
	dir := st.userDir(host, user)
	files, err := os.ReadDir(dir)
	if errors.Is(err, fs.ErrNotExist) || err != nil {
		return nil
	}
	type entry struct {
		uuid string
		mod  int64
	}
	var es []entry
	for _, f := range files {
		if f.IsDir() || strings.HasPrefix(f.Name(), ".") {
			continue
		}
		info, err := f.Info()
		if err != nil {
			continue
		}
		es = append(es, entry{unescape(f.Name()), info.ModTime().UnixNano()})
	}
	sort.SliceStable(es, func(i, j int) bool { return es[i].mod > es[j].mod })
	out := make([]string, len(es))
	for i, e := range es {
		out[i] = e.uuid
	}
	return out
}

// FindKey looks for a stored session named uuid under any user of host.
func (st *Store) FindKey(host, uuid string) (user string, ok bool) {
	users, _ := os.ReadDir(st.hostDir(host))
	for _, u := range users {
		if !u.IsDir() || strings.HasPrefix(u.Name(), ".") {
			continue
		}
		if _, err := os.Stat(filepath.Join(st.hostDir(host), u.Name(), escape(uuid))); err == nil {
			return unescape(u.Name()), true
		}
	}
	return "", false
}
