package main

import (
	"context"
	"errors"
	"log/slog"
	"sync"
	"time"

	"github.com/marsad-news/marsad"
	"github.com/marsad-news/marsad/alert"
)

// alertJobOptions configure the alert jobs of a process.
type alertJobOptions struct {
	// AllowPrivate accepts webhooks on private addresses.
	AllowPrivate bool
	// Owner names the process in the outbox's leases (default: generated).
	Owner string
	// Interval is how often the change log is followed (default 2s);
	// Poll and Lease are the dispatcher's (default alert.DefaultPoll and
	// alert.DefaultLease).
	Interval, Poll, Lease time.Duration
}

// startAlertJobs starts the alert jobs of a process until ctx ends:
// matching the articles stored by any process against the alerts
// (following the change log; exactly once across processes, see package
// alert) and posting the webhook deliveries of the outbox. It returns the
// Service (for the alert routes) and a function that stops the jobs and
// waits for them.
func startAlertJobs(ctx context.Context, log *slog.Logger, st marsad.AlertStore, changes alert.Changes, o alertJobOptions) (*alert.Service, func()) {
	if o.Interval <= 0 {
		o.Interval = 2 * time.Second
	}
	disp := alert.NewDispatcher(st, alert.DispatcherOptions{AllowPrivate: o.AllowPrivate, Owner: o.Owner,
		Poll: o.Poll, Lease: o.Lease, Logger: log})
	svc := alert.NewService(st, alert.Options{AllowPrivate: o.AllowPrivate, Wake: disp.Wake, Logger: log})
	bg, stop := context.WithCancel(ctx)
	var wg sync.WaitGroup
	wg.Go(func() { _ = svc.Follow(bg, changes, o.Interval) })
	wg.Go(func() {
		if err := disp.Run(bg); err != nil && !errors.Is(err, context.Canceled) {
			log.Error("webhook dispatcher stopped", "err", err)
		}
	})
	return svc, func() {
		stop()
		wg.Wait()
	}
}
