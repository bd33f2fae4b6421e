package perms

import (
	"strings"
	"testing"

	"github.com/omero-go/omero/perms/fault"
)

// The callers of R-PERM-CAP-3, looking at an image owned by dataOwner in group lab
// (id 3). Nobody but the members listed is in lab.
var (
	dataOwner      = Principal{ID: 30, Name: "owner", MemberOf: []int64{3, UserGroup}}
	labMember      = Principal{ID: 31, Name: "member", MemberOf: []int64{3, UserGroup}}
	labLeader      = Principal{ID: 32, Name: "pi", MemberOf: []int64{3, UserGroup}, LeaderOf: []int64{3}}
	outsider       = Principal{ID: 33, Name: "outsider", MemberOf: []int64{4, UserGroup}}
	guestUser      = Principal{ID: GuestID, Name: "guest", MemberOf: []int64{GuestGroup, 3}}
	labAdminMember = Principal{ID: 34, Name: "ram", MemberOf: []int64{3, SystemGroup, UserGroup},
		Restrictions: AllPrivs.Minus(NewPrivSet(WriteOwned))}
)

// restrictedAdmin is an administrator outside lab holding exactly privs.
func restrictedAdmin(privs ...Privilege) Principal {
	return Principal{ID: 40, Name: "ra", MemberOf: []int64{SystemGroup, UserGroup}, Restrictions: AllPrivs.Minus(NewPrivSet(privs...))}
}

func labImage(level Permissions) Object {
	return Object{Class: "ome.model.core.Image", ID: 5, OwnerID: dataOwner.ID, Group: Group{ID: 3, Name: "lab", Permissions: level}}
}

var levels = []struct {
	name string
	p    Permissions
}{{"private", Private}, {"read-only", ReadOnly}, {"read-annotate", ReadAnnotate}, {"read-write", ReadWrite}}

func TestRuleCapabilityTable(t *testing.T) {
	all := "link edit delete annotate"
	rows := []struct {
		caller string
		who    Principal
		want   [4]string // private, read-only, read-annotate, read-write
	}{
		{"data owner", dataOwner, [4]string{all + " chgrp", all + " chgrp", all + " chgrp", all + " chgrp"}},
		{"member", labMember, [4]string{"nothing", "nothing", "annotate", all}},
		{"group owner", labLeader, [4]string{"edit delete chown", all + " chown", all + " chown", all + " chown"}},
		{"full admin", fullAdmin, [4]string{"edit delete chgrp chown", all + " chgrp chown", all + " chgrp chown", all + " chgrp chown"}},
		{"restricted admin not member/no privileges", restrictedAdmin(), [4]string{"nothing", "nothing", "nothing", "nothing"}},
		{"restricted admin not member/WriteOwned", restrictedAdmin(WriteOwned), [4]string{"edit", "link edit annotate", "link edit annotate", "link edit annotate"}},
		{"restricted admin not member/DeleteOwned", restrictedAdmin(DeleteOwned), [4]string{"delete", "delete", "delete", "delete"}},
		{"restricted admin not member/Chgrp", restrictedAdmin(Chgrp), [4]string{"chgrp", "chgrp", "chgrp", "chgrp"}},
		{"restricted admin not member/Chown", restrictedAdmin(Chown), [4]string{"chown", "chown", "chown", "chown"}},
		{"restricted admin not member/all four", restrictedAdmin(WriteOwned, DeleteOwned, Chgrp, Chown),
			[4]string{"edit delete chgrp chown", all + " chgrp chown", all + " chgrp chown", all + " chgrp chown"}},
		{"restricted admin member", labAdminMember, [4]string{"edit", "link edit annotate", "link edit annotate", all}},
		{"non-member", outsider, [4]string{"nothing", "nothing", "nothing", "nothing"}},
		{"guest", guestUser, [4]string{"nothing", "nothing", "nothing", "nothing"}},
	}
	for _, r := range rows {
		for i, l := range levels {
			t.Run("R-PERM-CAP-3/"+r.caller+"/"+l.name, func(t *testing.T) {
				c := NewCaller(r.who, nil, 3)
				if got := Capabilities(c, labImage(l.p)).String(); got != r.want[i] {
					t.Errorf("got %q, want %q", got, r.want[i])
				}
			})
		}
	}
}

