package ner

import (
	"unicode"
	"unicode/utf8"
)

// featureVersion names the feature set; a model trained with another
// version is refused by ReadModel.
const featureVersion = 4

// tokInfo is what the features need to know about one token.
type tokInfo struct {
	norm   string // normalized word
	stem   string // light stem of norm
	body   string // norm without its clitic prefix
	clitic string // clitic prefix stripped by the stemmer ("و", "ال", "وال" ...)
	shape  uint8
	gaz    uint16 // gaz* flags
	cl     uint64 // word clusters (see BuildClusters), or 0 for none
	known  uint8  // known* flags from the entity memory
	unk    bool   // not in the vocabulary
	phrase uint8  // entity type (1..4) of a remembered phrase over the token, +16 at its start
	cue    uint8  // cue* flags (see edges.go)
}

// Word shapes.
const (
	shapeArabic uint8 = iota
	shapeDigits
	shapeHasDigit
	shapeLatinUpper
	shapeLatin
	shapePunct
	shapeMixed
	shapeOther
)

// Feature templates: the first byte hashed into every feature. Their
// numbers are part of the trained model: never renumber them.
const (
	fBias uint8 = iota + 1
	fW0
	fWm1
	fWp1
	fWm2
	fWp2
	fS0
	fSm1
	fSp1
	fPre1
	fPre2
	fPre3
	fSuf1
	fSuf2
	fSuf3
	fClitic
	fShape0
	fShapeM1
	fShapeP1
	_ // retired; keeps the numbers (and so the hashes) of later templates
	_ // retired; keeps the numbers (and so the hashes) of later templates
	fGaz0
	fGazM1
	fGazP1
	fGazM2
	fTitleM1
	fTitleM2
	fLen
	_ // retired; keeps the numbers (and so the hashes) of later templates
	_ // retired; keeps the numbers (and so the hashes) of later templates
	fBody
	_ // retired; keeps the numbers (and so the hashes) of later templates
	_ // retired; keeps the numbers (and so the hashes) of later templates
	_ // retired; keeps the numbers (and so the hashes) of later templates
	_ // retired; keeps the numbers (and so the hashes) of later templates
	fCl0
	fClM1
	fClP1
	fClM2
	fClP2
	fKnown0
	fKnownM1
	fKnownP1
	fPhrase0
	fPhraseM1
	fPhraseP1
	fUnkShape
	fUnkWm1
	fUnkWp1
	fUnkSm1
	fUnkSp1
	fUnkCl
	fUnkClitic
	fUnkGaz
	_ // retired; keeps the numbers (and so the hashes) of later templates
	_ // retired; keeps the numbers (and so the hashes) of later templates
	fUnkGazM1
	fUnkGazP1
	fGazPairM1
	fGazPairP1
)

// analyzeToken fills the token-level information of tok.
func (lx *lexicon) analyzeToken(tok string, ti *tokInfo) {
	n := normalizeWord(tok)
	stem, body, clitic := analyzeWord(n)
	ti.norm, ti.stem, ti.body, ti.clitic = n, stem, body, clitic
	ti.shape = wordShape(n)
	ti.gaz = lx.words[n] | lx.words[ti.body]
	if stem != n {
		ti.gaz |= lx.words[stem] & (gazTitle | gazOrgWord | gazLocWord | gazSpeech)
	}
	if ti.gaz&gazNames == 0 {
		ti.gaz |= lx.words[lx.procliticBody(n)] & gazNames
	}
	if lx.vocab != nil {
		_, known := lx.vocab[vocabKey(n)]
		ti.unk = !known
	}
	if lx.known != nil {
		ti.known = lx.known[ti.body]
	}
	ti.cue = lx.cues(ti)
	if lx.clusters != nil {
		if c, ok := lx.clusters[n]; ok {
			ti.cl = c
		} else if c, ok := lx.clusters[ti.body]; ok {
			ti.cl = c
		}
	}
}

