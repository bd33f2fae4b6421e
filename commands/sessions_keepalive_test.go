package commands

import (
	"errors"
	"os"
	"testing"
	"time"

	"github.com/omero-go/omero/perms/fault"
)

func TestKeepAliveLoop(t *testing.T) {
	t.Run("refreshes until Enter", func(t *testing.T) {
		enter := make(chan struct{})
		n := 0
		err := keepAlive(func() error {
			if n++; n == 3 {
				close(enter)
			}
			return nil
		}, time.Millisecond, enter, nil, nil)
		if err != nil || n < 3 {
			t.Fatalf("err %v after %d refreshes", err, n)
		}
	})
	t.Run("Ctrl-C cancels", func(t *testing.T) {
		sig := make(chan os.Signal, 1)
		sig <- os.Interrupt
		err := keepAlive(func() error { return nil }, time.Hour, nil, sig, nil)
		if exitStatus(err) != exitFailed || err.Error() != "Cancelled" {
			t.Fatalf("err %v", err)
		}
	})
	t.Run("a busy database delays it", func(t *testing.T) {
		enter := make(chan struct{})
		n, delayed := 0, 0
		err := keepAlive(func() error {
			if n++; n < 3 {
				return fault.New(fault.Busy, "the database is busy")
			}
			close(enter)
			return nil
		}, time.Millisecond, enter, nil, func(error) { delayed++ })
		if err != nil || n != 3 || delayed != 2 {
			t.Fatalf("err %v after %d refreshes, %d delayed", err, n, delayed)
		}
	})
	t.Run("a failed refresh ends it", func(t *testing.T) {
		err := keepAlive(func() error { return errors.New("session x is closed") }, time.Millisecond, nil, nil, nil)
		if err == nil || err.Error() != "Keep alive failed: session x is closed" {
			t.Fatalf("err %v", err)
		}
	})
}
