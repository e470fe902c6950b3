package ner

import (
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/marsad-news/marsad/internal/shared"
)

// anercorpFloor is the CI floor of entity-level micro-F1 (conlleval) of
// the embedded model on the ANERcorp test split: the measured figure minus
// 0.5 (see docs/QUALITY.md).
const anercorpFloor = 0.693

// anercorpDocFloor is the same for TagDocument over windows of
// documentWindow sentences (what the analyzer uses on an article).
const anercorpDocFloor = 0.725

// documentWindow is the number of consecutive sentences of the ANERcorp
// test split tagged together by TagDocument (the corpus has no document
// boundaries; an article is some 20 sentences).
const documentWindow = 20

func readCoNLLPath(tb testing.TB, p string) []Sentence {
	tb.Helper()
	f, err := os.Open(p)
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	s, err := ReadCoNLL(f)
	if err != nil {
		tb.Fatal(err)
	}
	return s
}

func logEvaluation(t *testing.T, name string, ev Evaluation) {
	t.Helper()
	t.Logf("%s: micro P %.2f R %.2f F1 %.2f (gold %d, predicted %d, correct %d; token accuracy %.2f)",
		name, 100*ev.Overall.Precision, 100*ev.Overall.Recall, 100*ev.Overall.F1,
		ev.Overall.Gold, ev.Overall.Predicted, ev.Overall.Correct, 100*ev.TokenAccuracy)
	for _, s := range ev.ByType {
		t.Logf("%s: %-4s P %.2f R %.2f F1 %.2f (gold %d, predicted %d, correct %d)",
			name, s.Type, 100*s.Precision, 100*s.Recall, 100*s.F1, s.Gold, s.Predicted, s.Correct)
	}
}

// TestQualityANERcorp tags the ANERcorp test split with the embedded model
// and fails below the floor.
func TestQualityANERcorp(t *testing.T) {
	test := readCoNLLPath(t, shared.Path(t, "data/anercorp/ANERCorp_reconstructed_test.txt"))
	tagger, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	ev := tagger.Evaluate(test)
	logEvaluation(t, "ANERcorp test, sentence by sentence", ev)

	var gold, pred [][]string
	for i := 0; i < len(test); i += documentWindow {
		blk := test[i:min(i+documentWindow, len(test))]
		toks := make([][]string, len(blk))
		for j, s := range blk {
			toks[j] = s.Tokens
			gold = append(gold, s.Tags)
		}
		pred = append(pred, tagger.TagDocument(toks)...)
	}
	evDoc, err := Evaluate(gold, pred)
	if err != nil {
		t.Fatal(err)
	}
	logEvaluation(t, "ANERcorp test, TagDocument over 20 sentences", evDoc)
	if ev.Overall.F1 < anercorpFloor {
		t.Errorf("micro-F1 %.4f below the floor %.4f", ev.Overall.F1, anercorpFloor)
	}
	if evDoc.Overall.F1 < anercorpDocFloor {
		t.Errorf("TagDocument micro-F1 %.4f below the floor %.4f", evDoc.Overall.F1, anercorpDocFloor)
	}
}

// aqmarTag maps an AQMAR tag to the ANERcorp tag set: PER -> PERS,
// MIS0..MIS3 -> MISC, and the corpus's typos (OO, IO, MISS1, -ORG ...).
func aqmarTag(tag string) string {
	tag = strings.Trim(tag, "`'\"")
	if tag == "" || tag == "O" || tag == "OO" || tag == "IO" || !strings.Contains(tag, "-") {
		return TagO
	}
	prefix, typ, _ := strings.Cut(tag, "-")
	if prefix != "B" && prefix != "I" {
		prefix = "I"
	}
	switch {
	case strings.HasPrefix(typ, "PER"):
		typ = "PERS"
	case strings.HasPrefix(typ, "LOC"):
		typ = "LOC"
	case strings.HasPrefix(typ, "ORG"):
		typ = "ORG"
	case strings.HasPrefix(typ, "MIS"):
		typ = "MISC"
	default:
		return TagO
	}
	return prefix + "-" + typ
}

// AQMAR halves (see aqmarSentences).
const (
	aqmarAll = iota
	aqmarTrain
	aqmarHeldOut
)

// aqmarSentences reads the AQMAR articles with their tags mapped by
// aqmarTag: all of them, or one half: the articles in sorted file-name
// order are alternately in the training half (1st, 3rd ...) and the
// held-out half (2nd, 4th ...).
func aqmarSentences(t *testing.T, half int) []Sentence {
	t.Helper()
	dir := shared.Path(t, "data/aqmar/articles")
	files, err := filepath.Glob(filepath.Join(dir, "*.txt"))
	if err != nil || len(files) == 0 {
		t.Skipf("no AQMAR articles in %s", dir)
	}
	sort.Strings(files)
	var sents []Sentence
	for i, f := range files {
		if half == aqmarTrain && i%2 != 0 || half == aqmarHeldOut && i%2 == 0 {
			continue
		}
		for _, s := range readCoNLLPath(t, f) {
			for i := range s.Tags {
				s.Tags[i] = aqmarTag(s.Tags[i])
			}
			sents = append(sents, s)
		}
	}
	return sents
}

// TestQualityAQMAR reports the embedded model on AQMAR (Arabic Wikipedia,
// out of domain). It has no floor: the figures go to docs/QUALITY.md.
func TestQualityAQMAR(t *testing.T) {
	all := aqmarSentences(t, aqmarAll)
	held := aqmarSentences(t, aqmarHeldOut)
	tagger, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	logEvaluation(t, "AQMAR (all 28 articles, MIS0-3 as MISC)", tagger.Evaluate(all))
	logEvaluation(t, "AQMAR (held-out half, 14 articles, MIS0-3 as MISC)", tagger.Evaluate(held))
}

// TestEmbeddedModelFresh fails when the embedded model was trained with
// other word lists or another normalizer than this build has.
func TestEmbeddedModelFresh(t *testing.T) {
	tg, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	if tg.Model().Stale() {
		t.Error("the embedded model is stale (the word lists in lexicon/ or package arabic's normalizer or stemmers changed since training): retrain it with the command in model/LICENSE.md")
	}
}
