package ner

// TagDocument tags the sentences of one document (an article) and then
// makes the tags consistent across it: a name found as an entity in one
// sentence is tagged the same where it recurs untagged ("فايزة أبو النجا" ...
// "أبو النجا"), since news texts name a person or place in full once, in a
// telling context, and repeat it bare. The result has one tag slice per
// sentence. TagDocument is safe for concurrent use.
func (t *Tagger) TagDocument(sents [][]string) [][]string {
	out := make([][]string, len(sents))
	for i, s := range sents {
		out[i] = t.Tag(s)
	}
	propagate(sents, out)
	return out
}

// propagate copies the entity tags of phrases found in some sentences to
// their untagged occurrences in the others.
func propagate(sents [][]string, tags [][]string) {
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
		byFirst[p.keys[0]] = append(byFirst[p.keys[0]], p)
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
