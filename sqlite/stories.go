package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/marsad-news/marsad"
)

// PutStory implements marsad.Store. Articles already in another story move
// to this one.
func (s *Store) PutStory(ctx context.Context, st *marsad.Story) error {
	if st.ID == "" {
		return errors.New("put story: empty id")
	}
	tx, err := s.w.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("put story %s: %w", st.ID, err)
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, `INSERT INTO stories (id, title, first, last) VALUES (?, ?, ?, ?)
		ON CONFLICT (id) DO UPDATE SET title = excluded.title, first = excluded.first, last = excluded.last`,
		st.ID, st.Title, timeString(st.First), timeString(st.Last)); err != nil {
		return fmt.Errorf("put story %s: %w", st.ID, err)
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM story_articles WHERE story_id = ?`, st.ID); err != nil {
		return fmt.Errorf("put story %s: %w", st.ID, err)
	}
	// Stories that lose their last article to this one disappear.
	left := map[string]bool{}
	for _, a := range st.Articles {
		var prev string
		err := tx.QueryRowContext(ctx, `SELECT story_id FROM story_articles WHERE article_id = ?`, a.ID).Scan(&prev)
		if err == nil && prev != st.ID {
			left[prev] = true
		} else if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return fmt.Errorf("put story %s: article %s: %w", st.ID, a.ID, err)
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO story_articles (article_id, story_id, duplicate_of)
			SELECT ?1, ?2, ?3 WHERE EXISTS (SELECT 1 FROM articles WHERE id = ?1)
			ON CONFLICT (article_id) DO UPDATE SET story_id = excluded.story_id, duplicate_of = excluded.duplicate_of`,
			a.ID, st.ID, a.DuplicateOf); err != nil {
			return fmt.Errorf("put story %s: article %s: %w", st.ID, a.ID, err)
		}
	}
	for id := range left {
		if _, err := tx.ExecContext(ctx, `DELETE FROM stories WHERE id = ?
			AND NOT EXISTS (SELECT 1 FROM story_articles WHERE story_id = ?)`, id, id); err != nil {
			return fmt.Errorf("put story %s: removing emptied story %s: %w", st.ID, id, err)
		}
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("put story %s: %w", st.ID, err)
	}
	return nil
}

// Story implements marsad.Store.
func (s *Store) Story(ctx context.Context, id string) (*marsad.Story, error) {
	st := marsad.Story{ID: id}
	var first, last string
	err := s.r.QueryRowContext(ctx, `SELECT title, first, last FROM stories WHERE id = ?`, id).Scan(&st.Title, &first, &last)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("story %s: %w", id, marsad.ErrNotFound)
	}
	if err != nil {
		return nil, fmt.Errorf("story %s: %w", id, err)
	}
	st.First, st.Last = parseTime(first), parseTime(last)
	rows, err := s.r.QueryContext(ctx, `SELECT a.id, a.url, a.title, a.source, a.published, m.duplicate_of
		FROM story_articles m JOIN articles a ON a.id = m.article_id
		WHERE m.story_id = ? ORDER BY a.published, a.first_stored, a.id`, id)
	if err != nil {
		return nil, fmt.Errorf("story %s: %w", id, err)
	}
	defer rows.Close()
	st.Articles = []marsad.StoryArticle{}
	for rows.Next() {
		var a marsad.StoryArticle
		if err := rows.Scan(&a.ID, &a.URL, &a.Title, &a.Source, &a.Published, &a.DuplicateOf); err != nil {
			return nil, fmt.Errorf("story %s: %w", id, err)
		}
		st.Articles = append(st.Articles, a)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("story %s: %w", id, err)
	}
	return &st, nil
}

// Stories implements marsad.Store.
func (s *Store) Stories(ctx context.Context, limit int) ([]marsad.Story, error) {
	if limit <= 0 {
		limit = 100
	}
	rows, err := s.r.QueryContext(ctx, `SELECT id, title, first, last FROM stories ORDER BY last DESC, id LIMIT ?`, limit)
	if err != nil {
		return nil, fmt.Errorf("stories: %w", err)
	}
	defer rows.Close()
	var out []marsad.Story
	for rows.Next() {
		var st marsad.Story
		var first, last string
		if err := rows.Scan(&st.ID, &st.Title, &first, &last); err != nil {
			return nil, fmt.Errorf("stories: %w", err)
		}
		st.First, st.Last = parseTime(first), parseTime(last)
		out = append(out, st)
	}
	return out, rows.Err()
}

// StoryOf implements marsad.Store.
func (s *Store) StoryOf(ctx context.Context, articleID string) (*marsad.Story, error) {
	var id string
	err := s.r.QueryRowContext(ctx, `SELECT story_id FROM story_articles WHERE article_id = ?`, articleID).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("story of %s: %w", articleID, marsad.ErrNotFound)
	}
	if err != nil {
		return nil, fmt.Errorf("story of %s: %w", articleID, err)
	}
	return s.Story(ctx, id)
}

// LogIngest implements marsad.Store.
func (s *Store) LogIngest(ctx context.Context, recs ...marsad.IngestRecord) error {
	if len(recs) == 0 {
		return nil
	}
	tx, err := s.w.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("ingest log: %w", err)
	}
	defer tx.Rollback()
	for _, r := range recs {
		t := r.Time
		if t.IsZero() {
			t = s.now()
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO ingest_log (time, input, article_id, outcome, error) VALUES (?, ?, ?, ?, ?)`,
			timeString(t), r.Input, r.ArticleID, string(r.Outcome), r.Error); err != nil {
			return fmt.Errorf("ingest log: %w", err)
		}
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("ingest log: %w", err)
	}
	return nil
}

// IngestLog implements marsad.Store.
func (s *Store) IngestLog(ctx context.Context, limit int) ([]marsad.IngestRecord, error) {
	if limit <= 0 {
		limit = 100
	}
	rows, err := s.r.QueryContext(ctx, `SELECT time, input, article_id, outcome, error FROM ingest_log ORDER BY id DESC LIMIT ?`, limit)
	if err != nil {
		return nil, fmt.Errorf("ingest log: %w", err)
	}
	defer rows.Close()
	var out []marsad.IngestRecord
	for rows.Next() {
		var r marsad.IngestRecord
		var t, outcome string
		if err := rows.Scan(&t, &r.Input, &r.ArticleID, &outcome, &r.Error); err != nil {
			return nil, fmt.Errorf("ingest log: %w", err)
		}
		r.Time, r.Outcome = parseTime(t), marsad.Outcome(outcome)
		out = append(out, r)
	}
	return out, rows.Err()
}

// Stats implements marsad.Store.
func (s *Store) Stats(ctx context.Context) (marsad.StoreStats, error) {
	var st marsad.StoreStats
	err := s.r.QueryRowContext(ctx, `SELECT
		(SELECT count(*) FROM articles),
		(SELECT count(*) FROM revisions),
		(SELECT count(*) FROM entities),
		(SELECT count(*) FROM sources),
		(SELECT count(*) FROM stories),
		(SELECT coalesce(max(seq), 0) FROM changes)`).
		Scan(&st.Articles, &st.Revisions, &st.Entities, &st.Sources, &st.Stories, &st.LastSeq)
	if err != nil {
		return st, fmt.Errorf("stats: %w", err)
	}
	return st, nil
}
