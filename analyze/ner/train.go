package ner

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"strings"
)

// Sentence is one tagged sentence: a tag per token.
type Sentence struct {
	Tokens []string
	Tags   []string
}

// TrainOptions control Train. The zero value gives the defaults.
type TrainOptions struct {
	// Epochs is the number of passes over the training data (default 10).
	Epochs int
	// Seed seeds the shuffling of sentences between epochs (default 1).
	// Training is deterministic for a given data set, options and seed.
	Seed uint64
	// MinWeight drops, after training, features whose largest absolute
	// averaged weight is below it (default 0: drop only all-zero features).
	MinWeight float32
	// Folds is the number of folds of the jackknifed entity memory and
	// vocabulary (default 5): contiguous blocks of sentences, so that an
	// article's sentences share a fold.
	Folds int
	// Perceptron selects a first-order averaged perceptron instead of the
	// default linear-chain CRF (trained by stochastic gradient descent
	// with L2 regularization). It trains faster and tags slightly worse.
	Perceptron bool
	// Runs is the number of CRFs trained with different seeds (Seed,
	// Seed+1000, ...) whose weights are averaged (default 3; 1 trains a
	// single CRF). Training time grows linearly with it.
	Runs int
	// L2 is the CRF's L2 regularization coefficient per sentence
	// (default 1e-3).
	L2 float64
	// Rate is the CRF's initial learning rate (default 0.1).
	Rate float64
	// Dev, if set, is tagged after each epoch and its F1 passed to Logf.
	Dev []Sentence
	// Clusters, if set, maps normalized words to cluster ids (from
	// BuildClusters); the model keeps the map.
	Clusters map[string]uint64
	// Logf, if set, receives progress lines.
	Logf func(format string, args ...any)
	// Extra, if set, are labelled corpora of other sources (other domains
	// or annotation guidelines) added to the CRF's training data. Their
	// tags must be in the ANERcorp tag set.
	Extra []Corpus
	// DomainAdapt gives every feature a copy per corpus (the main training
	// data and each of Extra), so that the CRF learns shared and
	// corpus-specific weights (Daumé III 2007, "Frustratingly easy domain
	// adaptation"); the model keeps the shared weights plus the main
	// corpus's copies, added together, so that it tags like a model of the
	// main corpus, with the same model format and tagging cost.
	DomainAdapt bool
}

// Corpus is a labelled corpus from another source than the main training
// data (see TrainOptions.Extra).
type Corpus struct {
	// Name names the corpus in errors.
	Name      string
	Sentences []Sentence
	// Weight scales the gradient of its sentences in CRF training
	// (default 1).
	Weight float64
	// Memory makes its sentences feed the jackknifed entity memory and
	// vocabulary (and so the model's), as if they followed the main
	// training data. Without it, they are analyzed with the memory and
	// vocabulary of all the main training data, as a new article is.
	Memory bool
}

// BuildModel is the documented training recipe: it learns word clusters
// (BuildClusters with copts) from the unlabelled sentences plus the
// training tokens, then trains on train with opts and those clusters.
func BuildModel(ctx context.Context, train []Sentence, unlabelled [][]string, opts TrainOptions, copts ClusterOptions) (*Model, error) {
	if len(unlabelled) > 0 {
		text := make([][]string, 0, len(unlabelled)+len(train))
		text = append(text, unlabelled...)
		for _, s := range train {
			text = append(text, s.Tokens)
		}
		if copts.Logf == nil {
			copts.Logf = opts.Logf
		}
		cl, err := BuildClusters(ctx, text, copts)
		if err != nil {
			return nil, fmt.Errorf("train: %w", err)
		}
		opts.Clusters = cl
	}
	return Train(ctx, train, opts)
}

// maxTrainTokens bounds the training data Train accepts.
const maxTrainTokens = 10_000_000

