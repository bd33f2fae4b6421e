package commands

import (
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"unicode/utf8"

	"github.com/omero-go/omero/perms/fault"
	"golang.org/x/term"
)

// Terminal is the controlling terminal that hidden prompts use, whatever stdin is.
type Terminal interface {
	io.Writer
	// ReadHidden reads one line without echoing it.
	ReadHidden() (string, error)
	// Restore puts the terminal back as it was, when a read is interrupted.
	Restore() error
	Close() error
}

// devTTY is /dev/tty, the process's controlling terminal.
type devTTY struct {
	f     *os.File
	state *term.State // as it was before any prompt
}

func openDevTTY() (Terminal, error) {
	f, err := os.OpenFile("/dev/tty", os.O_RDWR, 0)
	if err != nil {
		return nil, err
	}
	st, err := term.GetState(int(f.Fd()))
	if err != nil {
		if cerr := f.Close(); cerr != nil {
			err = errors.Join(err, cerr)
		}
		return nil, err
	}
	return &devTTY{f: f, state: st}, nil
}

func (t *devTTY) Write(p []byte) (int, error) { return t.f.Write(p) }
func (t *devTTY) Close() error                { return t.f.Close() }
func (t *devTTY) Restore() error              { return term.Restore(int(t.f.Fd()), t.state) }

// ReadHidden reads in raw mode, where the terminal echoes nothing and hands over
// every key: term.ReadPassword keeps the line discipline, which turns Ctrl-D into
// an empty read that it ignores, so the prompt would wait on.
func (t *devTTY) ReadHidden() (line string, err error) {
	fd := int(t.f.Fd())
	st, err := term.MakeRaw(fd)
	if err != nil {
		return "", err
	}
	defer func() {
		if rerr := term.Restore(fd, st); err == nil {
			err = rerr
		}
	}()
	return readHiddenLine(t.f)
}

// readHiddenLine reads keys up to Enter as the terminal's line discipline would:
// Backspace erases a character, Ctrl-U the line; Ctrl-C cancels (raw mode sends no
// SIGINT) and Ctrl-D on an empty line is the end of input, io.EOF.
func readHiddenLine(r io.Reader) (string, error) {
	var line []byte
	var b [1]byte
	for {
		n, err := r.Read(b[:])
		if n == 0 {
			if err == nil {
				err = io.EOF
			}
			return "", err
		}
		switch c := b[0]; c {
		case '\r', '\n':
			return string(line), nil
		case 0x03:
			return "", errCancelled
		case 0x04:
			if len(line) == 0 {
				return "", io.EOF
			}
		case 0x7f, 0x08:
			_, size := utf8.DecodeLastRune(line)
			line = line[:len(line)-size]
		case 0x15:
			line = line[:0]
		default:
			line = append(line, c)
		}
	}
}

// errCancelled is Ctrl-C (or Ctrl-D) at a prompt. As in OMERO, the command says Cancelled and
// fails with status 1.
var errCancelled = &fault.Error{Kind: fault.Failed, Msg: "Cancelled"}

// IOStreams are the command's standard streams and, decided once, whether a terminal
// is there to prompt on.
type IOStreams struct {
	In  io.Reader
	Out io.Writer
	Err io.Writer

	canPrompt *bool
	// openTerminal opens the terminal prompts use: the controlling one, unless a
	// test hook gave another, so that tests never prompt on the terminal of whoever
	// runs them.
	openTerminal func() (Terminal, error)
	// interrupts delivers Ctrl-C while a prompt waits; stop ends the delivery.
	interrupts func() (c <-chan os.Signal, stop func())
}

func newIOStreams(in io.Reader, out, errw io.Writer, openTerminal func() (Terminal, error)) *IOStreams {
	if openTerminal == nil {
		openTerminal = openDevTTY
	}
	return &IOStreams{In: in, Out: out, Err: errw, openTerminal: openTerminal, interrupts: notifyInterrupt}
}

