package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/marsad-news/marsad"
	"github.com/marsad-news/marsad/store/registry"
	"github.com/marsad-news/marsad/store/sources"
)

// canonical returns the registry key for key: the key a spelling variant
// was merged into, or key itself.
func (s *Store) canonical(ctx context.Context, key string) (string, error) {
	var c string
	err := s.r.QueryRowContext(ctx, `SELECT key FROM entity_variants WHERE variant = ?`, key).Scan(&c)
	if errors.Is(err, sql.ErrNoRows) {
		return key, nil
	}
	return c, err
}

// ArticlesByEntity implements marsad.Store. key may be the key of a
// spelling variant merged into a registry entry.
func (s *Store) ArticlesByEntity(ctx context.Context, key string, limit int) ([]marsad.ArticleRef, error) {
	if limit <= 0 {
		limit = 100
	}
	key, err := s.canonical(ctx, key)
	if err != nil {
		return nil, fmt.Errorf("articles by entity %q: %w", key, err)
	}
	rows, err := s.r.QueryContext(ctx, `SELECT a.id, a.url, a.title, a.source, a.published
		FROM article_entities e JOIN articles a ON a.id = e.article_id
		WHERE e.key = ? ORDER BY a.published DESC, a.id LIMIT ?`, key, limit)
	if err != nil {
		return nil, fmt.Errorf("articles by entity %q: %w", key, err)
	}
	return scanRefs(rows)
}

