package postgres_test

import (
	"context"
	"errors"
	"testing"

	"github.com/marsad-news/marsad"
	"github.com/marsad-news/marsad/postgres"
	"github.com/marsad-news/marsad/postgres/pgtest"
	"github.com/marsad-news/marsad/store/storetest"
)

func TestStore(t *testing.T) {
	storetest.Run(t, func(t *testing.T) marsad.Store {
		s, err := postgres.Open(context.Background(), pgtest.Migrated(t), postgres.Options{})
		if err != nil {
			t.Fatal(err)
		}
		return s
	})
}

func TestOpenRefusesSchemaBehind(t *testing.T) {
	u := pgtest.Schema(t)
	ctx := context.Background()
	if _, err := postgres.Open(ctx, u, postgres.Options{}); !errors.Is(err, postgres.ErrSchemaBehind) {
		t.Fatalf("Open on an empty schema: err = %v, want ErrSchemaBehind", err)
	}
	cur, target, err := postgres.SchemaVersion(ctx, u)
	if err != nil || cur != 0 || target < 3 {
		t.Fatalf("SchemaVersion = %d, %d, %v; want 0 and the latest", cur, target, err)
	}
	applied, err := postgres.Migrate(ctx, u)
	if err != nil || len(applied) != int(target) {
		t.Fatalf("Migrate applied %d, %v; want %d", len(applied), err, target)
	}
	again, err := postgres.Migrate(ctx, u)
	if err != nil || len(again) != 0 {
		t.Fatalf("second Migrate applied %d, %v; want none", len(again), err)
	}
	s, err := postgres.Open(ctx, u, postgres.Options{})
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
}