func notifyInterrupt() (<-chan os.Signal, func()) {
	c := make(chan os.Signal, 1)
	signal.Notify(c, os.Interrupt)
	return c, func() { signal.Stop(c) }
}

// CanPrompt reports whether there is a terminal to ask on: the controlling terminal,
// even when stdin is a pipe or a file (as OMERO's getpass does).
func (s *IOStreams) CanPrompt() bool {
	if s.canPrompt == nil {
		ok := false
		if t, err := s.openTerminal(); err == nil {
			ok = t.Close() == nil
		}
		s.canPrompt = &ok
	}
	return *s.canPrompt
}

// StdinIsTerminal reports whether stdin is the terminal itself.
func (s *IOStreams) StdinIsTerminal() bool {
	f, ok := s.In.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}

// PromptHidden asks for an answer that is not echoed (a password) on the controlling
// terminal, never on a pipe. Ctrl-C gives up with errCancelled, leaving the terminal
// as it was.
func (s *IOStreams) PromptHidden(prompt string) (answer string, err error) {
	tty, err := s.openTerminal()
	if err != nil {
		return "", noTerminal("no terminal to ask for a password on")
	}
	defer func() {
		if cerr := tty.Close(); err == nil && cerr != nil {
			answer, err = "", noTerminal("cannot close the terminal: %v", cerr)
		}
	}()
	if _, err := fmt.Fprint(tty, escapeText(prompt)); err != nil {
		return "", noTerminal("cannot ask on the terminal: %v", err)
	}
	answer, err = s.readCancellable(tty)
	if _, werr := fmt.Fprintln(tty); err == nil && werr != nil {
		err = werr
	}
	switch {
	case err == nil, errors.Is(err, errCancelled):
		return answer, err
	case errors.Is(err, io.EOF):
		// Ctrl-D: giving up, as with Ctrl-C.
		return "", errCancelled
	}
	return "", noTerminal("cannot read a password from the terminal: %v", err)
}

// readCancellable reads a hidden line, or gives up when Ctrl-C comes first.
func (s *IOStreams) readCancellable(tty Terminal) (string, error) {
	interrupted, stop := s.interrupts()
	defer stop()
	type result struct {
		line string
		err  error
	}
	done := make(chan result, 1)
	go func() {
		line, err := tty.ReadHidden()
		done <- result{line, err}
	}()
	select {
	case r := <-done:
		return r.line, r.err
	case <-interrupted:
		if err := tty.Restore(); err != nil {
			return "", errors.Join(errCancelled, err)
		}
		return "", errCancelled
	}
}

// notice writes a diagnostic line on stderr: a banner, a warning. Notices are best
// effort: a stderr that cannot be written changes neither what the command did nor
// its status. What they quote (a database path, a group as typed) is escapeText'd.
func (s *IOStreams) notice(format string, args ...any) {
	_, _ = io.WriteString(s.Err, escapeText(fmt.Sprintf(format, args...))+"\n")
}

// noticeWriter is stderr for a package that writes its own notices (session), one
// line per Write: the line is escapeText'd, its final line break kept.
type noticeWriter struct{ w io.Writer }

func (n noticeWriter) Write(p []byte) (int, error) {
	line := strings.TrimSuffix(string(p), "\n")
	end := ""
	if len(line) < len(p) {
		end = "\n"
	}
	if _, err := io.WriteString(n.w, escapeText(line)+end); err != nil {
		return 0, err
	}
	return len(p), nil
}

// promptFunc is PromptHidden when a terminal is there, else nil.
func (s *IOStreams) promptFunc() func(string) (string, error) {
	if !s.CanPrompt() {
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
			if _, err := fmt.Fprintln(s.Err, "Password cannot be empty"); err != nil {
				return "", err
			}
			continue
		}
		again, err := s.PromptHidden("Please re-enter password" + reason + ": ")
		if err != nil {
			return "", err
		}
		if pw != again {
			if _, err := fmt.Fprintln(s.Err, "Passwords don't match"); err != nil {
				return "", err
			}
			continue
		}
		return pw, nil
	}
}
