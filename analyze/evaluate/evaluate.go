// Package evaluate scores the analyzer (package analyze) against gold
// annotations: persons, their roles, quotes with speakers, and events.
//
// A gold file is JSON (see Gold): the article text (inline, or a path
// under the shared data folder for texts that may not be copied), its
// publication date, and the persons, quotes and events a careful reader
// finds in it. Matching is by normalized key (see Key), so spelling
// variants of hamza and ta marbuta do not count as errors.
package evaluate

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"

	"github.com/marsad-news/marsad"
	"github.com/marsad-news/marsad/analyze/gazetteer"
)

// Gold is the annotation of one article.
type Gold struct {
	ID string `json:"id"`
	// Split is "dev" (rules may be tuned on it) or "test" (written before
	// tuning, never tuned on).
	Split string `json:"split"`
	Style string `json:"style,omitempty"`
	// Published is the reference date for relative dates (YYYY-MM-DD).
	Published string `json:"published"`
	Title     string `json:"title,omitempty"`
	// Text is the article text; Shared, when set, is the path of the text
	// under the shared data folder instead.
	Text    string       `json:"text,omitempty"`
	Shared  string       `json:"shared,omitempty"`
	Persons []GoldPerson `json:"persons"`
	Quotes  []GoldQuote  `json:"quotes"`
	Events  []GoldEvent  `json:"events"`
}

// GoldPerson is a person named in the article with the roles the text
// gives them.
type GoldPerson struct {
	Name  string   `json:"name"`
	Roles []string `json:"roles"`
}

// GoldQuote is a statement: Text is a substring of the article text
// inside the statement (not necessarily all of it).
type GoldQuote struct {
	Speaker string `json:"speaker"`
	Kind    string `json:"kind"`
	Text    string `json:"text"`
}

// GoldEvent is a meeting or a visit.
type GoldEvent struct {
	Type         string   `json:"type"`
	Participants []string `json:"participants"`
	Place        string   `json:"place"`
	Date         string   `json:"date"`
}

// LoadDir reads every *.json gold file of dir, sorted by name.
func LoadDir(dir string) ([]Gold, error) {
	files, err := filepath.Glob(filepath.Join(dir, "*.json"))
	if err != nil {
		return nil, err
	}
	sort.Strings(files)
	var out []Gold
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			return nil, err
		}
		var g Gold
		if err := json.Unmarshal(b, &g); err != nil {
			return nil, fmt.Errorf("%s: %w", f, err)
		}
		out = append(out, g)
	}
	return out, nil
}

// InSplit returns the golds of split ("dev" or "test") that can be
// scored: those naming a shared file only when sharedDir is set.
func InSplit(golds []Gold, split, sharedDir string) []Gold {
	var out []Gold
	for _, g := range golds {
		if g.Split == split && (g.Shared == "" || sharedDir != "") {
			out = append(out, g)
		}
	}
	return out
}

// Article returns the article to analyze: the text (read from sharedDir
// when the gold names a shared file), title and publication date.
func (g *Gold) Article(sharedDir string) (*marsad.Article, error) {
	text := g.Text
	if g.Shared != "" {
		if sharedDir == "" {
			return nil, fmt.Errorf("%s: needs the shared data folder", g.ID)
		}
		b, err := os.ReadFile(filepath.Join(sharedDir, filepath.FromSlash(g.Shared)))
		if err != nil {
			return nil, fmt.Errorf("%s: %w", g.ID, err)
		}
		text = string(b)
	}
	return &marsad.Article{ID: g.ID, Text: text, Title: g.Title, Published: g.Published}, nil
}

// Key is the matching form of a name or phrase: normalized, honorifics
// and a leading conjunction dropped, white space collapsed.
func Key(s string) string {
	ws := strings.Fields(gazetteer.Key(strings.NewReplacer("،", " ", ",", " ").Replace(s)))
	var out []string
	for _, w := range ws {
		switch w {
		case "بك", "باشا", "السيد", "السيده", "الشيخ", "الدكتور", "الامير", "الاميره", "الشيخه":
			continue
		}
		out = append(out, w)
	}
	return strings.Join(out, " ")
}

// Counts are true positives, predictions and gold items.
type Counts struct{ TP, Pred, Gold int }

// Add adds c2 to c.
func (c *Counts) Add(c2 Counts) { c.TP += c2.TP; c.Pred += c2.Pred; c.Gold += c2.Gold }

// P is precision (1 when nothing was predicted).
func (c Counts) P() float64 {
	if c.Pred == 0 {
		return 1
	}
	return float64(c.TP) / float64(c.Pred)
}

// R is recall (1 when there was nothing to find).
func (c Counts) R() float64 {
	if c.Gold == 0 {
		return 1
	}
	return float64(c.TP) / float64(c.Gold)
}

// F1 is the harmonic mean of P and R.
func (c Counts) F1() float64 {
	p, r := c.P(), c.R()
	if p+r == 0 {
		return 0
	}
	return 2 * p * r / (p + r)
}

func (c Counts) String() string {
	return fmt.Sprintf("P %.3f R %.3f F1 %.3f (tp %d, pred %d, gold %d)", c.P(), c.R(), c.F1(), c.TP, c.Pred, c.Gold)
}

// Report holds the scores of a set of articles and what went wrong.
type Report struct {
	Persons, Roles, Quotes, Events Counts
	// EventPlace and EventDate count matched events whose place (date)
	// is right, over matched events.
	EventPlace, EventDate Counts
	// Misses lists errors, one line each: "id: missed person X".
	Misses []string
}

// Add merges r2 into r.
func (r *Report) Add(r2 Report) {
	r.Persons.Add(r2.Persons)
	r.Roles.Add(r2.Roles)
	r.Quotes.Add(r2.Quotes)
	r.Events.Add(r2.Events)
	r.EventPlace.Add(r2.EventPlace)
	r.EventDate.Add(r2.EventDate)
	r.Misses = append(r.Misses, r2.Misses...)
}

