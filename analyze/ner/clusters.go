package ner

import (
	"context"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
)

// ClusterOptions control BuildClusters. The zero value gives the defaults.
type ClusterOptions struct {
	Ks       []int  // numbers of clusters, one clustering each, at most 4 (default 256)
	MinFreq  int    // words seen fewer times get no cluster (default 3)
	MaxVocab int    // most frequent words clustered (default 60000)
	Contexts int    // most frequent words used as context features (default 1000)
	Iter     int    // k-means iterations (default 12)
	Seed     uint64 // seed of the initial centroids (default 1)
	// NoProductivity leaves out the field that, after the clusterings
	// (when there are at most 3 of them), describes the morphological
	// productivity of each clustered word in the text (see productivity).
	NoProductivity bool
	Logf           func(format string, args ...any)
}

// BuildClusters learns word clusters from unlabelled tokenized sentences:
// each frequent word is described by the words seen immediately before and
// after it (positive PMI over the most frequent words), and the words are
// grouped by spherical k-means. The result maps normalized words to
// cluster ids, one 16-bit field per clustering (id+1, lowest field first),
// followed by a field of morphological productivity (see
// ClusterOptions.NoProductivity). It is deterministic for the same input
// and options.
func BuildClusters(ctx context.Context, sents [][]string, opts ClusterOptions) (map[string]uint64, error) {
	if len(opts.Ks) == 0 {
		opts.Ks = []int{256}
	}
	if len(opts.Ks) > 4 {
		return nil, errors.New("clusters: at most 4 clusterings")
	}
	for _, k := range opts.Ks {
		if k <= 1 || k >= math.MaxUint16 {
			return nil, fmt.Errorf("clusters: bad number of clusters %d", k)
		}
	}
	if opts.MinFreq <= 0 {
		opts.MinFreq = 3
	}
	if opts.MaxVocab <= 0 {
		opts.MaxVocab = 60000
	}
	if opts.Contexts <= 0 {
		opts.Contexts = 1000
	}
	if opts.Iter <= 0 {
		opts.Iter = 12
	}
	if opts.Seed == 0 {
		opts.Seed = 1
	}
	logf := opts.Logf
	if logf == nil {
		logf = func(string, ...any) {}
	}
	// Normalize and count.
	norm := make([][]string, len(sents))
	freq := map[string]int{}
	for i, s := range sents {
		ns := make([]string, len(s))
		for j, w := range s {
			ns[j] = normalizeWord(w)
			freq[ns[j]]++
		}
		norm[i] = ns
	}
	words := make([]string, 0, len(freq))
	for w, c := range freq {
		if c >= opts.MinFreq {
			words = append(words, w)
		}
	}
	slices.SortFunc(words, func(a, b string) int {
		if freq[a] != freq[b] {
			return freq[b] - freq[a]
		}
		return strings.Compare(a, b)
	})
	if len(words) > opts.MaxVocab {
		words = words[:opts.MaxVocab]
	}
	if len(words) < slices.Max(opts.Ks) {
		return nil, errors.New("clusters: too little text for the number of clusters")
	}
	vocab := make(map[string]int32, len(words))
	for i, w := range words {
		vocab[w] = int32(i)
	}
	nc := min(opts.Contexts, len(words))
	dim := 2 * nc
	// Co-occurrence counts: word -> (context dim -> count).
	co := make([]map[int32]float32, len(words))
	for i := range co {
		co[i] = map[int32]float32{}
	}
	ctxCount := make([]float64, dim)
	total := 0.0
	for si, s := range norm {
		if si%4096 == 0 {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
		}
		for j, w := range s {
			wi, ok := vocab[w]
			if !ok {
				continue
			}
			if j > 0 {
				if c, ok := vocab[s[j-1]]; ok && int(c) < nc {
					co[wi][c]++
					ctxCount[c]++
					total++
				}
			}
			if j+1 < len(s) {
				if c, ok := vocab[s[j+1]]; ok && int(c) < nc {
					co[wi][int32(nc)+c]++
					ctxCount[int32(nc)+c]++
					total++
				}
			}
		}
	}
	// Sparse PPMI vectors, L2-normalized.
	vecs := make([][]entry, len(words))
	for wi, m := range co {
		var wsum float64
		for _, c := range m {
			wsum += float64(c)
		}
		var v []entry
		for d, c := range m {
			pmi := math.Log(float64(c) * total / (wsum * ctxCount[d]))
			if pmi > 0 {
				v = append(v, entry{d, float32(pmi)})
			}
		}
		// Sum in a fixed order: map order would change the rounding.
		slices.SortFunc(v, func(a, b entry) int { return int(a.d - b.d) })
		var norm2 float64
		for _, e := range v {
			norm2 += float64(e.v) * float64(e.v)
		}
		if norm2 > 0 {
			inv := float32(1 / math.Sqrt(norm2))
			for k := range v {
				v[k].v *= inv
			}
		}
		vecs[wi] = v
	}
	co = nil
	out := make(map[string]uint64, len(words))
	for level, k := range opts.Ks {
		assign, err := kmeans(ctx, vecs, dim, k, opts.Iter, opts.Seed+uint64(level), logf)
		if err != nil {
			return nil, err
		}
		for wi, w := range words {
			out[w] |= uint64(assign[wi]+1) << (16 * level)
		}
	}
	if !opts.NoProductivity && len(opts.Ks) < 4 {
		shift := 16 * len(opts.Ks)
		for w := range out {
			out[w] |= uint64(productivity(w, freq)) << shift
		}
	}
	return out, nil
}

