package commands

import (
	"errors"
	"os"
	"testing"
	"time"
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
		}, time.Millisecond, enter, nil)
		if err != nil || n < 3 {
			t.Fatalf("err %v after %d refreshes", err, n)
		}
	})
	t.Run("Ctrl-C cancels", func(t *testing.T) {
		sig := make(chan os.Signal, 1)
		sig <- os.Interrupt
		err := keepAlive(func() error { return nil }, time.Hour, nil, sig)
		if exitStatus(err) != exitFailed || err.Error() != "Cancelled" {
			t.Fatalf("err %v", err)
		}
	})
	t.Run("a failed refresh ends it", func(t *testing.T) {
		err := keepAlive(func() error { return errors.New("session x is closed") }, time.Millisecond, nil, nil)
		if err == nil || err.Error() != "Keep alive failed: session x is closed" {
			t.Fatalf("err %v", err)
		}
	})
}
