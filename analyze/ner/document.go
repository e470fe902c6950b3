package ner

// TagDocument tags the sentences of one document (an article) and then
// makes the tags consistent across it: a name found as an entity in one
// sentence is tagged the same where it recurs untagged ("فايزة أبو النجا" ...
// "أبو النجا"), since news texts name a person or place in full once, in a
// telling context, and repeat it bare. With a stacked model, a second CRF
// retags each sentence knowing what the first said about the same words
// and names elsewhere in the document. The result has one tag slice per
// sentence. TagDocument is safe for concurrent use.
func (t *Tagger) TagDocument(sents [][]string) [][]string {
	return t.tagDocument(sents, true, true)
}

// tagDocument is TagDocument with the second stage (when the model has
// one) and the consistency pass optional.
func (t *Tagger) tagDocument(sents [][]string, stacked, consistent bool) [][]string {
	out := make([][]string, len(sents))
	if stacked && t.m.next != nil {
		names := labelNames()
		for si, labels := range t.stackedLabels(sents) {
			tags := make([]string, len(labels))
			for i, l := range labels {
				tags[i] = names[l]
			}
			out[si] = tags
		}
	} else {
		for i, s := range sents {
			out[i] = t.Tag(s)
		}
	}
	if consistent {
		propagate(sents, out)
	}
	return out
}

