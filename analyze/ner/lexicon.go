package ner

import (
	"bufio"
	"embed"
	"fmt"
	"slices"
	"strings"
)

//go:embed lexicon/*.txt
var lexiconFS embed.FS

//go:generate go run gen_dictionary.go -dic /usr/share/hunspell/ar.dic -out lexicon

// Gazetteer flags of a token.
const (
	gazGiven   = 1 << iota // a given name
	gazFamily              // a family name
	gazCountry             // a single-word country or region name
	gazCity                // a single-word city name
	gazTitle               // a title word (وزير، الرئيس، الشيخ ...)
	gazOrgWord             // a head word of organization names (وزارة، شركة ...)
	gazLocWord             // a head word of place names (مدينة، محافظة ...)
	gazMultiB              // first token of a multi-word place name
	gazMultiI              // later token of a multi-word place name
	gazSpeech              // a verb of saying (قال، أكد ...)
	gazOrgB                // an organization name, or the first token of one
	gazOrgI                // a later token of a multi-word organization name
	gazPersB               // the first token of a multi-word person's name
	gazPersI               // a later token of a multi-word person's name

	// gazNames are the flags of the lists of names.
	gazNames = gazGiven | gazFamily | gazCountry | gazCity
)

// proclitics are the clitic prefixes procliticBody tries, longest first:
// a conjunction و or ف, then a preposition ب, ل or ك (LightStem strips the
// article forms but keeps these, which also begin many words).
var proclitics = [...]string{"وب", "ول", "وك", "فب", "فل", "ب", "ل", "ك", "و", "ف"}

// procliticBody returns n without a clitic prefix (see proclitics) when
// n is not itself a listed word and the rest, of at least 3 letters, is a
// listed name or the first word of a multi-word one (لروسيا -> روسيا,
// بالولايات -> الولايات); otherwise "".
func (lx *lexicon) procliticBody(n string) string {
	if _, ok := lx.words[n]; ok {
		return ""
	}
	for _, p := range proclitics {
		if len(n) < len(p)+6 || n[:len(p)] != p {
			continue
		}
		r := n[len(p):]
		if lx.words[r]&gazNames != 0 || lx.multi[r] != nil {
			return r
		}
	}
	return ""
}

// lexicon holds the embedded word lists, normalized with the tagger's
// normalizer. It is built once per model and never changed.
type lexicon struct {
	words map[string]uint16      // normalized word or stem -> gaz flags
	multi map[string][]multiName // first normalized token -> names
	// clusters maps normalized words to word-cluster ids (see BuildClusters).
	clusters map[string]uint64
	// known maps normalized words (without clitics) to what the training
	// data says about them (known* flags, see entityMemory).
	known map[string]uint8
	mem   *memory
	// vocab holds vocabKey hashes of the words seen often enough in
	// training; the others get the features of unknown words.
	vocab map[uint64]struct{}
	// particles holds the normalized particleWords.
	particles map[string]bool
}

// multiName is a multi-word name of a list: its normalized tokens and the
// gaz flags of its first and later tokens.
type multiName struct {
	words  []string
	first  uint16
	others uint16
}

// memory holds the entity phrases of the training data: token sequences
// (by memory key) that were tagged as one entity at least as often as not.
type memory struct {
	phrases map[uint64]uint8 // seqHash of the keys -> entity type 1..4
	starts  map[string]uint8 // first key -> longest phrase length
}

// seqHash hashes a sequence of memory keys.
// vocabKey is the vocabulary hash of a normalized word.
func vocabKey(norm string) uint64 { return h1(0, norm) }

func seqHash(keys func(int) string, n int) uint64 {
	h := uint64(offset64)
	for i := 0; i < n; i++ {
		h = hashStr(h, keys(i))
		h = (h ^ 0x1f) * prime64
	}
	return mix(h)
}

// maxPhrase bounds the length of remembered phrases.
const maxPhrase = 8

// phraseMemory collects the entity phrases of sents.
func phraseMemory(sents []Sentence) *memory {
	m := &memory{phrases: map[uint64]uint8{}, starts: map[string]uint8{}}
	type cnt struct{ byType [5]int }
	ents := map[uint64]*cnt{}
	typeOf := map[string]int{"PERS": 1, "LOC": 2, "ORG": 3, "MISC": 4}
	keys := make([][]string, len(sents))
	for si, s := range sents {
		k := make([]string, len(s.Tokens))
		for i, t := range s.Tokens {
			k[i] = memoryKey(t)
		}
		keys[si] = k
		for _, sp := range Spans(s.Tags) {
			l := sp.End - sp.Start
			if l > maxPhrase || sp.End > len(k) {
				continue
			}
			h := seqHash(func(i int) string { return k[sp.Start+i] }, l)
			c := ents[h]
			if c == nil {
				c = &cnt{}
				ents[h] = c
			}
			c.byType[typeOf[sp.Type]]++
			if uint8(l) > m.starts[k[sp.Start]] {
				m.starts[k[sp.Start]] = uint8(l)
			}
		}
	}
	occ := map[uint64]int{}
	for _, k := range keys {
		for i := range k {
			L := int(m.starts[k[i]])
			for l := 1; l <= L && i+l <= len(k); l++ {
				h := seqHash(func(j int) string { return k[i+j] }, l)
				if ents[h] != nil {
					occ[h]++
				}
			}
		}
	}
	for h, c := range ents {
		best, total := 0, 0
		for t := 1; t < 5; t++ {
			total += c.byType[t]
			if c.byType[t] > c.byType[best] {
				best = t
			}
		}
		if 2*total >= occ[h] && best > 0 {
			m.phrases[h] = uint8(best)
		}
	}
	return m
}

