package ner

import (
	"bufio"
	"fmt"
	"io"
	"slices"
	"strings"
)

// maxCoNLLLine bounds one line of a CoNLL file.
const maxCoNLLLine = 1 << 20

// ReadCoNLL reads sentences in the two-column CoNLL format of ANERcorp:
// one "token TAG" per line (the first field is the token, the last the
// tag), a blank line between sentences. Tags are returned as written.
func ReadCoNLL(r io.Reader) ([]Sentence, error) {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64*1024), maxCoNLLLine)
	var out []Sentence
	var cur Sentence
	line := 0
	for sc.Scan() {
		line++
		f := strings.Fields(sc.Text())
		switch len(f) {
		case 0:
			if len(cur.Tokens) > 0 {
				out = append(out, cur)
				cur = Sentence{}
			}
			continue
		case 1:
			return nil, fmt.Errorf("conll line %d: want \"token TAG\", got %q", line, sc.Text())
		}
		cur.Tokens = append(cur.Tokens, f[0])
		cur.Tags = append(cur.Tags, f[len(f)-1])
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("conll line %d: %w", line+1, err)
	}
	if len(cur.Tokens) > 0 {
		out = append(out, cur)
	}
	return out, nil
}

// Score is precision, recall and F1 of entity spans (of one type, or of
// all types for the overall score).
type Score struct {
	Type      string // entity type, or "" for the overall score
	Gold      int    // entities in the gold tags
	Predicted int    // entities in the predicted tags
	Correct   int    // predicted entities with the gold span and type
	Precision float64
	Recall    float64
	F1        float64
}

func (s *Score) compute() {
	if s.Predicted > 0 {
		s.Precision = float64(s.Correct) / float64(s.Predicted)
	}
	if s.Gold > 0 {
		s.Recall = float64(s.Correct) / float64(s.Gold)
	}
	if s.Precision+s.Recall > 0 {
		s.F1 = 2 * s.Precision * s.Recall / (s.Precision + s.Recall)
	}
}

// Evaluation is the result of Evaluate.
type Evaluation struct {
	Overall       Score   // micro-averaged over all types
	ByType        []Score // per entity type, sorted by type
	Tokens        int
	TokenAccuracy float64 // share of tokens whose tag is right
}

// String formats the evaluation like conlleval's summary.
func (e Evaluation) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "processed %d tokens with %d phrases; found: %d phrases; correct: %d.\n",
		e.Tokens, e.Overall.Gold, e.Overall.Predicted, e.Overall.Correct)
	fmt.Fprintf(&b, "accuracy: %6.2f%%; precision: %6.2f%%; recall: %6.2f%%; FB1: %6.2f\n",
		100*e.TokenAccuracy, 100*e.Overall.Precision, 100*e.Overall.Recall, 100*e.Overall.F1)
	for _, s := range e.ByType {
		fmt.Fprintf(&b, "%17s: precision: %6.2f%%; recall: %6.2f%%; FB1: %6.2f  %d\n",
			s.Type, 100*s.Precision, 100*s.Recall, 100*s.F1, s.Predicted)
	}
	return b.String()
}

