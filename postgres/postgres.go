// Package postgres is the archive on PostgreSQL 15+: a marsad.Store, a
// marsad.Frontier, a marsad.Searcher and a marsad.AlertStore sharing one
// database, so that any number of `marsad worker` and `marsad serve`
// processes on any number of machines work on one archive with no
// coordination beyond the database.
//
// Behaviour is the embedded store's (package sqlite; both pass
// store/storetest). What differs is how concurrency is made safe:
//
//   - Change sequence numbers. Writers that store or delete articles take
//     a transaction-scoped advisory lock before allocating a seq, so seqs
//     grow in commit order (a reader of Changes never sees seq 12 before
//     seq 11 committed). Article writes are therefore serialized, as in
//     SQLite; the work done under the lock is only the SQL of one batch
//     (JSON encoding, compression and text analysis happen before it).
//   - Idempotence. Articles are keyed by their ID (the hash of the
//     canonical URL) and a content hash: storing the same page again, from
//     the same or another worker, is OutcomeUnchanged and writes nothing,
//     so at-least-once processing is exactly-once in effect.
//   - The frontier. Claim uses FOR UPDATE SKIP LOCKED and leases whole
//     hosts (host_leases): while one worker holds a host, no other worker
//     claims any of its URLs, so a site is fetched by one worker at a time
//     across all machines. An expired lease (a killed worker) frees the
//     host and its entries for the others.
//   - Search. The tsvector of an article is built in Go from the tokens
//     of search/analysis (the embedded index's analyzer) and written in the
//     same transaction as the article, so search is never behind the store.
//     Matching is exact; totals and facets are exact up to ExactMatchMax
//     matches and estimated from a hash sample above, and relevance is
//     ranked within windows of RankWindow matches by publication time (see
//     Search), so common words stay interactive at a million articles.
//   - Alerts. Every serve and worker process may match alerts; a match is
//     a row keyed by (alert, article) and only the transaction that
//     inserted it enqueues the webhook delivery, so each hit is delivered
//     once however many processes match (TryLockMatching only spares
//     repeated work).
//
// The schema is versioned with goose (embedded SQL in migrations/, the
// Postgres dialect). Open refuses a database whose schema is behind
// (ErrSchemaBehind); Migrate applies the pending migrations and is safe to
// run from several machines at once (a session advisory lock serializes
// it).
//
// A database URL may name a schema with the search_path parameter
// ("postgres://host/db?search_path=marsad"); the tests use one schema per
// test. Times are stored with PostgreSQL's microsecond resolution.
package postgres

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"hash/fnv"
	"io/fs"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/jackc/pgx/v5/stdlib"
	"github.com/pressly/goose/v3"
	"github.com/pressly/goose/v3/lock"

	"github.com/marsad-news/marsad"
	"github.com/marsad-news/marsad/store/codec"
)

//go:embed migrations/*.sql
var migrations embed.FS

// ErrSchemaBehind is returned by Open when the database schema is older
// than this program: run `marsad migrate` (Migrate) first.
var ErrSchemaBehind = errors.New("database schema is behind; run `marsad migrate`")

// Store is the PostgreSQL implementation of marsad.Store, marsad.Frontier,
// marsad.Searcher and marsad.AlertStore. It is safe for concurrent use.
type Store struct {
	pool *pgxpool.Pool
	doc  *codec.Codec
	now  func() time.Time
	// seqLock is the advisory lock key that serializes the writers of the
	// change log of this schema.
	seqLock int64
	schema  string
}

var (
	_ marsad.Store    = (*Store)(nil)
	_ marsad.Frontier = (*Store)(nil)
	_ marsad.Searcher = (*Store)(nil)
)

// Options tune Open. Zero values take the defaults.
type Options struct {
	// MaxConns is the size of the connection pool (default: pgxpool's,
	// max(4, number of CPUs)).
	MaxConns int32
	// Now is the clock (tests).
	Now func() time.Time
}

