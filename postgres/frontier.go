package postgres

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/marsad-news/marsad"
	"github.com/marsad-news/marsad/internal/clip"
)

// ErrLeaseLost is returned by Complete when the lease expired and another
// worker took the entry.
var ErrLeaseLost = errors.New("frontier lease lost")

const frontierColumns = `url, host, kind, source_id, next_fetch, interval_ms, attempts, fetches,
	last_status, last_error, last_fetched, etag, last_modified, hash, published, lease_owner, lease_until`

// maxLastError is the longest LastError kept (bytes).
const maxLastError = 500

// AddURLs implements marsad.Frontier: entries not known yet are inserted
// (a zero NextFetch is due now), known ones are left untouched.
func (s *Store) AddURLs(ctx context.Context, entries []marsad.FrontierEntry) (int, error) {
	if len(entries) == 0 {
		return 0, nil
	}
	now := s.now().UTC()
	n := len(entries)
	var (
		urls, hosts, kinds, srcs = make([]string, n), make([]string, n), make([]string, n), make([]string, n)
		next, pub                = make([]*time.Time, n), make([]*time.Time, n)
		intervals                = make([]int64, n)
	)
	for i, e := range entries {
		host := e.Host
		if host == "" {
			u, err := url.Parse(e.URL)
			if err != nil || u.Host == "" {
				return 0, fmt.Errorf("frontier add %q: not an absolute URL", e.URL)
			}
			host = strings.ToLower(u.Host)
		}
		nf := now
		if !e.NextFetch.IsZero() {
			nf = e.NextFetch.UTC()
		}
		urls[i], hosts[i], kinds[i], srcs[i] = e.URL, host, e.Kind, e.SourceID
		next[i], intervals[i] = &nf, e.Interval.Milliseconds()
		if !e.Published.IsZero() {
			p := e.Published.UTC()
			pub[i] = &p
		}
	}
	var added int64
	err := s.inTx(ctx, func(tx pgx.Tx) error {
		// Every host has a lease row (free at first), so Claim can lock
		// hosts with SKIP LOCKED instead of racing on inserts.
		if _, err := tx.Exec(ctx, `INSERT INTO host_leases (host, owner, lease_until)
			SELECT DISTINCT h, '', '-infinity'::timestamptz FROM unnest($1::text[]) AS h
			ORDER BY h ON CONFLICT (host) DO NOTHING`, hosts); err != nil {
			return err
		}
		tag, err := tx.Exec(ctx, `INSERT INTO frontier (url, host, kind, source_id, next_fetch, interval_ms, published, added)
			SELECT u, h, k, sid, nf, iv, p, $8 FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::timestamptz[], $6::bigint[], $7::timestamptz[])
				AS e(u, h, k, sid, nf, iv, p)
			ORDER BY u
			ON CONFLICT (url) DO NOTHING`, urls, hosts, kinds, srcs, next, intervals, pub, now)
		if err != nil {
			return err
		}
		added = tag.RowsAffected()
		return nil
	})
	if err != nil {
		return 0, fmt.Errorf("frontier add: %w", err)
	}
	return int(added), nil
}

