// Package db is the "server": one SQLite file holding users, groups, sessions, objects
// and the audit trail. Every write runs in a transaction that asks perms first.
package db