// Suffixes productivity looks for: object or possessive pronouns, and
// plural endings.
var (
	pronounSuffixes = [...]string{"ه", "ها", "هم", "هما", "كم", "نا"}
	pluralSuffixes  = [...]string{"ات", "ين", "ون"}
)

// productivity describes how a word's body (without clitics) varies in
// the text, in 1..8: 1 plus 1 if the body is seen with the article, plus
// 2 if seen with a pronoun suffix, plus 4 if seen with a plural ending.
// Ordinary nouns, adjectives and verbs take these forms; names rarely do.
func productivity(w string, freq map[string]int) uint16 {
	_, b, _ := analyzeWord(w)
	var f uint16
	if !strings.HasPrefix(b, "ال") && freq["ال"+b]+freq["وال"+b]+freq["بال"+b]+freq["لل"+b] > 0 {
		f |= 1
	}
	stems := []string{b}
	if t, ok := strings.CutSuffix(b, "ة"); ok {
		stems = append(stems, t+"ت")
	}
	for _, st := range stems {
		for _, suf := range pronounSuffixes {
			if freq[st+suf] > 0 {
				f |= 2
			}
		}
	}
	for _, suf := range pluralSuffixes {
		if freq[b+suf] > 0 {
			f |= 4
		}
	}
	return 1 + f
}

// entry is one non-zero dimension of a sparse vector.
type entry struct {
	d int32
	v float32
}

// kmeans runs spherical k-means over unit vectors and returns the cluster
// of each; centroids are stored by dimension for sparse dot products.
func kmeans(ctx context.Context, vecs [][]entry, dim, k, iters int, seed uint64, logf func(string, ...any)) ([]uint16, error) {
	rng := rand.New(rand.NewPCG(seed, 0x636c7573746572))
	cent := make([]float32, dim*k) // cent[d*k+c]
	for c, wi := range rng.Perm(len(vecs))[:k] {
		for _, e := range vecs[wi] {
			cent[int(e.d)*k+c] = e.v
		}
	}
	assign := make([]uint16, len(vecs))
	scores := make([]float32, k)
	for it := 0; it < iters; it++ {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		changed := 0
		for wi, v := range vecs {
			clear(scores)
			for _, e := range v {
				row := cent[int(e.d)*k : int(e.d+1)*k]
				for c := range scores {
					scores[c] += e.v * row[c]
				}
			}
			best := 0
			for c := 1; c < k; c++ {
				if scores[c] > scores[best] {
					best = c
				}
			}
			if assign[wi] != uint16(best) || it == 0 {
				changed++
			}
			assign[wi] = uint16(best)
		}
		clear(cent)
		for wi, v := range vecs {
			c := int(assign[wi])
			for _, e := range v {
				cent[int(e.d)*k+c] += e.v
			}
		}
		norms := make([]float64, k)
		for d := 0; d < dim; d++ {
			for c := 0; c < k; c++ {
				x := float64(cent[d*k+c])
				norms[c] += x * x
			}
		}
		for d := 0; d < dim; d++ {
			for c := 0; c < k; c++ {
				if norms[c] > 0 {
					cent[d*k+c] /= float32(math.Sqrt(norms[c]))
				}
			}
		}
		logf("clusters: k=%d iteration %d: %d words changed cluster", k, it+1, changed)
	}
	return assign, nil
}