func TestRuleCapabilityVectors(t *testing.T) {
	t.Run("R-PERM-CAP-3/B15 member of read-annotate group annotates but does not edit", func(t *testing.T) {
		k := Capabilities(NewCaller(labMember, nil, 3), labImage(ReadAnnotate))
		if !k.Annotate || k.Edit {
			t.Errorf("annotate=%v edit=%v, want true/false", k.Annotate, k.Edit)
		}
	})
	t.Run("R-PERM-CAP-1/B16 owner of private group deletes but does not annotate", func(t *testing.T) {
		k := Capabilities(NewCaller(labLeader, nil, 3), labImage(Private))
		if k.Annotate || !k.Delete {
			t.Errorf("annotate=%v delete=%v, want false/true", k.Annotate, k.Delete)
		}
	})
	t.Run("R-PERM-READ-2/B26 restricted admin with no privileges reads private data", func(t *testing.T) {
		if !CanRead(NewCaller(restrictedAdmin(), nil, SystemGroup), labImage(Private)) {
			t.Error("data viewer cannot read")
		}
	})
}

func TestRuleCapabilityEdges(t *testing.T) {
	t.Run("R-PERM-2/data in the user group is private to its owner", func(t *testing.T) {
		o := Object{Class: "ome.model.containers.Project", ID: 1, OwnerID: dataOwner.ID, Group: Group{ID: UserGroup, Name: "user", Permissions: -52}}
		k := Capabilities(NewCaller(labMember, nil, UserGroup), o)
		if k.Edit || k.Delete || !k.Link || !k.Annotate {
			t.Errorf("got %v, want link annotate", k)
		}
	})
	t.Run("R-PERM-CAP-2/files need WriteFile, not WriteOwned", func(t *testing.T) {
		o := labImage(ReadOnly)
		o.Class, o.Kind = "ome.model.core.OriginalFile", FileObject
		if Capabilities(NewCaller(restrictedAdmin(WriteOwned), nil, 3), o).Edit {
			t.Error("WriteOwned edits a file")
		}
		if !Capabilities(NewCaller(restrictedAdmin(WriteFile), nil, 3), o).Edit {
			t.Error("WriteFile does not edit a file")
		}
	})
	t.Run("R-PERM-CAP-1/system types are linkable by anyone", func(t *testing.T) {
		u := Object{Class: "ome.model.meta.Experimenter", ID: 5, Kind: ExperimenterObject}
		k := Capabilities(NewCaller(labMember, nil, 3), u)
		if !k.Link || !k.Annotate || k.Edit || k.Delete {
			t.Errorf("got %v", k)
		}
	})
}

func TestRuleRead(t *testing.T) {
	cases := []struct {
		name  string
		who   Principal
		level Permissions
		want  bool
	}{
		{"R-PERM-READ-1/member reads read-only data", labMember, ReadOnly, true},
		{"R-PERM-READ-1/member does not read private data", labMember, Private, false},
		{"R-PERM-READ-1/owner reads own private data", dataOwner, Private, true},
		{"R-PERM-READ-1/non-member does not read read-write data", outsider, ReadWrite, false},
		{"R-PERM-READ-1/non-member reads world-readable data", outsider, -52, true},
		{"R-PERM-READ-2/group owner reads private data", labLeader, Private, true},
		{"R-PERM-READ-2/admin reads private data", fullAdmin, Private, true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := CanRead(NewCaller(c.who, nil, 3), labImage(c.level)); got != c.want {
				t.Errorf("CanRead = %v, want %v", got, c.want)
			}
		})
	}
}

func newProject(group Group, owner int64) Object {
	return Object{Class: "ome.model.containers.Project", OwnerID: owner, Group: group}
}

