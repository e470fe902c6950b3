package ner

import (
	"bytes"
	"context"
	"math"
	"reflect"
	"strings"
	"testing"
)

func TestReadNested(t *testing.T) {
	const in = `فقد O
روسيا B-ORG
مجلس B-ORG
الأمن I-ORG
ضد I-ORG
الأسد I-ORG B-PERS
$#$ O

سكرتير B-OCC
اللجنة I-OCC B-ORG
القومية I-OCC I-ORG
في I-OCC
نابلس I-OCC B-GPE
أمس B-DATE
`
	got, err := ReadWojood(strings.NewReader(in))
	if err != nil {
		t.Fatal(err)
	}
	want := []Sentence{
		{Tokens: []string{"فقد", "روسيا", "مجلس", "الأمن", "ضد", "الأسد"}, Tags: []string{"O", "B-ORG", "B-ORG", "I-ORG", "I-ORG", "I-ORG"}},
		{Tokens: []string{"سكرتير", "اللجنة", "القومية", "في", "نابلس", "أمس"}, Tags: []string{"O", "B-ORG", "I-ORG", "O", "B-LOC", "O"}},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("ReadWojood = %q, want %q", got, want)
	}
	if _, err := ReadWojood(strings.NewReader("token\n")); err == nil {
		t.Error("a line without a tag: no error")
	}
}

// extraCorpus is a small second corpus: names and places smallCorpus
// lacks, in other contexts.
func extraCorpus() []Sentence {
	var out []Sentence
	for _, n := range []string{"كريم", "نادر", "كريم", "نادر"} {
		out = append(out, Sentence{Tokens: []string{"زار", n, "مدينة", "حلب", "أمس"}, Tags: []string{"O", "B-PERS", "O", "B-LOC", "O"}})
	}
	return out
}

// TestTrainDomainAdapt checks TrainOptions.DomainAdapt and Extra: alone,
// the feature copies learn what the features alone would (same tags,
// nearly the same weights); with an extra corpus the model keeps no
// per-corpus copies (as many features as without DomainAdapt), its
// memory and vocabulary follow Corpus.Memory, and training is
// deterministic.
func TestTrainDomainAdapt(t *testing.T) {
	ctx := context.Background()
	train := func(opts TrainOptions) *Model {
		opts.Epochs, opts.Runs = 3, 1
		m, err := Train(ctx, smallCorpus(), opts)
		if err != nil {
			t.Fatal(err)
		}
		return m
	}
	plain, da := train(TrainOptions{}), train(TrainOptions{DomainAdapt: true})
	for p := range plain.trans {
		for y := range plain.trans[p] {
			a, b := float64(plain.trans[p][y]), float64(da.trans[p][y])
			if math.Abs(a-b) > 1e-4*(1+math.Abs(a)) {
				t.Errorf("trans[%d][%d] = %v with DomainAdapt alone, %v without", p, y, b, a)
			}
		}
	}
	if plain.NumFeatures() != da.NumFeatures() {
		t.Errorf("DomainAdapt alone: %d features, want %d", da.NumFeatures(), plain.NumFeatures())
	}
	for _, s := range smallCorpus()[:6] {
		if a, b := NewTagger(plain).Tag(s.Tokens), NewTagger(da).Tag(s.Tokens); !reflect.DeepEqual(a, b) {
			t.Errorf("%q: DomainAdapt alone tags %q, without %q", s.Tokens, b, a)
		}
	}

	extra := []Corpus{{Name: "extra", Sentences: extraCorpus()}}
	noDA := train(TrainOptions{Extra: extra})
	withDA := train(TrainOptions{Extra: extra, DomainAdapt: true})
	if noDA.NumFeatures() != withDA.NumFeatures() {
		t.Errorf("DomainAdapt with an extra corpus: %d features, want the %d shared ones", withDA.NumFeatures(), noDA.NumFeatures())
	}
	if _, ok := withDA.lex.vocab[vocabKey(normalizeWord("كريم"))]; ok {
		t.Error("an extra corpus without Memory reached the vocabulary")
	}
	extra[0].Memory = true
	mem := train(TrainOptions{Extra: extra, DomainAdapt: true})
	if _, ok := mem.lex.vocab[vocabKey(normalizeWord("كريم"))]; !ok {
		t.Error("an extra corpus with Memory is missing from the vocabulary")
	}
	if mem.lex.known[memoryKey("كريم")]&knownPers == 0 {
		t.Error("an extra corpus with Memory is missing from the entity memory")
	}
	again := train(TrainOptions{Extra: extra, DomainAdapt: true})
	if !bytes.Equal(modelBytes(t, mem), modelBytes(t, again)) {
		t.Error("training with an extra corpus is not deterministic")
	}
	if _, err := Train(ctx, smallCorpus(), TrainOptions{Extra: []Corpus{{Name: "bad", Sentences: []Sentence{{Tokens: []string{"a"}, Tags: []string{"B-DATE"}}}}}}); err == nil {
		t.Error("an extra corpus with a tag outside the tag set: no error")
	}
}
