package ner

import "slices"

// TagDocument tags the sentences of one document (an article) and then
// makes the tags consistent across it: a name found as an entity in one
// sentence is tagged the same where it recurs untagged ("فايزة أبو النجا" ...
// "أبو النجا"), since news texts name a person or place in full once, in a
// telling context, and repeat it bare; the last words of a person's full
// name are that person where they recur alone ("مرهف أبو قصرة" ... "أبو
// قصرة"); and a name tagged with different types takes the type it has
// most often. The result has one tag slice per sentence. TagDocument is
// safe for concurrent use.
func (t *Tagger) TagDocument(sents [][]string) [][]string {
	return t.tagDocument(sents, propOptions{tails: true, majority: true, extend: true})
}

// tagDocument is TagDocument with the consistency pass's options.
func (t *Tagger) tagDocument(sents [][]string, o propOptions) [][]string {
	out := make([][]string, len(sents))
	for i, s := range sents {
		out[i] = t.Tag(s)
	}
	if !o.off {
		propagate(sents, out, o)
	}
	return out
}

// propOptions are variants of the consistency pass.
type propOptions struct {
	off      bool // no consistency pass
	tails    bool // the last words of multi-word person names are person names too
	majority bool // an entity phrase tagged with several types takes its majority type
	minVotes int  // entity occurrences a phrase needs before it is copied (default 1)
	extend   bool // a person span cut short of a longer person name of the document is completed
}

// docPhrase is an entity phrase of a document: its memory keys and type.
type docPhrase struct {
	typ  string
	keys []string
}

// propagate copies the entity tags of phrases found in some sentences to
// their untagged occurrences in the others.
func propagate(sents [][]string, tags [][]string, o propOptions) {
	// Entity phrases by their first key, with type votes.
	votes := map[string]map[string]int{} // joined keys -> type -> count
	var phrases []docPhrase
	keys := make([][]string, len(sents))
	for si, s := range sents {
		k := make([]string, len(s))
		for i, tok := range s {
			k[i] = memoryKey(tok)
		}
		keys[si] = k
		for _, sp := range Spans(tags[si]) {
			if sp.End-sp.Start > maxPhrase {
				continue
			}
			pk := k[sp.Start:sp.End]
			j := joinKeys(pk)
			if votes[j] == nil {
				votes[j] = map[string]int{}
				phrases = append(phrases, docPhrase{keys: pk})
			}
			votes[j][sp.Type]++
		}
	}
	if o.tails {
		// Tails of person names ("أبو قصرة", "قصرة" of "مرهف أبو قصرة")
		// vote PERS unless they were themselves tagged.
		for si := range sents {
			k := keys[si]
			for _, sp := range Spans(tags[si]) {
				if sp.Type != "PERS" || sp.End-sp.Start < 2 || sp.End-sp.Start > maxPhrase {
					continue
				}
				for st := sp.Start + 1; st < sp.End; st++ {
					pk := k[st:sp.End]
					j := joinKeys(pk)
					if votes[j] == nil {
						votes[j] = map[string]int{"PERS": 1}
						phrases = append(phrases, docPhrase{keys: pk})
					}
				}
			}
		}
	}
	if len(phrases) == 0 {
		return
	}
	byFirst := map[string][]docPhrase{}
	for _, p := range phrases {
		j := joinKeys(p.keys)
		best, bc := "", 0
		for typ, c := range votes[j] {
			if c > bc || c == bc && typ < best {
				best, bc = typ, c
			}
		}
		p.typ = best
		if bc < max(o.minVotes, 1) {
			continue
		}
		byFirst[p.keys[0]] = append(byFirst[p.keys[0]], p)
	}
	if o.majority {
		for si, k := range keys {
			for _, sp := range Spans(tags[si]) {
				if sp.End-sp.Start > maxPhrase {
					continue
				}
				v := votes[joinKeys(k[sp.Start:sp.End])]
				best, bc := sp.Type, v[sp.Type]
				for typ, c := range v {
					if c > bc || c == bc && c > v[sp.Type] && typ < best {
						best, bc = typ, c
					}
				}
				if best != sp.Type {
					tags[si][sp.Start] = "B-" + best
					for j := sp.Start + 1; j < sp.End; j++ {
						tags[si][j] = "I-" + best
					}
				}
			}
		}
	}
	if o.extend {
		extendPersons(keys, tags, byFirst)
	}
	for si, k := range keys {
		tg := tags[si]
		for i := 0; i < len(k); i++ {
			if tg[i] != TagO {
				continue
			}
			var best *docPhrase
			for pi := range byFirst[k[i]] {
				p := &byFirst[k[i]][pi]
				if i+len(p.keys) > len(k) || (best != nil && len(p.keys) <= len(best.keys)) {
					continue
				}
				ok := true
				for j := range p.keys {
					if k[i+j] != p.keys[j] || tg[i+j] != TagO {
						ok = false
						break
					}
				}
				if ok {
					best = p
				}
			}
			if best == nil {
				continue
			}
			tg[i] = "B-" + best.typ
			for j := 1; j < len(best.keys); j++ {
				tg[i+j] = "I-" + best.typ
			}
			i += len(best.keys) - 1
		}
	}
}

// extendPersons completes the person spans that cover only part of a
// longer person phrase of the document (including the tails of full
// names) where the missing words are there, untagged: "فون دير" followed by
// an untagged "لاين" becomes "فون دير لاين" when the document names
// "أورسولا فون دير لاين".
func extendPersons(keys, tags [][]string, byFirst map[string][]docPhrase) {
	var persons [][]string
	for _, ps := range byFirst {
		for _, p := range ps {
			if p.typ == "PERS" && len(p.keys) > 1 {
				persons = append(persons, p.keys)
			}
		}
	}
	if len(persons) == 0 {
		return
	}
	// A fixed order (byFirst is a map): among completions of the same
	// length, the first phrase in this order wins.
	slices.SortFunc(persons, slices.Compare)
	for si, k := range keys {
		tg := tags[si]
		for _, sp := range Spans(tg) {
			if sp.Type != "PERS" {
				continue
			}
			bs, be := sp.Start, sp.End
			for _, p := range persons {
				for off := 0; off+sp.End-sp.Start <= len(p); off++ {
					s, e := sp.Start-off, sp.Start-off+len(p)
					if s < 0 || e > len(k) || e-s <= be-bs || !slices.Equal(k[s:e], p) {
						continue
					}
					if untagged(tg[s:sp.Start]) && untagged(tg[sp.End:e]) {
						bs, be = s, e
					}
				}
			}
			if be-bs > sp.End-sp.Start {
				tg[bs] = "B-PERS"
				for j := bs + 1; j < be; j++ {
					tg[j] = "I-PERS"
				}
			}
		}
	}
}

// untagged reports whether every tag is O.
func untagged(tags []string) bool {
	for _, t := range tags {
		if t != TagO {
			return false
		}
	}
	return true
}

func joinKeys(k []string) string {
	n := 0
	for _, s := range k {
		n += len(s) + 1
	}
	b := make([]byte, 0, n)
	for _, s := range k {
		b = append(b, s...)
		b = append(b, 0)
	}
	return string(b)
}