// Train trains a model on the tagged sentences: a first-order linear-chain
// CRF (or, with opts.Perceptron, an averaged perceptron), decoded by
// Viterbi with transitions restricted to valid BIO sequences. Tags must be in the ANERcorp tag set; an
// I-X tag that does not continue an X entity is read as B-X (as conlleval
// reads it). Train stops with ctx's error when ctx is done.
func Train(ctx context.Context, train []Sentence, opts TrainOptions) (*Model, error) {
	if opts.Epochs <= 0 {
		opts.Epochs = 10
	}
	if opts.Seed == 0 {
		opts.Seed = 1
	}
	logf := opts.Logf
	if logf == nil {
		logf = func(string, ...any) {}
	}
	lx, err := loadLexicon()
	if err != nil {
		return nil, fmt.Errorf("train: %w", err)
	}
	lx.clusters = opts.Clusters
	gold, err := goldLabels(train)
	if err != nil {
		return nil, fmt.Errorf("train: %w", err)
	}
	if opts.Perceptron && (opts.DomainAdapt || len(opts.Extra) > 0) {
		return nil, errors.New("train: extra corpora need the CRF, not the perceptron")
	}
	for _, c := range opts.Extra {
		g, err := goldLabels(c.Sentences)
		if err != nil {
			return nil, fmt.Errorf("train: extra corpus %s: %w", c.Name, err)
		}
		gold = append(gold, g...)
	}
	return trainOnce(ctx, train, gold, opts, lx, logf)
}

// domainSalt separates the per-corpus copies of the features (see
// TrainOptions.DomainAdapt).
const domainSalt = 0x9e3779b97f4a7c15

// domainKey returns the key of corpus dom's copy of feature h.
func domainKey(h uint64, dom int) uint64 {
	return mix(h ^ domainSalt*uint64(dom+1))
}

// labelled is a training sentence with the lexicon it is analyzed with,
// its corpus (0 for the main training data, i for opts.Extra[i-1]) and
// the weight of its gradient.
type labelled struct {
	tokens []string
	lx     *lexicon
	dom    int
	weight float64
}

// trainingSentences lists the sentences of train and of opts.Extra with
// the lexicon each is analyzed with (see Corpus.Memory), and returns the
// lexicon the model keeps.
func trainingSentences(train []Sentence, opts TrainOptions, lx *lexicon) ([]labelled, *lexicon) {
	// The entity memory and the vocabulary of each training sentence come
	// from the other folds (jackknifing over contiguous blocks, see
	// foldOf), so the model learns how far to trust them on a new article;
	// the model keeps the memory and vocabulary of all the data.
	folds := opts.Folds
	if folds <= 0 {
		folds = 5
	}
	mem := train
	for _, c := range opts.Extra {
		if c.Memory {
			mem = append(mem[:len(mem):len(mem)], c.Sentences...)
		}
	}
	foldLex := make([]*lexicon, folds)
	for f := range foldLex {
		var rest []Sentence
		for si, s := range mem {
			if foldOf(si, len(mem), folds) != f {
				rest = append(rest, s)
			}
		}
		foldLex[f] = lx.withKnown(entityMemory(rest), phraseMemory(rest))
		foldLex[f].vocab = vocabulary(rest)
	}
	lx = lx.withKnown(entityMemory(mem), phraseMemory(mem))
	lx.vocab = vocabulary(mem)
	out := make([]labelled, 0, len(mem))
	for si, s := range train {
		out = append(out, labelled{tokens: s.Tokens, lx: foldLex[foldOf(si, len(mem), folds)], weight: 1})
	}
	si := len(train) // index in mem of the next sentence with Memory
	for ci, c := range opts.Extra {
		w := c.Weight
		if w <= 0 {
			w = 1
		}
		for _, s := range c.Sentences {
			l := labelled{tokens: s.Tokens, lx: lx, dom: ci + 1, weight: w}
			if c.Memory {
				l.lx = foldLex[foldOf(si, len(mem), folds)]
				si++
			}
			out = append(out, l)
		}
	}
	return out, lx
}

