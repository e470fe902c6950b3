package postgres_test

import (
	"context"
	"testing"

	"github.com/marsad-news/marsad/alert"
	"github.com/marsad-news/marsad/alert/alerttest"
	"github.com/marsad-news/marsad/postgres"
	"github.com/marsad-news/marsad/postgres/pgtest"
)

var _ alert.MatchLocker = (*postgres.Store)(nil)

// TestAlertStore runs the shared alert-store suite (alert/alerttest) on a
// fresh schema; reopening opens a second pool on it, as another process
// would.
func TestAlertStore(t *testing.T) {
	alerttest.Run(t, func(t *testing.T) (alerttest.Store, func(t *testing.T) alerttest.Store) {
		url := pgtest.Migrated(t)
		open := func(t *testing.T) alerttest.Store {
			t.Helper()
			s, err := postgres.Open(context.Background(), url, postgres.Options{})
			if err != nil {
				t.Fatal(err)
			}
			return s
		}
		return open(t), open
	})
}

// TestTryLockMatching: one process at a time holds the alert-matching
// lock, and it is free again once released. (A killed holder frees it
// with its connection: the session lock of Store.TryLead, tested in
// leader_test.go and by the worker end-to-end test.)
func TestTryLockMatching(t *testing.T) {
	ctx := context.Background()
	url := pgtest.Migrated(t)
	open := func() *postgres.Store {
		s, err := postgres.Open(ctx, url, postgres.Options{})
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	a, b := open(), open()
	defer b.Close()
	defer a.Close()
	release, err := a.TryLockMatching(ctx)
	if err != nil || release == nil {
		t.Fatalf("first TryLockMatching = %v, %v; want the lock", release != nil, err)
	}
	if r, err := b.TryLockMatching(ctx); err != nil || r != nil {
		if r != nil {
			r()
		}
		release()
		t.Fatalf("TryLockMatching while held elsewhere = %v, %v; want nil", r != nil, err)
	}
	release()
	r, err := b.TryLockMatching(ctx)
	if err != nil || r == nil {
		t.Fatalf("TryLockMatching after the release = %v, %v; want the lock", r != nil, err)
	}
	r()
}
