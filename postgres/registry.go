package postgres

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"sort"
	"strings"
	"unicode"

	"github.com/jackc/pgx/v5"

	"github.com/marsad-news/marsad"
)

// fold returns the lookup form of an entity name or key: Arabic
// diacritics and tatweel removed, alef/hamza forms unified (أ إ آ ٱ -> ا,
// ؤ -> و, ئ -> ي), ى -> ي, ة -> ه, Latin lower-cased, spaces collapsed.
// It must agree with the embedded store's folding: both registries key on
// it.
func fold(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	space := false
	for _, r := range s {
		switch {
		case r >= 0x064B && r <= 0x065F, r == 0x0670, r == 0x0640:
			continue
		case r == 'أ' || r == 'إ' || r == 'آ' || r == 'ٱ':
			r = 'ا'
		case r == 'ؤ':
			r = 'و'
		case r == 'ئ' || r == 'ى':
			r = 'ي'
		case r == 'ة':
			r = 'ه'
		case unicode.IsSpace(r) || r == '-' || r == '_':
			space = true
			continue
		default:
			r = unicode.ToLower(r)
		}
		if space && b.Len() > 0 {
			b.WriteByte(' ')
		}
		space = false
		b.WriteRune(r)
	}
	return b.String()
}

// skeleton returns fold(s) without spaces and without the long vowels ا و
// ي after the first letter, غ written ج: what transliterations of one
// foreign name share (زاخاروفا and زخاروفا both give زخرف).
func skeleton(s string) string {
	f := fold(s)
	var b strings.Builder
	b.Grow(len(f))
	first := true
	for _, r := range f {
		if r == ' ' {
			continue
		}
		if !first && (r == 'ا' || r == 'و' || r == 'ي') {
			continue
		}
		if r == 'غ' {
			r = 'ج'
		}
		first = false
		b.WriteRune(r)
	}
	return b.String()
}

// registry collects what the articles of one transaction say about
// entities, so that the registry is written once per entity, alias and
// role.
type registry struct {
	entities   map[string]*marsad.Entity
	aliases    map[[2]string]int
	roles      map[[3]string]int
	order      []string
	resolved   map[string]string
	variants   map[string]string
	bySkeleton map[[2]string]string
}

func newRegistry() *registry {
	return &registry{entities: map[string]*marsad.Entity{}, aliases: map[[2]string]int{}, roles: map[[3]string]int{},
		resolved: map[string]string{}, variants: map[string]string{}, bySkeleton: map[[2]string]string{}}
}

// resolve returns the registry key for an analyzer key: the key itself or,
// for a spelling variant of a known multi-word name of the same type, the
// key of the name first seen. Single words are never merged.
func (r *registry) resolve(ctx context.Context, tx pgx.Tx, key, typ string) (string, error) {
	if c, ok := r.resolved[key]; ok {
		return c, nil
	}
	var c string
	err := tx.QueryRow(ctx, `SELECT key FROM entity_variants WHERE variant = $1`, key).Scan(&c)
	switch {
	case err == nil:
		r.resolved[key] = c
		return c, nil
	case !errors.Is(err, pgx.ErrNoRows):
		return "", err
	}
	if _, ok := r.entities[key]; ok {
		r.resolved[key] = key
		return key, nil
	}
	var one int
	err = tx.QueryRow(ctx, `SELECT 1 FROM entities WHERE key = $1`, key).Scan(&one)
	switch {
	case err == nil:
		r.resolved[key] = key
		return key, nil
	case !errors.Is(err, pgx.ErrNoRows):
		return "", err
	}
	if typ != "" && strings.Contains(fold(key), " ") {
		sk := [2]string{skeleton(key), typ}
		if c, ok := r.bySkeleton[sk]; ok {
			r.variants[key], r.resolved[key] = c, c
			return c, nil
		}
		err := tx.QueryRow(ctx, `SELECT key FROM entities WHERE skeleton = $1 AND type = $2 ORDER BY added LIMIT 1`, sk[0], typ).Scan(&c)
		switch {
		case err == nil:
			r.variants[key], r.resolved[key] = c, c
			return c, nil
		case !errors.Is(err, pgx.ErrNoRows):
			return "", err
		}
		r.bySkeleton[sk] = key
	}
	r.resolved[key] = key
	return key, nil
}