// analyzeSentence fills infos for tokens, including the multi-word
// gazetteer matches.
func (lx *lexicon) analyzeSentence(tokens []string, infos []tokInfo) {
	for i, tok := range tokens {
		infos[i] = tokInfo{}
		lx.analyzeToken(tok, &infos[i])
	}
	if m := lx.mem; m != nil {
		for i := 0; i < len(infos); {
			L := min(int(m.starts[infos[i].body]), len(infos)-i)
			matched := 1
			for l := L; l >= 1; l-- {
				h := seqHash(func(j int) string { return infos[i+j].body }, l)
				if typ, ok := m.phrases[h]; ok {
					infos[i].phrase = typ | 16
					for j := 1; j < l; j++ {
						infos[i+j].phrase = typ
					}
					matched = l
					break
				}
			}
			i += matched
		}
	}
	for i := range infos {
		seqs := lx.multi[infos[i].body]
		if seqs == nil && infos[i].body != infos[i].norm {
			seqs = lx.multi[infos[i].norm]
		}
		if seqs == nil {
			seqs = lx.multi[lx.procliticBody(infos[i].norm)]
		}
	next:
		for _, name := range seqs {
			seq := name.words
			if i+len(seq) > len(infos) {
				continue
			}
			for k := 1; k < len(seq); k++ {
				if infos[i+k].norm != seq[k] {
					continue next
				}
			}
			infos[i].gaz |= name.first
			for k := 1; k < len(seq); k++ {
				infos[i+k].gaz |= name.others
			}
		}
	}
}

// wordShape classifies a normalized word by its characters.
func wordShape(s string) uint8 {
	var arabic, digit, upper, latin, punct, other int
	for _, r := range s {
		switch {
		case r >= '0' && r <= '9':
			digit++
		case r >= 0x0600 && r <= 0x06FF:
			arabic++
		case r < 0x80 && unicode.IsUpper(r):
			upper++
			latin++
		case r < 0x80 && unicode.IsLetter(r):
			latin++
		case unicode.IsPunct(r) || unicode.IsSymbol(r):
			punct++
		default:
			other++
		}
	}
	switch {
	case digit > 0 && arabic+latin+other == 0:
		return shapeDigits
	case digit > 0:
		return shapeHasDigit
	case arabic > 0 && latin+other == 0:
		return shapeArabic
	case latin > 0 && arabic+other == 0:
		if upper > 0 {
			return shapeLatinUpper
		}
		return shapeLatin
	case punct > 0 && arabic+latin+other == 0:
		return shapePunct
	case arabic+latin > 0:
		return shapeMixed
	}
	return shapeOther
}

// FNV-1a constants.
const (
	offset64 = 14695981039346656037
	prime64  = 1099511628211
)

// mix is the splitmix64 finalizer; it spreads FNV hashes over the table.
func mix(h uint64) uint64 {
	h ^= h >> 30
	h *= 0xbf58476d1ce4e5b9
	h ^= h >> 27
	h *= 0x94d049bb133111eb
	h ^= h >> 31
	return h
}

func hashStr(h uint64, s string) uint64 {
	for i := 0; i < len(s); i++ {
		h ^= uint64(s[i])
		h *= prime64
	}
	return h
}

// h1 hashes a template with one string value.
func h1(t uint8, a string) uint64 {
	h := (offset64 ^ uint64(t)) * prime64
	return mix(hashStr(h, a))
}

// h2 hashes a template with two string values.
func h2(t uint8, a, b string) uint64 {
	h := (offset64 ^ uint64(t)) * prime64
	h = hashStr(h, a)
	h = (h ^ 0xff) * prime64
	return mix(hashStr(h, b))
}

// hn hashes a template with a number.
func hn(t uint8, v uint64) uint64 {
	h := (offset64 ^ uint64(t)) * prime64
	for i := 0; i < 8; i++ {
		h = (h ^ (v & 0xff)) * prime64
		v >>= 8
	}
	return mix(h)
}

// Boundary words beyond the sentence.
const (
	bos = "\x00<s>"
	eos = "\x00</s>"
)

