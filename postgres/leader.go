package postgres

import (
	"context"
	"errors"
	"fmt"
	"hash/fnv"

	"github.com/jackc/pgx/v5/pgxpool"
)

// Lead is leadership of a named job among all the processes sharing the
// database: a session advisory lock held on a dedicated connection. If
// the process dies, its connection closes and PostgreSQL frees the lock,
// so another process takes the job over.
type Lead struct {
	conn *pgxpool.Conn
	key  int64
}

// TryLead tries to become the one process running the job name (in this
// schema). It returns nil, nil when another process leads.
func (s *Store) TryLead(ctx context.Context, name string) (*Lead, error) {
	h := fnv.New64a()
	h.Write([]byte("marsad lead " + s.schema + " " + name))
	key := int64(h.Sum64())
	conn, err := s.pool.Acquire(ctx)
	if err != nil {
		return nil, fmt.Errorf("lead %s: %w", name, err)
	}
	var ok bool
	if err := conn.QueryRow(ctx, `SELECT pg_try_advisory_lock($1)`, key).Scan(&ok); err != nil {
		conn.Release()
		return nil, fmt.Errorf("lead %s: %w", name, err)
	}
	if !ok {
		conn.Release()
		return nil, nil
	}
	return &Lead{conn: conn, key: key}, nil
}

// ErrLeadLost is returned by Lead.Check when the lock's connection broke:
// another process may lead now.
var ErrLeadLost = errors.New("leadership lost")

// Check verifies that the lead is still held.
func (l *Lead) Check(ctx context.Context) error {
	var held bool
	err := l.conn.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM pg_locks WHERE locktype = 'advisory'
		AND pid = pg_backend_pid() AND granted AND ((classid::bigint << 32) | objid::bigint) = $1)`, l.key).Scan(&held)
	if err != nil {
		return fmt.Errorf("%w: %v", ErrLeadLost, err)
	}
	if !held {
		return ErrLeadLost
	}
	return nil
}

// Release gives the lead up.
func (l *Lead) Release() {
	ctx := context.Background()
	if _, err := l.conn.Exec(ctx, `SELECT pg_advisory_unlock($1)`, l.key); err != nil {
		// A broken connection: closing it frees the lock.
		l.conn.Conn().Close(ctx)
	}
	l.conn.Release()
}

// ClusterCursor returns the change sequence number up to which the
// clustering step has placed articles.
func (s *Store) ClusterCursor(ctx context.Context) (int64, error) {
	var seq int64
	if err := s.pool.QueryRow(ctx, `SELECT last_seq FROM cluster_state WHERE id = 1`).Scan(&seq); err != nil {
		return 0, fmt.Errorf("cluster cursor: %w", err)
	}
	return seq, nil
}

// SetClusterCursor records the clustering step's progress. Only the
// leader of the clustering job calls it; it never moves the cursor back.
func (s *Store) SetClusterCursor(ctx context.Context, seq int64) error {
	if _, err := s.pool.Exec(ctx, `UPDATE cluster_state SET last_seq = greatest(last_seq, $1) WHERE id = 1`, seq); err != nil {
		return fmt.Errorf("cluster cursor: %w", err)
	}
	return nil
}
