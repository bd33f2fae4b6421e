// Command omero-bench is omero with the cheapest bcrypt cost, so that the benchmark
// can time `user add` without the deliberate cost of hashing a password. It exists
// only for bench/; the omero binary has no option or variable that does this.
package main

import (
	"os"

	"github.com/omero-go/omero/commands"
	"github.com/omero-go/omero/db"
	"golang.org/x/crypto/bcrypt"
)

func main() {
	hooks := commands.Hooks{DB: db.Options{BcryptCost: bcrypt.MinCost}}
	os.Exit(commands.MainWith(hooks, os.Args, os.Stdin, os.Stdout, os.Stderr))
}