// Flags of the entity memory: the entity types a word was seen in within
// the training data, and whether it was mostly seen inside entities.
const (
	knownPers = 1 << iota
	knownLoc
	knownOrg
	knownMisc
	knownMostly // seen inside entities more often than outside
	knownFirst  // seen first in an entity
)

// withKnown returns a copy of lx using known as its entity memory.
func (lx *lexicon) withKnown(known map[string]uint8, mem *memory) *lexicon {
	c := *lx
	c.known = known
	c.mem = mem
	return &c
}

// entityMemory summarizes tagged sentences: for each word (normalized,
// clitics stripped), the entity types it occurs in and whether it occurs
// inside entities more often than outside.
func entityMemory(sents []Sentence) map[string]uint8 {
	type cnt struct{ in, out int }
	counts := map[string]*cnt{}
	out := map[string]uint8{}
	for _, s := range sents {
		spans := Spans(s.Tags)
		inside := make([]bool, len(s.Tokens))
		for _, sp := range spans {
			var f uint8
			switch sp.Type {
			case "PERS":
				f = knownPers
			case "LOC":
				f = knownLoc
			case "ORG":
				f = knownOrg
			case "MISC":
				f = knownMisc
			}
			for i := sp.Start; i < sp.End && i < len(s.Tokens); i++ {
				inside[i] = true
				b := memoryKey(s.Tokens[i])
				out[b] |= f
				if i == sp.Start {
					out[b] |= knownFirst
				}
			}
		}
		for i, tok := range s.Tokens {
			b := memoryKey(tok)
			c := counts[b]
			if c == nil {
				c = &cnt{}
				counts[b] = c
			}
			if inside[i] {
				c.in++
			} else {
				c.out++
			}
		}
	}
	for w, c := range counts {
		if c.in > c.out {
			out[w] |= knownMostly
		}
		if out[w] == 0 {
			delete(out, w)
		}
	}
	return out
}

// memoryKey is the entity-memory key of a token: its normalized form
// without the clitic prefix.
func memoryKey(tok string) string {
	_, body, _ := analyzeWord(normalizeWord(tok))
	return body
}

// fingerprint hashes the normalized embedded word lists: it changes when
// the lists or the normalizer and stemmers of package arabic change, which
// makes a trained model stale.
func (lx *lexicon) fingerprint() uint64 {
	words := make([]string, 0, len(lx.words))
	for w := range lx.words {
		words = append(words, w)
	}
	for w, names := range lx.multi {
		words = append(words, w)
		for _, n := range names {
			words = append(words, fmt.Sprint(n.first, n.others, n.words))
		}
	}
	slices.Sort(words)
	h := uint64(offset64)
	for _, w := range words {
		h = hashStr(h, w)
		h = (h ^ uint64(lx.words[w])) * prime64
	}
	return mix(h)
}

// loadLexicon reads and normalizes the embedded word lists.
func loadLexicon() (*lexicon, error) {
	lx := &lexicon{words: make(map[string]uint16), multi: make(map[string][]multiName), particles: make(map[string]bool)}
	for _, w := range strings.Fields(particleWords) {
		lx.particles[normalizeWord(w)] = true
	}
	files := []struct {
		name   string
		flag   uint16
		byStem bool
	}{
		{"given-names.txt", gazGiven, false},
		{"family-names.txt", gazFamily, false},
		{"countries.txt", gazCountry, false},
		{"cities.txt", gazCity, false},
		{"titles.txt", gazTitle, true},
		{"org-words.txt", gazOrgWord, true},
		{"loc-words.txt", gazLocWord, true},
		{"speech-verbs.txt", gazSpeech, true},
		{"ayaspell-countries.txt", gazCountry, false},
		{"ayaspell-capitals.txt", gazCity, false},
		{"ayaspell-persons.txt", gazGiven, false},
		{"foreign-given-names.txt", gazGiven, false},
		{"persons.txt", gazPersB, false},
		{"organizations.txt", gazOrgB, false},
		{"regions.txt", gazCity, false},
	}
	for _, f := range files {
		data, err := lexiconFS.ReadFile("lexicon/" + f.name)
		if err != nil {
			return nil, fmt.Errorf("lexicon %s: %w", f.name, err)
		}
		sc := bufio.NewScanner(strings.NewReader(string(data)))
		for sc.Scan() {
			line := strings.TrimSpace(sc.Text())
			if line == "" || strings.HasPrefix(line, "#") {
				continue
			}
			fields := strings.Fields(line)
			if len(fields) > 1 {
				seq := make([]string, len(fields))
				for i, w := range fields {
					seq[i] = normalizeWord(w)
				}
				name := multiName{seq, gazMultiB, gazMultiI}
				switch f.flag {
				case gazOrgB:
					name.first, name.others = gazOrgB, gazOrgI
				case gazPersB:
					name.first, name.others = gazPersB, gazPersI
				}
				lx.multi[seq[0]] = append(lx.multi[seq[0]], name)
				// Also under the first word without its article, so that
				// "والولايات المتحدة" matches "الولايات المتحدة".
				if _, body, _ := analyzeWord(seq[0]); body != seq[0] {
					lx.multi[body] = append(lx.multi[body], name)
				}
				continue
			}
			flag := f.flag
			if flag == gazPersB {
				flag = gazFamily // a one-word mention of a person
			}
			w := normalizeWord(fields[0])
			stem, body, _ := analyzeWord(w)
			if f.byStem {
				w = stem
			} else if body != w && flag&(gazNames|gazOrgB) != 0 {
				// A name with its article (الأردن) is looked up by the
				// body of a token with clitics (والأردن -> اردن).
				lx.words[body] |= flag
			}
			lx.words[w] |= flag
		}
	}
	return lx, nil
}
