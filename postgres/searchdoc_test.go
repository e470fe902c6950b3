package postgres

import (
	"strings"
	"testing"

	"github.com/marsad-news/marsad"
)

func TestSearchDocLexemes(t *testing.T) {
	d := newSearchDoc(&marsad.Article{Language: "ar", Title: "وزير الدفاع", Text: "قال وزير الدفاع إن l'armée \\ 'x'"})
	for _, want := range []string{`'s:وزير':1A,68`, `'s:الدفاع':2A,69`, `'t:دفاع'`, `'s:l''armée':71`, `'t:armee'`} {
		if !strings.Contains(d.tsv, want) {
			t.Errorf("tsvector %s lacks %s", d.tsv, want)
		}
	}
	if d.pub != "0000" || d.day != nil {
		t.Errorf("undated article: day %v pub %q", d.day, d.pub)
	}
}

func FuzzSearchDoc(f *testing.F) {
	f.Add("وزير الدفاع", "نص 'مقتبس' \\ مع \x00 رموز", "ar")
	f.Add("Title", "l'Élysée syria's", "fr")
	f.Fuzz(func(t *testing.T, title, text, lang string) {
		d := newSearchDoc(&marsad.Article{Title: title, Text: text, Language: lang})
		// Every lexeme is quoted: an odd number of quotes would break the
		// tsvector input.
		if strings.Count(strings.ReplaceAll(d.tsv, "''", ""), "'")%2 != 0 {
			t.Fatalf("unbalanced quotes in %q", d.tsv)
		}
		_, _ = tsQueries(nil)
	})
}
