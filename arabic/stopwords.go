package arabic

import (
	_ "embed"
	"strings"
	"sync"
)

// stopwordsText is the embedded stop-word list; see STOPWORDS.md for its
// sources (MIT) and how it was cleaned.
//
//go:embed stopwords.txt
var stopwordsText string

var stopWords = sync.OnceValue(func() map[string]struct{} {
	lines := strings.Split(stopwordsText, "\n")
	m := make(map[string]struct{}, len(lines))
	for _, l := range lines {
		if l = strings.TrimSpace(l); l != "" {
			m[l] = struct{}{}
		}
	}
	return m
})

// IsStopWord reports whether w is an Arabic stop word (a function word such
// as في، من، التي، لكن). The comparison is on the Normalize form: w may be
// given normalized or not. The embedded list (362 words, see
// STOPWORDS.md) holds no month names, number words, speech verbs or name
// cues, so removing stop words keeps what dates and NER need.
func IsStopWord(w string) bool {
	m := stopWords()
	if _, ok := m[w]; ok {
		return true
	}
	var buf [64]byte
	n := AppendNormalized(buf[:0], w, NormalizeOptions{})
	if string(n) == w {
		return false
	}
	_, ok := m[string(n)]
	return ok
}

// StopWords returns the embedded stop words in Normalize form, sorted.
// The returned slice is a new copy.
func StopWords() []string {
	var out []string
	for _, l := range strings.Split(stopwordsText, "\n") {
		if l = strings.TrimSpace(l); l != "" {
			out = append(out, l)
		}
	}
	return out
}
