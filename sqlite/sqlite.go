// Package sqlite is the embedded archive: a marsad.Store in one SQLite file
// (modernc.org/sqlite, pure Go), the source of truth from which the search
// index is derived.
//
// The database runs in WAL mode with foreign keys on, a busy timeout,
// synchronous=NORMAL (a committed transaction survives a crash of the
// process, kill -9; only a power loss may drop the last commits), a 32 MB
// page cache per connection and a checkpoint every 8192 WAL pages. Writes go
// through one connection whose transactions take the write lock at BEGIN,
// so change sequence numbers grow in commit order; reads use a separate
// pool and never wait for writers.
//
// The schema is versioned with goose (embedded SQL in migrations/); Open
// brings an existing file up to date.
//
// Data folder layout (see DataDir):
//
//	marsad-data/marsad.db   this store (plus marsad.db-wal, marsad.db-shm)
//	marsad-data/index/      the search index, derived from the store
//	marsad-data/warc/       raw pages archived by the crawler
package sqlite

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"time"

	"github.com/pressly/goose/v3"
	_ "modernc.org/sqlite" // the database/sql driver "sqlite"

	"github.com/marsad-news/marsad"
	"github.com/marsad-news/marsad/store/codec"
)

//go:embed migrations/*.sql
var migrations embed.FS

// Names inside the data folder.
const (
	// DBFile is the store's file name inside the data folder.
	DBFile = "marsad.db"
	// IndexDir is the search index's folder inside the data folder.
	IndexDir = "index"
	// WARCDir is the folder of archived raw pages inside the data folder.
	WARCDir = "warc"
)

// busyTimeout is how long a statement waits for a lock held by another
// connection or process before failing with SQLITE_BUSY.
const busyTimeout = 10 * time.Second

// Store is the SQLite implementation of marsad.Store. It is safe for
// concurrent use by multiple goroutines.
type Store struct {
	path string
	w    *sql.DB // one connection, BEGIN IMMEDIATE
	r    *sql.DB // readers
	doc  *codec.Codec
	now  func() time.Time

	// stmts are the hot write statements, prepared on w at Open and
	// read-only afterwards.
	stmts map[string]*sql.Stmt
}

var _ marsad.Store = (*Store)(nil)

// OpenDir opens (creating it if needed) the store in data folder dir:
// dir/marsad.db.
func OpenDir(ctx context.Context, dir string) (*Store, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("open store: %w", err)
	}
	return Open(ctx, filepath.Join(dir, DBFile))
}

// Open opens the SQLite store at path, creating the file if needed and
// applying pending migrations.
func Open(ctx context.Context, path string) (*Store, error) {
	if path == "" {
		return nil, errors.New("open store: empty path")
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, fmt.Errorf("open store: %w", err)
	}
	pragmas := url.Values{}
	pragmas.Add("_pragma", fmt.Sprintf("busy_timeout(%d)", busyTimeout.Milliseconds()))
	pragmas.Add("_pragma", "foreign_keys(1)")
	pragmas.Add("_pragma", "journal_mode(WAL)")
	pragmas.Add("_pragma", "synchronous(NORMAL)")
	pragmas.Add("_pragma", "cache_size(-32768)")
	pragmas.Add("_pragma", "wal_autocheckpoint(8192)")
	dsn := "file:" + (&url.URL{Path: abs}).EscapedPath() + "?" + pragmas.Encode()

	w, err := sql.Open("sqlite", dsn+"&_txlock=immediate")
	if err != nil {
		return nil, fmt.Errorf("open store %s: %w", path, err)
	}
	w.SetMaxOpenConns(1)
	w.SetConnMaxIdleTime(0)
	if err := w.PingContext(ctx); err != nil {
		w.Close()
		return nil, fmt.Errorf("open store %s: %w", path, err)
	}
	if err := migrate(ctx, w); err != nil {
		w.Close()
		return nil, fmt.Errorf("open store %s: %w", path, err)
	}
	r, err := sql.Open("sqlite", dsn+"&_pragma=query_only(1)")
	if err != nil {
		w.Close()
		return nil, fmt.Errorf("open store %s: %w", path, err)
	}
	r.SetMaxOpenConns(8)
	doc, err := codec.New()
	if err != nil {
		w.Close()
		r.Close()
		return nil, fmt.Errorf("open store: %w", err)
	}
	s := &Store{path: abs, w: w, r: r, doc: doc, now: time.Now, stmts: map[string]*sql.Stmt{}}
	if err := s.prepare(ctx); err != nil {
		s.Close()
		return nil, fmt.Errorf("open store %s: %w", path, err)
	}
	return s, nil
}

