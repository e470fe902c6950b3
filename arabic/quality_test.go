package arabic

import (
	"bufio"
	"os"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/marsad-news/marsad/internal/shared"
)

// anerSentences reads a CoNLL-style ANERcorp file: one "token TAG" per
// line, sentences separated by blank lines.
func anerSentences(t *testing.T, rel string) [][]string {
	t.Helper()
	f, err := os.Open(shared.Path(t, rel))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out [][]string
	var cur []string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if line == "" {
			if len(cur) > 0 {
				out = append(out, cur)
				cur = nil
			}
			continue
		}
		if i := strings.LastIndexByte(line, ' '); i > 0 {
			line = line[:i]
		}
		cur = append(cur, line)
	}
	if len(cur) > 0 {
		out = append(out, cur)
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// TestQualityANERcorp measures the tokenizer and the sentence splitter
// against ANERcorp's gold tokens and sentences (test split): the gold
// tokens are joined by spaces and the sentences by a space (no line
// breaks), then we check which gold token spans and sentence ends come
// back. The floors guard against regressions; figures are logged and
// recorded in docs/QUALITY.md.
func TestQualityANERcorp(t *testing.T) {
	sents := anerSentences(t, "data/anercorp/ANERCorp_reconstructed_test.txt")
	var b strings.Builder
	type span struct{ s, e int }
	gold := map[span]bool{}
	goldEnds := map[int]bool{}
	pos := 0
	for i, toks := range sents {
		if i > 0 {
			b.WriteByte(' ')
			pos++
		}
		for j, tk := range toks {
			if j > 0 {
				b.WriteByte(' ')
				pos++
			}
			n := utf8.RuneCountInString(tk)
			gold[span{pos, pos + n}] = true
			b.WriteString(tk)
			pos += n
		}
		goldEnds[pos] = true
	}
	text := b.String()
	toks := Tokenize(text)
	match := 0
	for _, tk := range toks {
		if gold[span{tk.Start, tk.End}] {
			match++
		}
	}
	tokP, tokR := float64(match)/float64(len(toks)), float64(match)/float64(len(gold))
	t.Logf("tokens: gold %d, ours %d, exact matches %d: precision %.4f recall %.4f", len(gold), len(toks), match, tokP, tokR)

	spans := SentencesOf(text, toks)
	hit := 0
	for _, sp := range spans {
		if goldEnds[sp.End] {
			hit++
		}
	}
	sp, sr := float64(hit)/float64(len(spans)), float64(hit)/float64(len(goldEnds))
	f1 := 2 * sp * sr / (sp + sr)
	t.Logf("sentences: gold %d, ours %d, matching ends %d: precision %.4f recall %.4f F1 %.4f", len(goldEnds), len(spans), hit, sp, sr, f1)

	if tokR < 0.98 || tokP < 0.98 {
		t.Errorf("token agreement below floor 0.98: precision %.4f recall %.4f", tokP, tokR)
	}
	if f1 < 0.95 {
		t.Errorf("sentence-end F1 %.4f below floor 0.95", f1)
	}
}

// TestQualityLightStemWaw estimates how LightStem treats a leading و on
// the ANERcorp vocabulary (normalized), using attestation as a proxy:
// when و+X is split, X should itself occur in the corpus; when it is kept
// (root و, or too short), X occurring suggests a missed conjunction.
func TestQualityLightStemWaw(t *testing.T) {
	f, err := os.Open(shared.Path(t, "data/snowball-ar-anercorp/anercorp_vocab_stems.tsv"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	vocab := map[string]bool{}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		w, _, _ := strings.Cut(sc.Text(), "\t")
		vocab[Normalize(w)] = true
	}
	var stripped, strippedOK, kept, keptAttested, snowballWaw int
	for w := range vocab {
		if !strings.HasPrefix(w, "و") || strings.HasPrefix(w, "وال") || utf8.RuneCountInString(w) < 4 {
			continue
		}
		rest := strings.TrimPrefix(w, "و")
		if !strings.HasPrefix(Stem(w), "و") {
			snowballWaw++
		}
		if LightStem(w) == rest {
			stripped++
			if vocab[rest] {
				strippedOK++
			}
		} else {
			kept++
			if vocab[rest] {
				keptAttested++
			}
		}
	}
	p := float64(strippedOK) / float64(stripped)
	t.Logf("words و+X (no وال, >= 4 letters): LightStem strips %d (X attested in corpus: %d, %.3f), keeps %d (X attested: %d); Snowball drops the و in %d",
		stripped, strippedOK, p, kept, keptAttested, snowballWaw)
	if p < 0.6 {
		t.Errorf("only %.3f of stripped و+X have X attested (floor 0.6)", p)
	}
}
