package perms

import (
	"fmt"
	"strings"
)

// ObjectKind says which privileges govern an object (R-PERM-CAP-2).
type ObjectKind uint8

const (
	// OwnedObject is data owned by a user in a group: WriteOwned, DeleteOwned.
	OwnedObject ObjectKind = iota
	// FileObject is an OriginalFile outside the managed and script repositories:
	// WriteFile, DeleteFile.
	FileObject
	// ExperimenterObject is a user, a system type governed by ModifyUser.
	ExperimenterObject
	// GroupObject is a group, a system type governed by ModifyGroup.
	GroupObject
)

// Object is what the rules need to know about one object.
type Object struct {
	Class   string // OMERO's class name, e.g. ome.model.containers.Project
	ID      int64  // 0 while the object is not saved yet
	Kind    ObjectKind
	OwnerID int64 // data only
	Group   Group // data only: the object's group, whose permissions are its own (R-PERM-2)
}

// System reports a system type: users and groups have no owner and no group.
func (o Object) System() bool { return o.Kind == ExperimenterObject || o.Kind == GroupObject }

// String names the object as OMERO's messages do: ome.model.core.Image:Id_5.
func (o Object) String() string {
	if o.ID == 0 {
		return o.Class
	}
	return fmt.Sprintf("%s:Id_%d", o.Class, o.ID)
}

// effective is the permissions the rights of o come from: its group's, except that
// data in the user group is private to its owner (R-PERM-2).
func (o Object) effective() Permissions {
	if o.Group.ID == UserGroup {
		return Private
	}
	return o.Group.Permissions
}

func (o Object) writePrivilege() Privilege {
	switch o.Kind {
	case FileObject:
		return WriteFile
	case ExperimenterObject:
		return ModifyUser
	case GroupObject:
		return ModifyGroup
	}
	return WriteOwned
}

func (o Object) deletePrivilege() Privilege {
	switch o.Kind {
	case FileObject:
		return DeleteFile
	case ExperimenterObject:
		return ModifyUser
	case GroupObject:
		return ModifyGroup
	}
	return DeleteOwned
}

// Right is one of the three rights of a permissions value (R-PERM-2).
type Right int64

const (
	RightRead     Right = readBit
	RightWrite    Right = writeBit
	RightAnnotate Right = annotateBit
)

// Role is whose rights are asked for: the object's owner, its group's members, or
// everyone else (R-PERM-1).
type Role uint

const (
	RoleUser  Role = userShift
	RoleGroup Role = groupShift
	RoleWorld Role = worldShift
)

// Granted reports whether p gives role the right r.
func (p Permissions) Granted(role Role, r Right) bool { return p.has(int64(r), uint(role)) }

// Caps is what a caller may do with one object (R-PERM-CAP-1).
type Caps struct {
	Link, Edit, Delete, Annotate, Chgrp, Chown bool
}

func (k Caps) String() string {
	var out []string
	for _, s := range []struct {
		on   bool
		name string
	}{{k.Link, "link"}, {k.Edit, "edit"}, {k.Delete, "delete"}, {k.Annotate, "annotate"}, {k.Chgrp, "chgrp"}, {k.Chown, "chown"}} {
		if s.on {
			out = append(out, s.name)
		}
	}
	if out == nil {
		return "nothing"
	}
	return strings.Join(out, " ")
}

// Capabilities decides link, edit, delete, annotate, chgrp and chown for the caller
// on o, by the algorithm of R-PERM-CAP-1 with the privileges of R-PERM-CAP-2. The
// private-group guard is evaluated against o's own group.
func Capabilities(c Caller, o Object) Caps {
	guard := privateGuard(c, o)
	var k Caps
	switch {
	case c.IsFullAdmin():
		k = Caps{true, true, true, true, true, true}
	case c.IsGuest():
		return Caps{} // R-ROLE-12
	default:
		k = Caps{
			Link:     granted(c, o, o.writePrivilege(), RightWrite, true),
			Edit:     granted(c, o, o.writePrivilege(), RightWrite, false),
			Delete:   granted(c, o, o.deletePrivilege(), RightWrite, false),
			Annotate: granted(c, o, o.writePrivilege(), RightAnnotate, true),
			Chgrp:    !o.System() && (c.UserID == o.OwnerID || c.Holds(Chgrp)),
			Chown:    !o.System() && (c.IsLeader(o.Group.ID) || c.Holds(Chown)),
		}
	}
	if guard {
		k.Link, k.Annotate = false, false
	}
	return k
}

// privateGuard is step 2 of R-PERM-CAP-1: an admin or group owner looking at another
// user's data in a private group may not link or annotate it.
func privateGuard(c Caller, o Object) bool {
	return !o.System() && o.Group.ID != UserGroup && o.Group.Permissions.IsPrivate() &&
		(c.Admin || c.IsLeader(o.Group.ID)) && c.UserID != o.OwnerID
}

