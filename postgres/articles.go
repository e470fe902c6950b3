package postgres

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/marsad-news/marsad"
	"github.com/marsad-news/marsad/store/registry"
)

// identify fills in a.CanonicalURL (from a.URL) and a.ID (from the
// canonical URL, or from the whitespace-normalized text, or the title,
// when there is no usable URL), as the embedded store does.
func identify(a *marsad.Article) error {
	if a.CanonicalURL == "" && a.URL != "" {
		if c, err := marsad.CanonicalURL(a.URL); err == nil {
			a.CanonicalURL = c
		}
	}
	if a.ID != "" {
		return nil
	}
	if a.CanonicalURL == "" && strings.TrimSpace(a.Text) == "" && strings.TrimSpace(a.Title) == "" {
		return errors.New("article has neither a URL nor text")
	}
	text := a.Text
	if strings.TrimSpace(text) == "" {
		text = a.Title
	}
	a.ID = marsad.ArticleID(a.CanonicalURL, strings.Join(strings.Fields(text), " "))
	return nil
}

// prepared is one article ready to be written: everything that costs CPU
// is done before the write lock is taken.
type prepared struct {
	a       *marsad.Article
	hash    string
	doc     []byte // compressed JSON
	authors []byte
	raw     *marsad.RawPage
	rawBody []byte // compressed
	search  searchDoc
}

func (s *Store) prepare(it marsad.PutItem) (*prepared, error) {
	if it.Article == nil {
		return nil, errors.New("nil article")
	}
	if err := identify(it.Article); err != nil {
		return nil, err
	}
	a := it.Article
	hash, doc, err := marsad.ContentHash(a)
	if err != nil {
		return nil, fmt.Errorf("encode: %w", err)
	}
	authors, _ := json.Marshal(nonNil(a.Authors))
	p := &prepared{a: a, hash: hash, doc: s.doc.Compress(doc), authors: authors, search: newSearchDoc(a)}
	if raw := it.Raw; raw != nil && (len(raw.Body) > 0 || raw.WARCFile != "") {
		p.raw = raw
		if len(raw.Body) > 0 {
			p.rawBody = s.doc.Compress(raw.Body)
		}
	}
	return p, nil
}

// PutArticle implements marsad.Store.
func (s *Store) PutArticle(ctx context.Context, a *marsad.Article, raw *marsad.RawPage) (marsad.PutResult, error) {
	res, err := s.PutArticles(ctx, []marsad.PutItem{{Article: a, Raw: raw}})
	if err != nil {
		return marsad.PutResult{}, err
	}
	return res[0], nil
}