func TestRuleCreate(t *testing.T) {
	lab := Group{ID: 3, Name: "lab", Permissions: ReadOnly}
	t.Run("R-ROLE-12/guest never creates", func(t *testing.T) {
		denied(t, CheckCreate(NewCaller(guestUser, nil, 3), newProject(lab, GuestID)), "R-ROLE-12", "Creating ome.model.containers.Project not allowed.")
	})
	t.Run("R-PERM-NEW-1/members create in their group", func(t *testing.T) {
		if err := CheckCreate(NewCaller(labMember, nil, 3), newProject(lab, labMember.ID)); err != nil {
			t.Error(err)
		}
	})
	t.Run("R-PERM-NEW-1/admins with WriteOwned create anywhere", func(t *testing.T) {
		if err := CheckCreate(NewCaller(restrictedAdmin(WriteOwned), nil, 3), newProject(lab, 40)); err != nil {
			t.Error(err)
		}
	})
	t.Run("R-PERM-NEW-1/admins without WriteOwned create only where members", func(t *testing.T) {
		denied(t, CheckCreate(NewCaller(restrictedAdmin(Chown), nil, 3), newProject(lab, 40)), "R-PERM-NEW-1",
			"You are not authorized to create ome.model.containers.Project in group lab (id=3)")
	})
	t.Run("R-PERM-NEW-1/users need ModifyUser", func(t *testing.T) {
		u := Object{Class: "ome.model.meta.Experimenter", Kind: ExperimenterObject}
		denied(t, CheckCreate(NewCaller(restrictedAdmin(ModifyGroup), nil, 0), u), "R-PERM-NEW-1", "")
		if err := CheckCreate(NewCaller(restrictedAdmin(ModifyUser), nil, 0), u); err != nil {
			t.Error(err)
		}
	})
}

func TestRuleUpdate(t *testing.T) {
	user := Object{Class: "ome.model.meta.Experimenter", ID: 7, Kind: ExperimenterObject}
	group := Object{Class: "ome.model.meta.ExperimenterGroup", ID: 3, Kind: GroupObject}
	t.Run("R-USER-UPDATE-4/non-admins never write users, not even themselves", func(t *testing.T) {
		self := user
		self.ID = labMember.ID
		denied(t, CheckUpdate(NewCaller(labMember, nil, 3), self), "R-USER-UPDATE-4", "Updating ome.model.meta.Experimenter:Id_31 not allowed.")
		denied(t, CheckUpdate(NewCaller(labLeader, nil, 3), user), "R-USER-UPDATE-4", "")
	})
	t.Run("R-USER-UPDATE-4/admins need ModifyUser", func(t *testing.T) {
		denied(t, CheckUpdate(NewCaller(restrictedAdmin(ModifyGroup), nil, 0), user), "R-USER-UPDATE-4", "")
		if err := CheckUpdate(NewCaller(restrictedAdmin(ModifyUser), nil, 0), user); err != nil {
			t.Error(err)
		}
	})
	t.Run("R-GROUP-UPDATE-3/owners never write their group; admins need ModifyGroup", func(t *testing.T) {
		denied(t, CheckUpdate(NewCaller(labLeader, nil, 3), group), "R-GROUP-UPDATE-3", "Updating ome.model.meta.ExperimenterGroup:Id_3 not allowed.")
		denied(t, CheckUpdate(NewCaller(restrictedAdmin(ModifyUser), nil, 0), group), "R-GROUP-UPDATE-3", "")
		if err := CheckUpdate(NewCaller(restrictedAdmin(ModifyGroup), nil, 0), group); err != nil {
			t.Error(err)
		}
	})
	t.Run("R-PERM-UPD-1/data is changed only from its group", func(t *testing.T) {
		err := CheckUpdate(NewCaller(fullAdmin, nil, SystemGroup), labImage(ReadWrite))
		denied(t, err, "R-PERM-UPD-1", "Currently logged into group 0. Cannot alter object in group 3")
		if d := err.(*fault.Error); !strings.Contains(d.Hint, "omero sessions group 3") || !strings.Contains(d.Hint, "-g 3") {
			t.Errorf("hint %q does not say how to switch to group 3", d.Hint)
		}
	})
	t.Run("R-PERM-CAP-1/edit needs the edit capability", func(t *testing.T) {
		denied(t, CheckUpdate(NewCaller(labMember, nil, 3), labImage(ReadAnnotate)), "R-PERM-CAP-1", "Updating ome.model.core.Image:Id_5 not allowed.")
		if err := CheckUpdate(NewCaller(labMember, nil, 3), labImage(ReadWrite)); err != nil {
			t.Error(err)
		}
	})
}

