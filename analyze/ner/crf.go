package ner

import (
	"context"
	"fmt"
	"math"
	"math/bits"
	"math/rand/v2"
)

// trainData is the training set in feature-index form.
type trainData struct {
	gold      [][]uint8
	feats     []int32  // feature indices of all tokens
	featStart []int    // token t's features are feats[featStart[t]:featStart[t+1]]
	edges     []uint32 // token t's observation bits for its incoming transition (see edgeObs)
	sentTok   []int    // sentence s's first token
	keys      []uint64
	allowed   [numLabels + 1][numLabels]bool
	lx        *lexicon
	weight    []float64 // sentence s's gradient weight
	// With TrainOptions.DomainAdapt, base[j] is the shared feature whose
	// corpus copy feature j is (or -1 for a shared feature), and keep[j]
	// whether the model keeps it (shared features and the main corpus's
	// copies, added to their shared feature); both are nil otherwise.
	base []int32
	keep []bool
}

// runSeedStep separates the seeds of the runs whose weights trainCRF
// averages.
const runSeedStep = 1000

// trainCRF trains opts.Runs linear-chain CRFs with different seeds (see
// crfRun) and averages their weights: a single run's F1 on held-out data
// varies by about ±1.5 points with the seed (the order of the sentences),
// the average of three varies less and scores higher.
func trainCRF(ctx context.Context, d *trainData, opts TrainOptions, logf func(string, ...any)) (*Model, error) {
	if opts.L2 <= 0 {
		opts.L2 = 1e-3
	}
	if opts.Rate <= 0 {
		opts.Rate = 0.1
	}
	if d.base != nil {
		// Two copies of a feature (shared and per corpus) take the same
		// gradient steps: half the rate and twice the L2 make their sum
		// learn as the feature alone would, where only one corpus has it
		// (crfRun keeps the transitions, which have no copies, at the
		// full rate).
		opts.Rate /= 2
		opts.L2 *= 2
	}
	runs := opts.Runs
	if runs <= 0 {
		runs = 3
	}
	var (
		sumW     []float64
		sumTrans [numLabels + 1][numLabels]float64
		sumEdge  []float64
	)
	for r := 0; r < runs; r++ {
		seed := opts.Seed + uint64(r)*runSeedStep
		w, trans, edge, err := crfRun(ctx, d, opts, seed, logf)
		if err != nil {
			return nil, err
		}
		if sumEdge == nil {
			sumEdge = edge
		} else {
			for i, v := range edge {
				sumEdge[i] += v
			}
		}
		if sumW == nil {
			sumW = w
		} else {
			for i, v := range w {
				sumW[i] += v
			}
		}
		for a := range trans {
			for b := range trans[a] {
				sumTrans[a][b] += trans[a][b]
			}
		}
	}
	inv := 1 / float64(runs)
	for a := range sumTrans {
		for b := range sumTrans[a] {
			sumTrans[a][b] *= inv
		}
	}
	m := crfModel(d, sumW, inv, sumTrans, sumEdge, inv, float32(opts.MinWeight))
	logf("train: kept %d of %d features (average of %d runs)", m.NumFeatures(), len(d.keys), runs)
	return m, nil
}

