package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/marsad-news/marsad"
	"github.com/marsad-news/marsad/internal/clip"
)

var _ marsad.AlertStore = (*Store)(nil)

// maxDeliveryError bounds the stored text of a delivery error.
const maxDeliveryError = 500

// PutAlert adds or replaces an alert.
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
	tx, err := s.w.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("put alert %s: %w", a.ID, err)
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, `INSERT INTO alerts (id, name, query, webhook_url, secret, created)
		VALUES (?, ?, ?, ?, ?, ?)
		ON CONFLICT (id) DO UPDATE SET name = excluded.name, query = excluded.query,
			webhook_url = excluded.webhook_url, secret = excluded.secret`,
		a.ID, a.Name, string(q), a.WebhookURL, a.Secret, created.UnixMilli()); err != nil {
		return fmt.Errorf("put alert %s: %w", a.ID, err)
	}
	// The first alert starts the matching of stored articles at the end
	// of the change log: alerts are for articles stored from then on.
	if _, err := tx.ExecContext(ctx, `UPDATE alerts_state SET version = version + 1,
		matched_seq = CASE WHEN matched_seq < 0 THEN (SELECT coalesce(max(seq), 0) FROM changes) ELSE matched_seq END
		WHERE id = 1`); err != nil {
		return fmt.Errorf("put alert %s: %w", a.ID, err)
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("put alert %s: %w", a.ID, err)
	}
	return nil
}

const alertColumns = `id, name, query, webhook_url, secret, created`

func scanAlert(sc interface{ Scan(...any) error }) (marsad.Alert, error) {
	var a marsad.Alert
	var q string
	var created int64
	if err := sc.Scan(&a.ID, &a.Name, &q, &a.WebhookURL, &a.Secret, &created); err != nil {
		return a, err
	}
	if err := json.Unmarshal([]byte(q), &a.Query); err != nil {
		return a, fmt.Errorf("alert %s: stored query: %w", a.ID, err)
	}
	a.Created = fromMS(created)
	return a, nil
}

