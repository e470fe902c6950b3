package postgres

import (
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/marsad-news/marsad"
	"github.com/marsad-news/marsad/internal/clip"
)

var _ marsad.AlertStore = (*Store)(nil)

// maxDeliveryError bounds the stored text of a delivery error.
const maxDeliveryError = 500

// PutAlert implements marsad.AlertStore. The first alert starts the
// matching of stored articles at the end of the change log: alerts are
// for articles stored from then on.
func (s *Store) PutAlert(ctx context.Context, a *marsad.Alert) error {
	if a == nil || a.ID == "" {
		return errors.New("put alert: an ID is required")
	}
	q, err := json.Marshal(a.Query)
	if err != nil {
		return fmt.Errorf("put alert %s: %w", a.ID, err)
	}
	created := a.Created
	if created.IsZero() {
		created = s.now()
	}
	err = s.inTx(ctx, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `INSERT INTO alerts (id, name, query, webhook_url, secret, created)
			VALUES ($1, $2, $3::jsonb, $4, $5, $6)
			ON CONFLICT (id) DO UPDATE SET name = excluded.name, query = excluded.query,
				webhook_url = excluded.webhook_url, secret = excluded.secret`,
			a.ID, a.Name, string(q), a.WebhookURL, a.Secret, created.UTC()); err != nil {
			return err
		}
		_, err := tx.Exec(ctx, `UPDATE alerts_state SET version = version + 1,
			matched_seq = CASE WHEN matched_seq < 0 THEN (SELECT coalesce(max(seq), 0) FROM changes) ELSE matched_seq END
			WHERE id = 1`)
		return err
	})
	if err != nil {
		return fmt.Errorf("put alert %s: %w", a.ID, err)
	}
	return nil
}

const alertColumns = `id, name, query::text, webhook_url, secret, created`

func scanAlert(row pgx.Row) (marsad.Alert, error) {
	var a marsad.Alert
	var q string
	if err := row.Scan(&a.ID, &a.Name, &q, &a.WebhookURL, &a.Secret, &a.Created); err != nil {
		return a, err
	}
	if err := json.Unmarshal([]byte(q), &a.Query); err != nil {
		return a, fmt.Errorf("alert %s: stored query: %w", a.ID, err)
	}
	a.Created = a.Created.UTC()
	return a, nil
}

// Alert implements marsad.AlertStore.
func (s *Store) Alert(ctx context.Context, id string) (*marsad.Alert, error) {
	a, err := scanAlert(s.pool.QueryRow(ctx, `SELECT `+alertColumns+` FROM alerts WHERE id = $1`, id))
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, fmt.Errorf("alert %s: %w", id, marsad.ErrNotFound)
	}
	if err != nil {
		return nil, fmt.Errorf("alert %s: %w", id, err)
	}
	return &a, nil
}

// Alerts implements marsad.AlertStore.
func (s *Store) Alerts(ctx context.Context) ([]marsad.Alert, error) {
	rows, err := s.pool.Query(ctx, `SELECT `+alertColumns+` FROM alerts ORDER BY created, id`)
	if err != nil {
		return nil, fmt.Errorf("alerts: %w", err)
	}
	out, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (marsad.Alert, error) { return scanAlert(row) })
	if err != nil {
		return nil, fmt.Errorf("alerts: %w", err)
	}
	return out, nil
}

// DeleteAlert implements marsad.AlertStore.
func (s *Store) DeleteAlert(ctx context.Context, id string) error {
	err := s.inTx(ctx, func(tx pgx.Tx) error {
		tag, err := tx.Exec(ctx, `DELETE FROM alerts WHERE id = $1`, id)
		if err != nil {
			return err
		}
		if tag.RowsAffected() == 0 {
			return marsad.ErrNotFound
		}
		_, err = tx.Exec(ctx, `UPDATE alerts_state SET version = version + 1 WHERE id = 1`)
		return err
	})
	if err != nil {
		return fmt.Errorf("delete alert %s: %w", id, err)
	}
	return nil
}

// AlertsVersion implements marsad.AlertStore.
func (s *Store) AlertsVersion(ctx context.Context) (int64, error) {
	var v int64
	if err := s.pool.QueryRow(ctx, `SELECT version FROM alerts_state WHERE id = 1`).Scan(&v); err != nil {
		return 0, fmt.Errorf("alerts version: %w", err)
	}
	return v, nil
}

// TryLockMatching implements alert.MatchLocker: a session advisory lock
// (Store.TryLead "alert-matching") that lets one process at a time follow
// the change log for alerts. If the process dies, its connection closes
// and the lock is freed. Exactly-once matching does not depend on it
// (see AddMatches); it saves the other processes the repeated work.
func (s *Store) TryLockMatching(ctx context.Context) (func(), error) {
	lead, err := s.TryLead(ctx, "alert-matching")
	if err != nil || lead == nil {
		return nil, err
	}
	return lead.Release, nil
}