// granted is step 5 of R-PERM-CAP-1 for one scope; linkLike marks LINK and
// ANNOTATE, which system types and shared-group data always allow.
func granted(c Caller, o Object, p Privilege, r Right, linkLike bool) bool {
	if c.Holds(p) {
		return true
	}
	if o.System() {
		return linkLike
	}
	g, perms := o.Group.ID, o.effective()
	return c.IsLeader(g) ||
		perms.Granted(RoleWorld, r) ||
		c.UserID == o.OwnerID && perms.Granted(RoleUser, r) ||
		c.IsMember(g) && perms.Granted(RoleGroup, r) ||
		linkLike && (g == SystemGroup || g == UserGroup)
}

// CanRead decides whether the caller sees o at all, searching every group
// (R-PERM-READ-1, R-PERM-READ-2): what a caller may not read does not exist for them.
func CanRead(c Caller, o Object) bool {
	if o.System() {
		return true
	}
	g, p := o.Group.ID, o.Group.Permissions
	return g == SystemGroup || g == UserGroup || c.Admin || p.WorldRead() ||
		c.UserID == o.OwnerID || c.IsMember(g) && p.GroupRead() || c.IsLeader(g)
}

// isAnnotationLink reports a <T>AnnotationLink class.
func isAnnotationLink(class string) bool {
	return strings.HasPrefix(class, "ome.model.annotations.") && strings.HasSuffix(class, "AnnotationLink")
}

// CheckCreate decides whether the caller may create o, a new object of the session's
// group owned by the caller (R-PERM-NEW-1). Guest never creates (R-ROLE-12); an admin
// holding the class's write privilege creates anywhere; members create in their
// groups; others only where the group grants the world the right.
func CheckCreate(c Caller, o Object) error {
	if c.IsGuest() {
		return deny("R-ROLE-12", "Creating %s not allowed.", o)
	}
	privileged := c.Holds(o.writePrivilege())
	if o.System() {
		if privileged {
			return nil
		}
		return deny("R-PERM-NEW-1", "Creating %s not allowed.", o)
	}
	right := RightWrite
	if isAnnotationLink(o.Class) {
		right = RightAnnotate
	}
	if privileged || c.IsMember(o.Group.ID) || o.Group.Permissions.Granted(RoleWorld, right) {
		return nil
	}
	return deny("R-PERM-NEW-1", "You are not authorized to create %s in group %s (id=%d)", o, o.Group.Name, o.Group.ID)
}

// CheckUpdate decides whether the caller may change o. Users need an admin holding
// ModifyUser (R-USER-UPDATE-4), groups one holding ModifyGroup (R-GROUP-UPDATE-3).
// Data is changed only from a session in its group, unless it is in the user group
// (R-PERM-UPD-1), and only with the edit capability (R-PERM-CAP-1).
func CheckUpdate(c Caller, o Object) error {
	switch o.Kind {
	case ExperimenterObject:
		if !c.Holds(ModifyUser) {
			return deny("R-USER-UPDATE-4", "Updating %s not allowed.", o)
		}
		return nil
	case GroupObject:
		if !c.Holds(ModifyGroup) {
			return deny("R-GROUP-UPDATE-3", "Updating %s not allowed.", o)
		}
		return nil
	}
	if o.Group.ID != c.GroupID && o.Group.ID != UserGroup {
		d := deny("R-PERM-UPD-1", "Currently logged into group %d. Cannot alter object in group %d", c.GroupID, o.Group.ID)
		d.Hint = fmt.Sprintf("to change it, switch to its group first: omero sessions group %d (or add -g %d to the command)", o.Group.ID, o.Group.ID)
		return d
	}
	if !Capabilities(c, o).Edit {
		return deny("R-PERM-CAP-1", "Updating %s not allowed.", o)
	}
	return nil
}

// NeededRight is the right a reference from an object of class from to one of class
// to needs (R-PERM-LINK-3): annotate for annotation links and for a Roi on an Image,
// write for everything else.
func NeededRight(from, to string) Right {
	if isAnnotationLink(from) || from == "ome.model.roi.Roi" && to == "ome.model.core.Image" {
		return RightAnnotate
	}
	return RightWrite
}

func groupString(id int64) string { return fmt.Sprintf("ome.model.meta.ExperimenterGroup:Id_%d", id) }

