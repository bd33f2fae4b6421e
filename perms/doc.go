// Package perms holds OMERO's permission rules as pure functions: who the caller is
// (Context), what a group permission string means, and whether an action is allowed.
//
// Nothing here touches a database or the file system. Every refusal is a *Denied that
// names the rule of ../shared/reference/omero-security.md it comes from.
package perms