// crfRun trains one linear-chain CRF by stochastic gradient descent on the
// log-likelihood with L2 regularization (weights kept scaled so that the
// decay costs nothing per step), shuffling the sentences with seed. It
// returns the weights (numLabels per feature), the transition weights and
// the transition-feature tables (numEdge × numLabels × numLabels, see
// edgeObs), trained jointly.
func crfRun(ctx context.Context, d *trainData, opts TrainOptions, seed uint64, logf func(string, ...any)) ([]float64, [numLabels + 1][numLabels]float64, []float64, error) {
	nf := len(d.keys)
	w := make([]float64, nf*numLabels)
	const nl2 = numLabels * numLabels
	edgeW := make([]float64, numEdge*nl2)
	var posT []float64 // the transition weights into each token of the sentence (n*nl2)
	// transAt returns the weight of the transition p -> y into token i >= 1.
	transAt := func(i int, p, y int) float64 { return posT[i*nl2+p*numLabels+y] }
	var trans [numLabels + 1][numLabels]float64
	scale := 1.0
	rng := rand.New(rand.NewPCG(seed, 0x6372660a))
	order := make([]int, len(d.gold))
	for i := range order {
		order[i] = i
	}
	var (
		emit             []float64
		alpha, beta      []float64
		negInf           = math.Inf(-1)
		step             = 0
		transE           [numLabels + 1][numLabels]float64 // exp-free copy of trans with -Inf where forbidden
		gradT            [numLabels + 1][numLabels]float64
		marg             [numLabels]float64
		totalSentences   = float64(len(d.gold))
		decayPerSentence = opts.L2
	)
	_ = totalSentences
	transRate := 1.0
	if d.base != nil {
		transRate = 2 // see trainCRF
	}
	for epoch := 1; epoch <= opts.Epochs; epoch++ {
		rng.Shuffle(len(order), func(i, j int) { order[i], order[j] = order[j], order[i] })
		loss := 0.0
		for k, si := range order {
			if k%256 == 0 {
				if err := ctx.Err(); err != nil {
					return nil, trans, nil, err
				}
			}
			g := d.gold[si]
			n := len(g)
			if n == 0 {
				continue
			}
			eta := opts.Rate / (1 + float64(step)/totalSentences)
			step++
			// L2 decay by scaling.
			scale *= 1 - eta*decayPerSentence
			if scale < 1e-9 {
				for i := range w {
					w[i] *= scale
				}
				scale = 1
			}
			for a := range trans {
				for b := range trans[a] {
					trans[a][b] *= 1 - eta*decayPerSentence
					if d.allowed[a][b] {
						transE[a][b] = trans[a][b]
					} else {
						transE[a][b] = negInf
					}
				}
			}
			t0 := d.sentTok[si]
			// The step of the transitions and transition features, which
			// have no corpus copies (see trainCRF).
			etaT := eta * transRate * d.weight[si]
			for i := range edgeW {
				edgeW[i] *= 1 - eta*decayPerSentence
			}
			posT = sentenceTrans(posT, &transE, edgeW, d.edges[t0:t0+n])
			emit = append(emit[:0], make([]float64, n*numLabels)...)
			for i := 0; i < n; i++ {
				e := emit[i*numLabels : (i+1)*numLabels]
				for _, f := range d.feats[d.featStart[t0+i]:d.featStart[t0+i+1]] {
					ww := w[int(f)*numLabels : int(f+1)*numLabels]
					for y := range e {
						e[y] += ww[y] * scale
					}
				}
			}
			// Forward.
			alpha = append(alpha[:0], make([]float64, n*numLabels)...)
			beta = append(beta[:0], make([]float64, n*numLabels)...)
			for y := 0; y < numLabels; y++ {
				alpha[y] = transE[start][y] + emit[y]
			}
			var tmp [numLabels]float64
			for i := 1; i < n; i++ {
				for y := 0; y < numLabels; y++ {
					for p := 0; p < numLabels; p++ {
						tmp[p] = alpha[(i-1)*numLabels+p] + transAt(i, p, y)
					}
					alpha[i*numLabels+y] = logSumExp(tmp[:]) + emit[i*numLabels+y]
				}
			}
			logZ := logSumExp(alpha[(n-1)*numLabels : n*numLabels])
			// Backward.
			for y := 0; y < numLabels; y++ {
				beta[(n-1)*numLabels+y] = 0
			}
			for i := n - 2; i >= 0; i-- {
				for y := 0; y < numLabels; y++ {
					for nx := 0; nx < numLabels; nx++ {
						tmp[nx] = transAt(i+1, y, nx) + emit[(i+1)*numLabels+nx] + beta[(i+1)*numLabels+nx]
					}
					beta[i*numLabels+y] = logSumExp(tmp[:])
				}
			}
			// Gold score for the loss.
			gs := transE[start][g[0]]
			for i := 0; i < n; i++ {
				gs += emit[i*numLabels+int(g[i])]
				if i > 0 {
					gs += transAt(i, int(g[i-1]), int(g[i]))
				}
			}
			loss += logZ - gs
			// Gradient step on emissions: w -= eta * (marginal - gold).
			for a := range gradT {
				clear(gradT[a][:])
			}
			for i := 0; i < n; i++ {
				for y := 0; y < numLabels; y++ {
					marg[y] = math.Exp(alpha[i*numLabels+y] + beta[i*numLabels+y] - logZ)
				}
				marg[g[i]] -= 1
				c := eta / scale * d.weight[si]
				for _, f := range d.feats[d.featStart[t0+i]:d.featStart[t0+i+1]] {
					ww := w[int(f)*numLabels : int(f+1)*numLabels]
					for y := range ww {
						ww[y] -= c * marg[y]
					}
				}
				// Transition marginals.
				if i == 0 {
					for y := 0; y < numLabels; y++ {
						gradT[start][y] += math.Exp(alpha[y] + beta[y] - logZ)
					}
					gradT[start][g[0]] -= 1
					continue
				}
				for p := 0; p < numLabels; p++ {
					ap := alpha[(i-1)*numLabels+p]
					if math.IsInf(ap, -1) {
						continue
					}
					for y := 0; y < numLabels; y++ {
						if !d.allowed[p][y] {
							continue
						}
						pm := math.Exp(ap + transAt(i, p, y) + emit[i*numLabels+y] + beta[i*numLabels+y] - logZ)
						gradT[p][y] += pm
						for obs := d.edges[t0+i]; obs != 0; obs &= obs - 1 {
							edgeW[bits.TrailingZeros32(obs)*nl2+p*numLabels+y] -= etaT * pm
						}
					}
				}
				gradT[g[i-1]][g[i]] -= 1
				for obs := d.edges[t0+i]; obs != 0; obs &= obs - 1 {
					edgeW[bits.TrailingZeros32(obs)*nl2+int(g[i-1])*numLabels+int(g[i])] += etaT
				}
			}
			for a := range trans {
				for b := range trans[a] {
					trans[a][b] -= etaT * gradT[a][b]
				}
			}
		}
		msg := fmt.Sprintf("seed %d epoch %d: loss %.1f", seed, epoch, loss)
		if len(opts.Dev) > 0 {
			m := crfModel(d, w, scale, trans, edgeW, 1, 0)
			ev := NewTagger(m).Evaluate(opts.Dev)
			msg += fmt.Sprintf(", dev F1 %.2f", 100*ev.Overall.F1)
		}
		logf("train: %s", msg)
	}
	for i := range w {
		w[i] *= scale
	}
	return w, trans, edgeW, nil
}

