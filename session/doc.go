// Package session logs in: it finds or creates a session in the database and keeps
// OMERO's session store (files under OMERO_SESSIONDIR) pointing at it.
//
// A session file is only a pointer; the database decides whether a session is alive.
package session
