package fetch

import (
	"context"
	"sync"
	"time"
)

// hostGate enforces per-host politeness: at most one request in flight per
// host and at least a delay between the end of one request and the start
// of the next.
type hostGate struct {
	mu    sync.Mutex
	hosts map[string]*hostSlot
}

type hostSlot struct {
	sem  chan struct{} // capacity 1: the host's single request slot
	next time.Time     // earliest start of the next request; guarded by sem
}

// acquire waits until host may be fetched and returns a release function
// that records when the next request may start (after delay).
func (g *hostGate) acquire(ctx context.Context, host string) (release func(delay time.Duration), err error) {
	g.mu.Lock()
	if g.hosts == nil {
		g.hosts = make(map[string]*hostSlot)
	}
	s, ok := g.hosts[host]
	if !ok {
		s = &hostSlot{sem: make(chan struct{}, 1)}
		g.hosts[host] = s
	}
	g.mu.Unlock()

	select {
	case s.sem <- struct{}{}:
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	if wait := time.Until(s.next); wait > 0 {
		t := time.NewTimer(wait)
		select {
		case <-t.C:
		case <-ctx.Done():
			t.Stop()
			<-s.sem
			return nil, ctx.Err()
		}
	}
	return func(delay time.Duration) {
		s.next = time.Now().Add(delay)
		<-s.sem
	}, nil
}