// Open connects to the database at url and checks that its schema is up to
// date (ErrSchemaBehind otherwise). It does not change the schema.
func Open(ctx context.Context, url string, opts Options) (*Store, error) {
	cfg, err := pgxpool.ParseConfig(url)
	if err != nil {
		return nil, fmt.Errorf("open postgres: %w", err)
	}
	if opts.MaxConns > 0 {
		cfg.MaxConns = opts.MaxConns
	}
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return nil, fmt.Errorf("open postgres: %w", err)
	}
	cur, target, err := versions(ctx, cfg.ConnConfig)
	if err != nil {
		pool.Close()
		return nil, fmt.Errorf("open postgres: %w", err)
	}
	if cur < target {
		pool.Close()
		return nil, fmt.Errorf("open postgres: schema version %d, this program needs %d: %w", cur, target, ErrSchemaBehind)
	}
	var schema string
	if err := pool.QueryRow(ctx, `SELECT current_schema()`).Scan(&schema); err != nil {
		pool.Close()
		return nil, fmt.Errorf("open postgres: %w", err)
	}
	doc, err := codec.New()
	if err != nil {
		pool.Close()
		return nil, fmt.Errorf("open postgres: %w", err)
	}
	now := opts.Now
	if now == nil {
		now = time.Now
	}
	h := fnv.New64a()
	h.Write([]byte("marsad changes " + schema))
	return &Store{pool: pool, doc: doc, now: now, seqLock: int64(h.Sum64()), schema: schema}, nil
}

// provider returns a goose provider over a database/sql handle of cfg.
func provider(cfg *pgx.ConnConfig) (*goose.Provider, *sql.DB, error) {
	sub, err := fs.Sub(migrations, "migrations")
	if err != nil {
		return nil, nil, err
	}
	db := stdlib.OpenDB(*cfg)
	locker, err := lock.NewPostgresSessionLocker()
	if err != nil {
		db.Close()
		return nil, nil, err
	}
	p, err := goose.NewProvider(goose.DialectPostgres, db, sub, goose.WithSessionLocker(locker))
	if err != nil {
		db.Close()
		return nil, nil, fmt.Errorf("migrations: %w", err)
	}
	return p, db, nil
}

func versions(ctx context.Context, cfg *pgx.ConnConfig) (cur, target int64, err error) {
	p, db, err := provider(cfg)
	if err != nil {
		return 0, 0, err
	}
	defer db.Close()
	cur, target, err = p.GetVersions(ctx)
	if err != nil {
		return 0, 0, fmt.Errorf("schema version: %w", err)
	}
	return cur, target, nil
}

// SchemaVersion returns the schema version of the database at url and the
// version this program needs.
func SchemaVersion(ctx context.Context, url string) (current, target int64, err error) {
	cfg, err := pgx.ParseConfig(url)
	if err != nil {
		return 0, 0, fmt.Errorf("schema version: %w", err)
	}
	return versions(ctx, cfg)
}

// Migration is one migration applied by Migrate.
type Migration struct {
	Version  int64
	Source   string
	Duration time.Duration
}

// Migrate applies every pending migration to the database at url and
// returns those applied (none when the schema was up to date). Several
// processes may run it at once: a session advisory lock serializes them.
func Migrate(ctx context.Context, url string) ([]Migration, error) {
	cfg, err := pgx.ParseConfig(url)
	if err != nil {
		return nil, fmt.Errorf("migrate: %w", err)
	}
	p, db, err := provider(cfg)
	if err != nil {
		return nil, fmt.Errorf("migrate: %w", err)
	}
	defer db.Close()
	res, err := p.Up(ctx)
	if err != nil {
		return nil, fmt.Errorf("migrate: %w", err)
	}
	out := make([]Migration, 0, len(res))
	for _, r := range res {
		out = append(out, Migration{Version: r.Source.Version, Source: r.Source.Path, Duration: r.Duration})
	}
	return out, nil
}

// Schema returns the database schema the store works in.
func (s *Store) Schema() string { return s.schema }

// Pool returns the connection pool (for tools and tests).
func (s *Store) Pool() *pgxpool.Pool { return s.pool }

// Close closes the connection pool.
func (s *Store) Close() error {
	s.pool.Close()
	s.doc.Close()
	return nil
}

// tsOrNil maps a zero time to SQL NULL.
func tsOrNil(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return t.UTC()
}

// fromNull maps a NULL timestamp to the zero time and others to UTC.
func fromNull(t *time.Time) time.Time {
	if t == nil || t.IsZero() {
		return time.Time{}
	}
	return t.UTC()
}

// inTx runs fn in a transaction and commits it.
func (s *Store) inTx(ctx context.Context, fn func(tx pgx.Tx) error) error {
	tx, err := s.pool.Begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback(context.WithoutCancel(ctx))
	if err := fn(tx); err != nil {
		return err
	}
	return tx.Commit(ctx)
}
