package commands

import (
	"errors"
	"io"
	"os"

	"github.com/omero-go/omero/perms/fault"
)

// stdoutWriter is standard output as commands see it. It remembers the first write
// that failed (a full disk, a closed descriptor), so that Main reports it once, in
// one line, however the command's printing reacted to it: many print and move on,
// the table renderer wraps the error in its own words.
type stdoutWriter struct {
	w   io.Writer
	err error
}

func (s *stdoutWriter) Write(p []byte) (int, error) {
	if s.err != nil {
		return 0, s.err
	}
	n, err := s.w.Write(p)
	if err != nil {
		s.err = err
	}
	return n, err
}

// outputError is the error of a command whose results could not be written. A
// change it made is committed all the same: the output comes after the transaction.
func outputError(err error) error {
	reason := err
	var pe *os.PathError
	if errors.As(err, &pe) {
		reason = pe.Err // "no space left on device", without "write /dev/stdout: "
	}
	return &fault.Error{Kind: fault.Failed, Msg: "cannot write to standard output: " + reason.Error(), Err: err}
}

// withOutputError puts a failed write to stdout in place of err when the command
// otherwise succeeded or failed only because of it; a command that failed for a
// reason of its own (not found, refused) keeps that reason and its status.
func withOutputError(err error, out *stdoutWriter) error {
	if out.err == nil || err != nil && exitStatus(err) != exitFailed {
		return err
	}
	return outputError(out.err)
}
