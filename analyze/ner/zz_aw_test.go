package ner

import "testing"

func TestZZAW(t *testing.T) {
	lx, _ := loadLexicon()
	for _, w := range []string{"ببريطانيا", "لروسيا", "بنيوزيلندا", "لمحفوظ", "بعائشة", "وحسن", "سورية", "البوسنة", "وموسي", "بتندوف", "والبرتغالي", "لفرويد", "وكولون", "فيلادلفيا", "ولندن", "بموسكو", "كالديرون"} {
		n := normalizeWord(w)
		st, b, c := analyzeWord(n)
		var ti tokInfo
		lx.analyzeToken(w, &ti)
		t.Logf("%s -> stem %s body %s clitic %q gaz %b tok %b %b dict %b", w, st, b, c, lx.words[b], ti.gaz, lx.words[n]|lx.words[b], lx.dictFlags(n, st, b))
	}
}
