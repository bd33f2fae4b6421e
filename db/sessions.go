package db

import (
	"crypto/rand"
	"database/sql"
	"errors"
	"fmt"
	"strconv"

	"github.com/omero-go/omero/perms"
	"github.com/omero-go/omero/perms/fault"
)

// DefaultTimeToIdle is a new session's idle timeout in milliseconds (10 minutes).
const DefaultTimeToIdle int64 = 600_000

// DefaultSessionsMaximum is the default of omero.sessions.maximum: the longest idle
// timeout a session may be given, in milliseconds (one day).
const DefaultSessionsMaximum int64 = 86_400_000

type rowQuerier interface {
	QueryRow(query string, args ...any) *sql.Row
}

// sessionsMaximum is the one place the server's omero.sessions.maximum is read: the
// longest idle timeout (ms) a login, sessions timeout or sessions open may ask for,
// from the config table (omero config set), else the default. The key is a constant
// in the statement, so it needs no placeholder.
func sessionsMaximum(q rowQuerier) (int64, error) {
	var v string
	err := q.QueryRow(`SELECT value FROM config WHERE name = 'omero.sessions.maximum'`).Scan(&v)
	if errors.Is(err, sql.ErrNoRows) {
		return DefaultSessionsMaximum, nil
	}
	if err != nil {
		return 0, err
	}
	ms, err := parseSessionsMaximum(v)
	if err != nil {
		return 0, badStoredConfig(fault.New(fault.Usage, "%s: %v", KeySessionsMaximum, err))
	}
	return ms, nil
}

// timeToIdleMS checks an idle timeout given in seconds against the maximum and
// returns it in milliseconds, without overflowing whatever the input.
func timeToIdleMS(q rowQuerier, seconds int64) (int64, error) {
	maxMS, err := sessionsMaximum(q)
	if err != nil {
		return 0, err
	}
	if seconds > maxMS/1000 {
		return 0, overMaximum(maxMS, seconds)
	}
	return seconds * 1000, nil
}

func overMaximum(maxMS, seconds int64) error {
	return badInput("the idle timeout may be at most %d seconds (omero.sessions.maximum), not %d", maxMS/1000, seconds)
}

// CheckTimeout refuses an idle timeout (seconds) above the server's maximum, so that
// a login can refuse it before asking for a password.
func (d *DB) CheckTimeout(seconds int64) error {
	_, err := timeToIdleMS(d.sql, seconds)
	return err
}

// Session is one row of the session table with the names a banner needs.
type Session struct {
	ID         int64
	UUID       string
	OwnerID    int64
	OwnerName  string
	GroupID    int64
	GroupName  string
	SudoerID   *int64
	SudoerName string
	Created    int64 // epoch ms
	LastUsed   int64 // epoch ms
	TimeToIdle int64 // ms; 0 never idles out
	Closed     *int64
	Agent      string
}

// RealUser is the login name of the person behind the session: its sudoer, in a
// sudo session (R-SUDO-1), else its user.
func (s Session) RealUser() string {
	if s.SudoerID != nil {
		return s.SudoerName
	}
	return s.OwnerName
}

// Problem says why the session cannot be used at time now, or "" if it can.
func (s Session) Problem(now int64) string {
	switch {
	case s.Closed != nil:
		return "is closed"
	case s.TimeToIdle > 0 && now-s.LastUsed > s.TimeToIdle:
		return fmt.Sprintf("has expired (idle for more than %s)", FormatTimeout(s.TimeToIdle))
	}
	return ""
}

// FormatTimeout renders an idle timeout as OMERO does: whole minutes, or seconds
// below five minutes ("10 min.", "120 s.").
func FormatTimeout(ms int64) string {
	if ms < 5*60_000 {
		return strconv.FormatInt(roundHalfEven(ms, 1000), 10) + " s."
	}
	return strconv.FormatInt(roundHalfEven(ms, 60_000), 10) + " min."
}