// add records what one article says about an entity.
func (r *registry) add(key string, e *marsad.Entity, source string) {
	cur, ok := r.entities[key]
	if !ok {
		r.entities[key] = &marsad.Entity{Name: e.Name, Type: e.Type}
		r.order = append(r.order, key)
	} else {
		if len(e.Name) > len(cur.Name) {
			cur.Name = e.Name
		}
		if cur.Type == "" {
			cur.Type = e.Type
		}
	}
	forms := map[string]bool{}
	if e.Name != "" {
		forms[e.Name] = true
	}
	for _, m := range e.Mentions {
		if t := strings.TrimSpace(m.Text); t != "" {
			forms[t] = true
		}
	}
	for f := range forms {
		r.aliases[[2]string{key, f}]++
	}
	for _, role := range e.Roles {
		if role = strings.TrimSpace(role); role != "" {
			r.roles[[3]string{key, role, source}]++
		}
	}
}

// write upserts the collected registry rows in tx, in a deterministic
// order.
func (r *registry) write(ctx context.Context, tx pgx.Tx) error {
	b := &pgx.Batch{}
	for _, key := range r.order {
		e := r.entities[key]
		b.Queue(`INSERT INTO entities (key, type, name, folded, skeleton) VALUES ($1, $2, $3, $4, $5)
			ON CONFLICT (key) DO UPDATE SET
				name = CASE WHEN length(excluded.name) > length(entities.name) THEN excluded.name ELSE entities.name END,
				type = CASE WHEN entities.type = '' THEN excluded.type ELSE entities.type END`,
			key, e.Type, e.Name, fold(key), skeleton(key))
	}
	variants := make([]string, 0, len(r.variants))
	for v := range r.variants {
		variants = append(variants, v)
	}
	sort.Strings(variants)
	for _, v := range variants {
		b.Queue(`INSERT INTO entity_variants (variant, key) VALUES ($1, $2) ON CONFLICT DO NOTHING`, v, r.variants[v])
	}
	aliases := make([][2]string, 0, len(r.aliases))
	for k := range r.aliases {
		aliases = append(aliases, k)
	}
	sort.Slice(aliases, func(i, j int) bool {
		return aliases[i][0] < aliases[j][0] || (aliases[i][0] == aliases[j][0] && aliases[i][1] < aliases[j][1])
	})
	for _, k := range aliases {
		b.Queue(`INSERT INTO entity_aliases (key, alias, folded, skeleton, count) VALUES ($1, $2, $3, $4, $5)
			ON CONFLICT (key, alias) DO UPDATE SET count = entity_aliases.count + excluded.count`,
			k[0], k[1], fold(k[1]), skeleton(k[1]), r.aliases[k])
	}
	roles := make([][3]string, 0, len(r.roles))
	for k := range r.roles {
		roles = append(roles, k)
	}
	sort.Slice(roles, func(i, j int) bool {
		a, b := roles[i], roles[j]
		if a[0] != b[0] {
			return a[0] < b[0]
		}
		if a[1] != b[1] {
			return a[1] < b[1]
		}
		return a[2] < b[2]
	})
	for _, k := range roles {
		b.Queue(`INSERT INTO entity_roles (key, role, source, count) VALUES ($1, $2, $3, $4)
			ON CONFLICT (key, role, source) DO UPDATE SET count = entity_roles.count + excluded.count`,
			k[0], k[1], k[2], r.roles[k])
	}
	if b.Len() == 0 {
		return nil
	}
	return tx.SendBatch(ctx, b).Close()
}

// canonical returns the registry key for key: the key a spelling variant
// was merged into, or key itself.
func (s *Store) canonical(ctx context.Context, key string) (string, error) {
	var c string
	err := s.pool.QueryRow(ctx, `SELECT key FROM entity_variants WHERE variant = $1`, key).Scan(&c)
	if errors.Is(err, pgx.ErrNoRows) {
		return key, nil
	}
	return c, err
}