// CheckReference decides whether from, an object being saved, may point at to.
// Objects of two groups are never joined, except to system types and to data in
// system or user (R-PERM-LINK-1); admins and owners of a private group never join
// other users' data to it (R-PERM-LINK-2); and the caller needs the right of
// R-PERM-LINK-3 on to unless they own its group or hold the write privilege.
func CheckReference(c Caller, from, to Object) error {
	if to.System() || to.Group.ID == SystemGroup || to.Group.ID == UserGroup {
		return nil
	}
	if to.Group.ID != from.Group.ID {
		return deny("R-PERM-LINK-1", "MIXED GROUP: %s(group=%s) and %s(group=%s) cannot be linked.",
			from, groupString(from.Group.ID), to, groupString(to.Group.ID))
	}
	g := to.Group
	isOwner := c.UserID == to.OwnerID
	if !isOwner && g.Permissions.IsPrivate() && (c.Admin || c.IsLeader(g.ID)) && from.OwnerID != to.OwnerID {
		return deny("R-PERM-LINK-2", "Cannot link to %s: current user (%s) is an admin or the owner of the private group (%s=%s). It is not allowed to link to users' data.",
			to, c.UserName, g.Name, g.Permissions)
	}
	if !isOwner && (c.IsLeader(g.ID) || c.Holds(to.writePrivilege())) {
		return nil
	}
	role := RoleWorld
	switch {
	case isOwner:
		role = RoleUser
	case c.IsMember(g.ID):
		role = RoleGroup
	}
	if !g.Permissions.Granted(role, NeededRight(from.Class, to.Class)) {
		return deny("R-PERM-LINK-3", "Group is %s. Cannot link to object: %s", g.Permissions, to)
	}
	return nil
}

// CheckRelink decides whether the caller may make from, an object already saved, point
// at to (obj update of a reference field). Besides the rules of a new reference
// (CheckReference), the caller must be able to link from itself (R-PERM-CAP-1: in a
// private group an admin or group owner may not link another user's object), and in a
// private group from and to never have two owners (R-PERM-LINK-2): OMERO lets an
// owner or admin point a member's object at their own, after which deleting or moving
// theirs takes the member's along.
func CheckRelink(c Caller, from, to Object) error {
	if !Capabilities(c, from).Link {
		g := from.Group
		if privateGuard(c, from) {
			return deny("R-PERM-LINK-2", "Cannot link from %s: current user (%s) is an admin or the owner of the private group (%s=%s). It is not allowed to link users' data.",
				from, c.UserName, g.Name, g.Permissions)
		}
		return deny("R-PERM-CAP-1", "Updating %s not allowed.", from)
	}
	if err := CheckReference(c, from, to); err != nil {
		return err
	}
	// The rules above already imply this; it is checked on its own so that the
	// guarantee does not rest on how they combine.
	g := to.Group
	if !to.System() && g.ID != SystemGroup && g.ID != UserGroup && g.Permissions.IsPrivate() && from.OwnerID != to.OwnerID {
		return deny("R-PERM-LINK-2", "Cannot link %s to %s: in the private group (%s=%s) an object may not point at another user's data.",
			from, to, g.Name, g.Permissions)
	}
	return nil
}

// CheckExperimenterRename refuses renaming root or guest, and taking their names
// (R-ROLE-13).
func CheckExperimenterRename(id int64, oldName, newName string) error {
	if oldName == newName {
		return nil
	}
	if id == RootID || id == GuestID {
		return deny("R-ROLE-13", "cannot change name of special experimenter '%s'", oldName)
	}
	if IsProtectedUserName(newName) {
		return deny("R-ROLE-13", "cannot change name to special experimenter '%s'", newName)
	}
	return nil
}

// CheckGroupRename refuses renaming system, user or guest, and taking their names
// (R-ROLE-13).
func CheckGroupRename(id int64, oldName, newName string) error {
	if oldName == newName {
		return nil
	}
	if IsBuiltinGroup(id) {
		return deny("R-ROLE-13", "cannot change name of special group '%s'", oldName)
	}
	if IsProtectedGroupName(newName) {
		return deny("R-ROLE-13", "cannot change name to special group '%s'", newName)
	}
	return nil
}

// CheckConfigChange decides whether the caller may give target the config map after.
// Root is never restricted (R-ROLE-15); an administrator target may gain no
// privilege the caller does not hold (R-PRIV-7, R-PRIV-8); and the config is part of
// the account (R-USER-ACCOUNT-1).
func CheckConfigChange(c Caller, target Principal, after []ConfigEntry) error {
	next := target
	next.Restrictions = RestrictionsFromConfig(after)
	if target.ID == RootID && !next.Restrictions.IsEmpty() {
		return deny("R-ROLE-15", "SecurityViolation: cannot remove light administrator privileges from the root user")
	}
	if gained := next.Privileges().Minus(target.Privileges()); !gained.SubsetOf(c.Privileges) {
		return deny("R-PRIV-7", msgElevation)
	}
	return CheckChangeAccount(c, target)
}
