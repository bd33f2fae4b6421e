package graph_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/omero-go/omero/db/graph"
	"github.com/omero-go/omero/db/model"
	"github.com/omero-go/omero/perms"
	"github.com/omero-go/omero/perms/fault"
)

// Who may chown and chgrp a Project, at every group level, for every kind of caller:
// the level x caller tables that replaced testscripts/chown_callers_*.txtar and
// chgrp_callers_*.txtar (one script per level, which differed in two lines each).
// The fixture is theirs: group G at the level under test holds owner's
// Project:1 > Dataset:1 > Image:1; every user is a member of K; the outsider and the
// administrators are members of H; pi owns G.

const (
	groupG, groupK, groupH = 3, 4, 5

	owner, member, outsider, pi, fullAdmin, raChown, raChgrp, raWrite = 2, 3, 4, 5, 6, 7, 8, 9
)

var callerNames = map[int64]string{owner: "owner", member: "member", outsider: "outsider", pi: "pi",
	fullAdmin: "fa", raChown: "rachown", raChgrp: "rachgrp", raWrite: "rawrite"}

var levels = []struct {
	name  string
	perms perms.Permissions
}{{"private", perms.Private}, {"read-only", perms.ReadOnly}, {"read-annotate", perms.ReadAnnotate}, {"read-write", perms.ReadWrite}}

// callersWorld builds the fixture with G at level.
func callersWorld(level perms.Permissions) *memSource {
	m := newMemSource()
	for id, g := range map[int64]perms.Permissions{perms.SystemGroup: perms.Private, perms.UserGroup: -52,
		perms.GuestGroup: perms.Private, groupG: level, groupK: perms.Private, groupH: perms.Private} {
		m.groups[id] = perms.Group{ID: id, Permissions: g}
	}
	user := func(id int64, groups ...int64) perms.Principal {
		p := perms.Principal{ID: id, Name: callerNames[id], MemberOf: append(groups, perms.UserGroup)}
		m.users[id] = p
		return p
	}
	admin := func(id int64, held ...perms.Privilege) {
		p := user(id, groupH)
		p.MemberOf = append(p.MemberOf, perms.SystemGroup)
		if held != nil {
			p.Restrictions = perms.AllPrivs.Minus(perms.NewPrivSet(held...))
		}
		m.users[id] = p
	}
	user(perms.RootID, perms.SystemGroup)
	user(owner, groupG, groupK)
	user(member, groupG, groupK)
	user(outsider, groupH, groupK)
	p := user(pi, groupG, groupK)
	p.LeaderOf = []int64{groupG}
	m.users[pi] = p
	admin(fullAdmin)
	admin(raChown, perms.Chown, perms.WriteOwned)
	admin(raChgrp, perms.Chgrp, perms.WriteOwned)
	admin(raWrite, perms.WriteOwned, perms.DeleteOwned)

	project := m.add(model.Project, owner, groupG)
	dataset := m.add(model.Dataset, owner, groupG)
	image := m.add(model.Image, owner, groupG)
	m.link(model.ProjectDatasetLink, owner, groupG, project, dataset)
	m.link(model.DatasetImageLink, owner, groupG, dataset, image)
	return m
}

// session is the caller logged in to their default group, as login -C does.
func session(m *memSource, id int64) perms.Caller {
	u := m.users[id]
	return perms.NewCaller(u, nil, u.MemberOf[0])
}

// outcome is what one command line of the scripts gave: its failure (OMERO's failure
// name, or "" for a refusal before the request is sent), exit status, message, and on
// success what the report lists as included.
type outcome struct {
	failure  string
	status   int
	msg      string
	included []string
}

var everything = []string{"Dataset:1", "DatasetImageLink:1", "Project:1", "ProjectDatasetLink:1", "Image:1"}

func ok(included ...string) outcome { return outcome{included: included} }

// refused is a refusal by the graph rules (printed "failed: 'NAME'", status 5).
func refused(failure, msg string) outcome { return outcome{failure: failure, status: 5, msg: msg} }

// plain is an error before the request is sent, printed as the message alone.
func plain(status int, msg string) outcome { return outcome{status: status, msg: msg} }

var statusOf = map[fault.Kind]int{fault.Failed: 1, fault.Usage: 2, fault.Exists: 3, fault.NotFound: 4, fault.Denied: 5}

// run plans req as caller and describes the outcome as the scripts saw it.
func run(m *memSource, caller int64, req graph.Request) (outcome, []string) {
	ctx := session(m, caller)
	warnings, err := graph.Warnings(m, ctx, req)
	if err != nil {
		return plain(statusOf[fault.KindOf(err)], err.Error()), nil
	}
	pl, err := graph.Decide(m, ctx, req)
	if err != nil {
		o := plain(statusOf[fault.KindOf(err)], err.Error())
		if f, isFailure := err.(*graph.Failure); isFailure {
			o.failure = f.Name
		}
		return o, warnings
	}
	var inc []string
	for _, objs := range pl.Result().Included {
		for _, id := range objs.IDs.IDs() {
			inc = append(inc, fmt.Sprintf("%s:%d", objs.Type.Name, id))
		}
	}
	return ok(inc...), warnings
}

func projectTarget() []graph.Target {
	return []graph.Target{{Name: "Project", Type: model.Project, IDs: []int64{1}}}
}

// wantWarning: OMERO's CLI warns about a target in a read-write group that belongs to
// someone else, when the caller can see it.
func wantWarning(level perms.Permissions, caller int64) []string {
	if level == perms.ReadWrite && caller != owner && caller != outsider {
		return []string{"WARNING: Project:1 belongs to user 2"}
	}
	return nil
}