// ArticlesByEntity implements marsad.Store.
func (s *Store) ArticlesByEntity(ctx context.Context, key string, limit int) ([]marsad.ArticleRef, error) {
	if limit <= 0 {
		limit = 100
	}
	key, err := s.canonical(ctx, key)
	if err != nil {
		return nil, fmt.Errorf("articles by entity %q: %w", key, err)
	}
	rows, err := s.pool.Query(ctx, `SELECT a.id, a.url, a.title, a.source, a.published
		FROM article_entities e JOIN articles a ON a.id = e.article_id
		WHERE e.key = $1 ORDER BY a.published COLLATE "C" DESC, a.id COLLATE "C" LIMIT $2`, key, limit)
	if err != nil {
		return nil, fmt.Errorf("articles by entity %q: %w", key, err)
	}
	out, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (marsad.ArticleRef, error) {
		var r marsad.ArticleRef
		err := row.Scan(&r.ID, &r.URL, &r.Title, &r.Source, &r.Published)
		return r, err
	})
	if err != nil {
		return nil, fmt.Errorf("articles by entity %q: %w", key, err)
	}
	return out, nil
}

// Entity implements marsad.Store.
func (s *Store) Entity(ctx context.Context, key string) (*marsad.RegistryEntity, error) {
	key, err := s.canonical(ctx, key)
	if err != nil {
		return nil, fmt.Errorf("entity %q: %w", key, err)
	}
	e := marsad.RegistryEntity{Key: key, Keys: []string{key}}
	err = s.pool.QueryRow(ctx, `SELECT type, name, (SELECT count(*) FROM article_entities WHERE key = $1)
		FROM entities WHERE key = $1`, key).Scan(&e.Type, &e.Name, &e.Articles)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, fmt.Errorf("entity %q: %w", key, marsad.ErrNotFound)
	}
	if err != nil {
		return nil, fmt.Errorf("entity %q: %w", key, err)
	}
	vars, err := s.strings(ctx, `SELECT variant FROM entity_variants WHERE key = $1 ORDER BY variant COLLATE "C"`, key)
	if err != nil {
		return nil, fmt.Errorf("entity %q: %w", key, err)
	}
	e.Keys = append(e.Keys, vars...)
	if e.Aliases, err = s.strings(ctx, `SELECT alias FROM entity_aliases WHERE key = $1 AND alias <> $2
		ORDER BY count DESC, alias COLLATE "C"`, key, e.Name); err != nil {
		return nil, fmt.Errorf("entity %q: %w", key, err)
	}
	if len(e.Aliases) == 0 {
		e.Aliases = nil
	}
	rows, err := s.pool.Query(ctx, `SELECT role, source, count FROM entity_roles WHERE key = $1
		ORDER BY role COLLATE "C", source COLLATE "C"`, key)
	if err != nil {
		return nil, fmt.Errorf("entity %q: %w", key, err)
	}
	defer rows.Close()
	byRole := map[string]*marsad.EntityRole{}
	for rows.Next() {
		var role, src string
		var n int
		if err := rows.Scan(&role, &src, &n); err != nil {
			return nil, fmt.Errorf("entity %q: %w", key, err)
		}
		r := byRole[role]
		if r == nil {
			r = &marsad.EntityRole{Role: role}
			byRole[role] = r
		}
		r.Count += n
		if src != "" {
			r.Sources = append(r.Sources, src)
		}
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("entity %q: %w", key, err)
	}
	for _, r := range byRole {
		e.Roles = append(e.Roles, *r)
	}
	sort.Slice(e.Roles, func(i, j int) bool {
		if e.Roles[i].Count != e.Roles[j].Count {
			return e.Roles[i].Count > e.Roles[j].Count
		}
		return e.Roles[i].Role < e.Roles[j].Role
	})
	return &e, nil
}

// FindEntities implements marsad.Store: the folded key, display name or
// alias first; the consonant skeleton only when nothing matches.
func (s *Store) FindEntities(ctx context.Context, name string, limit int) ([]marsad.RegistryEntity, error) {
	if limit <= 0 {
		limit = 20
	}
	f := fold(name)
	if f == "" {
		return nil, nil
	}
	keys, err := s.strings(ctx, `SELECT key FROM entities WHERE folded = $1 OR key = $2
		UNION SELECT key FROM entity_aliases WHERE folded = $1
		UNION SELECT key FROM entity_variants WHERE variant = $2`, f, name)
	if err != nil {
		return nil, fmt.Errorf("find entities %q: %w", name, err)
	}
	if len(keys) == 0 {
		keys, err = s.strings(ctx, `SELECT key FROM entities WHERE skeleton = $1
			UNION SELECT key FROM entity_aliases WHERE skeleton = $1`, skeleton(name))
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
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].Articles != out[j].Articles {
			return out[i].Articles > out[j].Articles
		}
		return out[i].Key < out[j].Key
	})
	if len(out) > limit {
		out = out[:limit]
	}
	return out, nil
}

