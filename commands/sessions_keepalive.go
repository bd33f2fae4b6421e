package commands

import (
	"bufio"
	"fmt"
	"os"
	"strconv"
	"time"

	"github.com/omero-go/omero/db"
	"github.com/omero-go/omero/perms/fault"
	"github.com/urfave/cli/v2"
)

func (rt *Runtime) sessionsKeepaliveCommand() *cli.Command {
	return rt.declare(&cli.Command{
		Name:  "keepalive",
		Usage: "keep the current session alive until Enter (or Ctrl-C)",
		Description: "The session is marked used every SECS seconds, so that it does not idle out\n" +
			"while you work elsewhere or a long script waits. It stops when Enter is pressed;\n" +
			"with standard input at its end it runs until interrupted.\n\n" +
			"Example: omero sessions keepalive -f 120",
		Flags: []cli.Flag{
			&cli.StringFlag{Name: "frequency", Aliases: []string{"f"}, Usage: "seconds between keep-alives (default 60)"},
		},
		Action: action(readKeepalive, rt.sessionsKeepalive),
	}, args{})
}

// readKeepalive reads the seconds between keep-alives.
func readKeepalive(c *cli.Context) (int64, error) {
	f := c.String("frequency")
	if !c.IsSet("frequency") {
		return 60, nil
	}
	n, err := strconv.ParseInt(f, 10, 64)
	if err != nil {
		return 0, usageError(c, "argument -f/--frequency: invalid int value: '%s'", f)
	}
	if n <= 0 || n > 86_400 {
		// A value that parsed but cannot be used: one plain line, status 2.
		return 0, valueError(c, "the frequency must be between 1 and 86400 seconds, not %s", f)
	}
	return n, nil
}

func (rt *Runtime) sessionsKeepalive(every int64) (err error) {
	r, err := rt.session()
	if err != nil {
		return err
	}
	defer closing(r.DB, &err)
	if tti := r.Session.TimeToIdle; tti > 0 && every*1000 >= tti && !rt.loginOpts.Quiet {
		rt.IO.notice("warning: the session's idle timeout (%s) is not longer than %d seconds: it may expire between keep-alives", db.FormatTimeout(tti), every)
	}
	if _, err := fmt.Fprintf(rt.IO.Out, "Running keep alive every %d seconds\nPress enter to cancel.", every); err != nil {
		return err
	}
	interrupted, stop := rt.IO.interrupts()
	defer stop()
	err = keepAlive(func() error { return r.DB.KeepAlive(r.Session.UUID) },
		time.Duration(every)*time.Second, rt.enterPressed(), interrupted,
		func(err error) { rt.IO.notice("keep alive delayed: %v", err) })
	if !rt.IO.StdinIsTerminal() {
		// The terminal has not moved to the next line for us.
		if _, werr := fmt.Fprintln(rt.IO.Out); err == nil {
			err = werr
		}
	}
	return err
}

// enterPressed is closed when a line is read from stdin. At the end of stdin nobody
// can press Enter, and it stays open: the keep-alive runs until interrupted.
func (rt *Runtime) enterPressed() <-chan struct{} {
	enter := make(chan struct{})
	go func() {
		line, err := bufio.NewReader(rt.IO.In).ReadString('\n')
		if err == nil || line != "" {
			close(enter)
		}
	}()
	return enter
}

// keepAlive calls refresh every period until Enter or an interrupt. A refresh that
// finds the database busy is told to busy and tried again at the next tick; one
// that fails otherwise (the session was closed elsewhere, the database is gone)
// ends it.
func keepAlive(refresh func() error, period time.Duration, enter <-chan struct{}, interrupted <-chan os.Signal, busy func(error)) error {
	tick := time.NewTicker(period)
	defer tick.Stop()
	for {
		select {
		case <-enter:
			return nil
		case <-interrupted:
			return errCancelled
		case <-tick.C:
			err := refresh()
			if fault.KindOf(err) == fault.Busy {
				busy(err)
				continue
			}
			if err != nil {
				//lint:ignore ST1005 OMERO's own message
				return fmt.Errorf("Keep alive failed: %w", err)
			}
		}
	}
}