// AlertsSeq implements marsad.AlertStore.
func (s *Store) AlertsSeq(ctx context.Context) (int64, error) {
	var v int64
	if err := s.pool.QueryRow(ctx, `SELECT matched_seq FROM alerts_state WHERE id = 1`).Scan(&v); err != nil {
		return 0, fmt.Errorf("alerts seq: %w", err)
	}
	return v, nil
}

// SetAlertsSeq implements marsad.AlertStore.
func (s *Store) SetAlertsSeq(ctx context.Context, seq int64) error {
	if _, err := s.pool.Exec(ctx, `UPDATE alerts_state SET matched_seq = $1 WHERE id = 1`, seq); err != nil {
		return fmt.Errorf("set alerts seq: %w", err)
	}
	return nil
}

// AddMatches implements marsad.AlertStore: the matches and the deliveries
// of the new ones are written in one transaction.
//
// It is exactly-once under concurrency: a delivery is enqueued only for a
// match row this transaction inserted. When several processes record the
// same match at once, the unique key (alert_id, article_id) makes the
// later inserts wait for the first transaction and then skip the row, so
// only the first enqueues the delivery (and if the first rolls back, the
// next inserts it). The matches are inserted in (alert, article) order,
// so two transactions recording overlapping batches take the key locks
// in the same order and cannot deadlock.
func (s *Store) AddMatches(ctx context.Context, matches []marsad.AlertMatch, deliveries []marsad.Delivery) (int, error) {
	if len(matches) == 0 {
		return 0, nil
	}
	matches = slices.Clone(matches)
	slices.SortStableFunc(matches, func(a, b marsad.AlertMatch) int {
		return cmp.Or(cmp.Compare(a.AlertID, b.AlertID), cmp.Compare(a.Article.ID, b.Article.ID))
	})
	type pair struct{ alert, article string }
	var fresh map[pair]bool
	now := s.now().UTC()
	err := s.inTx(ctx, func(tx pgx.Tx) error {
		fresh = map[pair]bool{}
		for _, m := range matches {
			matched := m.Matched
			if matched.IsZero() {
				matched = now
			}
			tag, err := tx.Exec(ctx, `INSERT INTO alert_matches (alert_id, article_id, url, title, source, published, summary, matched)
				SELECT $1, $2, $3, $4, $5, $6, $7, $8 WHERE EXISTS (SELECT 1 FROM alerts WHERE id = $1)
				ON CONFLICT (alert_id, article_id) DO NOTHING`,
				m.AlertID, m.Article.ID, m.Article.URL, m.Article.Title, m.Article.Source,
				m.Article.Published, m.Summary, matched.UTC())
			if err != nil {
				return fmt.Errorf("match %s/%s: %w", m.AlertID, m.Article.ID, err)
			}
			if tag.RowsAffected() > 0 {
				fresh[pair{m.AlertID, m.Article.ID}] = true
			}
		}
		for _, d := range deliveries {
			if !fresh[pair{d.AlertID, d.ArticleID}] {
				continue
			}
			next := d.NextAttempt
			if next.IsZero() {
				next = now
			}
			body := d.Body
			if body == nil {
				body = []byte{}
			}
			if _, err := tx.Exec(ctx, `INSERT INTO alert_outbox (alert_id, article_id, url, body, next_attempt, created)
				VALUES ($1, $2, $3, $4, $5, $6)`, d.AlertID, d.ArticleID, d.URL, body, next.UTC(), now); err != nil {
				return fmt.Errorf("enqueue delivery %s/%s: %w", d.AlertID, d.ArticleID, err)
			}
		}
		return nil
	})
	if err != nil {
		return 0, fmt.Errorf("add alert matches: %w", err)
	}
	return len(fresh), nil
}

// AlertEntries implements marsad.AlertStore.
func (s *Store) AlertEntries(ctx context.Context, alertID string, beforeSeq int64, limit int) ([]marsad.AlertMatch, error) {
	if limit <= 0 {
		return nil, nil
	}
	if beforeSeq <= 0 {
		beforeSeq = 1<<63 - 1
	}
	rows, err := s.pool.Query(ctx, `SELECT seq, alert_id, article_id, url, title, source, published, summary, matched
		FROM alert_matches WHERE alert_id = $1 AND seq < $2 ORDER BY seq DESC LIMIT $3`, alertID, beforeSeq, limit)
	if err != nil {
		return nil, fmt.Errorf("alert entries %s: %w", alertID, err)
	}
	out, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (marsad.AlertMatch, error) {
		var m marsad.AlertMatch
		err := row.Scan(&m.Seq, &m.AlertID, &m.Article.ID, &m.Article.URL, &m.Article.Title, &m.Article.Source,
			&m.Article.Published, &m.Summary, &m.Matched)
		m.Matched = m.Matched.UTC()
		return m, err
	})
	if err != nil {
		return nil, fmt.Errorf("alert entries %s: %w", alertID, err)
	}
	return out, nil
}