func link(class string, group Group, owner int64) Object {
	return Object{Class: class, OwnerID: owner, Group: group}
}

func TestRuleReference(t *testing.T) {
	lab := Group{ID: 3, Name: "lab", Permissions: ReadAnnotate}
	privateLab := Group{ID: 3, Name: "lab", Permissions: Private}
	other := Group{ID: 4, Name: "other", Permissions: ReadWrite}
	t.Run("R-PERM-LINK-1/two groups are never joined", func(t *testing.T) {
		from := link("ome.model.containers.DatasetImageLink", other, fullAdmin.ID)
		denied(t, CheckReference(NewCaller(fullAdmin, nil, 4), from, labImage(ReadWrite)), "R-PERM-LINK-1",
			"MIXED GROUP: ome.model.containers.DatasetImageLink(group=ome.model.meta.ExperimenterGroup:Id_4) and ome.model.core.Image:Id_5(group=ome.model.meta.ExperimenterGroup:Id_3) cannot be linked.")
	})
	t.Run("R-PERM-LINK-1/system types and the user group join any group", func(t *testing.T) {
		from := link("ome.model.containers.DatasetImageLink", lab, labMember.ID)
		shared := labImage(ReadOnly)
		shared.Group = Group{ID: UserGroup, Name: "user", Permissions: -52}
		if err := CheckReference(NewCaller(labMember, nil, 3), from, shared); err != nil {
			t.Error(err)
		}
	})
	t.Run("R-PERM-LINK-2/owner of a private group does not link members' data", func(t *testing.T) {
		from := link("ome.model.containers.DatasetImageLink", privateLab, labLeader.ID)
		denied(t, CheckReference(NewCaller(labLeader, nil, 3), from, labImage(Private)), "R-PERM-LINK-2", "")
	})
	t.Run("R-PERM-LINK-2/nor does a full admin", func(t *testing.T) {
		from := link("ome.model.containers.DatasetImageLink", privateLab, fullAdmin.ID)
		denied(t, CheckReference(NewCaller(fullAdmin, nil, 3), from, labImage(Private)), "R-PERM-LINK-2",
			"Cannot link to ome.model.core.Image:Id_5: current user (fa) is an admin or the owner of the private group (lab=rw----). It is not allowed to link to users' data.")
	})
	t.Run("R-PERM-LINK-2/unless the saved object belongs to the data's owner", func(t *testing.T) {
		from := link("ome.model.containers.DatasetImageLink", privateLab, dataOwner.ID)
		from.ID = 9
		if err := CheckReference(NewCaller(fullAdmin, nil, 3), from, labImage(Private)); err != nil {
			t.Error(err)
		}
	})
	t.Run("R-PERM-LINK-3/annotation links need annotate", func(t *testing.T) {
		from := link("ome.model.annotations.ImageAnnotationLink", lab, labMember.ID)
		if err := CheckReference(NewCaller(labMember, nil, 3), from, labImage(ReadAnnotate)); err != nil {
			t.Error(err)
		}
	})
	t.Run("R-PERM-LINK-3/container links need write", func(t *testing.T) {
		from := link("ome.model.containers.DatasetImageLink", lab, labMember.ID)
		denied(t, CheckReference(NewCaller(labMember, nil, 3), from, labImage(ReadAnnotate)), "R-PERM-LINK-3",
			"Group is rwra--. Cannot link to object: ome.model.core.Image:Id_5")
	})
	t.Run("R-PERM-LINK-3/a Roi on an image needs annotate", func(t *testing.T) {
		from := link("ome.model.roi.Roi", lab, labMember.ID)
		if err := CheckReference(NewCaller(labMember, nil, 3), from, labImage(ReadAnnotate)); err != nil {
			t.Error(err)
		}
	})
	t.Run("R-PERM-LINK-3/group owners and WriteOwned holders skip the check", func(t *testing.T) {
		ro := Group{ID: 3, Name: "lab", Permissions: ReadOnly}
		from := link("ome.model.containers.DatasetImageLink", ro, labLeader.ID)
		if err := CheckReference(NewCaller(labLeader, nil, 3), from, labImage(ReadOnly)); err != nil {
			t.Error(err)
		}
		from.OwnerID = 40
		if err := CheckReference(NewCaller(restrictedAdmin(WriteOwned), nil, 3), from, labImage(ReadOnly)); err != nil {
			t.Error(err)
		}
		denied(t, CheckReference(NewCaller(restrictedAdmin(Chown), nil, 3), from, labImage(ReadOnly)), "R-PERM-LINK-3", "")
	})
}