// Claim implements marsad.Frontier with per-host leases: it leases hosts
// that have due entries and are free (or already held by owner), then the
// due entries of those hosts, earliest due first, all until now+lease.
// While owner holds a host, no other worker claims any of its URLs, so one
// site is fetched by one worker at a time; owner keeps the host until it
// has completed every entry it claimed there, or the lease expires.
// Hosts and entries are locked with FOR UPDATE SKIP LOCKED: concurrent
// claimers never wait for each other and never get the same host.
func (s *Store) Claim(ctx context.Context, owner string, now time.Time, n int, lease time.Duration) ([]marsad.FrontierEntry, error) {
	if owner == "" || n <= 0 {
		return nil, errors.New("frontier claim: owner and a positive count are required")
	}
	now = now.UTC()
	until := now.Add(lease)
	var out []marsad.FrontierEntry
	err := s.inTx(ctx, func(tx pgx.Tx) error {
		rows, err := tx.Query(ctx, `SELECT h.host FROM host_leases h
			WHERE (h.lease_until < $1 OR h.owner = $2)
			  AND EXISTS (SELECT 1 FROM frontier f WHERE f.host = h.host AND f.next_fetch <= $1
			              AND (f.lease_until IS NULL OR f.lease_until < $1))
			ORDER BY (SELECT min(f.next_fetch) FROM frontier f WHERE f.host = h.host AND f.next_fetch <= $1
			              AND (f.lease_until IS NULL OR f.lease_until < $1)), h.host
			LIMIT $3
			FOR UPDATE OF h SKIP LOCKED`, now, owner, n)
		if err != nil {
			return err
		}
		hosts, err := pgx.CollectRows(rows, pgx.RowTo[string])
		if err != nil || len(hosts) == 0 {
			return err
		}
		rows, err = tx.Query(ctx, `SELECT `+frontierColumns+` FROM frontier
			WHERE host = ANY($1::text[]) AND next_fetch <= $2 AND (lease_until IS NULL OR lease_until < $2)
			ORDER BY next_fetch, url LIMIT $3
			FOR UPDATE SKIP LOCKED`, hosts, now, n)
		if err != nil {
			return err
		}
		out, err = pgx.CollectRows(rows, func(row pgx.CollectableRow) (marsad.FrontierEntry, error) { return scanEntry(row) })
		if err != nil || len(out) == 0 {
			return err
		}
		urls := make([]string, len(out))
		used := map[string]bool{}
		var usedHosts []string
		for i := range out {
			urls[i] = out[i].URL
			out[i].LeaseOwner, out[i].LeaseUntil = owner, until
			if !used[out[i].Host] {
				used[out[i].Host] = true
				usedHosts = append(usedHosts, out[i].Host)
			}
		}
		if _, err := tx.Exec(ctx, `UPDATE frontier SET lease_owner = $1, lease_until = $2 WHERE url = ANY($3::text[])`, owner, until, urls); err != nil {
			return err
		}
		_, err = tx.Exec(ctx, `UPDATE host_leases SET owner = $1, lease_until = greatest(lease_until, $2)
			WHERE host = ANY($3::text[])`, owner, until, usedHosts)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("frontier claim: %w", err)
	}
	return out, nil
}

// Complete implements marsad.Frontier. When owner has no other entry of
// the host leased, the host is released for other workers.
func (s *Store) Complete(ctx context.Context, owner string, e marsad.FrontierEntry) error {
	err := s.inTx(ctx, func(tx pgx.Tx) error {
		var host string
		err := tx.QueryRow(ctx, `UPDATE frontier SET next_fetch = $1, interval_ms = $2, attempts = $3, fetches = $4,
			last_status = $5, last_error = $6, last_fetched = $7, etag = $8, last_modified = $9, hash = $10, published = $11,
			lease_owner = '', lease_until = NULL
			WHERE url = $12 AND lease_owner = $13 RETURNING host`,
			tsOrNil(e.NextFetch), e.Interval.Milliseconds(), e.Attempts, e.Fetches, e.LastStatus, clip.Bytes(e.LastError, maxLastError),
			tsOrNil(e.LastFetched), e.ETag, e.LastModified, e.Hash, tsOrNil(e.Published), e.URL, owner).Scan(&host)
		if errors.Is(err, pgx.ErrNoRows) {
			return ErrLeaseLost
		}
		if err != nil {
			return err
		}
		_, err = tx.Exec(ctx, `UPDATE host_leases SET owner = '', lease_until = '-infinity'
			WHERE host = $1 AND owner = $2
			  AND NOT EXISTS (SELECT 1 FROM frontier WHERE host = $1 AND lease_owner = $2 AND lease_until >= $3)`,
			host, owner, s.now().UTC())
		return err
	})
	if err != nil {
		return fmt.Errorf("frontier complete %s: %w", e.URL, err)
	}
	return nil
}

// FrontierEntry implements marsad.Frontier.
func (s *Store) FrontierEntry(ctx context.Context, rawURL string) (*marsad.FrontierEntry, error) {
	e, err := scanEntry(s.pool.QueryRow(ctx, `SELECT `+frontierColumns+` FROM frontier WHERE url = $1`, rawURL))
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, fmt.Errorf("frontier entry %s: %w", rawURL, marsad.ErrNotFound)
	}
	if err != nil {
		return nil, fmt.Errorf("frontier entry %s: %w", rawURL, err)
	}
	return &e, nil
}