// migrate applies every pending migration.
func migrate(ctx context.Context, db *sql.DB) error {
	sub, err := fs.Sub(migrations, "migrations")
	if err != nil {
		return err
	}
	p, err := goose.NewProvider(goose.DialectSQLite3, db, sub)
	if err != nil {
		return fmt.Errorf("migrations: %w", err)
	}
	if _, err := p.Up(ctx); err != nil {
		return fmt.Errorf("migrations: %w", err)
	}
	return nil
}

// Path returns the absolute path of the database file.
func (s *Store) Path() string { return s.path }

// exec runs a write statement in tx. Statements listed in hotQueries are
// prepared once, at Open, on the single write connection and reused by
// every transaction; others are prepared per call.
func (s *Store) exec(ctx context.Context, tx *sql.Tx, query string, args ...any) (sql.Result, error) {
	if st, ok := s.stmts[query]; ok {
		return tx.StmtContext(ctx, st).ExecContext(ctx, args...)
	}
	return tx.ExecContext(ctx, query, args...)
}

// queryRow runs a one-row query in tx, with the prepared statement when
// there is one.
func (s *Store) queryRow(ctx context.Context, tx *sql.Tx, query string, args ...any) *sql.Row {
	if st, ok := s.stmts[query]; ok {
		return tx.StmtContext(ctx, st).QueryRowContext(ctx, args...)
	}
	return tx.QueryRowContext(ctx, query, args...)
}

// prepare prepares the hot statements. It must run before any
// transaction: the write pool has one connection.
func (s *Store) prepare(ctx context.Context) error {
	for _, q := range hotQueries {
		st, err := s.w.PrepareContext(ctx, q)
		if err != nil {
			return fmt.Errorf("prepare %q: %w", q, err)
		}
		s.stmts[q] = st
	}
	return nil
}

// Close closes the store. It checkpoints the WAL into the main file.
func (s *Store) Close() error {
	for _, st := range s.stmts {
		st.Close()
	}
	_, _ = s.w.Exec("PRAGMA wal_checkpoint(TRUNCATE)")
	err := errors.Join(s.r.Close(), s.w.Close())
	s.doc.Close()
	if err != nil {
		return fmt.Errorf("close store: %w", err)
	}
	return nil
}

// LimitSize caps the database file at about maxBytes (SQLite's
// max_page_count): a write that would grow it further fails with
// "database or disk is full" and changes nothing, as on a full disk. Zero
// removes the cap. The limit lasts until the store is closed.
func (s *Store) LimitSize(ctx context.Context, maxBytes int64) error {
	var pageSize int64
	if err := s.w.QueryRowContext(ctx, "PRAGMA page_size").Scan(&pageSize); err != nil {
		return fmt.Errorf("limit size: %w", err)
	}
	pages := maxBytes / pageSize
	if maxBytes == 0 {
		pages = 4294967294
	}
	var got int64
	if err := s.w.QueryRowContext(ctx, fmt.Sprintf("PRAGMA max_page_count = %d", pages)).Scan(&got); err != nil {
		return fmt.Errorf("limit size: %w", err)
	}
	return nil
}

// Integrity runs SQLite's integrity and foreign key checks and returns an
// error describing the first problems found.
func (s *Store) Integrity(ctx context.Context) error {
	var res string
	if err := s.r.QueryRowContext(ctx, "PRAGMA integrity_check").Scan(&res); err != nil {
		return fmt.Errorf("integrity check: %w", err)
	}
	if res != "ok" {
		return fmt.Errorf("integrity check: %s", res)
	}
	rows, err := s.r.QueryContext(ctx, "PRAGMA foreign_key_check")
	if err != nil {
		return fmt.Errorf("foreign key check: %w", err)
	}
	defer rows.Close()
	if rows.Next() {
		var table string
		var rowid sql.NullInt64
		var parent string
		var fkid int
		if err := rows.Scan(&table, &rowid, &parent, &fkid); err != nil {
			return fmt.Errorf("foreign key check: %w", err)
		}
		return fmt.Errorf("foreign key check: row %d of %s references a missing %s", rowid.Int64, table, parent)
	}
	return rows.Err()
}

func timeString(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.RFC3339Nano)
}

func parseTime(s string) time.Time {
	if s == "" {
		return time.Time{}
	}
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		return time.Time{}
	}
	return t
}