func TestRuleRelink(t *testing.T) {
	privateLab := Group{ID: 3, Name: "lab", Permissions: Private}
	membersWell := Object{Class: "ome.model.screen.Well", ID: 7, OwnerID: dataOwner.ID, Group: privateLab}
	piPlate := Object{Class: "ome.model.screen.Plate", ID: 8, OwnerID: labLeader.ID, Group: privateLab}
	ownersPlate := Object{Class: "ome.model.screen.Plate", ID: 9, OwnerID: dataOwner.ID, Group: privateLab}
	for _, who := range []struct {
		name string
		p    Principal
	}{{"group owner", labLeader}, {"full admin", fullAdmin}, {"WriteOwned admin", restrictedAdmin(WriteOwned)}} {
		t.Run("R-PERM-LINK-2/"+who.name+" does not point a member's object at their own", func(t *testing.T) {
			denied(t, CheckRelink(NewCaller(who.p, nil, 3), membersWell, piPlate), "R-PERM-LINK-2", "")
		})
		t.Run("R-PERM-LINK-2/"+who.name+" does not point a member's object at the member's own", func(t *testing.T) {
			denied(t, CheckRelink(NewCaller(who.p, nil, 3), membersWell, ownersPlate), "R-PERM-LINK-2", "")
		})
	}
	t.Run("R-PERM-LINK-2/message names the object written", func(t *testing.T) {
		denied(t, CheckRelink(NewCaller(labLeader, nil, 3), membersWell, piPlate), "R-PERM-LINK-2",
			"Cannot link from ome.model.screen.Well:Id_7: current user (pi) is an admin or the owner of the private group (lab=rw----). It is not allowed to link users' data.")
	})
	t.Run("R-PERM-LINK-2/the owner points their own object at their own data", func(t *testing.T) {
		if err := CheckRelink(NewCaller(dataOwner, nil, 3), membersWell, ownersPlate); err != nil {
			t.Error(err)
		}
	})
	t.Run("R-PERM-LINK-2/two owners are fine where the group is shared", func(t *testing.T) {
		rw := Group{ID: 3, Name: "lab", Permissions: ReadWrite}
		well, plate := membersWell, piPlate
		well.Group, plate.Group = rw, rw
		if err := CheckRelink(NewCaller(labMember, nil, 3), well, plate); err != nil {
			t.Error(err)
		}
	})
	t.Run("R-PERM-CAP-1/the object written must be linkable", func(t *testing.T) {
		ra := Group{ID: 3, Name: "lab", Permissions: ReadAnnotate}
		well, plate := membersWell, piPlate
		well.Group, plate.Group = ra, ra
		denied(t, CheckRelink(NewCaller(labMember, nil, 3), well, plate), "R-PERM-CAP-1", "")
	})
}

