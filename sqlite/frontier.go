package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"time"

	"github.com/marsad-news/marsad"
	"github.com/marsad-news/marsad/internal/clip"
)

var _ marsad.Frontier = (*Store)(nil)

// frontierColumns is the column list every frontier read uses, in the
// order scanEntry expects.
const frontierColumns = `url, host, kind, source_id, next_fetch, interval_ms, attempts, fetches,
	last_status, last_error, last_fetched, etag, last_modified, hash, published, lease_owner, lease_until`

func ms(t time.Time) int64 {
	if t.IsZero() {
		return 0
	}
	return t.UnixMilli()
}

func fromMS(v int64) time.Time {
	if v == 0 {
		return time.Time{}
	}
	return time.UnixMilli(v).UTC()
}

// AddURLs inserts entries not known yet, in one transaction.
func (s *Store) AddURLs(ctx context.Context, entries []marsad.FrontierEntry) (int, error) {
	if len(entries) == 0 {
		return 0, nil
	}
	tx, err := s.w.BeginTx(ctx, nil)
	if err != nil {
		return 0, fmt.Errorf("frontier add: %w", err)
	}
	defer tx.Rollback()
	stmt, err := tx.PrepareContext(ctx, `INSERT INTO frontier (url, host, kind, source_id, next_fetch, interval_ms, published, added)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (url) DO NOTHING`)
	if err != nil {
		return 0, fmt.Errorf("frontier add: %w", err)
	}
	defer stmt.Close()
	now := s.now().UnixMilli()
	added := 0
	for _, e := range entries {
		host := e.Host
		if host == "" {
			u, err := url.Parse(e.URL)
			if err != nil || u.Host == "" {
				return 0, fmt.Errorf("frontier add %q: not an absolute URL", e.URL)
			}
			host = strings.ToLower(u.Host)
		}
		next := now // a new entry without a schedule is due at once
		if !e.NextFetch.IsZero() {
			next = e.NextFetch.UnixMilli()
		}
		res, err := stmt.ExecContext(ctx, e.URL, host, e.Kind, e.SourceID, next, e.Interval.Milliseconds(), ms(e.Published), now)
		if err != nil {
			return 0, fmt.Errorf("frontier add %s: %w", e.URL, err)
		}
		if n, _ := res.RowsAffected(); n > 0 {
			added++
		}
	}
	if err := tx.Commit(); err != nil {
		return 0, fmt.Errorf("frontier add: %w", err)
	}
	return added, nil
}

// Claim leases due entries to owner.
func (s *Store) Claim(ctx context.Context, owner string, now time.Time, n int, lease time.Duration) ([]marsad.FrontierEntry, error) {
	if owner == "" || n <= 0 {
		return nil, errors.New("frontier claim: owner and a positive count are required")
	}
	tx, err := s.w.BeginTx(ctx, nil)
	if err != nil {
		return nil, fmt.Errorf("frontier claim: %w", err)
	}
	defer tx.Rollback()
	nowMS := now.UnixMilli()
	rows, err := tx.QueryContext(ctx, `SELECT `+frontierColumns+` FROM frontier
		WHERE next_fetch IS NOT NULL AND next_fetch <= ? AND lease_until < ?
		ORDER BY next_fetch LIMIT ?`, nowMS, nowMS, n)
	if err != nil {
		return nil, fmt.Errorf("frontier claim: %w", err)
	}
	var out []marsad.FrontierEntry
	for rows.Next() {
		e, err := scanEntry(rows)
		if err != nil {
			rows.Close()
			return nil, fmt.Errorf("frontier claim: %w", err)
		}
		out = append(out, e)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("frontier claim: %w", err)
	}
	until := now.Add(lease)
	for i := range out {
		if _, err := tx.ExecContext(ctx, `UPDATE frontier SET lease_owner = ?, lease_until = ? WHERE url = ?`, owner, until.UnixMilli(), out[i].URL); err != nil {
			return nil, fmt.Errorf("frontier claim: %w", err)
		}
		out[i].LeaseOwner, out[i].LeaseUntil = owner, until
	}
	if err := tx.Commit(); err != nil {
		return nil, fmt.Errorf("frontier claim: %w", err)
	}
	return out, nil
}

