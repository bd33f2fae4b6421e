package perms

import (
	"errors"
	"testing"

	"github.com/omero-go/omero/perms/fault"
)

// refused checks a refusal of the graph rules: a *fault.Error of kind Denied naming
// rule, with the message msg unless msg is empty.
func refused(t *testing.T, err error, rule, msg string) {
	t.Helper()
	var f *fault.Error
	if !errors.As(err, &f) || f.Kind != fault.Denied {
		t.Fatalf("got %v, want a refusal by %s", err, rule)
	}
	if f.Rule != rule || msg != "" && f.Msg != msg {
		t.Errorf("got %s %q, want %s %q", f.Rule, f.Msg, rule, msg)
	}
}

func TestRuleGraph(t *testing.T) {
	memberImage := Object{Class: "ome.model.core.Image", ID: 34, Kind: OwnedObject, OwnerID: member.ID, Group: lab}
	ownImage := Object{Class: "ome.model.core.Image", ID: 35, Kind: OwnedObject, OwnerID: owner.ID, Group: lab}
	raChown := Principal{ID: 40, Name: "rc", MemberOf: []int64{SystemGroup, UserGroup}, Restrictions: AllPrivs.Minus(NewPrivSet(Chown))}
	raChgrp := Principal{ID: 41, Name: "rg", MemberOf: []int64{SystemGroup, UserGroup}, Restrictions: AllPrivs.Minus(NewPrivSet(Chgrp))}
	outsider := int64(99)

	t.Run("R-CHOWN-2/group owner gives a member's image to a non-member (B17)", func(t *testing.T) {
		refused(t, CheckChownObject(ctx(owner), memberImage, outsider, []int64{other.ID}), "R-CHOWN-2",
			"cannot process ome.model.core.Image[34]: user 99 is not a member of group 3")
	})
	t.Run("R-CHOWN-2/group owner gives a member's image to another member", func(t *testing.T) {
		if err := CheckChownObject(ctx(owner), memberImage, 50, []int64{lab.ID}); err != nil {
			t.Error(err)
		}
	})
	t.Run("R-CHOWN-2/group owner gives nothing in a group they do not own", func(t *testing.T) {
		o := memberImage
		o.Group = other
		refused(t, CheckChownObject(ctx(owner), o, 50, []int64{other.ID}), "R-CHOWN-2",
			"cannot process ome.model.core.Image[34]: user 20 is not an owner of group 4")
	})
	t.Run("R-CHOWN-1/full admin gives to a user outside the group (B18)", func(t *testing.T) {
		if err := CheckChownCaller(ctx(fullAdmin)); err != nil {
			t.Error(err)
		}
		if err := CheckChownObject(ctx(fullAdmin), memberImage, outsider, nil); err != nil {
			t.Error(err)
		}
		if err := CheckChownObject(ctx(raChown), memberImage, outsider, nil); err != nil {
			t.Errorf("restricted admin holding Chown: %v", err)
		}
	})
	t.Run("R-CHOWN-3/a data owner who owns no group cannot give own data (B19)", func(t *testing.T) {
		refused(t, CheckChownCaller(ctx(member)), "R-CHOWN-3", "not an owner of any group")
		refused(t, CheckChownCaller(ctx(raChgrp)), "R-CHOWN-3", "")
	})
	t.Run("R-CHOWN-4/all of a user's data needs a group of theirs", func(t *testing.T) {
		if err := CheckChownAllOf(ctx(owner), member.ID, member.MemberOf); err != nil {
			t.Error(err)
		}
		refused(t, CheckChownAllOf(ctx(owner), 60, []int64{other.ID}), "R-CHOWN-4",
			"not an owner of any group of ome.model.meta.Experimenter[60]")
		if scope := ChownScope(ctx(owner)); len(scope) != 1 || scope[0] != lab.ID {
			t.Errorf("group owner's scope %v", scope)
		}
		if scope := ChownScope(ctx(raChown)); scope != nil {
			t.Errorf("Chown holder's scope %v, want all", scope)
		}
	})
	t.Run("R-CHGRP-2/group owner cannot move a member's dataset (B20)", func(t *testing.T) {
		ds := memberImage
		ds.Class = "ome.model.containers.Dataset"
		refused(t, CheckChgrpObject(ctx(owner), ds), "R-CHGRP-2", "does not own ome.model.containers.Dataset[34]")
		if err := CheckChgrpObject(ctx(owner), ownImage); err != nil {
			t.Error(err)
		}
		if err := CheckChgrpObject(ctx(raChgrp), ds); err != nil {
			t.Errorf("restricted admin holding Chgrp: %v", err)
		}
	})
	t.Run("R-CHGRP-1/a user cannot move data into a group they are not in (B21)", func(t *testing.T) {
		refused(t, CheckChgrpDestination(ctx(member), other), "R-CHGRP-1", "Current user is not member of group: 4")
		if err := CheckChgrpDestination(ctx(owner), other); err != nil {
			t.Error(err)
		}
		if err := CheckChgrpDestination(ctx(raChgrp), other); err != nil {
			t.Errorf("Chgrp holder: %v", err)
		}
		refused(t, CheckChgrpDestination(ctx(fullAdmin), Group{ID: UserGroup, Name: "user"}), "R-GROUP-COMMON-1", "")
	})
	t.Run("R-PERM-CAP-3/delete follows the capability table", func(t *testing.T) {
		ra := Group{ID: 3, Name: "lab", Permissions: ReadAnnotate}
		rw := Group{ID: 3, Name: "lab", Permissions: ReadWrite}
		img := memberImage
		img.Group = ra
		refused(t, CheckDeleteObject(NewCaller(Principal{ID: 51, MemberOf: []int64{3, UserGroup}}, nil, 3), img), "R-PERM-CAP-1", "")
		img.Group = rw
		if err := CheckDeleteObject(NewCaller(Principal{ID: 51, MemberOf: []int64{3, UserGroup}}, nil, 3), img); err != nil {
			t.Errorf("read-write member: %v", err)
		}
		if err := CheckDeleteObject(ctx(owner), memberImage); err != nil {
			t.Errorf("group owner of a private group: %v", err)
		}
	})
	t.Run("R-PERM-CAP-1/abilities for the graph", func(t *testing.T) {
		a := Abilities(ctx(member), memberImage)
		if !a.Delete || !a.Move || a.Give || !a.OwnForChgrp || !a.OwnForChown {
			t.Errorf("owner's own image: %+v", a)
		}
		a = Abilities(ctx(owner), memberImage)
		if !a.Delete || a.Move || !a.Give || a.OwnForChgrp || a.OwnForChown {
			t.Errorf("group owner on a member's image: %+v", a)
		}
	})
}
