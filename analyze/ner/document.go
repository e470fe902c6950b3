package ner

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
	return t.tagDocument(sents, propOptions{tails: true, majority: true})
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
}

// propagate copies the entity tags of phrases found in some sentences to
// their untagged occurrences in the others.
func propagate(sents [][]string, tags [][]string, o propOptions) {
	type phrase struct {
		typ  string
		keys []string
	}
	// Entity phrases by their first key, with type votes.
	votes := map[string]map[string]int{} // joined keys -> type -> count
	var phrases []phrase
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
				phrases = append(phrases, phrase{keys: pk})
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
						phrases = append(phrases, phrase{keys: pk})
					}
				}
			}
		}
	}
	if len(phrases) == 0 {
		return
	}
	byFirst := map[string][]phrase{}
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
	for si, k := range keys {
		tg := tags[si]
		for i := 0; i < len(k); i++ {
			if tg[i] != TagO {
				continue
			}
			var best *phrase
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