// PutArticles implements marsad.Store.
func (s *Store) PutArticles(ctx context.Context, items []marsad.PutItem) ([]marsad.PutResult, error) {
	if len(items) == 0 {
		return nil, nil
	}
	preps := make([]*prepared, len(items))
	for i, it := range items {
		p, err := s.prepare(it)
		if err != nil {
			return nil, fmt.Errorf("put article %d: %w", i, err)
		}
		preps[i] = p
	}
	results := make([]marsad.PutResult, len(items))
	err := s.inTx(ctx, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock($1)`, s.seqLock); err != nil {
			return fmt.Errorf("put articles: lock: %w", err)
		}
		reg := registry.NewBatch()
		for i, p := range preps {
			r, err := s.put(ctx, tx, reg, p)
			if err != nil {
				return fmt.Errorf("put article %s: %w", p.a.ID, err)
			}
			results[i] = r
		}
		if err := writeRegistry(ctx, tx, reg); err != nil {
			return fmt.Errorf("put articles: entity registry: %w", err)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return results, nil
}

func (s *Store) put(ctx context.Context, tx pgx.Tx, reg *registry.Batch, p *prepared) (marsad.PutResult, error) {
	a := p.a
	res := marsad.PutResult{ID: a.ID}
	var (
		oldRev  int
		oldSeq  int64
		oldHash string
	)
	err := tx.QueryRow(ctx, `SELECT revision, seq, hash FROM articles WHERE id = $1`, a.ID).Scan(&oldRev, &oldSeq, &oldHash)
	switch {
	case errors.Is(err, pgx.ErrNoRows):
		res.Outcome = marsad.OutcomeNew
		res.Revision = 1
	case err != nil:
		return res, err
	case oldHash == p.hash:
		res.Outcome = marsad.OutcomeUnchanged
		res.Revision = oldRev
		res.Seq = oldSeq
		return res, nil
	default:
		res.Outcome = marsad.OutcomeRevised
		res.Revision = oldRev + 1
	}
	now := s.now().UTC()
	if err := tx.QueryRow(ctx, `INSERT INTO changes (article_id, kind, at) VALUES ($1, 'put', $2) RETURNING seq`, a.ID, now).Scan(&res.Seq); err != nil {
		return res, fmt.Errorf("change log: %w", err)
	}
	if res.Outcome == marsad.OutcomeNew {
		_, err = tx.Exec(ctx, `INSERT INTO articles (id, url, canonical_url, source, credit, language, encoding,
			title, category, published, modified, authors, image, revision, seq, hash, first_stored, last_stored)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $17)`,
			a.ID, a.URL, a.CanonicalURL, a.Source, a.Credit, a.Language, a.Encoding,
			a.Title, a.Category, a.Published, a.Modified, string(p.authors), a.Image,
			res.Revision, res.Seq, p.hash, now)
	} else {
		_, err = tx.Exec(ctx, `UPDATE articles SET url = $1, canonical_url = $2, source = $3, credit = $4,
			language = $5, encoding = $6, title = $7, category = $8, published = $9, modified = $10, authors = $11,
			image = $12, revision = $13, seq = $14, hash = $15, last_stored = $16 WHERE id = $17`,
			a.URL, a.CanonicalURL, a.Source, a.Credit, a.Language, a.Encoding, a.Title, a.Category,
			a.Published, a.Modified, string(p.authors), a.Image, res.Revision, res.Seq, p.hash, now, a.ID)
	}
	if err != nil {
		return res, fmt.Errorf("article row: %w", err)
	}
	if _, err := tx.Exec(ctx, `INSERT INTO revisions (article_id, number, seq, hash, stored, doc) VALUES ($1, $2, $3, $4, $5, $6)`,
		a.ID, res.Revision, res.Seq, p.hash, now, p.doc); err != nil {
		return res, fmt.Errorf("revision: %w", err)
	}
	if raw := p.raw; raw != nil {
		if _, err := tx.Exec(ctx, `INSERT INTO raw_pages (seq, content_type, body, warc_file, warc_offset, fetched)
			VALUES ($1, $2, $3, $4, $5, $6)`, res.Seq, raw.ContentType, p.rawBody, raw.WARCFile, raw.WARCOffset, tsOrNil(raw.Fetched)); err != nil {
			return res, fmt.Errorf("raw page: %w", err)
		}
	}
	if err := s.putAnalysis(ctx, tx, reg, a, res.Outcome == marsad.OutcomeRevised); err != nil {
		return res, err
	}
	if err := p.search.write(ctx, tx, a.ID); err != nil {
		return res, fmt.Errorf("search row: %w", err)
	}
	return res, nil
}

// analysisTables hold the analysis rows of an article's current revision.
var analysisTables = []string{"article_entities", "mentions", "quotes", "dates", "events"}

// putAnalysis replaces the entity, mention, quote, date and event rows of
// the article's current revision and feeds the entity registry.
func (s *Store) putAnalysis(ctx context.Context, tx pgx.Tx, reg *registry.Batch, a *marsad.Article, replace bool) error {
	if replace {
		for _, t := range analysisTables {
			if _, err := tx.Exec(ctx, "DELETE FROM "+t+" WHERE article_id = $1", a.ID); err != nil {
				return fmt.Errorf("clear %s: %w", t, err)
			}
		}
	}
	b := &pgx.Batch{}
	seen := map[string]bool{}
	for _, e := range a.Entities {
		key := registry.Key(&e)
		if key == "" {
			continue
		}
		key, err := reg.Resolve(ctx, txLookup{tx}, key, e.Type)
		if err != nil {
			return fmt.Errorf("entity %q: %w", e.Key, err)
		}
		reg.Add(key, &e, a.Source)
		if !seen[key] {
			// Two spelling variants in one article are one entity.
			seen[key] = true
			roles, _ := json.Marshal(nonNil(e.Roles))
			b.Queue(`INSERT INTO article_entities (article_id, key, name, type, roles, mentions)
				VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING`, a.ID, key, e.Name, e.Type, string(roles), len(e.Mentions))
		}
		for _, m := range e.Mentions {
			b.Queue(`INSERT INTO mentions (article_id, key, start, "end", text) VALUES ($1, $2, $3, $4, $5)
				ON CONFLICT DO NOTHING`, a.ID, key, m.Start, m.End, m.Text)
		}
	}
	for i, q := range a.Quotes {
		b.Queue(`INSERT INTO quotes (article_id, n, speaker, speaker_type, text, kind, start, "end")
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`, a.ID, i, q.Speaker, q.SpeakerType, q.Text, q.Kind, q.Start, q.End)
	}
	for i, d := range a.Dates {
		b.Queue(`INSERT INTO dates (article_id, n, text, start, "end", value, granularity, until)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`, a.ID, i, d.Text, d.Start, d.End, d.Value, d.Granularity, d.Until)
	}
	for i, ev := range a.Events {
		parts, _ := json.Marshal(nonNil(ev.Participants))
		b.Queue(`INSERT INTO events (article_id, n, type, participants, place, date)
			VALUES ($1, $2, $3, $4, $5, $6)`, a.ID, i, ev.Type, string(parts), ev.Place, ev.Date)
	}
	if b.Len() == 0 {
		return nil
	}
	if err := tx.SendBatch(ctx, b).Close(); err != nil {
		return fmt.Errorf("analysis rows: %w", err)
	}
	return nil
}

// Article implements marsad.Store.
func (s *Store) Article(ctx context.Context, id string) (*marsad.Article, error) {
	var doc []byte
	err := s.pool.QueryRow(ctx, `SELECT r.doc FROM articles a JOIN revisions r ON r.seq = a.seq WHERE a.id = $1`, id).Scan(&doc)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, fmt.Errorf("article %s: %w", id, marsad.ErrNotFound)
	}
	if err != nil {
		return nil, fmt.Errorf("article %s: %w", id, err)
	}
	return s.doc.DecodeArticle(doc)
}

// ArticleByURL implements marsad.Store.
func (s *Store) ArticleByURL(ctx context.Context, rawURL string) (*marsad.Article, error) {
	c, err := marsad.CanonicalURL(rawURL)
	if err != nil {
		return nil, fmt.Errorf("article by url: %w", err)
	}
	var id string
	err = s.pool.QueryRow(ctx, `SELECT id FROM articles WHERE canonical_url = $1 ORDER BY first_stored LIMIT 1`, c).Scan(&id)
	if errors.Is(err, pgx.ErrNoRows) {
		id = marsad.ArticleID(c, "")
	} else if err != nil {
		return nil, fmt.Errorf("article by url: %w", err)
	}
	return s.Article(ctx, id)
}

// Revisions implements marsad.Store.
func (s *Store) Revisions(ctx context.Context, id string) ([]marsad.Revision, error) {
	rows, err := s.pool.Query(ctx, `SELECT number, seq, hash, stored, doc FROM revisions WHERE article_id = $1 ORDER BY number`, id)
	if err != nil {
		return nil, fmt.Errorf("revisions %s: %w", id, err)
	}
	defer rows.Close()
	var out []marsad.Revision
	for rows.Next() {
		rev := marsad.Revision{ArticleID: id}
		var doc []byte
		if err := rows.Scan(&rev.Number, &rev.Seq, &rev.Hash, &rev.Stored, &doc); err != nil {
			return nil, fmt.Errorf("revisions %s: %w", id, err)
		}
		rev.Stored = rev.Stored.UTC()
		if rev.Article, err = s.doc.DecodeArticle(doc); err != nil {
			return nil, fmt.Errorf("revisions %s: %w", id, err)
		}
		out = append(out, rev)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("revisions %s: %w", id, err)
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("revisions %s: %w", id, marsad.ErrNotFound)
	}
	return out, nil
}

// RawPage implements marsad.Store.
func (s *Store) RawPage(ctx context.Context, id string) (*marsad.RawPage, error) {
	var (
		p       marsad.RawPage
		body    []byte
		fetched *time.Time
	)
	err := s.pool.QueryRow(ctx, `SELECT p.content_type, p.body, p.warc_file, p.warc_offset, p.fetched
		FROM articles a JOIN raw_pages p ON p.seq = a.seq WHERE a.id = $1`, id).
		Scan(&p.ContentType, &body, &p.WARCFile, &p.WARCOffset, &fetched)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, fmt.Errorf("raw page %s: %w", id, marsad.ErrNotFound)
	}
	if err != nil {
		return nil, fmt.Errorf("raw page %s: %w", id, err)
	}
	if len(body) > 0 {
		if p.Body, err = s.doc.Decompress(body); err != nil {
			return nil, fmt.Errorf("raw page %s: %w", id, err)
		}
	}
	p.Fetched = fromNull(fetched)
	return &p, nil
}

// DeleteArticle implements marsad.Store.
func (s *Store) DeleteArticle(ctx context.Context, id string) error {
	err := s.inTx(ctx, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock($1)`, s.seqLock); err != nil {
			return err
		}
		tag, err := tx.Exec(ctx, `DELETE FROM articles WHERE id = $1`, id)
		if err != nil {
			return err
		}
		if tag.RowsAffected() == 0 {
			return marsad.ErrNotFound
		}
		_, err = tx.Exec(ctx, `INSERT INTO changes (article_id, kind, at) VALUES ($1, 'delete', $2)`, id, s.now().UTC())
		return err
	})
	if err != nil {
		return fmt.Errorf("delete article %s: %w", id, err)
	}
	return nil
}