// trainOnce trains a model with the lexicon lx.
func trainOnce(ctx context.Context, train []Sentence, gold [][]uint8, opts TrainOptions, lx *lexicon, logf func(string, ...any)) (*Model, error) {

	// Feature indices of every token.
	var (
		index     = make(map[uint64]int32)
		keys      []uint64
		feats     []int32
		edges     []uint32
		featStart = []int{0}
		infos     []tokInfo
		hashes    []uint64
	)
	sents, lx := trainingSentences(train, opts, lx)
	var (
		base   []int32 // with DomainAdapt: the shared feature of a corpus copy, or -1
		keep   []bool  // with DomainAdapt: whether the model keeps the feature
		weight []float64
	)
	intern := func(h uint64) int32 {
		j, ok := index[h]
		if !ok {
			j = int32(len(keys))
			index[h] = j
			keys = append(keys, h)
		}
		return j
	}
	for _, s := range sents {
		weight = append(weight, s.weight)
		if len(s.tokens) == 0 {
			continue
		}
		infos = append(infos[:0], make([]tokInfo, len(s.tokens))...)
		s.lx.analyzeSentence(s.tokens, infos)
		for i := range s.tokens {
			hashes = features(infos, i, hashes[:0])
			for _, h := range hashes {
				j := intern(h)
				feats = append(feats, j)
				if !opts.DomainAdapt {
					continue
				}
				for len(base) < len(keys) {
					base, keep = append(base, -1), append(keep, true)
				}
				c := intern(domainKey(h, s.dom))
				feats = append(feats, c)
				for len(base) < len(keys) {
					base, keep = append(base, j), append(keep, s.dom == 0)
				}
			}
			featStart = append(featStart, len(feats))
			edges = append(edges, edgeObs(infos, i))
		}
	}
	index = nil
	nf := len(keys)
	logf("train: %d sentences, %d tokens, %d features", len(gold), len(featStart)-1, nf)

	// Sentence -> first token index.
	sentTok := make([]int, 0, len(gold)+1)
	{
		k := 0
		for _, g := range gold {
			sentTok = append(sentTok, k)
			k += len(g)
		}
		sentTok = append(sentTok, k)
	}

	var allowed [numLabels + 1][numLabels]bool
	for p := 0; p <= numLabels; p++ {
		for y := 0; y < numLabels; y++ {
			allowed[p][y] = validTransition(p, y)
		}
	}

	if !opts.Perceptron {
		d := &trainData{gold: gold, feats: feats, edges: edges, featStart: featStart, sentTok: sentTok, keys: keys, allowed: allowed, lx: lx, weight: weight}
		if opts.DomainAdapt {
			d.base, d.keep = base, keep
		}
		return trainCRF(ctx, d, opts, logf)
	}
	p := &perceptron{
		w: make([]float32, nf*numLabels),
		u: make([]float64, nf*numLabels),
		c: 1,
	}
	rng := rand.New(rand.NewPCG(opts.Seed, 0x6d61727361646e65))
	order := make([]int, len(gold))
	for i := range order {
		order[i] = i
	}
	var s scratch
	var emit []float32
	var drop [][]int32 // the features used for each token of the sentence
	for epoch := 1; epoch <= opts.Epochs; epoch++ {
		rng.Shuffle(len(order), func(i, j int) { order[i], order[j] = order[j], order[i] })
		errs := 0
		for k, si := range order {
			if k%256 == 0 {
				if err := ctx.Err(); err != nil {
					return nil, err
				}
			}
			g := gold[si]
			n := len(g)
			if n == 0 {
				p.c++
				continue
			}
			t0 := sentTok[si]
			emit = append(emit[:0], make([]float32, n*numLabels)...)
			drop = drop[:0]
			for i := 0; i < n; i++ {
				fs := feats[featStart[t0+i]:featStart[t0+i+1]]
				drop = append(drop, fs)
				e := emit[i*numLabels : (i+1)*numLabels]
				for _, f := range fs {
					w := p.w[int(f)*numLabels : int(f+1)*numLabels]
					for y := range e {
						e[y] += w[y]
					}
				}
			}
			pred := viterbi(&p.trans, &allowed, emit, n, &s, nil, nil)
			prevG, prevP := start, start
			for i := 0; i < n; i++ {
				yg, yp := int(g[i]), int(pred[i])
				if yg != yp {
					errs++
					for _, f := range drop[i] {
						p.update(int(f)*numLabels+yg, 1)
						p.update(int(f)*numLabels+yp, -1)
					}
				}
				if yg != yp || prevG != prevP {
					p.updateTrans(prevG, yg, 1)
					p.updateTrans(prevP, yp, -1)
				}
				prevG, prevP = yg, yp
			}
			p.c++
		}
		msg := fmt.Sprintf("epoch %d: %d token errors", epoch, errs)
		if len(opts.Dev) > 0 {
			m := p.model(keys, allowed, 0, lx)
			ev := NewTagger(m).Evaluate(opts.Dev)
			msg += fmt.Sprintf(", dev F1 %.2f", 100*ev.Overall.F1)
		}
		logf("train: %s", msg)
	}
	m := p.model(keys, allowed, opts.MinWeight, lx)
	logf("train: kept %d of %d features", m.NumFeatures(), nf)
	return m, nil
}