// Analyzer is what Score evaluates (analyze.Analyzer satisfies it).
type Analyzer interface {
	Analyze(ctx context.Context, a *marsad.Article) error
}

// Run analyzes every gold article and scores it.
func Run(ctx context.Context, an Analyzer, golds []Gold, sharedDir string) (Report, error) {
	var total Report
	for i := range golds {
		a, err := golds[i].Article(sharedDir)
		if err != nil {
			return total, err
		}
		if err := an.Analyze(ctx, a); err != nil {
			return total, fmt.Errorf("%s: %w", golds[i].ID, err)
		}
		total.Add(Score(&golds[i], a))
	}
	return total, nil
}

// Score compares the analysis of one article with its gold annotation.
//
// Persons match by key (a predicted person also matches when its key is
// the gold key's family-name end or vice versa, as "الشرع" for "أحمد
// الشرع"). Roles match by key within matched persons. A quote matches
// when its speaker's key is the gold speaker's and its text span
// overlaps the gold text's span. An event matches on type and the set of
// participants; place and date are scored over matched events.
func Score(g *Gold, a *marsad.Article) Report {
	var r Report
	miss := func(f string, args ...any) { r.Misses = append(r.Misses, g.ID+": "+fmt.Sprintf(f, args...)) }

	// Persons.
	var pred []marsad.Entity
	for _, e := range a.Entities {
		if e.Type == marsad.EntityPerson {
			pred = append(pred, e)
		}
	}
	r.Persons.Pred, r.Persons.Gold = len(pred), len(g.Persons)
	usedPred := make([]bool, len(pred))
	for _, gp := range g.Persons {
		gk := Key(gp.Name)
		r.Roles.Gold += len(gp.Roles)
		found := -1
		for k, e := range pred {
			if !usedPred[k] && Key(e.Name) == gk {
				found = k
				break
			}
		}
		if found < 0 {
			miss("missed person %s", gp.Name)
			for _, role := range gp.Roles {
				miss("missed role %s (%s)", role, gp.Name)
			}
			continue
		}
		usedPred[found] = true
		r.Persons.TP++
		e := pred[found]
		gr := map[string]bool{}
		for _, role := range gp.Roles {
			gr[Key(role)] = true
		}
		for _, role := range e.Roles {
			if gr[Key(role)] {
				r.Roles.TP++
				delete(gr, Key(role))
			} else {
				miss("wrong role %s (%s)", role, gp.Name)
			}
		}
		for _, role := range gp.Roles {
			if gr[Key(role)] {
				miss("missed role %s (%s)", role, gp.Name)
			}
		}
	}
	for k, e := range pred {
		r.Roles.Pred += len(e.Roles)
		if !usedPred[k] {
			miss("spurious person %s %q", e.Name, e.Roles)
		}
	}

	// Quotes.
	r.Quotes.Pred, r.Quotes.Gold = len(a.Quotes), len(g.Quotes)
	usedQ := make([]bool, len(a.Quotes))
	for _, gq := range g.Quotes {
		gs, ge := spanOf(a.Text, gq.Text)
		found := false
		for k, q := range a.Quotes {
			if usedQ[k] || gs < 0 || q.End <= gs || q.Start >= ge {
				continue
			}
			if Key(q.Speaker) != Key(gq.Speaker) {
				continue
			}
			usedQ[k] = true
			found = true
			break
		}
		if found {
			r.Quotes.TP++
		} else {
			miss("missed quote by %s: %.50s", gq.Speaker, gq.Text)
		}
	}
	for k, q := range a.Quotes {
		if !usedQ[k] {
			miss("spurious quote by %s: %.50s", q.Speaker, q.Text)
		}
	}

	// Events.
	r.Events.Pred, r.Events.Gold = len(a.Events), len(g.Events)
	usedE := make([]bool, len(a.Events))
	for _, ge := range g.Events {
		found := -1
		for k, e := range a.Events {
			if !usedE[k] && e.Type == ge.Type && sameSet(e.Participants, ge.Participants) {
				found = k
				break
			}
		}
		if found < 0 {
			miss("missed event %s %q %s %s", ge.Type, ge.Participants, ge.Place, ge.Date)
			continue
		}
		usedE[found] = true
		r.Events.TP++
		e := a.Events[found]
		r.EventPlace.Gold++
		r.EventPlace.Pred++
		if Key(e.Place) == Key(ge.Place) {
			r.EventPlace.TP++
		} else {
			miss("event %s %q: place %q, want %q", ge.Type, ge.Participants, e.Place, ge.Place)
		}
		r.EventDate.Gold++
		r.EventDate.Pred++
		if e.Date == ge.Date {
			r.EventDate.TP++
		} else {
			miss("event %s %q: date %q, want %q", ge.Type, ge.Participants, e.Date, ge.Date)
		}
	}
	for k, e := range a.Events {
		if !usedE[k] {
			miss("spurious event %s %q %s %s", e.Type, e.Participants, e.Place, e.Date)
		}
	}
	return r
}

// spanOf returns the code point span of sub in text, or -1, -1.
func spanOf(text, sub string) (int, int) {
	i := strings.Index(text, sub)
	if i < 0 {
		return -1, -1
	}
	s := len([]rune(text[:i]))
	return s, s + len([]rune(sub))
}

func sameSet(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	ka := make([]string, len(a))
	kb := make([]string, len(b))
	for i := range a {
		ka[i], kb[i] = Key(a[i]), Key(b[i])
	}
	slices.Sort(ka)
	slices.Sort(kb)
	return slices.Equal(ka, kb)
}
