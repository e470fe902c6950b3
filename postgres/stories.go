package postgres

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/marsad-news/marsad"
)

// PutStory implements marsad.Store. Articles already in another story move
// to this one; a story that loses its last article that way disappears.
func (s *Store) PutStory(ctx context.Context, st *marsad.Story) error {
	if st.ID == "" {
		return errors.New("put story: empty id")
	}
	err := s.inTx(ctx, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `INSERT INTO stories (id, title, first, last) VALUES ($1, $2, $3, $4)
			ON CONFLICT (id) DO UPDATE SET title = excluded.title, first = excluded.first, last = excluded.last`,
			st.ID, st.Title, tsOrNil(st.First), tsOrNil(st.Last)); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `DELETE FROM story_articles WHERE story_id = $1`, st.ID); err != nil {
			return err
		}
		if len(st.Articles) == 0 {
			return nil
		}
		ids := make([]string, len(st.Articles))
		dups := make([]string, len(st.Articles))
		for i, a := range st.Articles {
			ids[i], dups[i] = a.ID, a.DuplicateOf
		}
		rows, err := tx.Query(ctx, `SELECT DISTINCT story_id FROM story_articles
			WHERE article_id = ANY($1::text[]) AND story_id <> $2`, ids, st.ID)
		if err != nil {
			return err
		}
		left, err := pgx.CollectRows(rows, pgx.RowTo[string])
		if err != nil {
			return err
		}
		// One statement for the membership; a repeated article keeps its
		// last mark, as a sequence of upserts would.
		_, err = tx.Exec(ctx, `INSERT INTO story_articles (article_id, story_id, duplicate_of)
			SELECT DISTINCT ON (m.id) m.id, $2, m.dup
			FROM unnest($1::text[], $3::text[]) WITH ORDINALITY AS m(id, dup, n)
			JOIN articles a ON a.id = m.id
			ORDER BY m.id, m.n DESC
			ON CONFLICT (article_id) DO UPDATE SET story_id = excluded.story_id, duplicate_of = excluded.duplicate_of`,
			ids, st.ID, dups)
		if err != nil || len(left) == 0 {
			return err
		}
		_, err = tx.Exec(ctx, `DELETE FROM stories s WHERE s.id = ANY($1::text[])
			AND NOT EXISTS (SELECT 1 FROM story_articles m WHERE m.story_id = s.id)`, left)
		return err
	})
	if err != nil {
		return fmt.Errorf("put story %s: %w", st.ID, err)
	}
	return nil
}

// Story implements marsad.Store.
func (s *Store) Story(ctx context.Context, id string) (*marsad.Story, error) {
	st := marsad.Story{ID: id}
	var first, last *time.Time
	err := s.pool.QueryRow(ctx, `SELECT title, first, last FROM stories WHERE id = $1`, id).Scan(&st.Title, &first, &last)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, fmt.Errorf("story %s: %w", id, marsad.ErrNotFound)
	}
	if err != nil {
		return nil, fmt.Errorf("story %s: %w", id, err)
	}
	st.First, st.Last = fromNull(first), fromNull(last)
	rows, err := s.pool.Query(ctx, `SELECT a.id, a.url, a.title, a.source, a.published, m.duplicate_of
		FROM story_articles m JOIN articles a ON a.id = m.article_id
		WHERE m.story_id = $1 ORDER BY a.published COLLATE "C", a.first_stored, a.id COLLATE "C"`, id)
	if err != nil {
		return nil, fmt.Errorf("story %s: %w", id, err)
	}
	arts, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (marsad.StoryArticle, error) {
		var a marsad.StoryArticle
		err := row.Scan(&a.ID, &a.URL, &a.Title, &a.Source, &a.Published, &a.DuplicateOf)
		return a, err
	})
	if err != nil {
		return nil, fmt.Errorf("story %s: %w", id, err)
	}
	st.Articles = arts
	if st.Articles == nil {
		st.Articles = []marsad.StoryArticle{}
	}
	return &st, nil
}

// Stories implements marsad.Store.
func (s *Store) Stories(ctx context.Context, limit int) ([]marsad.Story, error) {
	if limit <= 0 {
		limit = 100
	}
	rows, err := s.pool.Query(ctx, `SELECT id, title, first, last FROM stories
		ORDER BY last DESC NULLS LAST, id LIMIT $1`, limit)
	if err != nil {
		return nil, fmt.Errorf("stories: %w", err)
	}
	out, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (marsad.Story, error) {
		var st marsad.Story
		var first, last *time.Time
		err := row.Scan(&st.ID, &st.Title, &first, &last)
		st.First, st.Last = fromNull(first), fromNull(last)
		return st, err
	})
	if err != nil {
		return nil, fmt.Errorf("stories: %w", err)
	}
	return out, nil
}

// StoryOf implements marsad.Store.
func (s *Store) StoryOf(ctx context.Context, articleID string) (*marsad.Story, error) {
	var id string
	err := s.pool.QueryRow(ctx, `SELECT story_id FROM story_articles WHERE article_id = $1`, articleID).Scan(&id)
	if errors.Is(err, pgx.ErrNoRows) {
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
	rows := make([][]any, len(recs))
	for i, r := range recs {
		t := r.Time
		if t.IsZero() {
			t = s.now()
		}
		rows[i] = []any{t.UTC(), r.Input, r.ArticleID, string(r.Outcome), r.Error}
	}
	err := s.inTx(ctx, func(tx pgx.Tx) error {
		b := &pgx.Batch{}
		for _, r := range rows {
			b.Queue(`INSERT INTO ingest_log (time, input, article_id, outcome, error) VALUES ($1, $2, $3, $4, $5)`, r...)
		}
		return tx.SendBatch(ctx, b).Close()
	})
	if err != nil {
		return fmt.Errorf("ingest log: %w", err)
	}
	return nil
}

// IngestLog implements marsad.Store.
func (s *Store) IngestLog(ctx context.Context, limit int) ([]marsad.IngestRecord, error) {
	if limit <= 0 {
		limit = 100
	}
	rows, err := s.pool.Query(ctx, `SELECT time, input, article_id, outcome, error FROM ingest_log ORDER BY id DESC LIMIT $1`, limit)
	if err != nil {
		return nil, fmt.Errorf("ingest log: %w", err)
	}
	out, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (marsad.IngestRecord, error) {
		var r marsad.IngestRecord
		var outcome string
		err := row.Scan(&r.Time, &r.Input, &r.ArticleID, &outcome, &r.Error)
		r.Time, r.Outcome = r.Time.UTC(), marsad.Outcome(outcome)
		return r, err
	})
	if err != nil {
		return nil, fmt.Errorf("ingest log: %w", err)
	}
	return out, nil
}

// Stats implements marsad.Store.
func (s *Store) Stats(ctx context.Context) (marsad.StoreStats, error) {
	var st marsad.StoreStats
	err := s.pool.QueryRow(ctx, `SELECT
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