// stackedLabels returns the label paths of the sentences of one document
// through both stages of a stacked model.
func (t *Tagger) stackedLabels(sents [][]string) [][]uint8 {
	m := t.m
	s, _ := t.pool.Get().(*scratch)
	if s == nil {
		s = new(scratch)
	}
	total := 0
	for _, toks := range sents {
		total += len(toks)
	}
	var (
		infoBuf = make([]tokInfo, total)
		keyBuf  = make([]string, total)
		labBuf  = make([]uint8, total)
		infos   = make([][]tokInfo, len(sents))
		keys    = make([][]string, len(sents))
		labels  = make([][]uint8, len(sents))
		conf    = make([][]docInfo, len(sents))
		confBuf = make([]docInfo, total)
		off     = 0
	)
	for si, toks := range sents {
		n := len(toks)
		inf, k, lab, cf := infoBuf[off:off+n:off+n], keyBuf[off:off+n:off+n], labBuf[off:off+n:off+n], confBuf[off:off+n:off+n]
		off += n
		infos[si], keys[si], labels[si], conf[si] = inf, k, lab, cf
		if n == 0 {
			continue
		}
		m.lex.analyzeSentence(toks, inf)
		m.emissions(inf, nil, s)
		copy(lab, viterbi(&m.trans, &m.allowed, s.emit, n, s))
		if m.next.featSet&2 != 0 {
			m.confidence(s.emit, n, lab, s, cf)
		}
		for i := range inf {
			k[i] = inf[i].body
		}
	}
	d := docInfos(keys, labels, conf)
	m2 := m.next
	for si, inf := range infos {
		if len(inf) == 0 {
			continue
		}
		m2.emissions(inf, d[si], s)
		copy(labels[si], viterbi(&m2.trans, &m2.allowed, s.emit, len(inf), s))
	}
	t.pool.Put(s)
	return labels
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

// docInfo is what the first stage of a stacked model said about a token,
// its word and its phrases in the rest of the document; the second stage
// reads it as features (see docFeatures). Zero fields mean nothing.
type docInfo struct {
	l1     uint8 // the first stage's label of the token
	tok    uint8 // majority type (1+type, O included) of the word's other occurrences | min(count, 3)<<3
	tokEnt uint8 // most frequent entity type among the word's other occurrences | 8 if they are half or more
	phrase uint8 // type of the longest first-stage entity phrase found elsewhere and covering the token | 8 at its start | 16 at its end
	super  uint8 // type | position<<3 (0 first, 1 inside, 2 last) of the longer entities containing the word elsewhere
	conf   uint8 // confBucket of the first stage's label | confBucket of the token being in an entity<<3
	alt    uint8 // the likeliest other entity type | its confBucket<<3, when at least 0.05
}

// typeOfLabel returns the entity type of a label index: 0 for O, then 1
// PERS, 2 LOC, 3 ORG, 4 MISC.
func typeOfLabel(l uint8) uint8 { return (l + 1) / 2 }

// labelSpan is one entity of a label sequence.
type labelSpan struct {
	start, end int
	typ        uint8
}

// labelSpans groups a valid BIO label sequence into entities.
func labelSpans(labels []uint8, dst []labelSpan) []labelSpan {
	for i, l := range labels {
		t := typeOfLabel(l)
		switch {
		case t == 0:
		case l%2 == 0 && len(dst) > 0 && dst[len(dst)-1].end == i && dst[len(dst)-1].typ == t:
			dst[len(dst)-1].end = i + 1
		default:
			dst = append(dst, labelSpan{start: i, end: i + 1, typ: t})
		}
	}
	return dst
}

// docInfos returns the docInfo of every token of a document from its
// memory keys (see memoryKey) and first-stage labels, sentence by
// sentence. Each token's figures leave out the token itself and the
// first-stage entity it is part of.
func docInfos(keys [][]string, labels [][]uint8, conf [][]docInfo) [][]docInfo {
	type phrase struct {
		keys  []string
		votes [5]int32
	}
	tok := map[string]*[5]int32{}
	sup := map[string]*[5][3]int32{}
	phrases := map[string]*phrase{}
	byFirst := map[string][]*phrase{}
	spans := make([][]labelSpan, len(keys))
	for si, k := range keys {
		for i, w := range k {
			c := tok[w]
			if c == nil {
				c = new([5]int32)
				tok[w] = c
			}
			c[typeOfLabel(labels[si][i])]++
		}
		spans[si] = labelSpans(labels[si], nil)
		for _, sp := range spans[si] {
			if sp.end-sp.start <= maxPhrase {
				j := joinKeys(k[sp.start:sp.end])
				p := phrases[j]
				if p == nil {
					p = &phrase{keys: k[sp.start:sp.end]}
					phrases[j] = p
					byFirst[p.keys[0]] = append(byFirst[p.keys[0]], p)
				}
				p.votes[sp.typ]++
			}
			if sp.end-sp.start >= 2 {
				for i := sp.start; i < sp.end; i++ {
					c := sup[k[i]]
					if c == nil {
						c = new([5][3]int32)
						sup[k[i]] = c
					}
					c[sp.typ][spanPos(sp, i)]++
				}
			}
		}
	}
	out := make([][]docInfo, len(keys))
	var bestLen []int
	for si, k := range keys {
		d := make([]docInfo, len(k))
		if conf != nil {
			copy(d, conf[si])
		}
		out[si] = d
		own := make([]int, len(k)) // index+1 of the token's first-stage entity
		for n, sp := range spans[si] {
			for i := sp.start; i < sp.end; i++ {
				own[i] = n + 1
			}
		}
		for i, w := range k {
			d[i].l1 = labels[si][i]
			c := *tok[w]
			c[typeOfLabel(labels[si][i])]--
			n := int32(0)
			maj := 0
			for t, v := range c {
				n += v
				if v > c[maj] {
					maj = t
				}
			}
			if n > 0 {
				d[i].tok = uint8(maj+1) | uint8(min(n, 3))<<3
				ent := 0
				for t := 1; t < 5; t++ {
					if c[t] > 0 && (ent == 0 || c[t] > c[ent]) {
						ent = t
					}
				}
				if ent > 0 {
					d[i].tokEnt = uint8(ent)
					if 2*c[ent] >= n {
						d[i].tokEnt |= 8
					}
				}
			}
			if p := sup[w]; p != nil {
				c := *p
				if o := own[i]; o > 0 {
					if sp := spans[si][o-1]; sp.end-sp.start >= 2 {
						c[sp.typ][spanPos(sp, i)]--
					}
				}
				bt, bp := 0, 0
				for t := 1; t < 5; t++ {
					for pos := 0; pos < 3; pos++ {
						if c[t][pos] > 0 && (bt == 0 || c[t][pos] > c[bt][bp]) {
							bt, bp = t, pos
						}
					}
				}
				if bt > 0 {
					d[i].super = uint8(bt) | uint8(bp)<<3
				}
			}
		}
		bestLen = append(bestLen[:0], make([]int, len(k))...)
		for j := range k {
		next:
			for _, p := range byFirst[k[j]] {
				L := len(p.keys)
				if j+L > len(k) {
					continue
				}
				for m := 1; m < L; m++ {
					if k[j+m] != p.keys[m] {
						continue next
					}
				}
				votes := p.votes
				if o := own[j]; o > 0 {
					if sp := spans[si][o-1]; sp.start == j && sp.end == j+L {
						votes[sp.typ]--
					}
				}
				bt := 0
				for t := 1; t < 5; t++ {
					if votes[t] > 0 && (bt == 0 || votes[t] > votes[bt]) {
						bt = t
					}
				}
				if bt == 0 {
					continue
				}
				for i := j; i < j+L; i++ {
					if L <= bestLen[i] {
						continue
					}
					bestLen[i] = L
					v := uint8(bt)
					if i == j {
						v |= 8
					}
					if i == j+L-1 {
						v |= 16
					}
					d[i].phrase = v
				}
			}
		}
	}
	return out
}

// spanPos is the position class of token i in sp: 0 first, 1 inside, 2
// last.
func spanPos(sp labelSpan, i int) int {
	switch i {
	case sp.start:
		return 0
	case sp.end - 1:
		return 2
	}
	return 1
}