func roundHalfEven(n, d int64) int64 {
	q, r := n/d, n%d
	switch {
	case 2*r > d, 2*r == d && q%2 == 1:
		q++
	}
	return q
}

const selectSession = `SELECT s.id, s.uuid, s.owner_id, e.omename, s.group_id, g.name, s.sudoer_id,
       coalesce(su.omename, ''), s.created, s.last_used, s.time_to_idle, s.closed, s.agent
  FROM session s
  JOIN experimenter e ON e.id = s.owner_id
  JOIN experimentergroup g ON g.id = s.group_id
  LEFT JOIN experimenter su ON su.id = s.sudoer_id`

type scanner interface{ Scan(...any) error }

func scanSession(r scanner) (Session, error) {
	var s Session
	err := r.Scan(&s.ID, &s.UUID, &s.OwnerID, &s.OwnerName, &s.GroupID, &s.GroupName, &s.SudoerID,
		&s.SudoerName, &s.Created, &s.LastUsed, &s.TimeToIdle, &s.Closed, &s.Agent)
	return s, err
}

// FindSession looks a session up by uuid, alive or not.
func (d *DB) FindSession(uuid string) (Session, bool, error) {
	s, err := scanSession(d.queryRow(selectSession+` WHERE s.uuid = ?`, uuid))
	if errors.Is(err, sql.ErrNoRows) {
		return s, false, nil
	}
	if err != nil {
		return s, false, d.openError(err)
	}
	return s, true, nil
}

func (t *Tx) liveSession(uuid string) (Session, error) {
	s, err := scanSession(t.queryRow(selectSession+` WHERE s.uuid = ?`, uuid))
	if errors.Is(err, sql.ErrNoRows) {
		return s, authFailed("session %s does not exist", uuid)
	}
	if err != nil {
		return s, err
	}
	if p := s.Problem(t.now); p != "" {
		return s, authFailed("session %s %s", uuid, p)
	}
	return s, nil
}

// NewSession describes a login.
type NewSession struct {
	User       string // login name of the session's user
	Password   string // the user's password, or the sudoer's with Sudoer set
	Sudoer     string // login name of the admin or group owner doing sudo; "" for none
	Group      string // group name or id; "" for the user's default group
	TimeToIdle int64  // ms; 0 means DefaultTimeToIdle; at most the sessions maximum
}

// CreateSession authenticates and opens a new session. The password is compared
// before the write transaction begins, so that concurrent logins do not queue behind
// each other's hashing or a directory's answer; inside the transaction the stored
// hash must still be the one that matched, or the directory user still the one the
// directory accepted (planLogin, directoryPrincipal).
func (d *DB) CreateSession(n NewSession) (_ Session, err error) {
	n.User, n.Sudoer, n.Group = CanonicalName(n.User), CanonicalName(n.Sudoer), CanonicalName(n.Group)
	authName := &n.User
	if n.Sudoer != "" {
		authName = &n.Sudoer
	}
	var dir *directoryLogin
	*authName, dir, err = d.planLogin(*authName, n.Password, n.Sudoer != "")
	if err != nil {
		return Session{}, err
	}
	verified := ""
	if dir == nil {
		var hash *string
		err = d.queryRow(`SELECT p.hash FROM password p JOIN experimenter e ON e.id = p.experimenter_id WHERE e.omename = ?`, *authName).Scan(&hash)
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return Session{}, d.openError(err)
		}
		if passwordMatches(hash, n.Password) {
			verified = *hash
		}
	}
	t, err := d.begin("login")
	if err != nil {
		return Session{}, err
	}
	defer rollback(t.tx, &err)
	s, err := t.createSession(n, verified, dir)
	if err != nil {
		return Session{}, err
	}
	return s, t.commit()
}