// FrontierEntries calls fn for every frontier entry in URL order (dump).
func (s *Store) FrontierEntries(ctx context.Context, fn func(marsad.FrontierEntry) error) error {
	rows, err := s.pool.Query(ctx, `SELECT `+frontierColumns+` FROM frontier ORDER BY url`)
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
	err := s.inTx(ctx, func(tx pgx.Tx) error {
		b := &pgx.Batch{}
		for _, e := range entries {
			b.Queue(`INSERT INTO host_leases (host, owner, lease_until) VALUES ($1, '', '-infinity') ON CONFLICT DO NOTHING`, e.Host)
			b.Queue(`INSERT INTO frontier (url, host, kind, source_id, next_fetch, interval_ms, attempts, fetches, last_status,
				last_error, last_fetched, etag, last_modified, hash, published, lease_owner, lease_until, added)
				VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18)
				ON CONFLICT (url) DO UPDATE SET host = excluded.host, kind = excluded.kind, source_id = excluded.source_id,
					next_fetch = excluded.next_fetch, interval_ms = excluded.interval_ms, attempts = excluded.attempts,
					fetches = excluded.fetches, last_status = excluded.last_status, last_error = excluded.last_error,
					last_fetched = excluded.last_fetched, etag = excluded.etag, last_modified = excluded.last_modified,
					hash = excluded.hash, published = excluded.published, lease_owner = excluded.lease_owner,
					lease_until = excluded.lease_until`,
				e.URL, e.Host, e.Kind, e.SourceID, tsOrNil(e.NextFetch), e.Interval.Milliseconds(), e.Attempts, e.Fetches,
				e.LastStatus, e.LastError, tsOrNil(e.LastFetched), e.ETag, e.LastModified, e.Hash, tsOrNil(e.Published),
				e.LeaseOwner, tsOrNil(e.LeaseUntil), s.now().UTC())
		}
		return tx.SendBatch(ctx, b).Close()
	})
	if err != nil {
		return fmt.Errorf("restore frontier: %w", err)
	}
	return nil
}

// FrontierStats implements marsad.Frontier.
func (s *Store) FrontierStats(ctx context.Context, now time.Time) (marsad.FrontierStats, error) {
	st := marsad.FrontierStats{ByKind: map[string]int64{}}
	err := s.pool.QueryRow(ctx, `SELECT count(*),
		count(*) FILTER (WHERE next_fetch <= $1 AND (lease_until IS NULL OR lease_until < $1)),
		count(*) FILTER (WHERE lease_until >= $1),
		count(*) FILTER (WHERE attempts > 0) FROM frontier`, now.UTC()).Scan(&st.Total, &st.Due, &st.Leased, &st.Failed)
	if err != nil {
		return st, fmt.Errorf("frontier stats: %w", err)
	}
	rows, err := s.pool.Query(ctx, `SELECT kind, count(*) FROM frontier GROUP BY kind`)
	if err != nil {
		return st, fmt.Errorf("frontier stats: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var k string
		var c int64
		if err := rows.Scan(&k, &c); err != nil {
			return st, fmt.Errorf("frontier stats: %w", err)
		}
		st.ByKind[k] = c
	}
	return st, rows.Err()
}

// SourceHealth implements marsad.Frontier.
func (s *Store) SourceHealth(ctx context.Context) ([]marsad.SourceHealth, error) {
	rows, err := s.pool.Query(ctx, `SELECT source_id, max(last_fetched), sum(fetches), count(*) FILTER (WHERE attempts > 0),
		coalesce((SELECT f2.last_error FROM frontier f2 WHERE f2.source_id = f.source_id AND f2.last_error <> ''
		          ORDER BY f2.last_fetched DESC NULLS LAST LIMIT 1), ''),
		count(*) FILTER (WHERE next_fetch IS NOT NULL AND fetches = 0)
		FROM frontier f WHERE source_id <> '' GROUP BY source_id ORDER BY source_id`)
	if err != nil {
		return nil, fmt.Errorf("source health: %w", err)
	}
	out, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (marsad.SourceHealth, error) {
		var h marsad.SourceHealth
		var last *time.Time
		err := row.Scan(&h.SourceID, &last, &h.Fetches, &h.Errors, &h.LastError, &h.Pending)
		h.LastFetched = fromNull(last)
		return h, err
	})
	if err != nil {
		return nil, fmt.Errorf("source health: %w", err)
	}
	return out, nil
}

func scanEntry(row pgx.Row) (marsad.FrontierEntry, error) {
	var e marsad.FrontierEntry
	var next, lastFetched, published, leaseUntil *time.Time
	var interval int64
	err := row.Scan(&e.URL, &e.Host, &e.Kind, &e.SourceID, &next, &interval, &e.Attempts, &e.Fetches,
		&e.LastStatus, &e.LastError, &lastFetched, &e.ETag, &e.LastModified, &e.Hash, &published, &e.LeaseOwner, &leaseUntil)
	if err != nil {
		return e, err
	}
	e.NextFetch = fromNull(next)
	e.Interval = time.Duration(interval) * time.Millisecond
	e.LastFetched, e.Published, e.LeaseUntil = fromNull(lastFetched), fromNull(published), fromNull(leaseUntil)
	return e, nil
}
