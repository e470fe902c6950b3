// Package ner tags named entities in tokenized Arabic text with the
// ANERcorp tag set (BIO tags over PERS, LOC, ORG and MISC).
//
// The tagger is a first-order linear-chain CRF (the weights of CRFs trained
// with different seeds averaged; an averaged perceptron can be trained
// instead) decoded with Viterbi over valid BIO sequences. Its
// features are hashed (no strings are built for feature names): the word
// normalized with package arabic, its light stems, affixes, the clitic
// prefix, the word shape, the neighbouring words and stems, title words
// before a name (وزير، الرئيس، الشيخ ...), gazetteer membership (given
// names, countries, cities, organization and place head words), word
// clusters learned from unlabelled news text (BuildClusters), and what the
// training data says about the word and the phrases it is part of. The
// model is trained by the project itself on ANERcorp (see BuildModel,
// Train and `marsad train ner`) and embedded in the binary (see Load).
//
// TagDocument tags the sentences of one article and makes the tags of
// recurring names consistent across it.
package ner

import (
	"bytes"
	_ "embed"
	"fmt"
	"sync"
)

// Tags of the ANERcorp tag set, in the order the model stores them.
const (
	TagO     = "O"
	TagBPers = "B-PERS"
	TagIPers = "I-PERS"
	TagBLoc  = "B-LOC"
	TagILoc  = "I-LOC"
	TagBOrg  = "B-ORG"
	TagIOrg  = "I-ORG"
	TagBMisc = "B-MISC"
	TagIMisc = "I-MISC"
)

// numLabels is the size of the tag set.
const numLabels = 9

// labelNames returns the tag set in model order.
func labelNames() [numLabels]string {
	return [numLabels]string{TagO, TagBPers, TagIPers, TagBLoc, TagILoc, TagBOrg, TagIOrg, TagBMisc, TagIMisc}
}

// labelIndex returns the model index of tag, or -1 when tag is not in the
// tag set.
func labelIndex(tag string) int {
	for i, l := range labelNames() {
		if l == tag {
			return i
		}
	}
	return -1
}

//go:embed model/ner.model.gz
var embeddedModel []byte

// Tagger tags token sequences with the model it was made from. It is
// immutable and safe for concurrent use.
type Tagger struct {
	m    *Model
	pool sync.Pool // *scratch
}

// Load returns the tagger with the model embedded in the binary.
func Load() (*Tagger, error) {
	m, err := ReadModel(bytes.NewReader(embeddedModel))
	if err != nil {
		return nil, fmt.Errorf("ner: embedded model: %w", err)
	}
	return NewTagger(m), nil
}

// NewTagger returns a tagger using m.
func NewTagger(m *Model) *Tagger {
	return &Tagger{m: m}
}

// Model returns the model the tagger uses.
func (t *Tagger) Model() *Model { return t.m }

// Tag returns one BIO tag per token (ANERcorp tag set: O, B-PERS, I-PERS,
// B-LOC, I-LOC, B-ORG, I-ORG, B-MISC, I-MISC). Tokens are words and
// punctuation as they appear in the text (clitics attached); a sentence is
// the natural unit, though any sequence works; time and memory are linear
// in len(tokens). The tags always form a valid BIO sequence (I-X only after
// B-X or I-X). Tag is safe for concurrent use.
func (t *Tagger) Tag(tokens []string) []string {
	if len(tokens) == 0 {
		return []string{}
	}
	s, _ := t.pool.Get().(*scratch)
	if s == nil {
		s = new(scratch)
	}
	path := t.m.decode(tokens, s)
	names := labelNames()
	out := make([]string, len(tokens))
	for i, l := range path {
		out[i] = names[l]
	}
	t.pool.Put(s)
	return out
}

// Span is one entity: a run of tokens with one type.
type Span struct {
	Type       string // PERS, LOC, ORG or MISC
	Start, End int    // token indices, End exclusive
}

// Spans groups BIO tags into entity spans over token indices, with the
// chunk rules of conlleval: an entity starts at B-X, at I-X after a tag of
// another type or after O, and ends before O, before any B- and before a
// tag of another type. Tags outside the BIO scheme count as O.
func Spans(tags []string) []Span {
	var spans []Span
	open := false // the last span continues up to the current token
	for i, tag := range tags {
		prefix, typ := splitTag(tag)
		switch {
		case prefix == 'I' && open && spans[len(spans)-1].Type == typ:
			spans[len(spans)-1].End = i + 1
		case prefix == 'B' || prefix == 'I':
			spans = append(spans, Span{Type: typ, Start: i, End: i + 1})
			open = true
		default:
			open = false
		}
	}
	return spans
}

// splitTag splits "B-PERS" into 'B' and "PERS". O and malformed tags give 0
// and "".
func splitTag(tag string) (byte, string) {
	if len(tag) < 3 || tag[1] != '-' || (tag[0] != 'B' && tag[0] != 'I') {
		return 0, ""
	}
	return tag[0], tag[2:]
}
