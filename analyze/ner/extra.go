package ner

import (
	"bufio"
	"fmt"
	"io"
	"slices"
	"sort"
	"strings"
)

// ReadNested reads a nested-entity CoNLL file ("token TAG [TAG ...]",
// blank line between sentences, several BIO tags on a token inside nested
// entities, as in Wojood) and flattens it to the ANERcorp tag set: each
// entity's type is mapped through types (entities of other types are
// dropped), and where mapped entities overlap the outermost (longest)
// is kept. Tokens equal to skip (e.g. Wojood's "$#$" line marks) are
// dropped.
func ReadNested(r io.Reader, types map[string]string, skip string) ([]Sentence, error) {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64*1024), maxCoNLLLine)
	var (
		out  []Sentence
		toks []string
		tags [][]string
		line int
	)
	flush := func() {
		if len(toks) > 0 {
			out = append(out, Sentence{Tokens: toks, Tags: flattenNested(tags, types)})
		}
		toks, tags = nil, nil
	}
	for sc.Scan() {
		line++
		f := strings.Fields(sc.Text())
		switch {
		case len(f) == 0:
			flush()
			continue
		case len(f) == 1:
			return nil, fmt.Errorf("nested conll line %d: want \"token TAG...\", got %q", line, sc.Text())
		case f[0] == skip:
			continue
		}
		toks = append(toks, f[0])
		tags = append(tags, f[1:])
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("nested conll line %d: %w", line+1, err)
	}
	flush()
	return out, nil
}

// flattenNested turns the nested tags of a sentence into one ANERcorp tag
// per token (see ReadNested).
func flattenNested(tags [][]string, types map[string]string) []string {
	type span struct {
		start, end int
		typ        string
	}
	var spans []span
	for i, ts := range tags {
		for _, t := range ts {
			x, ok := strings.CutPrefix(t, "B-")
			if !ok {
				continue
			}
			typ, ok := types[x]
			if !ok {
				continue
			}
			j := i + 1
			for j < len(tags) && slices.Contains(tags[j], "I-"+x) {
				j++
			}
			spans = append(spans, span{i, j, typ})
		}
	}
	sort.SliceStable(spans, func(a, b int) bool {
		return spans[a].end-spans[a].start > spans[b].end-spans[b].start
	})
	out := make([]string, len(tags))
	for i := range out {
		out[i] = TagO
	}
	for _, s := range spans {
		free := true
		for i := s.start; i < s.end; i++ {
			free = free && out[i] == TagO
		}
		if !free {
			continue
		}
		out[s.start] = "B-" + s.typ
		for i := s.start + 1; i < s.end; i++ {
			out[i] = "I-" + s.typ
		}
	}
	return out
}

// WojoodTypes returns the mapping of Wojood's entity types to ANERcorp's
// used by ReadWojood: persons, organizations, and places (GPE, LOC and
// FAC as LOC); Wojood's other 17 types (dates, occupations,
// nationalities, events ...) are dropped, since ANERcorp leaves most of
// them untagged.
func WojoodTypes() map[string]string {
	return map[string]string{"PERS": "PERS", "ORG": "ORG", "GPE": "LOC", "LOC": "LOC", "FAC": "LOC"}
}

// ReadWojood reads a file of the Wojood nested Arabic NER corpus (Jarrar,
// Khalilia & Ghanem 2022) flattened to the ANERcorp tag set with
// WojoodTypes (see ReadNested); its "$#$" line marks are dropped.
func ReadWojood(r io.Reader) ([]Sentence, error) {
	return ReadNested(r, WojoodTypes(), "$#$")
}
