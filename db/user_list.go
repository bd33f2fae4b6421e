package db

import "database/sql"

// UserOrder is an order of user list: "" (by id), "login", "first-name",
// "last-name" or "email"; ties are in id order.
type UserOrder string

// orderBy is the ORDER BY of each UserOrder over selectUsers: the same as sorting
// by id and then, stably, by the field as Go compares strings (byte by byte, as
// SQLite's BINARY collation and PostgreSQL's "C" columns do).
var orderBy = map[UserOrder]string{
	"":           `e.id`,
	"login":      `e.omename, e.id`,
	"first-name": `e.firstname, e.id`,
	"last-name":  `e.lastname, e.id`,
	"email":      `coalesce(e.email, ''), e.id`,
}

// EachUser calls fn with every user and its memberships, in order, as the database
// returns them: a hundred thousand users are never held at once. It stops at fn's
// first error.
func (t *Tx) EachUser(order UserOrder, fn func(User) error) error {
	by, ok := orderBy[order]
	if !ok {
		return invalidInput("unknown user order %q", string(order))
	}
	return t.each(t.selectUsers()+` ORDER BY `+by, nil, func(rows *sql.Rows) error {
		u, err := scanUser(rows)
		if err != nil {
			return err
		}
		return fn(u)
	})
}