func check(t *testing.T, got outcome, warnings []string, want outcome, wantWarnings []string) {
	t.Helper()
	if got.failure != want.failure || got.status != want.status || got.msg != want.msg || !slices.Equal(got.included, want.included) {
		t.Errorf("got %+v\nwant %+v", got, want)
	}
	if !slices.Equal(warnings, wantWarnings) {
		t.Errorf("warnings %q, want %q", warnings, wantWarnings)
	}
}

// TestChownCallers: chown member|outsider Project:1 --dry-run --report, by each
// caller, at each level. Only group owners and holders of Chown may give at all
// (R-CHOWN-3); a group owner gives only to members of the group (R-CHOWN-2) and only
// what they may give (the owner's Dataset is withheld, 4.4.1 rule 4); full admins
// and holders of Chown give everything to anyone (R-CHOWN-1).
func TestChownCallers(t *testing.T) {
	noGroup := refused("steps-cancel", "not an owner of any group")
	rows := []struct {
		caller, to int64
		want       outcome
	}{
		{owner, member, noGroup},
		{owner, outsider, noGroup},
		{member, member, noGroup},
		{member, outsider, noGroup},
		{outsider, member, noGroup},
		{outsider, outsider, noGroup},
		{pi, member, ok("Project:1")},
		{pi, outsider, refused("graph-fail", "cannot process ome.model.containers.Project[1]: user 4 is not a member of group 3")},
		{fullAdmin, member, ok(everything...)},
		{fullAdmin, outsider, ok(everything...)},
		{raChown, member, ok(everything...)},
		{raChown, outsider, ok(everything...)},
		{raChgrp, member, noGroup},
		{raChgrp, outsider, noGroup},
		{raWrite, member, noGroup},
		{raWrite, outsider, noGroup},
	}
	for _, lvl := range levels {
		m := callersWorld(lvl.perms)
		for _, r := range rows {
			t.Run(lvl.name+"/"+callerNames[r.caller]+"-to-"+callerNames[r.to], func(t *testing.T) {
				got, warnings := run(m, r.caller, graph.Request{Op: graph.OpChown, Recipient: r.to, Targets: projectTarget(), DryRun: true})
				check(t, got, warnings, r.want, wantWarning(lvl.perms, r.caller))
			})
		}
	}
}

// TestChgrpCallers: chgrp K|H Project:1 --dry-run --report, by each caller, at each
// level. Every user is a member of K; of H only the outsider and the administrators.
// The destination must be a group of the caller unless they hold Chgrp (R-CHGRP-1);
// the caller must own what moves unless they hold Chgrp (R-CHGRP-2); what a caller
// may not read does not exist for them (R-PERM-READ-1).
func TestChgrpCallers(t *testing.T) {
	notMember := func(g int) outcome { return plain(5, fmt.Sprintf("Current user is not member of group: %d", g)) }
	notFound := plain(4, "No object found: Project:1")
	notOwner := refused("graph-fail", "does not own ome.model.containers.Project[1]")
	rows := []struct {
		caller, to        int64
		private, readable outcome // at private level, and at the levels where G's members read
	}{
		{owner, groupK, ok(everything...), ok(everything...)},
		{owner, groupH, notMember(groupH), notMember(groupH)},
		{member, groupK, notFound, notOwner},
		{member, groupH, notMember(groupH), notMember(groupH)},
		{outsider, groupK, notFound, notFound},
		{outsider, groupH, notFound, notFound},
		{pi, groupK, notOwner, notOwner},
		{pi, groupH, notMember(groupH), notMember(groupH)},
		{fullAdmin, groupK, ok(everything...), ok(everything...)},
		{fullAdmin, groupH, ok(everything...), ok(everything...)},
		{raChown, groupK, notMember(groupK), notMember(groupK)},
		{raChown, groupH, notOwner, notOwner},
		{raChgrp, groupK, ok(everything...), ok(everything...)},
		{raChgrp, groupH, ok(everything...), ok(everything...)},
		{raWrite, groupK, notMember(groupK), notMember(groupK)},
		{raWrite, groupH, notOwner, notOwner},
	}
	groupNames := map[int64]string{groupK: "K", groupH: "H"}
	for _, lvl := range levels {
		m := callersWorld(lvl.perms)
		for _, r := range rows {
			t.Run(lvl.name+"/"+callerNames[r.caller]+"-to-"+groupNames[r.to], func(t *testing.T) {
				want := r.readable
				if lvl.perms.IsPrivate() {
					want = r.private
				}
				got, warnings := run(m, r.caller, graph.Request{Op: graph.OpChgrp, Group: r.to, Targets: projectTarget(), DryRun: true})
				check(t, got, warnings, want, wantWarning(lvl.perms, r.caller))
			})
		}
	}
}

// TestCallersNamesMatchTheScripts keeps the fixture honest: it is the scripts' one.
func TestCallersNamesMatchTheScripts(t *testing.T) {
	m := callersWorld(perms.Private)
	var names []string
	for id := range callerNames {
		names = append(names, m.users[id].Name)
	}
	slices.Sort(names)
	if got := strings.Join(names, " "); got != "fa member outsider owner pi rachgrp rachown rawrite" {
		t.Errorf("callers %s", got)
	}
	if !session(m, raChown).Holds(perms.Chown) || session(m, raChown).Holds(perms.Chgrp) || !session(m, fullAdmin).IsFullAdmin() {
		t.Error("the restricted administrators hold the wrong privileges")
	}
}