// Alert returns one alert.
func (s *Store) Alert(ctx context.Context, id string) (*marsad.Alert, error) {
	a, err := scanAlert(s.r.QueryRowContext(ctx, `SELECT `+alertColumns+` FROM alerts WHERE id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("alert %s: %w", id, marsad.ErrNotFound)
	}
	if err != nil {
		return nil, fmt.Errorf("alert %s: %w", id, err)
	}
	return &a, nil
}

// Alerts lists every alert, oldest first.
func (s *Store) Alerts(ctx context.Context) ([]marsad.Alert, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT `+alertColumns+` FROM alerts ORDER BY created, id`)
	if err != nil {
		return nil, fmt.Errorf("alerts: %w", err)
	}
	defer rows.Close()
	var out []marsad.Alert
	for rows.Next() {
		a, err := scanAlert(rows)
		if err != nil {
			return nil, fmt.Errorf("alerts: %w", err)
		}
		out = append(out, a)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("alerts: %w", err)
	}
	return out, nil
}

// DeleteAlert removes an alert, its matches and its deliveries.
func (s *Store) DeleteAlert(ctx context.Context, id string) error {
	tx, err := s.w.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("delete alert %s: %w", id, err)
	}
	defer tx.Rollback()
	res, err := tx.ExecContext(ctx, `DELETE FROM alerts WHERE id = ?`, id)
	if err != nil {
		return fmt.Errorf("delete alert %s: %w", id, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return fmt.Errorf("delete alert %s: %w", id, marsad.ErrNotFound)
	}
	if _, err := tx.ExecContext(ctx, `UPDATE alerts_state SET version = version + 1 WHERE id = 1`); err != nil {
		return fmt.Errorf("delete alert %s: %w", id, err)
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("delete alert %s: %w", id, err)
	}
	return nil
}

// AlertsVersion returns the alerts' change counter.
func (s *Store) AlertsVersion(ctx context.Context) (int64, error) {
	var v int64
	if err := s.r.QueryRowContext(ctx, `SELECT version FROM alerts_state WHERE id = 1`).Scan(&v); err != nil {
		return 0, fmt.Errorf("alerts version: %w", err)
	}
	return v, nil
}

// AlertsSeq returns the change sequence number up to which articles were
// matched, or -1.
func (s *Store) AlertsSeq(ctx context.Context) (int64, error) {
	var v int64
	if err := s.r.QueryRowContext(ctx, `SELECT matched_seq FROM alerts_state WHERE id = 1`).Scan(&v); err != nil {
		return 0, fmt.Errorf("alerts seq: %w", err)
	}
	return v, nil
}

// SetAlertsSeq records the change sequence number up to which articles
// were matched.
func (s *Store) SetAlertsSeq(ctx context.Context, seq int64) error {
	if _, err := s.w.ExecContext(ctx, `UPDATE alerts_state SET matched_seq = ? WHERE id = 1`, seq); err != nil {
		return fmt.Errorf("set alerts seq: %w", err)
	}
	return nil
}

// AddMatches records matches and enqueues their deliveries atomically.
func (s *Store) AddMatches(ctx context.Context, matches []marsad.AlertMatch, deliveries []marsad.Delivery) (int, error) {
	if len(matches) == 0 {
		return 0, nil
	}
	tx, err := s.w.BeginTx(ctx, nil)
	if err != nil {
		return 0, fmt.Errorf("add alert matches: %w", err)
	}
	defer tx.Rollback()
	type pair struct{ alert, article string }
	fresh := map[pair]bool{}
	now := s.now()
	ins, err := tx.PrepareContext(ctx, `INSERT INTO alert_matches (alert_id, article_id, url, title, source, published, summary, matched)
		SELECT ?, ?, ?, ?, ?, ?, ?, ? WHERE EXISTS (SELECT 1 FROM alerts WHERE id = ?)
		ON CONFLICT (alert_id, article_id) DO NOTHING`)
	if err != nil {
		return 0, fmt.Errorf("add alert matches: %w", err)
	}
	defer ins.Close()
	for _, m := range matches {
		matched := m.Matched
		if matched.IsZero() {
			matched = now
		}
		res, err := ins.ExecContext(ctx, m.AlertID, m.Article.ID, m.Article.URL, m.Article.Title, m.Article.Source,
			m.Article.Published, m.Summary, matched.UnixMilli(), m.AlertID)
		if err != nil {
			return 0, fmt.Errorf("add alert match %s/%s: %w", m.AlertID, m.Article.ID, err)
		}
		if n, _ := res.RowsAffected(); n > 0 {
			fresh[pair{m.AlertID, m.Article.ID}] = true
		}
	}
	var enq *sql.Stmt
	for _, d := range deliveries {
		if !fresh[pair{d.AlertID, d.ArticleID}] {
			continue
		}
		if enq == nil {
			if enq, err = tx.PrepareContext(ctx, `INSERT INTO alert_outbox (alert_id, article_id, url, body, next_attempt, created)
				VALUES (?, ?, ?, ?, ?, ?)`); err != nil {
				return 0, fmt.Errorf("enqueue deliveries: %w", err)
			}
			defer enq.Close()
		}
		next := d.NextAttempt
		if next.IsZero() {
			next = now
		}
		body := d.Body
		if body == nil {
			body = []byte{} // an empty body, as on PostgreSQL
		}
		if _, err := enq.ExecContext(ctx, d.AlertID, d.ArticleID, d.URL, body, next.UnixMilli(), now.UnixMilli()); err != nil {
			return 0, fmt.Errorf("enqueue delivery %s/%s: %w", d.AlertID, d.ArticleID, err)
		}
	}
	if err := tx.Commit(); err != nil {
		return 0, fmt.Errorf("add alert matches: %w", err)
	}
	return len(fresh), nil
}

// AlertEntries lists an alert's matches, newest first.
func (s *Store) AlertEntries(ctx context.Context, alertID string, beforeSeq int64, limit int) ([]marsad.AlertMatch, error) {
	if limit <= 0 {
		return nil, nil
	}
	if beforeSeq <= 0 {
		beforeSeq = 1<<63 - 1
	}
	rows, err := s.r.QueryContext(ctx, `SELECT seq, alert_id, article_id, url, title, source, published, summary, matched
		FROM alert_matches WHERE alert_id = ? AND seq < ? ORDER BY seq DESC LIMIT ?`, alertID, beforeSeq, limit)
	if err != nil {
		return nil, fmt.Errorf("alert entries %s: %w", alertID, err)
	}
	defer rows.Close()
	var out []marsad.AlertMatch
	for rows.Next() {
		var m marsad.AlertMatch
		var matched int64
		if err := rows.Scan(&m.Seq, &m.AlertID, &m.Article.ID, &m.Article.URL, &m.Article.Title, &m.Article.Source,
			&m.Article.Published, &m.Summary, &matched); err != nil {
			return nil, fmt.Errorf("alert entries %s: %w", alertID, err)
		}
		m.Matched = fromMS(matched)
		out = append(out, m)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("alert entries %s: %w", alertID, err)
	}
	return out, nil
}

const deliveryColumns = `id, alert_id, article_id, url, body, state, attempts, next_attempt, last_error, created`

func scanDelivery(sc interface{ Scan(...any) error }) (marsad.Delivery, error) {
	var d marsad.Delivery
	var next, created int64
	err := sc.Scan(&d.ID, &d.AlertID, &d.ArticleID, &d.URL, &d.Body, &d.State, &d.Attempts, &next, &d.LastError, &created)
	d.NextAttempt, d.Created = fromMS(next), fromMS(created)
	return d, err
}

// ClaimDeliveries leases due deliveries to owner.
func (s *Store) ClaimDeliveries(ctx context.Context, owner string, now time.Time, n int, lease time.Duration) ([]marsad.Delivery, error) {
	if owner == "" || n <= 0 {
		return nil, errors.New("claim deliveries: owner and a positive count are required")
	}
	tx, err := s.w.BeginTx(ctx, nil)
	if err != nil {
		return nil, fmt.Errorf("claim deliveries: %w", err)
	}
	defer tx.Rollback()
	nowMS := now.UnixMilli()
	rows, err := tx.QueryContext(ctx, `SELECT `+deliveryColumns+` FROM alert_outbox
		WHERE state = 'pending' AND next_attempt <= ? AND lease_until < ?
		ORDER BY next_attempt, id LIMIT ?`, nowMS, nowMS, n)
	if err != nil {
		return nil, fmt.Errorf("claim deliveries: %w", err)
	}
	var out []marsad.Delivery
	for rows.Next() {
		d, err := scanDelivery(rows)
		if err != nil {
			rows.Close()
			return nil, fmt.Errorf("claim deliveries: %w", err)
		}
		out = append(out, d)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("claim deliveries: %w", err)
	}
	until := now.Add(lease).UnixMilli()
	for _, d := range out {
		if _, err := tx.ExecContext(ctx, `UPDATE alert_outbox SET lease_owner = ?, lease_until = ? WHERE id = ?`, owner, until, d.ID); err != nil {
			return nil, fmt.Errorf("claim deliveries: %w", err)
		}
	}
	if err := tx.Commit(); err != nil {
		return nil, fmt.Errorf("claim deliveries: %w", err)
	}
	return out, nil
}

// MarkDelivered records a successful delivery.
func (s *Store) MarkDelivered(ctx context.Context, id int64) error {
	res, err := s.w.ExecContext(ctx, `UPDATE alert_outbox SET state = 'delivered', lease_owner = '', lease_until = 0,
		last_error = '', done = ? WHERE id = ?`, s.now().UnixMilli(), id)
	if err != nil {
		return fmt.Errorf("mark delivery %d delivered: %w", id, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return fmt.Errorf("mark delivery %d delivered: %w", id, marsad.ErrNotFound)
	}
	return nil
}

// MarkFailed records a failed attempt.
func (s *Store) MarkFailed(ctx context.Context, id int64, next time.Time, errMsg string, dead bool) error {
	state, done := marsad.DeliveryPending, int64(0)
	if dead {
		state, done = marsad.DeliveryDead, s.now().UnixMilli()
	}
	res, err := s.w.ExecContext(ctx, `UPDATE alert_outbox SET state = ?, attempts = attempts + 1, next_attempt = ?,
		last_error = ?, lease_owner = '', lease_until = 0, done = ? WHERE id = ?`,
		state, next.UnixMilli(), clip.Bytes(errMsg, maxDeliveryError), done, id)
	if err != nil {
		return fmt.Errorf("mark delivery %d failed: %w", id, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return fmt.Errorf("mark delivery %d failed: %w", id, marsad.ErrNotFound)
	}
	return nil
}

// Deliveries lists an alert's deliveries, newest first.
func (s *Store) Deliveries(ctx context.Context, alertID string, limit int) ([]marsad.Delivery, error) {
	if limit <= 0 {
		return nil, nil
	}
	rows, err := s.r.QueryContext(ctx, `SELECT `+deliveryColumns+` FROM alert_outbox WHERE alert_id = ? ORDER BY id DESC LIMIT ?`, alertID, limit)
	if err != nil {
		return nil, fmt.Errorf("deliveries %s: %w", alertID, err)
	}
	defer rows.Close()
	var out []marsad.Delivery
	for rows.Next() {
		d, err := scanDelivery(rows)
		if err != nil {
			return nil, fmt.Errorf("deliveries %s: %w", alertID, err)
		}
		out = append(out, d)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("deliveries %s: %w", alertID, err)
	}
	return out, nil
}

// PruneDeliveries removes finished deliveries older than before.
func (s *Store) PruneDeliveries(ctx context.Context, before time.Time) (int, error) {
	res, err := s.w.ExecContext(ctx, `DELETE FROM alert_outbox WHERE state <> 'pending' AND done < ?`, before.UnixMilli())
	if err != nil {
		return 0, fmt.Errorf("prune deliveries: %w", err)
	}
	n, _ := res.RowsAffected()
	return int(n), nil
}
