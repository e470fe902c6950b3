// Package pgtest gives tests a fresh, migrated PostgreSQL schema of their
// own, on the server named by MARSAD_TEST_DATABASE_URL (.ci/postgres.sh
// starts one). Tests skip with a clear message when it is unset.
package pgtest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"net/url"
	"os"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/marsad-news/marsad/postgres"
)

// EnvURL is the environment variable naming the test server.
const EnvURL = "MARSAD_TEST_DATABASE_URL"

// Schema creates an empty schema for t and returns a database URL whose
// search_path selects it; the schema is dropped when t ends. It skips t
// when EnvURL is unset.
func Schema(t testing.TB) string {
	t.Helper()
	base := os.Getenv(EnvURL)
	if base == "" {
		t.Skipf("%s is not set: no PostgreSQL to test against (source .ci/postgres.sh and run pg_start)", EnvURL)
	}
	var b [6]byte
	rand.Read(b[:])
	name := "t_" + hex.EncodeToString(b[:])
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	conn, err := pgx.Connect(ctx, base)
	if err != nil {
		t.Fatalf("pgtest: connect %s: %v", EnvURL, err)
	}
	defer conn.Close(ctx)
	if _, err := conn.Exec(ctx, "CREATE SCHEMA "+name); err != nil {
		t.Fatalf("pgtest: %v", err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		c, err := pgx.Connect(ctx, base)
		if err != nil {
			t.Logf("pgtest: drop schema %s: %v", name, err)
			return
		}
		defer c.Close(ctx)
		if _, err := c.Exec(ctx, "DROP SCHEMA "+name+" CASCADE"); err != nil {
			t.Logf("pgtest: drop schema %s: %v", name, err)
		}
	})
	u, err := url.Parse(base)
	if err != nil {
		t.Fatalf("pgtest: %s: %v", EnvURL, err)
	}
	q := u.Query()
	q.Set("search_path", name)
	u.RawQuery = q.Encode()
	return u.String()
}

// Migrated returns the URL of a fresh schema (see Schema) with every
// migration applied.
func Migrated(t testing.TB) string {
	t.Helper()
	u := Schema(t)
	if _, err := postgres.Migrate(context.Background(), u); err != nil {
		t.Fatalf("pgtest: migrate: %v", err)
	}
	return u
}

// Open returns a store on a fresh migrated schema, closed when t ends.
func Open(t testing.TB) *postgres.Store {
	t.Helper()
	s, err := postgres.Open(context.Background(), Migrated(t), postgres.Options{})
	if err != nil {
		t.Fatalf("pgtest: open: %v", err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}