func (s *Store) strings(ctx context.Context, q string, args ...any) ([]string, error) {
	rows, err := s.pool.Query(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, pgx.RowTo[string])
}

// sourceID derives a source ID from a home URL: its host without "www.".
func sourceID(home string) (string, error) {
	c, err := marsad.CanonicalURL(home)
	if err != nil {
		return "", err
	}
	u, err := url.Parse(c)
	if err != nil {
		return "", err
	}
	return strings.TrimPrefix(u.Host, "www."), nil
}

// PutSource implements marsad.Store.
func (s *Store) PutSource(ctx context.Context, src *marsad.Source) error {
	if src.ID == "" {
		id, err := sourceID(src.HomeURL)
		if err != nil {
			return fmt.Errorf("put source: no id and %w", err)
		}
		src.ID = id
	}
	if src.Name == "" {
		src.Name = src.ID
	}
	if src.Added.IsZero() {
		src.Added = s.now().UTC()
	}
	feeds, _ := json.Marshal(nonNil(src.Feeds))
	maps, _ := json.Marshal(nonNil(src.Sitemaps))
	_, err := s.pool.Exec(ctx, `INSERT INTO sources (id, name, home_url, language, country, category, feeds, sitemaps, added)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
		ON CONFLICT (id) DO UPDATE SET name = excluded.name, home_url = excluded.home_url, language = excluded.language,
			country = excluded.country, category = excluded.category, feeds = excluded.feeds,
			sitemaps = excluded.sitemaps, added = excluded.added`,
		src.ID, src.Name, src.HomeURL, src.Language, src.Country, src.Category, string(feeds), string(maps), src.Added.UTC())
	if err != nil {
		return fmt.Errorf("put source %s: %w", src.ID, err)
	}
	return nil
}

const sourceCols = `id, name, home_url, language, country, category, feeds::text, sitemaps::text, added`

func scanSource(row pgx.Row) (marsad.Source, error) {
	var (
		src         marsad.Source
		feeds, maps string
	)
	if err := row.Scan(&src.ID, &src.Name, &src.HomeURL, &src.Language, &src.Country, &src.Category, &feeds, &maps, &src.Added); err != nil {
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
	src.Added = src.Added.UTC()
	return src, nil
}

// Source implements marsad.Store.
func (s *Store) Source(ctx context.Context, id string) (*marsad.Source, error) {
	src, err := scanSource(s.pool.QueryRow(ctx, `SELECT `+sourceCols+` FROM sources WHERE id = $1`, id))
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, fmt.Errorf("source %s: %w", id, marsad.ErrNotFound)
	}
	if err != nil {
		return nil, fmt.Errorf("source %s: %w", id, err)
	}
	return &src, nil
}

// Sources implements marsad.Store.
func (s *Store) Sources(ctx context.Context) ([]marsad.Source, error) {
	rows, err := s.pool.Query(ctx, `SELECT `+sourceCols+` FROM sources ORDER BY name COLLATE "C", id COLLATE "C"`)
	if err != nil {
		return nil, fmt.Errorf("sources: %w", err)
	}
	out, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (marsad.Source, error) { return scanSource(row) })
	if err != nil {
		return nil, fmt.Errorf("sources: %w", err)
	}
	return out, nil
}

// DeleteSource implements marsad.Store.
func (s *Store) DeleteSource(ctx context.Context, id string) error {
	tag, err := s.pool.Exec(ctx, `DELETE FROM sources WHERE id = $1`, id)
	if err != nil {
		return fmt.Errorf("delete source %s: %w", id, err)
	}
	if tag.RowsAffected() == 0 {
		return fmt.Errorf("delete source %s: %w", id, marsad.ErrNotFound)
	}
	return nil
}
