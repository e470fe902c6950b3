package ner

import (
	"bytes"
	"context"
	"strings"
	"testing"
)

// FuzzTag tags random token lists: one tag per token, in the tag set, in
// valid BIO order, and the same on a second call.
func FuzzTag(f *testing.F) {
	tg, err := Load()
	if err != nil {
		f.Fatal(err)
	}
	for _, s := range []string{
		"", "وقالت المتحدثة ماريا زاخاروفا إن روسيا", "\x00 \xff\xfe ال و ب",
		"ـــ ً ٌ ٍ", "١٢٣ 2025 ABC abc", strings.Repeat("محمد ", 300), "« » “ ” \" '",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		toks := strings.FieldsFunc(s, func(r rune) bool { return r == ' ' || r == '\n' || r == '\t' })
		if len(toks) > 2000 {
			toks = toks[:2000]
		}
		tags := tg.Tag(toks)
		if len(tags) != len(toks) {
			t.Fatalf("%d tags for %d tokens", len(tags), len(toks))
		}
		prev := start
		for i, tag := range tags {
			y := labelIndex(tag)
			if y < 0 {
				t.Fatalf("token %d: tag %q not in the tag set", i, tag)
			}
			if !validTransition(prev, y) {
				t.Fatalf("token %d: %q after %v", i, tag, tags[:i])
			}
			prev = y
		}
		again := tg.Tag(toks)
		for i := range tags {
			if tags[i] != again[i] {
				t.Fatalf("second call differs at %d", i)
			}
		}
		// Whole-document tagging keeps the shape.
		doc := tg.TagDocument([][]string{toks, toks})
		if len(doc) != 2 || len(doc[0]) != len(toks) || len(doc[1]) != len(toks) {
			t.Fatalf("TagDocument changed the shape")
		}
	})
}

// FuzzReadCoNLL reads random CoNLL input: no panic, one tag per token.
func FuzzReadCoNLL(f *testing.F) {
	for _, s := range []string{"", "a O\n\nb B-PERS\n", "a\n", "a b c\r\n\r\n", "\n\n\n x  y \n"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		sents, err := ReadCoNLL(strings.NewReader(s))
		if err != nil {
			return
		}
		for _, st := range sents {
			if len(st.Tokens) != len(st.Tags) || len(st.Tokens) == 0 {
				t.Fatalf("bad sentence %v", st)
			}
		}
	})
}

// FuzzReadWojood reads random nested-entity input: no panic, one tag
// per token, and the flattened tags are valid BIO sequences of the
// ANERcorp types.
func FuzzReadWojood(f *testing.F) {
	for _, s := range []string{"", "a O\n\nb B-PERS\n", "x B-ORG\ny I-ORG B-PERS\nz I-ORG I-PERS\n",
		"$#$ O\n", "a I-GPE B-LOC B-FAC\n\n\n", "a B-X B-Y B-Z I-W\n b\n"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		sents, err := ReadWojood(strings.NewReader(s))
		if err != nil {
			return
		}
		for _, st := range sents {
			if len(st.Tokens) != len(st.Tags) {
				t.Fatalf("bad sentence %v", st)
			}
			prev := TagO
			for _, tag := range st.Tags {
				p, typ := splitTag(tag)
				switch {
				case tag == TagO:
				case typ != "PERS" && typ != "LOC" && typ != "ORG":
					t.Fatalf("tag %q outside PERS/LOC/ORG in %v", tag, st)
				case p == 'I' && prev[min(2, len(prev)):] != typ:
					t.Fatalf("%q does not continue %q in %v", tag, prev, st)
				}
				prev = tag
			}
		}
	})
}

// FuzzReadModel reads random and damaged model files: an error or a model
// that tags, never a panic.
func FuzzReadModel(f *testing.F) {
	f.Add([]byte{})
	f.Add([]byte("marsad-ner\x00"))
	var buf bytes.Buffer
	if m, err := Train(t0ctx(), smallCorpus()[:6], TrainOptions{Epochs: 1}); err == nil {
		if _, err := m.WriteTo(&buf); err == nil {
			f.Add(buf.Bytes())
		}
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		m, err := ReadModel(bytes.NewReader(b))
		if err != nil {
			return
		}
		NewTagger(m).Tag([]string{"قال", "محمد", "في", "دمشق"})
	})
}

func t0ctx() context.Context { return context.Background() }