// sentenceTrans returns posT filled with the transition weights into each
// token i >= 1 of a sentence (numLabels × numLabels from index
// i*numLabels*numLabels): transE plus the tables of edgeW (see edgeObs)
// of the bits of obs[i]. Forbidden transitions stay -Inf.
func sentenceTrans(posT []float64, transE *[numLabels + 1][numLabels]float64, edgeW []float64, obs []uint32) []float64 {
	const nl2 = numLabels * numLabels
	n := len(obs)
	posT = append(posT[:0], make([]float64, n*nl2)...)
	for i := 1; i < n; i++ {
		m := posT[i*nl2 : (i+1)*nl2]
		for p := 0; p < numLabels; p++ {
			copy(m[p*numLabels:(p+1)*numLabels], transE[p][:])
		}
		for b := obs[i]; b != 0; b &= b - 1 {
			k := bits.TrailingZeros32(b)
			for j, v := range edgeW[k*nl2 : (k+1)*nl2] {
				m[j] += v
			}
		}
	}
	return posT
}

// crfModel builds the model from CRF weights: the feature weights w and
// the transition-feature weights edge (numEdge tables of label pairs), each
// times its scale.
func crfModel(d *trainData, w []float64, scale float64, trans [numLabels + 1][numLabels]float64, edge []float64, edgeScale float64, minWeight float32) *Model {
	keys := d.keys
	if d.base != nil {
		keys, w = mergeDomains(d, w)
	}
	p := &perceptron{w: make([]float32, len(w)), u: make([]float64, len(w)), c: 1}
	for i, v := range w {
		p.w[i] = float32(v * scale)
	}
	for a := range trans {
		for b := range trans[a] {
			p.trans[a][b] = float32(trans[a][b])
		}
	}
	m := p.model(keys, d.allowed, minWeight, d.lx)
	for k := range m.edge {
		for a := range m.edge[k] {
			for b := range m.edge[k][a] {
				m.edge[k][a][b] = float32(edge[(k*numLabels+a)*numLabels+b] * edgeScale)
			}
		}
	}
	return m
}

// mergeDomains returns the keys and weights of the shared features of a
// domain-adapted CRF (see trainData.base), the main corpus's copy of each
// added to it; the other corpora's copies are dropped.
func mergeDomains(d *trainData, w []float64) ([]uint64, []float64) {
	sum := append([]float64(nil), w...)
	for j, b := range d.base {
		if b >= 0 && d.keep[j] {
			for y := 0; y < numLabels; y++ {
				sum[int(b)*numLabels+y] += w[j*numLabels+y]
			}
		}
	}
	var keys []uint64
	var out []float64
	for j, b := range d.base {
		if b < 0 {
			keys = append(keys, d.keys[j])
			out = append(out, sum[j*numLabels:(j+1)*numLabels]...)
		}
	}
	return keys, out
}

// logSumExp returns log(sum(exp(x))) without overflow.
func logSumExp(x []float64) float64 {
	m := math.Inf(-1)
	for _, v := range x {
		m = max(m, v)
	}
	if math.IsInf(m, -1) {
		return m
	}
	s := 0.0
	for _, v := range x {
		s += math.Exp(v - m)
	}
	return m + math.Log(s)
}