// validTransition reports whether label y may follow label p (or the
// sentence start): I-X only continues B-X or I-X.
func validTransition(p, y int) bool {
	names := labelNames()
	if names[y][0] != 'I' {
		return true
	}
	if p == start || p == 0 {
		return false
	}
	return names[p][2:] == names[y][2:]
}

// goldLabels checks the sentences and converts their tags to label
// indices, reading an I-X that does not continue X as B-X.
func goldLabels(train []Sentence) ([][]uint8, error) {
	if len(train) == 0 {
		return nil, errors.New("no training sentences")
	}
	out := make([][]uint8, len(train))
	total := 0
	for si, s := range train {
		if len(s.Tokens) != len(s.Tags) {
			return nil, fmt.Errorf("sentence %d: %d tokens but %d tags", si+1, len(s.Tokens), len(s.Tags))
		}
		total += len(s.Tokens)
		if total > maxTrainTokens {
			return nil, fmt.Errorf("more than %d training tokens", maxTrainTokens)
		}
		g := make([]uint8, len(s.Tags))
		prev := start
		for i, tag := range s.Tags {
			y := labelIndex(tag)
			if y < 0 {
				return nil, fmt.Errorf("sentence %d token %d: tag %q is not in the tag set", si+1, i+1, tag)
			}
			if !validTransition(prev, y) {
				y = labelIndex("B-" + strings.TrimPrefix(tag, "I-"))
			}
			g[i] = uint8(y)
			prev = y
		}
		out[si] = g
	}
	return out, nil
}

// perceptron holds the weights being trained and their running sums for
// averaging: the averaged weight is w - u/c.
type perceptron struct {
	w      []float32
	u      []float64
	trans  [numLabels + 1][numLabels]float32
	transU [numLabels + 1][numLabels]float64
	c      float64
}

func (p *perceptron) update(i int, d float32) {
	p.w[i] += d
	p.u[i] += p.c * float64(d)
}

func (p *perceptron) updateTrans(from, to int, d float32) {
	p.trans[from][to] += d
	p.transU[from][to] += p.c * float64(d)
}

// model returns the averaged model, dropping features whose largest
// absolute weight is below minWeight or zero.
func (p *perceptron) model(keys []uint64, allowed [numLabels + 1][numLabels]bool, minWeight float32, lx *lexicon) *Model {
	m := &Model{allowed: allowed, lex: lx, fingerprint: lx.fingerprint()}
	for a := range p.trans {
		for b := range p.trans[a] {
			m.trans[a][b] = float32(float64(p.trans[a][b]) - p.transU[a][b]/p.c)
		}
	}
	var avg [numLabels]float32
	kept := 0
	var weights []float32
	var kk []uint64
	for f, key := range keys {
		big := false
		for y := 0; y < numLabels; y++ {
			i := f*numLabels + y
			avg[y] = float32(float64(p.w[i]) - p.u[i]/p.c)
			a := avg[y]
			if a < 0 {
				a = -a
			}
			if a > 0 && a >= minWeight {
				big = true
			}
		}
		if !big {
			continue
		}
		weights = append(weights, avg[:]...)
		kk = append(kk, key)
		kept++
	}
	m.table = newFeatTable(kept)
	for i, k := range kk {
		m.table.put(k, int32(i))
	}
	m.weights = weights
	return m
}

// vocabulary returns the hashes of the normalized words seen at least
// twice in the sentences. Other words get the features of unknown words; in training, a word is
// unknown when the other folds lack it (see trainOnce), as a new name is
// when tagging a new article.
func vocabulary(sents []Sentence) map[uint64]struct{} {
	counts := map[uint64]int{}
	for _, s := range sents {
		for _, t := range s.Tokens {
			counts[vocabKey(normalizeWord(t))]++
		}
	}
	out := map[uint64]struct{}{}
	for h, c := range counts {
		if c >= 2 {
			out[h] = struct{}{}
		}
	}
	return out
}

// foldOf returns the fold of sentence si of n: folds are contiguous
// blocks of sentences, so that the sentences of one article (which share
// their names) fall in the same fold and the memory of the other folds
// looks, to the model, like the memory of the training data does to a new
// article.
func foldOf(si, n, folds int) int {
	return si * folds / n
}
