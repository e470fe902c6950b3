package arabic

import (
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/marsad-news/marsad/internal/shared"
)

// TestSeed checks the text core on the founding example
// (../shared/seed/article-ar-001.txt, read from the shared folder).
func TestSeed(t *testing.T) {
	data, err := os.ReadFile(shared.Path(t, "seed/article-ar-001.txt"))
	if err != nil {
		t.Fatal(err)
	}
	s := string(data)
	toks := Tokenize(s)
	checkTokens(t, s, toks)

	// Every quotation mark of the page is paired (straight and curly).
	quotes := 0
	for i, tk := range toks {
		if tk.Kind != Quote {
			continue
		}
		quotes++
		if tk.Pair < 0 {
			t.Errorf("quote %d %q at %d is unpaired: …%s…", i, tk.Text, tk.Start, s[max(0, tk.ByteStart-40):min(len(s), tk.ByteEnd+40)])
		}
	}
	if quotes < 10 {
		t.Errorf("only %d quote tokens in the seed", quotes)
	}

	// The dateline: bullet, category, date in Arabic-Indic digits.
	want := []tok{{"●", Symbol}, {"أخبار", Word}, {"سورية", Word}, {"١٧", Number}, {"نوفمبر", Word}, {"٢٠٢٥", Number}}
	line := "● أخبار سورية ١٧ نوفمبر ٢٠٢٥"
	if got := kinds(Tokenize(line)); fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("dateline tokens %v, want %v", got, want)
	}
	if !strings.Contains(s, line) {
		t.Fatalf("seed changed: no dateline %q", line)
	}

	spans := SentencesOf(s, toks)
	checkSpans(t, s, spans)
	texts := sentenceTexts(s, spans)
	title := "بمشاركة أكبر وفد روسي .. مباحثات عسكرية سورية - روسية واسعة في دمشق"
	if texts[0] != title {
		t.Errorf("first sentence %q, want the whole title %q", texts[0], title)
	}
	for _, x := range texts {
		if strings.ContainsAny(x, "\n") {
			t.Errorf("sentence spans a line break: %q", x)
		}
	}
	// The quoted statement holds together with its reporting clause.
	found := false
	for _, x := range texts {
		if strings.Contains(x, "“حق اللجوء الإنساني”") && strings.HasPrefix(x, "ويُنظر إلى هذه الزيارات") {
			found = true
		}
	}
	if !found {
		t.Error("the sentence with “حق اللجوء الإنساني” was split")
	}
	t.Logf("seed: %d tokens, %d quotes, %d sentences", len(toks), quotes, len(spans))

	// Normalized seed: no diacritics or Arabic-Indic digits left, and
	// the words the analyzers look for are in matching form.
	n := Normalize(s)
	for _, w := range []string{"وزير الدفاع السوري", "17 نوفمبر 2025", "يوم الاحد", "اللجوء الانساني", "وصفت"} {
		if !strings.Contains(n, w) {
			t.Errorf("normalized seed lacks %q", w)
		}
	}
}
