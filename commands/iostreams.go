package commands

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"strings"

	"golang.org/x/term"
)

// FakeTerminal is a test hook: prompts then read lines from stdin instead of needing
// a terminal. Only the testscript wrapper sets it.
var FakeTerminal bool

// IOStreams are the command's standard streams and, decided once, whether a terminal
// is there to prompt on.
type IOStreams struct {
	In  io.Reader
	Out io.Writer
	Err io.Writer

	canPrompt bool
	lines     *bufio.Reader
}

func newIOStreams(in io.Reader, out, errw io.Writer) *IOStreams {
	s := &IOStreams{In: in, Out: out, Err: errw}
	if FakeTerminal {
		s.canPrompt = true
		s.lines = bufio.NewReader(in)
		return s
	}
	if f, ok := in.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
		s.canPrompt = true
	}
	return s
}

// CanPrompt reports whether there is a terminal to ask on.
func (s *IOStreams) CanPrompt() bool { return s.canPrompt }

// PromptHidden asks for an answer that is not echoed (a password). It reads the
// controlling terminal, never a pipe.
func (s *IOStreams) PromptHidden(prompt string) (string, error) {
	if !s.canPrompt {
		return "", &noTerminalError{Msg: "no terminal to ask for a password on"}
	}
	if s.lines != nil {
		fmt.Fprint(s.Err, prompt)
		line, err := s.lines.ReadString('\n')
		fmt.Fprintln(s.Err)
		if err != nil && line == "" {
			return "", &noTerminalError{Msg: "input ended before a password was given"}
		}
		return strings.TrimRight(line, "\r\n"), nil
	}
	tty, err := os.OpenFile("/dev/tty", os.O_RDWR, 0)
	if err != nil {
		return "", &noTerminalError{Msg: "no terminal to ask for a password on"}
	}
	defer tty.Close()
	fmt.Fprint(tty, prompt)
	b, err := term.ReadPassword(int(tty.Fd()))
	fmt.Fprintln(tty)
	if err != nil {
		return "", &noTerminalError{Msg: "cannot read a password from the terminal: " + err.Error()}
	}
	return string(b), nil
}

// promptFunc is PromptHidden when a terminal is there, else nil.
func (s *IOStreams) promptFunc() func(string) (string, error) {
	if !s.canPrompt {
		return nil
	}
	return s.PromptHidden
}

// NewPassword asks twice for a new password until both answers match and are not
// empty, as OMERO's CLI does. reason follows "password" in the prompts.
func (s *IOStreams) NewPassword(reason string) (string, error) {
	for {
		pw, err := s.PromptHidden("Please enter password" + reason + ": ")
		if err != nil {
			return "", err
		}
		if pw == "" {
			fmt.Fprintln(s.Err, "Password cannot be empty")
			continue
		}
		again, err := s.PromptHidden("Please re-enter password" + reason + ": ")
		if err != nil {
			return "", err
		}
		if pw != again {
			fmt.Fprintln(s.Err, "Passwords don't match")
			continue
		}
		return pw, nil
	}
}
