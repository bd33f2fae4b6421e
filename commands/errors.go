package commands

import (
	"errors"
	"fmt"
	"io"
	"sort"
	"strings"

	"github.com/omero-go/omero/db"
	"github.com/omero-go/omero/perms"
	"github.com/omero-go/omero/perms/fault"
	"github.com/omero-go/omero/session"
	"github.com/urfave/cli/v2"
)

// Exit statuses (DESIGN section 4).
const (
	exitOK         = 0
	exitFailed     = 1
	exitUsage      = 2
	exitExists     = 3
	exitNotFound   = 4
	exitPermission = 5
	exitAuth       = 6
)

// UsageError is a command line argparse would refuse: too few or unrecognized
// arguments, an option value that does not parse or is not one of its choices,
// options that exclude each other. It prints as argparse prints it: the usage line,
// then "omero CMD: error: MSG". Every other error is one plain line, as OMERO's
// die() messages are (reference 1.1-1.3); an invalid value found after parsing is
// a db.InputError (valueError), with status 2 all the same.
type UsageError struct {
	Prog    string // "omero user add"
	Usage   string // "usage: omero user add [options] ..."; "" leaves the line out
	Msg     string
	Choices string // printed after Msg as it is: the valid choices, laid out by choiceList
}

func (e *UsageError) Error() string { return e.Msg }

// exitStatus is the one place errors become exit statuses.
func exitStatus(err error) int {
	var (
		usage    *UsageError
		arg      *session.ArgError
		invalid  *perms.Invalid
		exists   *db.ExistsError
		notFound *db.NotFoundError
		denied   *perms.Denied
		auth     *db.AuthError
		noPrompt *noTerminalError
		pwErr    *db.PasswordError
		input    *db.InputError
		f        *fault.Error
	)
	switch {
	case err == nil:
		return exitOK
	case errors.As(err, &usage), errors.As(err, &arg), errors.As(err, &invalid), errors.As(err, &pwErr),
		errors.As(err, &input):
		return exitUsage
	case errors.As(err, &exists):
		return exitExists
	case errors.As(err, &notFound):
		return exitNotFound
	case errors.As(err, &denied):
		return exitPermission
	case errors.As(err, &auth), errors.As(err, &noPrompt):
		return exitAuth
	case errors.As(err, &f):
		return faultStatus[f.Kind]
	}
	return exitFailed
}

// faultStatus is the exit status of each kind of *fault.Error.
var faultStatus = map[fault.Kind]int{fault.Failed: exitFailed, fault.Usage: exitUsage, fault.Exists: exitExists,
	fault.NotFound: exitNotFound, fault.Denied: exitPermission, fault.Auth: exitAuth, fault.Busy: exitFailed}

// reported is an error whose message the command has already printed in its own
// form (a refused graph request); only its exit status is still to come.
type reported struct{ err error }

func (r reported) Error() string { return r.err.Error() }
func (r reported) Unwrap() error { return r.err }

// report prints err on stderr in the tool's voice. Messages echo names and values
// users typed or stored, so they are escaped here, on the way out (DESIGN 5.17);
// what the tool itself adds (usage lines, choices, hints) is printed as it is.
func report(w io.Writer, err error) {
	var done reported
	if errors.As(err, &done) {
		return
	}
	var usage *UsageError
	if errors.As(err, &usage) {
		if usage.Usage != "" {
			fmt.Fprintln(w, usage.Usage)
		}
		fmt.Fprintf(w, "%s: error: %s%s\n", usage.Prog, escapeText(usage.Msg), usage.Choices)
		return
	}
	writeMessages(w, err)
	if h := hint(err); h != "" {
		fmt.Fprintln(w, h)
	}
}

// writeMessages prints each error of a joined error (the failures of a list lookup
// and OMERO's summary) on its own line.
func writeMessages(w io.Writer, err error) {
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		for _, e := range j.Unwrap() {
			writeMessages(w, e)
		}
		return
	}
	fmt.Fprintln(w, escapeText(err.Error()))
}

// hint is the next step an error suggests, where there is one thing to do.
func hint(err error) string {
	var denied *perms.Denied
	var invalid *perms.Invalid
	switch {
	case errors.As(err, &denied):
		return denied.Hint
	case errors.As(err, &invalid):
		return invalid.Hint
	}
	return fault.HintOf(err)
}

// noTerminalError: a prompt was needed and there is no terminal to show it on.
type noTerminalError struct{ Msg string }

func (e *noTerminalError) Error() string { return e.Msg }

// usageError builds a syntax error for the command c is running.
func usageError(c *cli.Context, format string, args ...any) error {
	return &UsageError{Prog: progOf(c), Usage: usageLine(c), Msg: fmt.Sprintf(format, args...)}
}

// valueError is input that parsed but cannot be used: the message alone on one line,
// as OMERO's die() prints it, and status 2. It takes the command's context, unused,
// so that its call sites read like usageError's.
func valueError(_ *cli.Context, format string, args ...any) error {
	return &db.InputError{Msg: fmt.Sprintf(format, args...)}
}

// invalidChoice is argparse's message for a value outside a fixed list, with the
// choices sorted and wrapped.
func invalidChoice(c *cli.Context, arg, value string, choices []string) error {
	err := usageError(c, "argument %s: invalid choice: '%s'", arg, value).(*UsageError)
	err.Choices = "\n\nchoose from:\n" + choiceList(choices)
	return err
}

// choiceList lays out choices the way OMERO's CLI does: sorted, joined by ", ",
// tab-indented, breaking after a line passes 62 characters.
func choiceList(choices []string) string {
	sorted := append([]string(nil), choices...)
	sort.Strings(sorted)
	var lines []string
	cur := ""
	for i, c := range sorted {
		cur += c
		if i < len(sorted)-1 {
			cur += ", "
		}
		if len(cur) > 62 {
			lines = append(lines, "\t"+cur)
			cur = ""
		}
	}
	if cur != "" {
		lines = append(lines, "\t"+cur)
	}
	return strings.Join(lines, "\n")
}

func progOf(c *cli.Context) string {
	if c == nil || c.Command == nil || c.Command.HelpName == "" {
		return "omero"
	}
	return c.Command.HelpName
}

func usageLine(c *cli.Context) string {
	prog := progOf(c)
	if c == nil || c.Command == nil {
		return "usage: " + prog + " [options] <command> ..."
	}
	if len(c.Command.Subcommands) > 0 {
		return "usage: " + prog + " [options] <subcommand> ..."
	}
	u := "usage: " + prog + " [options]"
	if c.Command.ArgsUsage != "" {
		u += " " + c.Command.ArgsUsage
	}
	return u
}
