package commands

import (
	"bytes"
	"errors"
	"io"
	"os"
	"strings"
	"testing"
)

// testTerminal stands for the controlling terminal: it answers from a list, or
// waits for ever when the list is used up (a user who does not type).
type testTerminal struct {
	answers  []string
	prompts  strings.Builder
	restored bool
	block    chan struct{}
}

func (t *testTerminal) Write(p []byte) (int, error) { return t.prompts.Write(p) }
func (t *testTerminal) Close() error                { return nil }
func (t *testTerminal) Restore() error              { t.restored = true; return nil }

func (t *testTerminal) ReadHidden() (string, error) {
	if len(t.answers) == 0 {
		<-t.block
		return "", errors.New("closed")
	}
	a := t.answers[0]
	t.answers = t.answers[1:]
	return a, nil
}

// terminal is a Hooks.OpenTerminal that opens tty, or fails with err.
func terminal(tty *testTerminal, err error) func() (Terminal, error) {
	return func() (Terminal, error) {
		if err != nil {
			return nil, err
		}
		return tty, nil
	}
}

// A piped stdin is not "no terminal": the prompt goes to the controlling terminal,
// and stdin is left for whatever else reads it.
func TestPromptOnTerminalWhenStdinIsPiped(t *testing.T) {
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	w.WriteString("from the pipe\n")
	w.Close()
	tty := &testTerminal{answers: []string{"typed"}}
	s := newIOStreams(r, &bytes.Buffer{}, &bytes.Buffer{}, terminal(tty, nil))
	if !s.CanPrompt() {
		t.Fatal("CanPrompt is false with a controlling terminal and stdin piped")
	}
	if s.StdinIsTerminal() {
		t.Error("a pipe is not a terminal")
	}
	got, err := s.PromptHidden("Password for root@localhost:")
	if err != nil || got != "typed" {
		t.Fatalf("PromptHidden = %q, %v; want the terminal's answer", got, err)
	}
	if p := tty.prompts.String(); p != "Password for root@localhost:\n" {
		t.Errorf("terminal shows %q", p)
	}
	rest := make([]byte, 64)
	n, _ := r.Read(rest)
	if string(rest[:n]) != "from the pipe\n" {
		t.Errorf("stdin was read: %q left", rest[:n])
	}
}

// Without a controlling terminal there is nothing to prompt on: status 6.
func TestPromptWithoutTerminal(t *testing.T) {
	s := newIOStreams(strings.NewReader("secret\n"), &bytes.Buffer{}, &bytes.Buffer{}, terminal(nil, errors.New("no tty")))
	if s.CanPrompt() {
		t.Fatal("CanPrompt is true without a terminal")
	}
	_, err := s.PromptHidden("Password:")
	if exitStatus(err) != exitAuth {
		t.Errorf("error %v has status %d, want %d", err, exitStatus(err), exitAuth)
	}
}

// Ctrl-C at a prompt puts the terminal back, says Cancelled and fails with status
// 1, as OMERO does; it does not kill the process with the terminal's echo off.
func TestPromptCancelled(t *testing.T) {
	tty := &testTerminal{block: make(chan struct{})}
	defer close(tty.block)
	var errOut bytes.Buffer
	s := newIOStreams(strings.NewReader(""), &bytes.Buffer{}, &errOut, terminal(tty, nil))
	stopped := false
	s.interrupts = func() (<-chan os.Signal, func()) {
		c := make(chan os.Signal, 1)
		c <- os.Interrupt
		return c, func() { stopped = true }
	}
	_, err := s.PromptHidden("Password for root@localhost:")
	if !tty.restored {
		t.Error("the terminal was not restored")
	}
	if !stopped {
		t.Error("interrupts were not released")
	}
	if got := exitStatus(err); got != exitFailed {
		t.Errorf("status %d, want %d", got, exitFailed)
	}
	report(&errOut, err)
	if errOut.String() != "Cancelled\n" {
		t.Errorf("stderr %q, want Cancelled", errOut.String())
	}
	// NewPassword gives up too, rather than asking again.
	if _, err := s.NewPassword(" for root@localhost"); exitStatus(err) != exitFailed {
		t.Errorf("NewPassword: %v", err)
	}
}

// readHiddenLine does what the line discipline did before raw mode took it away.
func TestReadHiddenLine(t *testing.T) {
	for _, c := range []struct {
		keys, want string
		err        error
	}{
		{"secret\r", "secret", nil},
		{"secret\n", "secret", nil},
		{"sekr\x7fret\r", "sekret", nil},
		{"caf\xc3\xa9\x7fe\r", "cafe", nil},
		{"wrong\x15right\r", "right", nil},
		{"ab\x04c\r", "abc", nil},
		{"\x04", "", io.EOF},
		{"", "", io.EOF},
		{"half\x03", "", errCancelled},
	} {
		got, err := readHiddenLine(strings.NewReader(c.keys))
		if got != c.want || !errors.Is(err, c.err) && err != c.err {
			t.Errorf("keys %q: got %q, %v; want %q, %v", c.keys, got, err, c.want, c.err)
		}
	}
}