// Changes implements marsad.ChangeSource.
func (s *Store) Changes(ctx context.Context, afterSeq int64, limit int) ([]marsad.ChangedArticle, error) {
	if limit <= 0 {
		limit = 1000
	}
	rows, err := s.pool.Query(ctx, `SELECT c.seq, c.article_id, c.kind, r.doc
		FROM changes c
		LEFT JOIN articles a ON a.id = c.article_id
		LEFT JOIN revisions r ON r.seq = c.seq
		WHERE c.seq > $1 AND (c.kind = 'delete' OR a.seq = c.seq)
		ORDER BY c.seq LIMIT $2`, afterSeq, limit)
	if err != nil {
		return nil, fmt.Errorf("changes after %d: %w", afterSeq, err)
	}
	defer rows.Close()
	var out []marsad.ChangedArticle
	for rows.Next() {
		var (
			ch   marsad.ChangedArticle
			id   string
			kind string
			doc  []byte
		)
		if err := rows.Scan(&ch.Seq, &id, &kind, &doc); err != nil {
			return nil, fmt.Errorf("changes after %d: %w", afterSeq, err)
		}
		if kind == "delete" {
			ch.Deleted = true
			ch.Article = &marsad.Article{ID: id}
		} else if ch.Article, err = s.doc.DecodeArticle(doc); err != nil {
			return nil, fmt.Errorf("changes after %d: seq %d: %w", afterSeq, ch.Seq, err)
		}
		out = append(out, ch)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("changes after %d: %w", afterSeq, err)
	}
	return out, nil
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}
