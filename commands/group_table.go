package commands

import (
	"sort"
	"strconv"
	"strings"

	"github.com/omero-go/omero/db"
	"github.com/urfave/cli/v2"
)

// groupTableFlags are the options of every command that prints the group table.
func groupTableFlags() []cli.Flag {
	return []cli.Flag{
		styleFlag(),
		&cli.BoolFlag{Name: "count", Usage: "count owners and members (default)"},
		&cli.BoolFlag{Name: "long", Usage: "list the ids of owners and members"},
		&cli.BoolFlag{Name: "sort-by-id", Usage: "sort by id (default)"},
		&cli.BoolFlag{Name: "sort-by-name", Usage: "sort by name"},
	}
}

type groupTableOptions struct {
	style  Style
	long   bool
	byName bool
}

func readGroupTableOptions(c *cli.Context) (groupTableOptions, error) {
	var o groupTableOptions
	var err error
	if o.style, err = styleOf(c); err != nil {
		return o, err
	}
	if c.Bool("long") && c.Bool("count") {
		return o, notAllowedWith(c, "--long", "--count")
	}
	if c.Bool("sort-by-id") && c.Bool("sort-by-name") {
		return o, notAllowedWith(c, "--sort-by-name", "--sort-by-id")
	}
	o.long, o.byName = c.Bool("long"), c.Bool("sort-by-name")
	return o, nil
}

// groupTable builds the group table OMERO's group list prints.
func groupTable(groups []db.Group, o groupTableOptions) *Table {
	groups = append([]db.Group(nil), groups...)
	sort.SliceStable(groups, func(i, j int) bool { return groups[i].ID < groups[j].ID })
	if o.byName {
		sort.SliceStable(groups, func(i, j int) bool { return groups[i].Name < groups[j].Name })
	}
	t := &Table{Headers: groupHeaders(o)}
	for _, g := range groups {
		owners, members := strconv.Itoa(len(g.Owners)), strconv.Itoa(len(g.Members))
		if o.long {
			owners, members = idsAsStrings(g.Owners), idsAsStrings(g.Members)
		}
		t.Append(strconv.FormatInt(g.ID, 10), g.Name, g.Permissions.String(), pyBool(g.LDAP), owners, members)
	}
	return t
}

// groupHeaders are the columns of the group table.
func groupHeaders(o groupTableOptions) []string {
	if o.long {
		return []string{"id", "name", "perms", "ldap", "owner ids", "member ids"}
	}
	return []string{"id", "name", "perms", "ldap", "# of owners", "# of members"}
}

// idsAsStrings joins ids sorted as strings, as OMERO does ("10" before "2").
func idsAsStrings(ids []int64) string {
	s := make([]string, len(ids))
	for i, id := range ids {
		s[i] = strconv.FormatInt(id, 10)
	}
	sort.Strings(s)
	return strings.Join(s, ",")
}