// Evaluate scores predicted BIO tags against gold tags, sentence by
// sentence, with the chunk logic of the CoNLL-2000 conlleval script: an
// entity counts as correct only when its span and type both match; an I-X
// after O or after another type starts an entity. Sentences must have the
// same lengths in both.
func Evaluate(gold, predicted [][]string) (Evaluation, error) {
	if len(gold) != len(predicted) {
		return Evaluation{}, fmt.Errorf("evaluate: %d gold sentences but %d predicted", len(gold), len(predicted))
	}
	counts := map[string]*Score{}
	get := func(typ string) *Score {
		s := counts[typ]
		if s == nil {
			s = &Score{Type: typ}
			counts[typ] = s
		}
		return s
	}
	var ev Evaluation
	correctTags := 0
	for si := range gold {
		g, p := gold[si], predicted[si]
		if len(g) != len(p) {
			return Evaluation{}, fmt.Errorf("evaluate: sentence %d has %d gold tags but %d predicted", si+1, len(g), len(p))
		}
		var (
			inCorrect                 bool
			lastCorrect, lastGuessed  = "O", "O"
			lastCorrectT, lastGuessdT string
		)
		// Tokens, then a sentence boundary read as O (as conlleval does).
		for i := 0; i <= len(g); i++ {
			correct, correctT, guessed, guessedT := "O", "", "O", ""
			if i < len(g) {
				correct, correctT = conllSplit(g[i])
				guessed, guessedT = conllSplit(p[i])
			}
			endCorrect := endOfChunk(lastCorrect, correct, lastCorrectT, correctT)
			endGuessed := endOfChunk(lastGuessed, guessed, lastGuessdT, guessedT)
			startCorrect := startOfChunk(lastCorrect, correct, lastCorrectT, correctT)
			startGuessed := startOfChunk(lastGuessed, guessed, lastGuessdT, guessedT)
			if inCorrect {
				if endCorrect && endGuessed && lastGuessdT == lastCorrectT {
					inCorrect = false
					ev.Overall.Correct++
					get(lastCorrectT).Correct++
				} else if endCorrect != endGuessed || guessedT != correctT {
					inCorrect = false
				}
			}
			if startCorrect && startGuessed && guessedT == correctT {
				inCorrect = true
			}
			if startCorrect {
				ev.Overall.Gold++
				get(correctT).Gold++
			}
			if startGuessed {
				ev.Overall.Predicted++
				get(guessedT).Predicted++
			}
			if i < len(g) {
				ev.Tokens++
				if g[i] == p[i] {
					correctTags++
				}
			}
			lastCorrect, lastGuessed, lastCorrectT, lastGuessdT = correct, guessed, correctT, guessedT
		}
	}
	ev.Overall.compute()
	if ev.Tokens > 0 {
		ev.TokenAccuracy = float64(correctTags) / float64(ev.Tokens)
	}
	for _, s := range counts {
		s.compute()
		ev.ByType = append(ev.ByType, *s)
	}
	slices.SortFunc(ev.ByType, func(a, b Score) int { return strings.Compare(a.Type, b.Type) })
	return ev, nil
}

// conllSplit splits a tag as conlleval does: "B-PERS" -> "B", "PERS";
// a tag without a dash is its own chunk tag with an empty type.
func conllSplit(tag string) (string, string) {
	if i := strings.IndexByte(tag, '-'); i >= 0 {
		return tag[:i], tag[i+1:]
	}
	return tag, ""
}

// endOfChunk reports whether a chunk ended between the previous and the
// current token (conlleval's endOfChunk).
func endOfChunk(prevTag, tag, prevType, typ string) bool {
	switch {
	case prevTag == "E", prevTag == "S":
		return true
	case prevTag == "B" && (tag == "B" || tag == "S" || tag == "O"):
		return true
	case prevTag == "I" && (tag == "B" || tag == "S" || tag == "O"):
		return true
	case prevTag != "O" && prevTag != "." && prevType != typ:
		return true
	}
	return false
}

// startOfChunk reports whether a chunk starts at the current token
// (conlleval's startOfChunk).
func startOfChunk(prevTag, tag, prevType, typ string) bool {
	switch {
	case tag == "B", tag == "S":
		return true
	case (prevTag == "E" || prevTag == "S" || prevTag == "O") && (tag == "E" || tag == "I"):
		return true
	case tag != "O" && tag != "." && prevType != typ:
		return true
	}
	return false
}

// Evaluate tags the sentences and scores the result against their tags.
func (t *Tagger) Evaluate(sents []Sentence) Evaluation {
	gold := make([][]string, len(sents))
	pred := make([][]string, len(sents))
	for i, s := range sents {
		gold[i] = s.Tags
		pred[i] = t.Tag(s.Tokens)
	}
	ev, _ := Evaluate(gold, pred) // lengths match by construction
	return ev
}
