package perms

// Fixed principals (R-ROLE-1). OMERO lets these be configured; we do not.
const (
	RootID      int64 = 0
	GuestID     int64 = 1
	SystemGroup int64 = 0
	UserGroup   int64 = 1
	GuestGroup  int64 = 2

	RootName        = "root"
	GuestName       = "guest"
	SystemGroupName = "system"
	UserGroupName   = "user"
	GuestGroupName  = "guest"
)

// IsProtectedUserName reports whether a login name belongs to a built-in user whose
// name can never change and which nobody else may take (R-ROLE-13).
func IsProtectedUserName(name string) bool { return name == RootName || name == GuestName }

// IsProtectedGroupName is the same for the built-in groups (R-ROLE-13).
func IsProtectedGroupName(name string) bool {
	return name == SystemGroupName || name == UserGroupName || name == GuestGroupName
}

// IsBuiltinGroup reports whether id is one of the three built-in groups.
func IsBuiltinGroup(id int64) bool { return id == SystemGroup || id == UserGroup || id == GuestGroup }