func (t *Tx) createSession(n NewSession, verifiedHash string, dir *directoryLogin) (Session, error) {
	// Whoever gives the password must be able to log in with it.
	authName := n.User
	if n.Sudoer != "" {
		authName = n.Sudoer
	}
	var auth perms.Principal
	var ch changes
	var err error
	if dir != nil {
		auth, err = t.directoryPrincipal(dir, &ch)
	} else {
		auth, err = t.authenticate(authName, verifiedHash)
	}
	if err != nil {
		return Session{}, err
	}
	user := auth
	var sudoer *perms.Principal
	if n.Sudoer != "" {
		sudoer = &auth
		id, err := t.userIDByName(n.User)
		if err != nil {
			return Session{}, err
		}
		if user, err = t.principal(id); err != nil {
			return Session{}, err
		}
	}
	group, err := t.sessionGroup(user, n.Group)
	if err != nil {
		return Session{}, err
	}
	if sudoer != nil {
		if err := perms.CheckSudo(*sudoer, user, group); err != nil {
			return Session{}, err
		}
	} else if err := perms.CheckSessionGroup(user, group); err != nil {
		return Session{}, err
	}

	s, err := t.insertSession(user, sudoer, group, n.TimeToIdle)
	if err != nil {
		return s, err
	}
	t.Session = s
	t.Caller = perms.NewCaller(user, sudoer, group.ID)
	if err := t.logChanges(ch); err != nil {
		return s, err
	}
	return s, t.Log("Session", s.ID, "INSERT")
}

// insertSession writes a new session whose rights were decided by the caller. tti is
// its idle timeout in ms: 0 for the default, at most the sessions maximum.
func (t *Tx) insertSession(user perms.Principal, sudoer *perms.Principal, group perms.Group, tti int64) (Session, error) {
	maxMS, err := sessionsMaximum(t.tx)
	if err != nil {
		return Session{}, err
	}
	switch {
	case tti == 0:
		tti = min(DefaultTimeToIdle, maxMS)
	case tti > maxMS:
		return Session{}, overMaximum(maxMS, tti/1000)
	}
	var sudoerID any
	if sudoer != nil {
		sudoerID = sudoer.ID
	}
	uuid, err := newUUID()
	if err != nil {
		return Session{}, err
	}
	var id int64
	err = t.queryRow(`INSERT INTO session (uuid, owner_id, group_id, sudoer_id, created, last_used, time_to_idle)
		VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id`, uuid, user.ID, group.ID, sudoerID, t.now, t.now, tti).Scan(&id)
	if err != nil {
		return Session{}, err
	}
	// Tests predict keys from the row's id, known only now: on PostgreSQL ids that
	// rolled-back transactions took are not handed out again.
	if uuidOf := t.db.opts.SessionUUID; uuidOf != nil {
		if _, err := t.exec(`UPDATE session SET uuid = ? WHERE id = ?`, uuidOf(id), id); err != nil {
			return Session{}, err
		}
	}
	s, err := scanSession(t.queryRow(selectSession+` WHERE s.id = ?`, id))
	return s, err
}

func newUUID() (string, error) {
	var b [16]byte
	if _, err := rand.Read(b[:]); err != nil {
		return "", err
	}
	b[6] = b[6]&0x0f | 0x40 // version 4
	b[8] = b[8]&0x3f | 0x80 // RFC 4122 variant
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:16]), nil
}

