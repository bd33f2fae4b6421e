// Package perms holds OMERO's permission rules as pure functions: who the caller is
// (Caller), what a group permission string means, and whether an action is allowed.
//
// Nothing here touches a database or the file system. Every refusal is a *fault.Error
// (perms/fault) of kind Denied that names its rule in
// docs/rules.md: one of OMERO's, or one of these rules of ours, where we are stricter
// than OMERO (README, Differences from OMERO):
//
//	R-GROUP-BUILTIN-1  the permissions of system, user and guest never change
//	R-PRIV-ADMIN-1     privileges are changed only for members of system
//	R-USER-ACCOUNT-1   no change to the account of a user holding privileges the caller lacks
//	R-SESSION-KEY-1    no session key shown to a caller lacking privileges its user holds
//	R-CONFIG-1         administrators read the server configuration (omero config)
//	R-CONFIG-2         only full administrators change it or read its secrets
//	R-LDAP-BUILTIN-1   the directory never decides membership of system, user or guest
package perms