// ErrLeaseLost is returned by Complete when the lease expired and another
// crawler took the entry.
var ErrLeaseLost = errors.New("frontier lease lost")

// Complete stores a fetch outcome and releases the lease.
func (s *Store) Complete(ctx context.Context, owner string, e marsad.FrontierEntry) error {
	var next any
	if !e.NextFetch.IsZero() {
		next = e.NextFetch.UnixMilli()
	}
	res, err := s.w.ExecContext(ctx, `UPDATE frontier SET next_fetch = ?, interval_ms = ?, attempts = ?, fetches = ?,
		last_status = ?, last_error = ?, last_fetched = ?, etag = ?, last_modified = ?, hash = ?, published = ?,
		lease_owner = '', lease_until = 0
		WHERE url = ? AND lease_owner = ?`,
		next, e.Interval.Milliseconds(), e.Attempts, e.Fetches, e.LastStatus, clip.Bytes(e.LastError, 500), ms(e.LastFetched),
		e.ETag, e.LastModified, e.Hash, ms(e.Published), e.URL, owner)
	if err != nil {
		return fmt.Errorf("frontier complete %s: %w", e.URL, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return fmt.Errorf("frontier complete %s: %w", e.URL, ErrLeaseLost)
	}
	return nil
}

// FrontierEntry returns one entry.
func (s *Store) FrontierEntry(ctx context.Context, rawURL string) (*marsad.FrontierEntry, error) {
	row := s.r.QueryRowContext(ctx, `SELECT `+frontierColumns+` FROM frontier WHERE url = ?`, rawURL)
	e, err := scanEntry(row)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("frontier entry %s: %w", rawURL, marsad.ErrNotFound)
	}
	if err != nil {
		return nil, fmt.Errorf("frontier entry %s: %w", rawURL, err)
	}
	return &e, nil
}