// features appends the feature hashes of token i of the sentence to dst.
func features(s []tokInfo, i int, dst []uint64) []uint64 {
	t := &s[i]
	wm1, wm2, wp1, wp2 := bos, bos, eos, eos
	sm1, sp1 := bos, eos
	var shm1, shp1 uint8 = 255, 255
	var gm1, gp1, gm2 uint16 = 1 << 15, 1 << 15, 1 << 15
	if i > 0 {
		p := &s[i-1]
		wm1, sm1, shm1, gm1 = p.norm, p.stem, p.shape, p.gaz
	}
	if i > 1 {
		wm2, gm2 = s[i-2].norm, s[i-2].gaz
	}
	if i+1 < len(s) {
		n := &s[i+1]
		wp1, sp1, shp1, gp1 = n.norm, n.stem, n.shape, n.gaz
	}
	if i+2 < len(s) {
		wp2 = s[i+2].norm
	}
	// The word itself; unknown words (see lexicon.vocab) share one value.
	if t.unk {
		dst = append(dst, hn(fW0, 0), hn(fS0, 0), hn(fBody, 0))
	} else {
		dst = append(dst, h1(fW0, t.norm), h1(fS0, t.stem), h1(fBody, t.body))
	}
	dst = append(dst,
		hn(fBias, 0),
		h1(fWm1, wm1),
		h1(fWp1, wp1),
		h1(fWm2, wm2),
		h1(fWp2, wp2),
		h1(fSm1, sm1),
		h1(fSp1, sp1),
		h1(fClitic, t.clitic),
		hn(fShape0, uint64(t.shape)),
		hn(fShapeM1, uint64(shm1)),
		hn(fShapeP1, uint64(shp1)),
		hn(fGaz0, uint64(t.gaz)),
		hn(fGazM1, uint64(gm1)),
		hn(fGazP1, uint64(gp1)),
		hn(fGazM2, uint64(gm2)),
	)
	dst = append(dst, hn(fKnown0, uint64(t.known)), hn(fPhrase0, uint64(t.phrase)))
	if t.unk {
		dst = append(dst,
			hn(fUnkShape, uint64(t.shape)),
			h1(fUnkWm1, wm1),
			h1(fUnkWp1, wp1),
			h1(fUnkSm1, sm1),
			h1(fUnkSp1, sp1),
			hn(fUnkCl, t.cl&0xffff),
			h1(fUnkClitic, t.clitic),
			hn(fUnkGaz, uint64(t.gaz)),
			hn(fUnkGazM1, uint64(gm1)),
			hn(fUnkGazP1, uint64(gp1)),
		)
	}
	if i > 0 {
		dst = append(dst, hn(fPhraseM1, uint64(s[i-1].phrase)))
	}
	if i+1 < len(s) {
		dst = append(dst, hn(fPhraseP1, uint64(s[i+1].phrase)))
	}
	if i > 0 {
		dst = append(dst, hn(fKnownM1, uint64(s[i-1].known)))
	}
	if i+1 < len(s) {
		dst = append(dst, hn(fKnownP1, uint64(s[i+1].known)))
	}
	dst = clusterFeatures(dst, fCl0, t.cl)
	if i > 0 {
		dst = clusterFeatures(dst, fClM1, s[i-1].cl)
	}
	if i+1 < len(s) {
		dst = clusterFeatures(dst, fClP1, s[i+1].cl)
	}
	if i > 1 {
		dst = clusterFeatures(dst, fClM2, s[i-2].cl)
	}
	if i+2 < len(s) {
		dst = clusterFeatures(dst, fClP2, s[i+2].cl)
	}
	if gm1&gazTitle != 0 {
		dst = append(dst, hn(fTitleM1, 1))
	}
	if gm2&gazTitle != 0 {
		dst = append(dst, hn(fTitleM2, 1))
	}
	// Affixes of the word without its clitic prefix, by runes.
	w := t.body
	n := utf8.RuneCountInString(w)
	dst = append(dst, hn(fLen, uint64(min(n, 10))))
	pre := [...]uint8{fPre1, fPre2, fPre3}
	suf := [...]uint8{fSuf1, fSuf2, fSuf3}
	end := 0
	for k := 0; k < 3 && k < n-1; k++ {
		_, size := utf8.DecodeRuneInString(w[end:])
		end += size
		dst = append(dst, h1(pre[k], w[:end]))
	}
	start := len(w)
	for k := 0; k < 3 && k < n-1; k++ {
		_, size := utf8.DecodeLastRuneInString(w[:start])
		start -= size
		dst = append(dst, h1(suf[k], w[start:]))
	}
	// Word-list and memory classes of w0 paired with w-1's and w+1's.
	g := gazClass(t)
	if i > 0 {
		dst = append(dst, hn(fGazPairM1, g|gazClass(&s[i-1])<<24))
	}
	if i+1 < len(s) {
		dst = append(dst, hn(fGazPairP1, g|gazClass(&s[i+1])<<24))
	}
	return dst
}

// gazClass packs a token's word-list flags, its entity-memory types and
// the unknown-word flag into 21 bits.
func gazClass(t *tokInfo) uint64 {
	c := uint64(t.gaz) | uint64(t.known&(knownPers|knownLoc|knownOrg))<<16
	if t.unk {
		c |= 1 << 20
	}
	return c
}

// clusterFeatures appends one feature per clustering level present in cl.
func clusterFeatures(dst []uint64, t uint8, cl uint64) []uint64 {
	for level := uint64(0); cl != 0; level++ {
		if c := cl & 0xffff; c != 0 {
			dst = append(dst, hn(t, c|level<<16))
		}
		cl >>= 16
	}
	return dst
}