// authenticate checks that name may log in and that its stored hash is the one a
// password was verified against ("" if it did not match) (R-PW-5, R-LDAP-4,
// R-ROLE-10).
func (t *Tx) authenticate(name, verifiedHash string) (perms.Principal, error) {
	id, err := t.userIDByName(name)
	if fault.KindOf(err) == fault.NotFound {
		return perms.Principal{}, ErrBadCredentials
	}
	if err != nil {
		return perms.Principal{}, err
	}
	p, err := t.principal(id)
	if err != nil {
		return p, err
	}
	if p.LDAP {
		// A directory user's stored password is never used: with LDAP off, they
		// are told why, whatever the password (R-LDAP-4).
		return p, fault.Wrap(fault.Auth, perms.CheckLogin(p, false))
	}
	var hash *string
	if err := t.queryRow(`SELECT hash FROM password WHERE experimenter_id = ?`, id).Scan(&hash); err != nil && !errors.Is(err, sql.ErrNoRows) {
		return p, err
	}
	if verifiedHash == "" || hash == nil || *hash != verifiedHash {
		return p, ErrBadCredentials
	}
	// Only someone who knows the password learns why the account cannot log in.
	if err := perms.CheckLogin(p, false); err != nil {
		return p, fault.Wrap(fault.Auth, err)
	}
	return p, nil
}

func (t *Tx) userIDByName(name string) (int64, error) {
	var id int64
	err := t.queryRow(`SELECT id FROM experimenter WHERE omename = ?`, CanonicalName(name)).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, notFound("Unknown user: %s", name)
	}
	return id, err
}

func (t *Tx) groupRef(id int64) (perms.Group, error) {
	g := perms.Group{ID: id}
	err := t.queryRow(`SELECT name, permissions FROM experimentergroup WHERE id = ?`, id).Scan(&g.Name, &g.Permissions)
	if errors.Is(err, sql.ErrNoRows) {
		return g, notFound("Unknown group: %d", id)
	}
	return g, err
}

// groupByNameOrID resolves a group the way -g does: by name, else by id.
func (t *Tx) groupByNameOrID(s string) (perms.Group, error) {
	var id int64
	err := t.queryRow(`SELECT id FROM experimentergroup WHERE name = ?`, CanonicalName(s)).Scan(&id)
	if err == nil {
		return t.groupRef(id)
	}
	if !errors.Is(err, sql.ErrNoRows) {
		return perms.Group{}, err
	}
	if n, perr := strconv.ParseInt(s, 10, 64); perr == nil {
		return t.groupRef(n)
	}
	return perms.Group{}, notFound("Unknown group: %s", s)
}

// sessionGroup picks the group for a new session: the one asked for, else the
// user's default group (index 0 unless that is the user group, R-ROLE-3).
func (t *Tx) sessionGroup(user perms.Principal, asked string) (perms.Group, error) {
	if asked != "" {
		return t.groupByNameOrID(asked)
	}
	for _, g := range user.MemberOf {
		if g != perms.UserGroup {
			return t.groupRef(g)
		}
	}
	return perms.Group{}, authFailed("User account error: %s has no default group.", user.Name)
}

// CloseSession closes a session; closing a closed or unknown session is not an
// error. command names the closing in the audit trail.
func (d *DB) CloseSession(command, uuid string) error {
	return d.CloseSessions(command, []string{uuid})
}

