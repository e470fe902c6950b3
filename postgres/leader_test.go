package postgres_test

import (
	"context"
	"testing"

	"github.com/marsad-news/marsad/postgres"
	"github.com/marsad-news/marsad/postgres/pgtest"
)

// TestLead: one leader per job; a released (or dead) leader's job is taken
// by another process.
func TestLead(t *testing.T) {
	ctx := context.Background()
	u := pgtest.Migrated(t)
	a, err := postgres.Open(ctx, u, postgres.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	b, err := postgres.Open(ctx, u, postgres.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	la, err := a.TryLead(ctx, "cluster")
	if err != nil || la == nil {
		t.Fatalf("first TryLead = %v, %v", la, err)
	}
	if err := la.Check(ctx); err != nil {
		t.Fatalf("Check of a held lead: %v", err)
	}
	if lb, err := b.TryLead(ctx, "cluster"); err != nil || lb != nil {
		t.Fatalf("second TryLead = %v, %v; want nil (led elsewhere)", lb, err)
	}
	other, err := b.TryLead(ctx, "seed")
	if err != nil || other == nil {
		t.Fatalf("another job: %v, %v", other, err)
	}
	other.Release()
	// A leader whose connection dies loses the lead.
	la.Release()
	lb, err := b.TryLead(ctx, "cluster")
	if err != nil || lb == nil {
		t.Fatalf("TryLead after release = %v, %v", lb, err)
	}
	defer lb.Release()

	if err := a.SetClusterCursor(ctx, 42); err != nil {
		t.Fatal(err)
	}
	if err := a.SetClusterCursor(ctx, 7); err != nil {
		t.Fatal(err)
	}
	if c, err := b.ClusterCursor(ctx); err != nil || c != 42 {
		t.Errorf("cursor = %d, %v; want 42 (never moves back)", c, err)
	}
}
