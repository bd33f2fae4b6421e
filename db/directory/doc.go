// Package directory is omero's LDAP client: it reads OMERO's omero.ldap.* configuration,
// finds users and groups in the directory, checks passwords by binding, and works out
// the groups a directory user joins (omero.ldap.new_user_group).
//
// It has no database access and no permission logic: it returns plain values (User,
// Group, Membership) that the db layer writes. Every value it puts into a filter is
// escaped, including the @{attr} placeholders of a :query: (OMERO does not escape
// those). Errors are *fault.Error with OMERO's messages where OMERO has one.
//
// A Client opens one connection per call (two when a password is checked, which binds
// as the user on a connection of its own), with the configured dial and request
// timeouts, and closes it before returning: nothing is pooled or cached, so a caller
// may consult the directory outside its write transaction and then write what it
// learnt in one transaction.
package directory
