package commands

import (
	"sort"
	"strconv"
	"strings"

	"github.com/omero-go/omero/db"
	"github.com/omero-go/omero/perms"
	"github.com/urfave/cli/v2"
)

// userTableFlags are the options of every command that prints the user table.
func userTableFlags() []cli.Flag {
	return []cli.Flag{
		styleFlag(),
		&cli.BoolFlag{Name: "long", Usage: "list the ids of the groups each user is a member and owner of (default)"},
		&cli.BoolFlag{Name: "count", Usage: "count the groups instead of listing them"},
		&cli.BoolFlag{Name: "sort-by-id", Usage: "sort by id (default)"},
		&cli.BoolFlag{Name: "sort-by-login", Usage: "sort by login name"},
		&cli.BoolFlag{Name: "sort-by-first-name", Usage: "sort by first name"},
		&cli.BoolFlag{Name: "sort-by-last-name", Usage: "sort by last name"},
		&cli.BoolFlag{Name: "sort-by-email", Usage: "sort by email address"},
	}
}

// userTableOptions are the parsed table options.
type userTableOptions struct {
	style Style
	count bool
	sort  string // "", login, first-name, last-name, email
}

func readUserTableOptions(c *cli.Context) (userTableOptions, error) {
	var o userTableOptions
	var err error
	if o.style, err = styleOf(c); err != nil {
		return o, err
	}
	if c.Bool("long") && c.Bool("count") {
		return o, notAllowedWith(c, "--count", "--long")
	}
	o.count = c.Bool("count")
	var seen []string
	for _, s := range []string{"id", "login", "first-name", "last-name", "email"} {
		if c.Bool("sort-by-" + s) {
			seen = append(seen, "--sort-by-"+s)
		}
	}
	if len(seen) > 1 {
		seen = inOrderGiven(c, seen)
		return o, notAllowedWith(c, seen[0], seen[1])
	}
	if len(seen) == 1 && seen[0] != "--sort-by-id" {
		o.sort = strings.TrimPrefix(seen[0], "--sort-by-")
	}
	return o, nil
}

// notAllowedWith is argparse's message for two mutually exclusive options, naming
// the one given second first, as argparse does when it meets it. a and b are
// labels such as "--perms" or "-P/--userpassword".
func notAllowedWith(c *cli.Context, a, b string) error {
	given := inOrderGiven(c, []string{a, b})
	return usageError(c, "argument %s: not allowed with argument %s", given[1], given[0])
}

// userTable builds the user table OMERO's user list prints.
func userTable(users []db.User, o userTableOptions) *Table {
	users = append([]db.User(nil), users...)
	key := func(u db.User) string {
		switch o.sort {
		case "login":
			return u.OmeName
		case "first-name":
			return u.FirstName
		case "last-name":
			return u.LastName
		case "email":
			return u.Email
		}
		return ""
	}
	// By id first, so that users given in any order, and ties of the key, come out
	// in id order as in OMERO.
	sort.SliceStable(users, func(i, j int) bool { return users[i].ID < users[j].ID })
	if o.sort != "" {
		sort.SliceStable(users, func(i, j int) bool { return key(users[i]) < key(users[j]) })
	}
	t := &Table{Headers: userHeaders(o)}
	for _, u := range users {
		t.Append(userRow(u, o)...)
	}
	return t
}

// userHeaders are the columns of the user table.
func userHeaders(o userTableOptions) []string {
	h := []string{"id", "login", "first name", "last name", "email", "active", "ldap", "admin"}
	if o.count {
		return append(h, "# group memberships", "# group ownerships")
	}
	return append(h, "member of", "owner of")
}

// userRow is u's row of the user table: the groups it is a member and owner of,
// system and user left out, listed by id or counted.
func userRow(u db.User, o userTableOptions) []string {
	var member, owner []byte
	members, owners := 0, 0
	for _, m := range u.Groups {
		if m.GroupID == perms.SystemGroup || m.GroupID == perms.UserGroup {
			continue
		}
		list := &member
		if m.Owner {
			list = &owner
			owners++
		} else {
			members++
		}
		if len(*list) > 0 {
			*list = append(*list, ',')
		}
		*list = strconv.AppendInt(*list, m.GroupID, 10)
	}
	memberCell, ownerCell := string(member), string(owner)
	if o.count {
		memberCell, ownerCell = countCell(members), countCell(owners)
	}
	return []string{strconv.FormatInt(u.ID, 10), u.OmeName, u.FirstName, u.LastName, u.Email,
		yesOrEmpty(u.Active()), pyBool(u.LDAP), yesOrEmpty(u.Admin()), memberCell, ownerCell}
}

// countCell prints a count with an empty cell for zero, as OMERO's user table does.
func countCell(n int) string {
	if n == 0 {
		return ""
	}
	return strconv.Itoa(n)
}

func yesOrEmpty(b bool) string {
	if b {
		return "Yes"
	}
	return ""
}

// pyBool prints a boolean as Python's str() does.
func pyBool(b bool) string {
	if b {
		return "True"
	}
	return "False"
}