func scanRefs(rows *sql.Rows) ([]marsad.ArticleRef, error) {
	defer rows.Close()
	var out []marsad.ArticleRef
	for rows.Next() {
		var r marsad.ArticleRef
		if err := rows.Scan(&r.ID, &r.URL, &r.Title, &r.Source, &r.Published); err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// Entity implements marsad.Store. key may be the key of a spelling
// variant merged into the entry.
func (s *Store) Entity(ctx context.Context, key string) (*marsad.RegistryEntity, error) {
	key, err := s.canonical(ctx, key)
	if err != nil {
		return nil, fmt.Errorf("entity %q: %w", key, err)
	}
	e := marsad.RegistryEntity{Key: key, Keys: []string{key}}
	err = s.r.QueryRowContext(ctx, `SELECT type, name, (SELECT count(*) FROM article_entities WHERE key = ?)
		FROM entities WHERE key = ?`, key, key).Scan(&e.Type, &e.Name, &e.Articles)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("entity %q: %w", key, marsad.ErrNotFound)
	}
	if err != nil {
		return nil, fmt.Errorf("entity %q: %w", key, err)
	}
	vars, err := s.entityKeys(ctx, `SELECT variant FROM entity_variants WHERE key = ? ORDER BY variant`, key)
	if err != nil {
		return nil, fmt.Errorf("entity %q: %w", key, err)
	}
	e.Keys = append(e.Keys, vars...)
	rows, err := s.r.QueryContext(ctx, `SELECT alias FROM entity_aliases WHERE key = ? AND alias <> ? ORDER BY count DESC, alias`, key, e.Name)
	if err != nil {
		return nil, fmt.Errorf("entity %q: %w", key, err)
	}
	for rows.Next() {
		var a string
		if err := rows.Scan(&a); err != nil {
			rows.Close()
			return nil, fmt.Errorf("entity %q: %w", key, err)
		}
		e.Aliases = append(e.Aliases, a)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("entity %q: %w", key, err)
	}
	rows, err = s.r.QueryContext(ctx, `SELECT role, source, count FROM entity_roles WHERE key = ? ORDER BY role, source`, key)
	if err != nil {
		return nil, fmt.Errorf("entity %q: %w", key, err)
	}
	defer rows.Close()
	var roles []registry.Role
	for rows.Next() {
		var r registry.Role
		if err := rows.Scan(&r.Role, &r.Source, &r.Count); err != nil {
			return nil, fmt.Errorf("entity %q: %w", key, err)
		}
		roles = append(roles, r)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("entity %q: %w", key, err)
	}
	e.Roles = registry.EntityRoles(roles)
	return &e, nil
}

// FindEntities implements marsad.Store. It matches the folded key, display
// name or alias first; only when nothing matches does it fall back to the
// consonant skeleton, which joins transliteration variants.
func (s *Store) FindEntities(ctx context.Context, name string, limit int) ([]marsad.RegistryEntity, error) {
	if limit <= 0 {
		limit = 20
	}
	f := registry.Fold(name)
	if f == "" {
		return nil, nil
	}
	keys, err := s.entityKeys(ctx, `SELECT key FROM entities WHERE folded = ?1 OR key = ?2
		UNION SELECT key FROM entity_aliases WHERE folded = ?1
		UNION SELECT key FROM entity_variants WHERE variant = ?2`, f, name)
	if err != nil {
		return nil, fmt.Errorf("find entities %q: %w", name, err)
	}
	if len(keys) == 0 {
		sk := registry.Skeleton(name)
		keys, err = s.entityKeys(ctx, `SELECT key FROM entities WHERE skeleton = ?1
			UNION SELECT key FROM entity_aliases WHERE skeleton = ?1`, sk)
		if err != nil {
			return nil, fmt.Errorf("find entities %q: %w", name, err)
		}
	}
	out := make([]marsad.RegistryEntity, 0, len(keys))
	for _, k := range keys {
		e, err := s.Entity(ctx, k)
		if err != nil {
			return nil, fmt.Errorf("find entities %q: %w", name, err)
		}
		out = append(out, *e)
	}
	return registry.SortMatches(out, limit), nil
}

func (s *Store) entityKeys(ctx context.Context, q string, args ...any) ([]string, error) {
	rows, err := s.r.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var keys []string
	for rows.Next() {
		var k string
		if err := rows.Scan(&k); err != nil {
			return nil, err
		}
		keys = append(keys, k)
	}
	return keys, rows.Err()
}

// PutSource implements marsad.Store.
func (s *Store) PutSource(ctx context.Context, src *marsad.Source) error {
	if err := sources.Complete(src, s.now); err != nil {
		return fmt.Errorf("put source: no id and %w", err)
	}
	feeds, _ := json.Marshal(nonNil(src.Feeds))
	maps, _ := json.Marshal(nonNil(src.Sitemaps))
	_, err := s.w.ExecContext(ctx, `INSERT INTO sources (id, name, home_url, language, country, category, feeds, sitemaps, added)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (id) DO UPDATE SET name = excluded.name, home_url = excluded.home_url, language = excluded.language,
			country = excluded.country, category = excluded.category, feeds = excluded.feeds,
			sitemaps = excluded.sitemaps, added = excluded.added`,
		src.ID, src.Name, src.HomeURL, src.Language, src.Country, src.Category, string(feeds), string(maps), timeString(src.Added))
	if err != nil {
		return fmt.Errorf("put source %s: %w", src.ID, err)
	}
	return nil
}

const sourceCols = `id, name, home_url, language, country, category, feeds, sitemaps, added`

func scanSource(sc interface{ Scan(...any) error }) (marsad.Source, error) {
	var (
		src                   marsad.Source
		feeds, maps, addedStr string
	)
	if err := sc.Scan(&src.ID, &src.Name, &src.HomeURL, &src.Language, &src.Country, &src.Category, &feeds, &maps, &addedStr); err != nil {
		return src, err
	}
	_ = json.Unmarshal([]byte(feeds), &src.Feeds)
	_ = json.Unmarshal([]byte(maps), &src.Sitemaps)
	if len(src.Feeds) == 0 {
		src.Feeds = nil
	}
	if len(src.Sitemaps) == 0 {
		src.Sitemaps = nil
	}
	src.Added = parseTime(addedStr)
	return src, nil
}

// Source implements marsad.Store.
func (s *Store) Source(ctx context.Context, id string) (*marsad.Source, error) {
	src, err := scanSource(s.r.QueryRowContext(ctx, `SELECT `+sourceCols+` FROM sources WHERE id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("source %s: %w", id, marsad.ErrNotFound)
	}
	if err != nil {
		return nil, fmt.Errorf("source %s: %w", id, err)
	}
	return &src, nil
}

// Sources implements marsad.Store.
func (s *Store) Sources(ctx context.Context) ([]marsad.Source, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT `+sourceCols+` FROM sources ORDER BY name, id`)
	if err != nil {
		return nil, fmt.Errorf("sources: %w", err)
	}
	defer rows.Close()
	var out []marsad.Source
	for rows.Next() {
		src, err := scanSource(rows)
		if err != nil {
			return nil, fmt.Errorf("sources: %w", err)
		}
		out = append(out, src)
	}
	return out, rows.Err()
}

// DeleteSource implements marsad.Store.
func (s *Store) DeleteSource(ctx context.Context, id string) error {
	r, err := s.w.ExecContext(ctx, `DELETE FROM sources WHERE id = ?`, id)
	if err != nil {
		return fmt.Errorf("delete source %s: %w", id, err)
	}
	if n, _ := r.RowsAffected(); n == 0 {
		return fmt.Errorf("delete source %s: %w", id, marsad.ErrNotFound)
	}
	return nil
}
