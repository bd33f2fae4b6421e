package commands

import (
	"errors"
	"fmt"
	"io"
	"sort"
	"strings"

	"github.com/omero-go/omero/perms/fault"
	"github.com/urfave/cli/v2"
)

// Exit statuses (README, Exit statuses).
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
// die() messages are (reference 1.1-1.3); an invalid value found after parsing is a
// *fault.Error of kind Usage (valueError), with status 2 all the same. A UsageError
// is of kind Usage too: it unwraps to one.
type UsageError struct {
	Prog    string // "omero user add"
	Usage   string // "usage: omero user add [options] ..."; "" leaves the line out
	Msg     string
	Choices string // printed after the message as it is: the valid choices, laid out by choiceList
}

func (e *UsageError) Error() string { return e.Msg }
func (e *UsageError) Unwrap() error { return &fault.Error{Kind: fault.Usage, Msg: e.Msg} }

// exitStatus is the one place errors become exit statuses (README, Exit statuses).
func exitStatus(err error) int {
	if err == nil {
		return exitOK
	}
	switch fault.KindOf(err) {
	case fault.Usage:
		return exitUsage
	case fault.Exists:
		return exitExists
	case fault.NotFound:
		return exitNotFound
	case fault.Denied:
		return exitPermission
	case fault.Auth:
		return exitAuth
	}
	return exitFailed // fault.Failed, fault.Busy, and errors nobody classified
}

// reported is an error whose message the command has already printed in its own
// form (a refused graph request); only its exit status is still to come. It is not
// a kind of error, and adds none: the kind is the one it wraps.
type reported struct{ err error }

func (r reported) Error() string { return r.err.Error() }
func (r reported) Unwrap() error { return r.err }

// report prints err on stderr in the tool's voice: its message (with whatever the
// layers above added, "line 3: ..."), then the hint of the error behind it, if any,
// on a line of its own. Messages echo names and values users typed or stored, so
// they are escaped here, on the way out (README, Differences 17); what the tool itself adds
// (usage lines, choices, hints) is printed as it is.
func report(w io.Writer, err error) error {
	var done reported
	if errors.As(err, &done) {
		return nil
	}
	var b strings.Builder
	var usage *UsageError
	if errors.As(err, &usage) {
		if usage.Usage != "" {
			b.WriteString(usage.Usage + "\n")
		}
		fmt.Fprintf(&b, "%s: error: %s%s\n", usage.Prog, escapeText(err.Error()), usage.Choices)
	} else {
		writeMessages(&b, err)
		if h := fault.HintOf(err); h != "" {
			b.WriteString(h + "\n")
		}
	}
	_, werr := io.WriteString(w, b.String())
	return werr
}

// writeMessages writes each error of a joined error (the failures of a list lookup
// and OMERO's summary) on its own line.
func writeMessages(b *strings.Builder, err error) {
	if f, ok := err.(*fault.Error); ok && f.Msg == "" && f.Err != nil {
		writeMessages(b, f.Err) // a kind given to errors that speak for themselves
		return
	}
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		for _, e := range j.Unwrap() {
			writeMessages(b, e)
		}
		return
	}
	b.WriteString(escapeText(err.Error()) + "\n")
}

// noTerminal is the error of a prompt that was needed with no terminal to show it
// on: authentication cannot go on (status 6).
func noTerminal(format string, args ...any) error { return fault.New(fault.Auth, format, args...) }

// usageError builds a syntax error for the command c is running.
func usageError(c *cli.Context, format string, args ...any) error {
	return &UsageError{Prog: progOf(c), Usage: usageLine(c), Msg: fmt.Sprintf(format, args...)}
}

// valueError is input that parsed but cannot be used: the message alone on one line,
// as OMERO's die() prints it, and status 2. It takes the command's context, unused,
// so that its call sites read like usageError's.
func valueError(_ *cli.Context, format string, args ...any) error {
	return fault.New(fault.Usage, format, args...)
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
	if c == nil {
		return usageOf("omero", nil)
	}
	return usageOf(progOf(c), c.Command)
}

// usageOf is argparse's usage line of cmd (nil: the program itself), run as prog.
func usageOf(prog string, cmd *cli.Command) string {
	switch {
	case cmd == nil:
		return "usage: " + prog + " [options] <command> ..."
	case len(cmd.Subcommands) > 0:
		return "usage: " + prog + " [options] <subcommand> ..."
	case cmd.ArgsUsage != "":
		return "usage: " + prog + " [options] " + cmd.ArgsUsage
	}
	return "usage: " + prog + " [options]"
}
