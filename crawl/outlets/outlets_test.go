package outlets

import "testing"

func TestDefaults(t *testing.T) {
	srcs, err := Defaults()
	if err != nil {
		t.Fatal(err)
	}
	if len(srcs) < 40 {
		t.Errorf("only %d default outlets", len(srcs))
	}
	seen := map[string]bool{}
	regions := map[string]int{}
	for _, s := range srcs {
		if seen[s.ID] {
			t.Errorf("duplicate outlet %s", s.ID)
		}
		seen[s.ID] = true
		regions[s.Category]++
		if len(s.Feeds) != 0 {
			t.Errorf("%s: default list must not guess feeds", s.ID)
		}
	}
	for _, r := range []string{"عربي", "سوريا", "مصر", "الخليج", "المشرق", "المغرب العربي", "دولي"} {
		if regions[r] == 0 {
			t.Errorf("no outlet in region %s", r)
		}
	}
}

func TestSourceID(t *testing.T) {
	tests := map[string]string{
		"https://www.enabbaladi.net/": "enabbaladi.net",
		"https://www.bbc.com/arabic":  "bbc.com/arabic",
		"https://shafaq.com/ar":       "shafaq.com/ar",
		"HTTPS://SANA.SY":             "sana.sy",
	}
	for in, want := range tests {
		if got := SourceID(in); got != want {
			t.Errorf("SourceID(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestParseErrors(t *testing.T) {
	for _, in := range []string{"https://x.example/\tname\n", "ftp://x\tn\tsy\tr\n"} {
		if _, err := parse(in); err == nil {
			t.Errorf("parse(%q) gave no error", in)
		}
	}
}