// FrontierStats counts entries.
func (s *Store) FrontierStats(ctx context.Context, now time.Time) (marsad.FrontierStats, error) {
	st := marsad.FrontierStats{ByKind: map[string]int64{}}
	nowMS := now.UnixMilli()
	err := s.r.QueryRowContext(ctx, `SELECT count(*),
		coalesce(sum(next_fetch IS NOT NULL AND next_fetch <= ? AND lease_until < ?), 0),
		coalesce(sum(lease_until >= ?), 0),
		coalesce(sum(attempts > 0), 0) FROM frontier`, nowMS, nowMS, nowMS).Scan(&st.Total, &st.Due, &st.Leased, &st.Failed)
	if err != nil {
		return st, fmt.Errorf("frontier stats: %w", err)
	}
	rows, err := s.r.QueryContext(ctx, `SELECT kind, count(*) FROM frontier GROUP BY kind`)
	if err != nil {
		return st, fmt.Errorf("frontier stats: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var k string
		var n int64
		if err := rows.Scan(&k, &n); err != nil {
			return st, fmt.Errorf("frontier stats: %w", err)
		}
		st.ByKind[k] = n
	}
	return st, rows.Err()
}

// SourceHealth summarizes crawling per source.
func (s *Store) SourceHealth(ctx context.Context) ([]marsad.SourceHealth, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT source_id, max(last_fetched), sum(fetches), sum(attempts > 0),
		coalesce((SELECT f2.last_error FROM frontier f2 WHERE f2.source_id = f.source_id AND f2.last_error != ''
		          ORDER BY f2.last_fetched DESC LIMIT 1), ''),
		sum(next_fetch IS NOT NULL AND fetches = 0)
		FROM frontier f WHERE source_id != '' GROUP BY source_id ORDER BY source_id`)
	if err != nil {
		return nil, fmt.Errorf("source health: %w", err)
	}
	defer rows.Close()
	var out []marsad.SourceHealth
	for rows.Next() {
		var h marsad.SourceHealth
		var last int64
		if err := rows.Scan(&h.SourceID, &last, &h.Fetches, &h.Errors, &h.LastError, &h.Pending); err != nil {
			return nil, fmt.Errorf("source health: %w", err)
		}
		h.LastFetched = fromMS(last)
		out = append(out, h)
	}
	return out, rows.Err()
}

type scanner interface{ Scan(dest ...any) error }

func scanEntry(sc scanner) (marsad.FrontierEntry, error) {
	var e marsad.FrontierEntry
	var next sql.NullInt64
	var interval, lastFetched, published, leaseUntil int64
	err := sc.Scan(&e.URL, &e.Host, &e.Kind, &e.SourceID, &next, &interval, &e.Attempts, &e.Fetches,
		&e.LastStatus, &e.LastError, &lastFetched, &e.ETag, &e.LastModified, &e.Hash, &published, &e.LeaseOwner, &leaseUntil)
	if err != nil {
		return e, err
	}
	if next.Valid {
		e.NextFetch = fromMS(next.Int64)
	}
	e.Interval = time.Duration(interval) * time.Millisecond
	e.LastFetched, e.Published, e.LeaseUntil = fromMS(lastFetched), fromMS(published), fromMS(leaseUntil)
	return e, nil
}

// FrontierEntries calls fn for every frontier entry, in URL order (dump).
func (s *Store) FrontierEntries(ctx context.Context, fn func(marsad.FrontierEntry) error) error {
	rows, err := s.r.QueryContext(ctx, `SELECT `+frontierColumns+` FROM frontier ORDER BY url`)
	if err != nil {
		return fmt.Errorf("frontier entries: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		e, err := scanEntry(rows)
		if err != nil {
			return fmt.Errorf("frontier entries: %w", err)
		}
		if err := fn(e); err != nil {
			return err
		}
	}
	return rows.Err()
}

// RestoreFrontier writes entries as they are (schedule, counters,
// validators, leases), replacing known URLs (restore).
func (s *Store) RestoreFrontier(ctx context.Context, entries []marsad.FrontierEntry) error {
	if len(entries) == 0 {
		return nil
	}
	tx, err := s.w.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("restore frontier: %w", err)
	}
	defer tx.Rollback()
	now := s.now().UnixMilli()
	for _, e := range entries {
		var next any
		if !e.NextFetch.IsZero() {
			next = e.NextFetch.UnixMilli()
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO frontier (url, host, kind, source_id, next_fetch, interval_ms, attempts, fetches,
			last_status, last_error, last_fetched, etag, last_modified, hash, published, lease_owner, lease_until, added)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
			ON CONFLICT (url) DO UPDATE SET host = excluded.host, kind = excluded.kind, source_id = excluded.source_id,
				next_fetch = excluded.next_fetch, interval_ms = excluded.interval_ms, attempts = excluded.attempts,
				fetches = excluded.fetches, last_status = excluded.last_status, last_error = excluded.last_error,
				last_fetched = excluded.last_fetched, etag = excluded.etag, last_modified = excluded.last_modified,
				hash = excluded.hash, published = excluded.published, lease_owner = excluded.lease_owner,
				lease_until = excluded.lease_until`,
			e.URL, e.Host, e.Kind, e.SourceID, next, e.Interval.Milliseconds(), e.Attempts, e.Fetches, e.LastStatus,
			clip.Bytes(e.LastError, 500), ms(e.LastFetched), e.ETag, e.LastModified, e.Hash, ms(e.Published), e.LeaseOwner, ms(e.LeaseUntil), now)
		if err != nil {
			return fmt.Errorf("restore frontier %s: %w", e.URL, err)
		}
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("restore frontier: %w", err)
	}
	return nil
}