const deliveryColumns = `id, alert_id, article_id, url, body, state, attempts, next_attempt, last_error, created`

func scanDelivery(row pgx.CollectableRow) (marsad.Delivery, error) {
	var d marsad.Delivery
	err := row.Scan(&d.ID, &d.AlertID, &d.ArticleID, &d.URL, &d.Body, &d.State, &d.Attempts, &d.NextAttempt, &d.LastError, &d.Created)
	d.NextAttempt, d.Created = d.NextAttempt.UTC(), d.Created.UTC()
	return d, err
}

// ClaimDeliveries implements marsad.AlertStore. Concurrent dispatchers
// skip the rows another is claiming (FOR UPDATE SKIP LOCKED), so a
// delivery is leased to one of them at a time.
func (s *Store) ClaimDeliveries(ctx context.Context, owner string, now time.Time, n int, lease time.Duration) ([]marsad.Delivery, error) {
	if owner == "" || n <= 0 {
		return nil, errors.New("claim deliveries: owner and a positive count are required")
	}
	now = now.UTC()
	rows, err := s.pool.Query(ctx, `UPDATE alert_outbox SET lease_owner = $1, lease_until = $2
		WHERE id IN (SELECT id FROM alert_outbox
			WHERE state = 'pending' AND next_attempt <= $3 AND lease_until < $3
			ORDER BY next_attempt, id LIMIT $4
			FOR UPDATE SKIP LOCKED)
		RETURNING `+deliveryColumns, owner, now.Add(lease), now, n)
	if err != nil {
		return nil, fmt.Errorf("claim deliveries: %w", err)
	}
	out, err := pgx.CollectRows(rows, scanDelivery)
	if err != nil {
		return nil, fmt.Errorf("claim deliveries: %w", err)
	}
	slices.SortFunc(out, func(a, b marsad.Delivery) int {
		if c := a.NextAttempt.Compare(b.NextAttempt); c != 0 {
			return c
		}
		return cmp.Compare(a.ID, b.ID)
	})
	return out, nil
}

// MarkDelivered implements marsad.AlertStore.
func (s *Store) MarkDelivered(ctx context.Context, id int64) error {
	tag, err := s.pool.Exec(ctx, `UPDATE alert_outbox SET state = 'delivered', lease_owner = '', lease_until = '-infinity',
		last_error = '', done = $1 WHERE id = $2`, s.now().UTC(), id)
	if err != nil {
		return fmt.Errorf("mark delivery %d delivered: %w", id, err)
	}
	if tag.RowsAffected() == 0 {
		return fmt.Errorf("mark delivery %d delivered: %w", id, marsad.ErrNotFound)
	}
	return nil
}

// MarkFailed implements marsad.AlertStore.
func (s *Store) MarkFailed(ctx context.Context, id int64, next time.Time, errMsg string, dead bool) error {
	state, done := marsad.DeliveryPending, any(nil)
	if dead {
		state, done = marsad.DeliveryDead, s.now().UTC()
	}
	tag, err := s.pool.Exec(ctx, `UPDATE alert_outbox SET state = $1, attempts = attempts + 1, next_attempt = $2,
		last_error = $3, lease_owner = '', lease_until = '-infinity', done = $4 WHERE id = $5`,
		state, next.UTC(), clip.Bytes(errMsg, maxDeliveryError), done, id)
	if err != nil {
		return fmt.Errorf("mark delivery %d failed: %w", id, err)
	}
	if tag.RowsAffected() == 0 {
		return fmt.Errorf("mark delivery %d failed: %w", id, marsad.ErrNotFound)
	}
	return nil
}

// Deliveries implements marsad.AlertStore.
func (s *Store) Deliveries(ctx context.Context, alertID string, limit int) ([]marsad.Delivery, error) {
	if limit <= 0 {
		return nil, nil
	}
	rows, err := s.pool.Query(ctx, `SELECT `+deliveryColumns+` FROM alert_outbox WHERE alert_id = $1 ORDER BY id DESC LIMIT $2`, alertID, limit)
	if err != nil {
		return nil, fmt.Errorf("deliveries %s: %w", alertID, err)
	}
	out, err := pgx.CollectRows(rows, scanDelivery)
	if err != nil {
		return nil, fmt.Errorf("deliveries %s: %w", alertID, err)
	}
	return out, nil
}

// PruneDeliveries implements marsad.AlertStore.
func (s *Store) PruneDeliveries(ctx context.Context, before time.Time) (int, error) {
	tag, err := s.pool.Exec(ctx, `DELETE FROM alert_outbox WHERE state <> 'pending' AND done < $1`, before.UTC())
	if err != nil {
		return 0, fmt.Errorf("prune deliveries: %w", err)
	}
	return int(tag.RowsAffected()), nil
}