func TestRuleSpecialNames(t *testing.T) {
	t.Run("R-ROLE-13/root keeps its name", func(t *testing.T) {
		denied(t, CheckExperimenterRename(RootID, "root", "admin"), "R-ROLE-13", "cannot change name of special experimenter 'root'")
	})
	t.Run("R-ROLE-13/nobody becomes guest", func(t *testing.T) {
		denied(t, CheckExperimenterRename(5, "jdoe", "guest"), "R-ROLE-13", "cannot change name to special experimenter 'guest'")
		if err := CheckExperimenterRename(5, "jdoe", "jane"); err != nil {
			t.Error(err)
		}
	})
	t.Run("R-ROLE-13/built-in groups keep their names", func(t *testing.T) {
		denied(t, CheckGroupRename(UserGroup, "user", "users"), "R-ROLE-13", "cannot change name of special group 'user'")
		denied(t, CheckGroupRename(3, "lab", "system"), "R-ROLE-13", "cannot change name to special group 'system'")
		if err := CheckGroupRename(3, "lab", "lab2"); err != nil {
			t.Error(err)
		}
	})
}

func TestRuleConfigChange(t *testing.T) {
	restricted := Principal{ID: 50, Name: "ra", MemberOf: []int64{SystemGroup, UserGroup}, Restrictions: NewPrivSet(Sudo, Chown)}
	// peer holds what restricted holds; lacking Chown, it may not lift that restriction.
	peer := NewCaller(Principal{ID: 52, MemberOf: []int64{SystemGroup, UserGroup}, Restrictions: NewPrivSet(Sudo, Chown)}, nil, 0)
	t.Run("R-PRIV-7/removing a restriction needs the privilege", func(t *testing.T) {
		after := []ConfigEntry{{"AdminPrivilege:Sudo", "false"}}
		denied(t, CheckConfigChange(peer, restricted, after), "R-PRIV-7",
			"SecurityViolation: cannot give administrator privileges that current user does not have")
		if err := CheckConfigChange(NewCaller(restrictedAdmin(AllPrivs.Remove(Sudo).List()...), nil, 0), restricted, after); err != nil {
			t.Error(err)
		}
	})
	t.Run("R-PRIV-SET-4/adding a restriction is never an elevation", func(t *testing.T) {
		after := []ConfigEntry{{"AdminPrivilege:Chown", "false"}, {"AdminPrivilege:Sudo", "false"}, {"AdminPrivilege:Chgrp", "false"}}
		if err := CheckConfigChange(peer, restricted, after); err != nil {
			t.Error(err)
		}
	})
	t.Run("R-USER-ACCOUNT-1/no config change for a more privileged user (OMERO: R-PRIV-SET-4)", func(t *testing.T) {
		after := []ConfigEntry{{"AdminPrivilege:Chown", "false"}, {"AdminPrivilege:Sudo", "false"}, {"AdminPrivilege:Chgrp", "false"}}
		denied(t, CheckConfigChange(NewCaller(restrictedAdmin(ModifyUser), nil, 0), restricted, after), "R-USER-ACCOUNT-1",
			"SecurityViolation: Cannot change the account of a more privileged user: ra")
		denied(t, CheckConfigChange(NewCaller(restrictedAdmin(ModifyUser), nil, 0), root, []ConfigEntry{{"color", "green"}}), "R-USER-ACCOUNT-1", "")
	})
	t.Run("R-PRIV-4/restrictions of non-admins are inert", func(t *testing.T) {
		plain := Principal{ID: 51, MemberOf: []int64{3, UserGroup}, Restrictions: NewPrivSet(Sudo)}
		if err := CheckConfigChange(NewCaller(restrictedAdmin(ModifyUser), nil, 0), plain, nil); err != nil {
			t.Error(err)
		}
	})
	t.Run("R-ROLE-15/root is never restricted", func(t *testing.T) {
		denied(t, CheckConfigChange(NewCaller(root, nil, 0), root, []ConfigEntry{{"AdminPrivilege:Sudo", "no"}}), "R-ROLE-15", "")
	})
}