// ActiveSessions lists every live session, oldest first.
func (t *Tx) ActiveSessions() (_ []Session, err error) {
	rows, err := t.query(selectSession+` WHERE s.closed IS NULL AND (s.time_to_idle = 0 OR s.last_used >= ? - s.time_to_idle) ORDER BY s.created, s.id`, t.now)
	if err != nil {
		return nil, err
	}
	defer closing(rows, &err)
	var out []Session
	for rows.Next() {
		s, err := scanSession(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, rows.Err()
}

// SwitchGroup moves the caller's session to the group named or numbered target and
// returns the old and new groups.
func (t *Tx) SwitchGroup(target string) (from, to perms.Group, err error) {
	if from, err = t.groupRef(t.Session.GroupID); err != nil {
		return
	}
	if to, err = t.groupByNameOrID(target); err != nil {
		return
	}
	if from.ID == to.ID {
		return
	}
	if err = perms.CheckSwitchGroup(t.Caller, to); err != nil {
		return
	}
	if _, err = t.exec(`UPDATE session SET group_id = ? WHERE id = ?`, to.ID, t.Session.ID); err != nil {
		return
	}
	err = t.Log("Session", t.Session.ID, "UPDATE")
	return
}

// SessionByUUID finds a session the caller may see (R-SUDO-6); "" is the caller's
// own.
func (t *Tx) SessionByUUID(uuid string) (Session, error) {
	if uuid == "" {
		return t.Session, nil
	}
	s, err := scanSession(t.queryRow(selectSession+` WHERE s.uuid = ?`, uuid))
	if errors.Is(err, sql.ErrNoRows) {
		return s, notFound("cannot get session: %s", uuid)
	}
	if err != nil {
		return s, err
	}
	if !perms.CanReadSession(t.Caller, s.OwnerID, s.SudoerID) {
		return s, notFound("cannot get session: %s", uuid)
	}
	return s, nil
}

// SetSessionTimeout changes the idle timeout of session uuid ("" for the caller's
// own, else one the caller may see), given in seconds, up to the server's maximum.
func (t *Tx) SetSessionTimeout(uuid string, seconds int64) error {
	s, err := t.SessionByUUID(uuid)
	if err != nil {
		return err
	}
	return t.SetTimeout(s, seconds)
}

// SetTimeout changes a session's idle timeout, given in seconds, up to the server's
// maximum.
func (t *Tx) SetTimeout(s Session, seconds int64) error {
	if seconds <= 0 {
		return failed("cannot update timeout for %s: the timeout must be positive", s.UUID)
	}
	ms, err := timeToIdleMS(t.tx, seconds)
	if err != nil {
		return fmt.Errorf("cannot update timeout for %s: %w", s.UUID, err)
	}
	if _, err := t.exec(`UPDATE session SET time_to_idle = ? WHERE id = ?`, ms, s.ID); err != nil {
		return err
	}
	return t.Log("Session", s.ID, "UPDATE")
}

// CloseSessions closes those of the given sessions that are still open, in one
// transaction. Each closing is an audit event of the session closed, by its own user
// (and sudoer), recorded as command (logout, sessions clear).
func (d *DB) CloseSessions(command string, uuids []string) (err error) {
	t, err := d.begin(command)
	if err != nil {
		return err
	}
	defer rollback(t.tx, &err)
	for _, u := range uuids {
		s, err := scanSession(t.queryRow(selectSession+` WHERE s.uuid = ? AND s.closed IS NULL`, u))
		if errors.Is(err, sql.ErrNoRows) {
			continue
		}
		if err != nil {
			return err
		}
		if _, err := t.exec(`UPDATE session SET closed = ? WHERE id = ?`, t.now, s.ID); err != nil {
			return err
		}
		t.Session, t.Caller, t.event = s, perms.Caller{UserID: s.OwnerID, GroupID: s.GroupID}, 0
		if err := t.Log("Session", s.ID, "UPDATE"); err != nil {
			return err
		}
	}
	return t.commit()
}

// sessionCommands record their audit events with OMERO's event type Sessions.
var sessionCommands = map[string]bool{
	"login": true, "logout": true, "sessions clear": true, "sessions open": true, "sessions close": true,
}

// KeepAlive marks a live session used now; `sessions keepalive` calls it every few
// seconds so that the session does not idle out. A closed or expired session is an
// authentication failure.
func (d *DB) KeepAlive(uuid string) (err error) {
	t, err := d.begin("")
	if err != nil {
		return err
	}
	defer rollback(t.tx, &err)
	s, err := t.liveSession(uuid)
	if err != nil {
		return err
	}
	if _, err := t.exec(`UPDATE session SET last_used = ? WHERE id = ?`, t.now, s.ID); err != nil {
		return err
	}
	return t.commit()
}

// CanSee reports whether the caller may see the details of s (R-SUDO-6).
func (t *Tx) CanSee(s Session) bool { return perms.CanReadSession(t.Caller, s.OwnerID, s.SudoerID) }
