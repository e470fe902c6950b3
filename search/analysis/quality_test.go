package analysis

import (
	"bufio"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/marsad-news/marsad/arabic"
	"github.com/marsad-news/marsad/internal/shared"
)

// TestQualityCliticRecall measures, on the distinct name tokens of the
// ANERcorp test set (people, places, organizations), how often a query for
// the bare word finds the word with a clitic attached (tokens beginning
// with a letter that may be a clitic, و ف ب ل ك, or with ال are left out:
// ANERcorp tokens often carry their clitics, e.g. للعراق) (و ف ب ل ك وب ول
// فب ال وال بال لل): the query stem must be among the stems indexed for
// the attached form. Snowball's stem equality on the same pairs is logged
// for comparison. Figures go to docs/QUALITY.md.
func TestQualityCliticRecall(t *testing.T) {
	p := shared.Path(t, "data/anercorp/ANERCorp_reconstructed_test.txt")
	f, err := os.Open(p)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	seen := map[string]bool{}
	var names []string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		word, tag, ok := strings.Cut(strings.TrimSpace(sc.Text()), " ")
		if !ok || tag == "O" || seen[word] {
			continue
		}
		toks := Terms(word)
		if len(toks) != 1 || toks[0].Surface != arabic.Normalize(word) || strings.HasPrefix(toks[0].Surface, "ال") ||
			strings.ContainsAny(firstRune(toks[0].Surface), "وفبلك") || !isArabicWord(toks[0].Surface) {
			continue // not one Arabic word, or possibly with a clitic already
		}
		seen[word] = true
		names = append(names, word)
	}
	if len(names) < 500 {
		t.Fatalf("only %d name tokens read from %s", len(names), p)
	}
	prefixes := []string{"و", "ف", "ب", "ل", "ك", "وب", "ول", "فب", "ال", "وال", "بال", "لل"}
	pairs, found, snow, changed := 0, 0, 0, 0
	var misses []string
	for _, w := range names {
		q := Terms(w)[0]
		if q.Stem != q.Surface {
			changed++
		}
		for _, p := range prefixes {
			form := p + w
			pairs++
			tok := Analyze(form, Arabic)[0]
			if tok.Stem == q.Stem || slices.Contains(tok.Alts, q.Stem) {
				found++
			} else if len(misses) < 30 && len([]rune(w)) > 2 {
				misses = append(misses, form+" ("+w+")")
			}
			if arabic.Stem(form) == arabic.Stem(w) {
				snow++
			}
		}
	}
	recall := float64(found) / float64(pairs)
	t.Logf("name tokens %d, clitic forms %d: light stem + alternatives recall %.4f, Snowball stem equality %.4f", len(names), pairs, recall, float64(snow)/float64(pairs))
	t.Logf("name tokens whose stem differs from the surface (exact form ranks first): %.3f", float64(changed)/float64(len(names)))
	t.Logf("misses (words of 3+ letters), first 30: %v", misses)
	if recall < 0.97 {
		t.Errorf("clitic recall %.4f below the floor 0.97", recall)
	}
}

func firstRune(s string) string {
	for _, r := range s {
		return string(r)
	}
	return ""
}

func isArabicWord(s string) bool {
	for _, r := range s {
		if r < 0x0600 || r > 0x06FF {
			return false
		}
	}
	return s != ""
}
