package ner

import (
	"math/bits"
	"strings"
	"unicode/utf8"
)

// Cue flags of a token (tokInfo.cue): coarse word classes that mark where
// a name starts or ends, used by the transition features (see edgeObs).
const (
	cueNisbaPlace = 1 << iota // adjective of a listed place (الكيني، التركي)
	cueNisba                  // with the article, ending in ي or ية (الدولي)
	cueVerbLike               // not a listed name, starting like an imperfect verb (يـ تـ نـ اـ سيـ ...)
	cuePrep                   // ب ك ل ف glued to an unlisted word of 3+ letters (كمقدم، بفوز)
	cuePlural                 // ending in ون، ين or ات
	cueParticle               // a particle or punctuation
)

// particleWords are frequent function words and punctuation; they get
// cueParticle (normalized when the lexicon is loaded).
const particleWords = "و في من على الى إلى عن ان أن إن ما لا قد مع ثم او أو لم لن هذا هذه ذلك التي الذي الذين كما بعد قبل حيث عند منذ خلال بين حتى اي أي كل ب ل ك ف انه أنه انها أنها الا إلا اما أما اذا إذا لكن بل هو هي هم ، ؛ ؟"

// cues returns the cue flags of an analyzed token.
func (lx *lexicon) cues(ti *tokInfo) uint8 {
	var c uint8
	if ti.shape == shapePunct || lx.particles[ti.norm] {
		c |= cueParticle
	}
	b := ti.body
	nr := utf8.RuneCountInString(b)
	if ti.shape != shapeArabic || nr < 3 {
		return c
	}
	if strings.HasSuffix(b, "ي") || strings.HasSuffix(b, "ية") {
		base := strings.TrimSuffix(strings.TrimSuffix(b, "ة"), "ي")
		const places = gazCountry | gazCity
		if lx.words[base]&places != 0 || lx.words[base+"ا"]&places != 0 || lx.words[base+"يا"]&places != 0 {
			c |= cueNisbaPlace
		}
		if strings.HasSuffix(ti.clitic, "ال") && nr >= 4 {
			c |= cueNisba
		}
	}
	if ti.gaz&(gazNames|gazPersB|gazPersI) == 0 {
		if ti.clitic == "" || ti.clitic == "و" || ti.clitic == "ف" {
			v := strings.TrimPrefix(strings.TrimPrefix(ti.norm, "و"), "ف")
			v = strings.TrimPrefix(v, "س")
			if r, _ := utf8.DecodeRuneInString(v); (r == 'ي' || r == 'ت' || r == 'ن' || r == 'ا') && utf8.RuneCountInString(v) >= 4 {
				c |= cueVerbLike
			}
		}
		n := ti.norm
		if r, size := utf8.DecodeRuneInString(n); (r == 'ب' || r == 'ك' || r == 'ل' || r == 'ف') && ti.clitic == "" && utf8.RuneCountInString(n[size:]) >= 3 {
			c |= cuePrep
		}
	}
	if strings.HasSuffix(b, "ون") || strings.HasSuffix(b, "ين") || strings.HasSuffix(b, "ات") {
		c |= cuePlural
	}
	return c
}

// numEdge is the number of observation bits of the transition features.
const numEdge = 16

// edgeObs returns the observation bits that condition the transition into
// token i of the sentence (i >= 1): each bit set adds its own table of
// label-pair weights to the transition weights (see Model.edge), so that
// the model can learn, say, that a person's name continues less readily
// after a nisba adjective or into a verb-like word.
func edgeObs(s []tokInfo, i int) uint32 {
	if i == 0 {
		return 0
	}
	t, p := &s[i], &s[i-1]
	var b uint32
	set := func(k int, c bool) {
		if c {
			b |= 1 << k
		}
	}
	set(0, t.gaz&gazGiven != 0)
	set(1, t.gaz&(gazFamily|gazPersI) != 0)
	set(2, t.unk)
	set(3, p.gaz&gazGiven != 0)
	set(4, p.gaz&gazTitle != 0)
	set(5, p.cue&(cueNisba|cueNisbaPlace) != 0)
	set(6, p.cue&cueVerbLike != 0)
	set(7, t.cue&cueVerbLike != 0)
	set(8, t.cue&cuePrep != 0)
	set(9, t.clitic == "و" || t.clitic == "وال")
	set(10, t.clitic == "ال" || t.clitic == "وال" || t.clitic == "بال" || t.clitic == "لل")
	set(11, t.cue&cueParticle != 0)
	set(12, p.cue&cueParticle != 0)
	set(13, t.known&knownPers != 0)
	set(14, t.phrase&16 != 0)
	set(15, t.gaz&(gazOrgWord|gazLocWord) != 0)
	return b
}

// edgeTables holds numEdge tables of label-pair weights (from label,
// to label), one per observation bit of edgeObs.
type edgeTables [numEdge][numLabels][numLabels]float32

// transInto returns the transition weights into a token with the
// observation bits obs: trans plus the tables of the bits set.
func (e *edgeTables) transInto(trans *[numLabels + 1][numLabels]float32, obs uint32) [numLabels + 1][numLabels]float32 {
	t := *trans
	for ; obs != 0; obs &= obs - 1 {
		k := bits.TrailingZeros32(obs)
		for p := range e[k] {
			for y, v := range e[k][p] {
				t[p][y] += v
			}
		}
	}
	return t
}
