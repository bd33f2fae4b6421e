package perms

import (
	"fmt"
	"slices"
	"strings"

	"github.com/omero-go/omero/perms/fault"
)

// Decisions for the graph operations chown, chgrp and delete (R-CHOWN-*, R-CHGRP-*,
// R-PERM-CAP-*). The traversal itself (what is carried) lives in db; every question
// of who may lives here.

// refuse is a refusal of the graph rules: a *fault.Error of kind Denied naming the
// rule.
func refuse(rule, format string, args ...any) error {
	return &fault.Error{Kind: fault.Denied, Rule: rule, Msg: fmt.Sprintf(format, args...)}
}

// Node names an object as OMERO's graph messages do: ome.model.core.Image[34].
func (o Object) Node() string { return fmt.Sprintf("%s[%d]", o.Class, o.ID) }

// Short names an object as OMERO's graph error rules do: Image[34].
func (o Object) Short() string {
	return fmt.Sprintf("%s[%d]", o.Class[strings.LastIndex(o.Class, ".")+1:], o.ID)
}

// GraphAbilities are what the caller may do to one object during a graph operation
// (docs/rules.md 4.2): delete it, move it to another group, give it to
// another user, and "own" it (be its owner, or hold Chgrp/Chown, which treats the
// caller as owning everything).
type GraphAbilities struct {
	Delete, Move, Give, OwnForChgrp, OwnForChown bool
}

// Abilities computes the graph abilities of the caller on o.
func Abilities(c Caller, o Object) GraphAbilities {
	k := Capabilities(c, o)
	return GraphAbilities{
		Delete:      k.Delete,
		Move:        k.Chgrp,
		Give:        k.Chown,
		OwnForChgrp: c.UserID == o.OwnerID || c.Holds(Chgrp),
		OwnForChown: c.UserID == o.OwnerID || c.Holds(Chown),
	}
}

// CheckChgrpDestination decides whether the caller may move data into g: members
// may, and administrators holding Chgrp (R-CHGRP-1). The built-in groups never
// receive data here (R-GROUP-COMMON-1 is left to OMERO's own tools).
func CheckChgrpDestination(c Caller, g Group) error {
	if IsBuiltinGroup(g.ID) {
		return refuse("R-GROUP-COMMON-1", "cannot move data into the %s group", g.Name)
	}
	if c.IsMember(g.ID) || c.Holds(Chgrp) {
		return nil
	}
	return refuse("R-CHGRP-1", "Current user is not member of group: %d", g.ID)
}

// CheckChgrpObject is the assertion of R-CHGRP-2: without Chgrp, the caller must own
// every object moved.
func CheckChgrpObject(c Caller, o Object) error {
	if c.Holds(Chgrp) || c.UserID == o.OwnerID {
		return nil
	}
	return refuse("R-CHGRP-2", "does not own %s", o.Node())
}

// CheckChownCaller decides whether the caller may give data at all: holders of Chown
// may, and group owners (R-CHOWN-1..3).
func CheckChownCaller(c Caller) error {
	if c.Holds(Chown) || len(c.LeaderOf) > 0 {
		return nil
	}
	return refuse("R-CHOWN-3", "not an owner of any group")
}

// CheckChownAllOf decides whether the caller may give all the data of the user with
// the given memberships (R-CHOWN-4): a group owner must own one of that user's
// groups.
func CheckChownAllOf(c Caller, user int64, memberOf []int64) error {
	if c.Holds(Chown) {
		return nil
	}
	for _, g := range memberOf {
		if c.IsLeader(g) {
			return nil
		}
	}
	return refuse("R-CHOWN-4", "not an owner of any group of ome.model.meta.Experimenter[%d]", user)
}

// ChownScope lists the groups whose data the caller may give: nil means every group
// (a Chown holder), otherwise the groups the caller owns (R-CHOWN-2, R-CHOWN-4).
func ChownScope(c Caller) []int64 {
	if c.Holds(Chown) {
		return nil
	}
	return slices.Clone(c.LeaderOf)
}

// CheckChownObject is the per-object assertion of R-CHOWN-2 for giving o to recipient,
// a member of recipientGroups. Holders of Chown give anything to anyone (R-CHOWN-1).
func CheckChownObject(c Caller, o Object, recipient int64, recipientGroups []int64) error {
	if c.Holds(Chown) || o.OwnerID == recipient {
		return nil
	}
	g := o.Group.ID
	switch {
	case !c.IsLeader(g):
		return refuse("R-CHOWN-2", "cannot process %s: user %d is not an owner of group %d", o.Node(), c.UserID, g)
	case !slices.Contains(recipientGroups, g):
		return refuse("R-CHOWN-2", "cannot process %s: user %d is not a member of group %d", o.Node(), recipient, g)
	case !Capabilities(c, o).Delete:
		return refuse("R-CHOWN-2", "cannot process %s: not permitted to delete it", o.Node())
	}
	return nil
}

// CheckDeleteObject is the assertion of a delete: the caller needs the delete
// capability on every object deleted (R-PERM-CAP-1).
func CheckDeleteObject(c Caller, o Object) error {
	if Capabilities(c, o).Delete {
		return nil
	}
	return refuse("R-PERM-CAP-1", "not permitted to delete %s", o.Node())
}
