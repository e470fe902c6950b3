// Package exteval scores article body extraction the way the Zyte
// article-extraction benchmark does (github.com/scrapinghub/
// article-extraction-benchmark) and runs an extractor over its pages.
//
// The metric: texts are split into tokens (maximal runs of Unicode
// letters, numbers and '_', like Python's \w), tokens into shingles of 4
// consecutive tokens (a text of fewer than 4 tokens is one shingle), and
// each page's true and predicted shingle multisets are compared. Per page
// TP, FP and FN are normalised so that TP+FP+FN = 1; precision is the mean
// page precision over pages with TP+FP > 0, recall the mean page recall over
// pages with TP+FN > 0, and F1 = 2PR/(P+R) of those two means.
package exteval

import (
	"sort"
	"strings"
	"unicode"
)

// ShingleSize is the number of tokens in one shingle.
const ShingleSize = 4

// Tokens returns the word tokens of s: maximal runs of letters, numbers
// and '_'. Combining marks (such as Arabic harakat) split tokens, as in the
// reference implementation.
func Tokens(s string) []string {
	return strings.FieldsFunc(s, func(r rune) bool {
		return !(unicode.IsLetter(r) || unicode.IsNumber(r) || r == '_')
	})
}

// Shingles returns the multiset of ShingleSize-token windows of s, each
// window's tokens joined by one space. A text with fewer tokens is one
// shingle; an empty text has none.
func Shingles(s string) map[string]int {
	toks := Tokens(s)
	out := make(map[string]int)
	if len(toks) == 0 {
		return out
	}
	n := len(toks) - ShingleSize + 1
	if n < 1 {
		n = 1
	}
	for i := 0; i < n; i++ {
		end := min(i+ShingleSize, len(toks))
		out[strings.Join(toks[i:end], " ")]++
	}
	return out
}

// PageScore is the comparison of one page's prediction with its truth.
// TP, FP and FN are normalised to sum to 1 (all zero when both are empty).
type PageScore struct {
	ID        string  `json:"id"`
	TP        float64 `json:"tp"`
	FP        float64 `json:"fp"`
	FN        float64 `json:"fn"`
	Precision float64 `json:"precision"`
	Recall    float64 `json:"recall"`
	F1        float64 `json:"f1"`
}

// ScorePage compares a predicted body with the true one.
func ScorePage(truth, pred string) PageScore {
	ts, ps := Shingles(truth), Shingles(pred)
	var tp, fp, fn int
	for sh, pc := range ps {
		tc := ts[sh]
		tp += min(pc, tc)
		if pc > tc {
			fp += pc - tc
		}
	}
	for sh, tc := range ts {
		if pc := ps[sh]; tc > pc {
			fn += tc - pc
		}
	}
	var s PageScore
	all := float64(tp + fp + fn)
	if all == 0 {
		return s
	}
	s.TP, s.FP, s.FN = float64(tp)/all, float64(fp)/all, float64(fn)/all
	if tp+fp > 0 {
		s.Precision = float64(tp) / float64(tp+fp)
	}
	if tp+fn > 0 {
		s.Recall = float64(tp) / float64(tp+fn)
	}
	if s.Precision+s.Recall > 0 {
		s.F1 = 2 * s.Precision * s.Recall / (s.Precision + s.Recall)
	}
	return s
}

// Result is the score of a whole run.
type Result struct {
	Precision float64     `json:"precision"`
	Recall    float64     `json:"recall"`
	F1        float64     `json:"f1"`
	Pages     []PageScore `json:"pages"` // sorted by F1, worst first
}

// Evaluate scores predictions against truth, both keyed by page id. A page
// missing from pred counts as an empty prediction; ids only in pred are
// ignored.
func Evaluate(truth, pred map[string]string) Result {
	var r Result
	var sumP, sumR float64
	var nP, nR int
	for id, t := range truth {
		s := ScorePage(t, pred[id])
		s.ID = id
		r.Pages = append(r.Pages, s)
		if s.TP+s.FP > 0 {
			sumP += s.TP / (s.TP + s.FP)
			nP++
		}
		if s.TP+s.FN > 0 {
			sumR += s.TP / (s.TP + s.FN)
			nR++
		}
	}
	if nP > 0 {
		r.Precision = sumP / float64(nP)
	}
	if nR > 0 {
		r.Recall = sumR / float64(nR)
	}
	if r.Precision+r.Recall > 0 {
		r.F1 = 2 * r.Precision * r.Recall / (r.Precision + r.Recall)
	}
	sort.Slice(r.Pages, func(i, j int) bool {
		if r.Pages[i].F1 != r.Pages[j].F1 {
			return r.Pages[i].F1 < r.Pages[j].F1
		}
		return r.Pages[i].ID < r.Pages[j].ID
	})
	return r
}
