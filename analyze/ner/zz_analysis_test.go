package ner

import (
	"bufio"
	"compress/gzip"
	"os"
	"testing"

	"github.com/marsad-news/marsad/arabic"
	"github.com/marsad-news/marsad/internal/shared"
)

func TestZZDictCoverage(t *testing.T) {
	if os.Getenv("NER_ZZ") == "" {
		t.Skip()
	}
	f, _ := os.Open("lexicon/ayaspell-words.txt.gz")
	zr, _ := gzip.NewReader(f)
	sc := bufio.NewScanner(zr)
	norm := map[string]bool{}
	stems := map[string]bool{}
	for sc.Scan() {
		n := normalizeWord(sc.Text())
		norm[n] = true
		stems[arabic.Light10(n)] = true
	}
	all := readCoNLLPath(t, shared.Path(t, "data/anercorp/ANERCorp_reconstructed_train.txt"))
	type c struct{ n, a, b, s, any int }
	cnt := map[string]*c{}
	for _, s := range all {
		for i, tok := range s.Tokens {
			tag := s.Tags[i]
			if len(tag) > 2 {
				tag = tag[2:]
			}
			x := cnt[tag]
			if x == nil {
				x = &c{}
				cnt[tag] = x
			}
			n := normalizeWord(tok)
			if wordShape(n) != shapeArabic {
				continue
			}
			stem, body, _ := analyzeWord(n)
			x.n++
			A, B, S := norm[n], norm[body], stems[stem]
			if A {
				x.a++
			}
			if B {
				x.b++
			}
			if S {
				x.s++
			}
			if A || B || S {
				x.any++
			}
		}
	}
	for k, x := range cnt {
		t.Logf("%-5s n=%6d norm %.3f body %.3f stem %.3f any %.3f", k, x.n, float64(x.a)/float64(x.n), float64(x.b)/float64(x.n), float64(x.s)/float64(x.n), float64(x.any)/float64(x.n))
	}
}
