package ner

import (
	"bufio"
	"compress/gzip"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math"
	"slices"
)

// start is the row of the transition table for the sentence start.
const start = numLabels

// Model is a trained tagger model: hashed feature weights per tag and
// tag-to-tag transition weights, the latter also conditioned on a few
// observation bits of the token (see edgeObs). A Model is immutable once
// built.
type Model struct {
	table   featTable
	weights []float32 // numLabels per feature, in table order
	trans   [numLabels + 1][numLabels]float32
	allowed [numLabels + 1][numLabels]bool
	// edge holds the label-pair weights of the transition features, added
	// to trans for the observation bits of the token (see edgeObs).
	edge edgeTables
	lex  *lexicon
	// fingerprint is the lexicon fingerprint at training time.
	fingerprint uint64
}

// Stale reports whether the model was trained with other word lists or
// another normalizer (package arabic) than this build has: it still tags,
// but less well, until it is retrained.
func (m *Model) Stale() bool { return m.fingerprint != m.lex.fingerprint() }

// NumFeatures returns the number of features with weights.
func (m *Model) NumFeatures() int { return len(m.weights) / numLabels }

// featTable maps feature hashes to feature indices by open addressing.
type featTable struct {
	keys []uint64 // 0 marks an empty slot; key 0 is stored as 1
	vals []int32
	mask uint64
}

func newFeatTable(n int) featTable {
	size := 16
	for size < n*2 {
		size <<= 1
	}
	return featTable{keys: make([]uint64, size), vals: make([]int32, size), mask: uint64(size - 1)}
}

func fixKey(k uint64) uint64 {
	if k == 0 {
		return 1
	}
	return k
}

// get returns the index of key, or -1.
func (t *featTable) get(key uint64) int32 {
	key = fixKey(key)
	for i := key & t.mask; ; i = (i + 1) & t.mask {
		switch t.keys[i] {
		case key:
			return t.vals[i]
		case 0:
			return -1
		}
	}
}

// put stores key -> v; the table must have room.
func (t *featTable) put(key uint64, v int32) {
	key = fixKey(key)
	for i := key & t.mask; ; i = (i + 1) & t.mask {
		if t.keys[i] == 0 || t.keys[i] == key {
			t.keys[i], t.vals[i] = key, v
			return
		}
	}
}

// scratch holds the buffers of one Tag call.
type scratch struct {
	infos []tokInfo
	feats []uint64
	emit  []float32
	back  []uint8
	path  []uint8
	obs   []uint32
}

// decode returns the best label sequence for tokens.
func (m *Model) decode(tokens []string, s *scratch) []uint8 {
	n := len(tokens)
	s.infos = slices.Grow(s.infos[:0], n)[:n]
	m.lex.analyzeSentence(tokens, s.infos)
	s.emit = slices.Grow(s.emit[:0], n*numLabels)[:n*numLabels]
	clear(s.emit)
	for i := 0; i < n; i++ {
		s.feats = features(s.infos, i, s.feats[:0])
		e := s.emit[i*numLabels : (i+1)*numLabels : (i+1)*numLabels]
		for _, h := range s.feats {
			j := m.table.get(h)
			if j < 0 {
				continue
			}
			w := m.weights[int(j)*numLabels : int(j+1)*numLabels : int(j+1)*numLabels]
			for y := range e {
				e[y] += w[y]
			}
		}
	}
	s.obs = slices.Grow(s.obs[:0], n)[:n]
	for i := range s.obs {
		s.obs[i] = edgeObs(s.infos, i)
	}
	// Do not keep token strings alive through the pool.
	clear(s.infos)
	return viterbi(&m.trans, &m.allowed, s.emit, n, s, &m.edge, s.obs)
}

// viterbi finds the best label path over the emission scores emit (n
// tokens, numLabels each) under the transition weights, using only allowed
// transitions. With obs (one entry per token), the transition into token i
// also gets the edge tables of the bits of obs[i]. The path is stored in
// s.path.
func viterbi(trans *[numLabels + 1][numLabels]float32, allowed *[numLabels + 1][numLabels]bool, emit []float32, n int, s *scratch, edge *edgeTables, obs []uint32) []uint8 {
	s.back = slices.Grow(s.back[:0], n*numLabels)[:n*numLabels]
	s.path = slices.Grow(s.path[:0], n)[:n]
	var prev, cur [numLabels]float32
	negInf := float32(math.Inf(-1))
	for y := 0; y < numLabels; y++ {
		if allowed[start][y] {
			prev[y] = trans[start][y] + emit[y]
		} else {
			prev[y] = negInf
		}
	}
	var local [numLabels + 1][numLabels]float32
	for i := 1; i < n; i++ {
		tr := trans
		if obs != nil && obs[i] != 0 {
			local = edge.transInto(trans, obs[i])
			tr = &local
		}
		e := emit[i*numLabels : (i+1)*numLabels]
		b := s.back[i*numLabels : (i+1)*numLabels]
		for y := 0; y < numLabels; y++ {
			best, arg := negInf, -1
			for p := 0; p < numLabels; p++ {
				if !allowed[p][y] {
					continue
				}
				if v := prev[p] + tr[p][y]; arg < 0 || v > best {
					best, arg = v, p
				}
			}
			if arg < 0 {
				best, arg = negInf, 0
			}
			cur[y] = best + e[y]
			b[y] = uint8(arg)
		}
		prev = cur
	}
	best := 0
	for y := 1; y < numLabels; y++ {
		if prev[y] > prev[best] {
			best = y
		}
	}
	s.path[n-1] = uint8(best)
	for i := n - 1; i > 0; i-- {
		best = int(s.back[i*numLabels+best])
		s.path[i-1] = uint8(best)
	}
	return s.path
}

// modelMagic starts every model file (before gzip).
const modelMagic = "marsad-ner\x00"

// WriteTo writes m in the model file format (gzip-compressed): a header,
// the transition table, the transition-feature tables (see edgeObs), then
// the features sorted by hash with their weights quantized to 16 bits.
func (m *Model) WriteTo(w io.Writer) (int64, error) {
	cw := &countWriter{w: w}
	zw, err := gzip.NewWriterLevel(cw, gzip.BestCompression)
	if err != nil {
		return 0, err
	}
	bw := bufio.NewWriter(zw)
	var buf []byte
	buf = append(buf, modelMagic...)
	buf = binary.AppendUvarint(buf, featureVersion)
	buf = binary.AppendUvarint(buf, numLabels)
	buf = binary.LittleEndian.AppendUint64(buf, m.lex.fingerprint())
	for p := range m.trans {
		for y := range m.trans[p] {
			buf = binary.LittleEndian.AppendUint32(buf, math.Float32bits(m.trans[p][y]))
			a := byte(0)
			if m.allowed[p][y] {
				a = 1
			}
			buf = append(buf, a)
		}
	}
	buf = binary.AppendUvarint(buf, numEdge)
	for k := range m.edge {
		for p := range m.edge[k] {
			for _, v := range m.edge[k][p] {
				buf = binary.LittleEndian.AppendUint32(buf, math.Float32bits(v))
			}
		}
	}
	// Quantization scale: the largest weight maps to 32767.
	var maxAbs float32
	for _, v := range m.weights {
		maxAbs = max(maxAbs, float32(math.Abs(float64(v))))
	}
	scale := maxAbs / 32767
	if scale == 0 {
		scale = 1
	}
	buf = binary.LittleEndian.AppendUint32(buf, math.Float32bits(scale))
	type ent struct {
		key uint64
		idx int32
	}
	ents := make([]ent, 0, m.NumFeatures())
	for i, k := range m.table.keys {
		if k != 0 {
			ents = append(ents, ent{k, m.table.vals[i]})
		}
	}
	slices.SortFunc(ents, func(a, b ent) int {
		switch {
		case a.key < b.key:
			return -1
		case a.key > b.key:
			return 1
		}
		return 0
	})
	words := make([]string, 0, len(m.lex.clusters))
	for w := range m.lex.clusters {
		words = append(words, w)
	}
	slices.Sort(words)
	buf = binary.AppendUvarint(buf, uint64(len(words)))
	for _, w := range words {
		buf = binary.AppendUvarint(buf, uint64(len(w)))
		buf = append(buf, w...)
		buf = binary.AppendUvarint(buf, uint64(m.lex.clusters[w]))
	}
	words = words[:0]
	for w := range m.lex.known {
		words = append(words, w)
	}
	slices.Sort(words)
	buf = binary.AppendUvarint(buf, uint64(len(words)))
	for _, w := range words {
		buf = binary.AppendUvarint(buf, uint64(len(w)))
		buf = append(buf, w...)
		buf = append(buf, m.lex.known[w])
	}
	buf = appendHashSet(buf, m.lex.vocab)
	var phrases map[uint64]uint8
	var starts map[string]uint8
	if m.lex.mem != nil {
		phrases, starts = m.lex.mem.phrases, m.lex.mem.starts
	}
	hs := make([]uint64, 0, len(phrases))
	for h := range phrases {
		hs = append(hs, h)
	}
	slices.Sort(hs)
	buf = binary.AppendUvarint(buf, uint64(len(hs)))
	last := uint64(0)
	for _, h := range hs {
		buf = binary.AppendUvarint(buf, h-last)
		buf = append(buf, phrases[h])
		last = h
	}
	words = words[:0]
	for w := range starts {
		words = append(words, w)
	}
	slices.Sort(words)
	buf = binary.AppendUvarint(buf, uint64(len(words)))
	for _, w := range words {
		buf = binary.AppendUvarint(buf, uint64(len(w)))
		buf = append(buf, w...)
		buf = append(buf, starts[w])
	}
	buf = binary.AppendUvarint(buf, uint64(len(ents)))
	if _, err := bw.Write(buf); err != nil {
		return cw.n, err
	}
	last = 0
	for _, e := range ents {
		buf = buf[:0]
		buf = binary.AppendUvarint(buf, e.key-last)
		last = e.key
		w := m.weights[int(e.idx)*numLabels : int(e.idx+1)*numLabels]
		var mask uint64
		var q [numLabels]int64
		for y, v := range w {
			q[y] = int64(math.Round(float64(v / scale)))
			if q[y] != 0 {
				mask |= 1 << y
			}
		}
		buf = binary.AppendUvarint(buf, mask)
		for y := range q {
			if q[y] != 0 {
				buf = binary.AppendVarint(buf, q[y])
			}
		}
		if _, err := bw.Write(buf); err != nil {
			return cw.n, err
		}
	}
	if err := bw.Flush(); err != nil {
		return cw.n, err
	}
	if err := zw.Close(); err != nil {
		return cw.n, err
	}
	return cw.n, nil
}

type countWriter struct {
	w io.Writer
	n int64
}

func (c *countWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.n += int64(n)
	return n, err
}

// maxModelFeatures bounds the feature count ReadModel accepts.
const maxModelFeatures = 1 << 22

// ReadModel reads a model written by Model.WriteTo. It refuses models of
// another feature version.
func ReadModel(r io.Reader) (*Model, error) {
	zr, err := gzip.NewReader(r)
	if err != nil {
		return nil, fmt.Errorf("read model: %w", err)
	}
	defer zr.Close()
	br := bufio.NewReader(zr)
	magic := make([]byte, len(modelMagic))
	if _, err := io.ReadFull(br, magic); err != nil || string(magic) != modelMagic {
		return nil, errors.New("read model: not a marsad NER model")
	}
	ver, err := binary.ReadUvarint(br)
	if err != nil {
		return nil, fmt.Errorf("read model: %w", err)
	}
	if ver != featureVersion {
		return nil, fmt.Errorf("read model: feature version %d, this build needs %d (retrain the model)", ver, featureVersion)
	}
	nl, err := binary.ReadUvarint(br)
	if err != nil || nl != numLabels {
		return nil, fmt.Errorf("read model: bad label count %d", nl)
	}
	m := &Model{}
	var b8 [8]byte
	if _, err := io.ReadFull(br, b8[:]); err != nil {
		return nil, fmt.Errorf("read model: %w", err)
	}
	m.fingerprint = binary.LittleEndian.Uint64(b8[:])
	var b4 [5]byte
	for p := range m.trans {
		for y := range m.trans[p] {
			if _, err := io.ReadFull(br, b4[:]); err != nil {
				return nil, fmt.Errorf("read model: transitions: %w", err)
			}
			m.trans[p][y] = math.Float32frombits(binary.LittleEndian.Uint32(b4[:4]))
			m.allowed[p][y] = b4[4] != 0
		}
	}
	ne, err := binary.ReadUvarint(br)
	if err != nil || ne != numEdge {
		return nil, fmt.Errorf("read model: bad transition-feature count %d", ne)
	}
	for k := range m.edge {
		for p := range m.edge[k] {
			for y := range m.edge[k][p] {
				if _, err := io.ReadFull(br, b4[:4]); err != nil {
					return nil, fmt.Errorf("read model: transition features: %w", err)
				}
				m.edge[k][p][y] = math.Float32frombits(binary.LittleEndian.Uint32(b4[:4]))
			}
		}
	}
	if _, err := io.ReadFull(br, b4[:4]); err != nil {
		return nil, fmt.Errorf("read model: scale: %w", err)
	}
	scale := math.Float32frombits(binary.LittleEndian.Uint32(b4[:4]))
	lx, err := loadLexicon()
	if err != nil {
		return nil, fmt.Errorf("read model: %w", err)
	}
	m.lex = lx
	nw, err := binary.ReadUvarint(br)
	if err != nil {
		return nil, fmt.Errorf("read model: clusters: %w", err)
	}
	if nw > maxModelFeatures {
		return nil, fmt.Errorf("read model: %d cluster words exceed the limit %d", nw, maxModelFeatures)
	}
	if nw > 0 {
		lx.clusters = make(map[string]uint64, min(nw, 1<<16))
	}
	for i := 0; i < int(nw); i++ {
		l, err := binary.ReadUvarint(br)
		if err != nil || l > 1024 {
			return nil, fmt.Errorf("read model: cluster word %d: bad length", i)
		}
		w := make([]byte, l)
		if _, err := io.ReadFull(br, w); err != nil {
			return nil, fmt.Errorf("read model: cluster word %d: %w", i, err)
		}
		c, err := binary.ReadUvarint(br)
		if err != nil {
			return nil, fmt.Errorf("read model: cluster word %d: bad cluster", i)
		}
		lx.clusters[string(w)] = c
	}
	nk, err := binary.ReadUvarint(br)
	if err != nil {
		return nil, fmt.Errorf("read model: entity memory: %w", err)
	}
	if nk > maxModelFeatures {
		return nil, fmt.Errorf("read model: %d entity memory words exceed the limit %d", nk, maxModelFeatures)
	}
	lx.known = make(map[string]uint8, min(nk, 1<<16))
	for i := 0; i < int(nk); i++ {
		l, err := binary.ReadUvarint(br)
		if err != nil || l > 1024 {
			return nil, fmt.Errorf("read model: entity memory word %d: bad length", i)
		}
		w := make([]byte, l+1)
		if _, err := io.ReadFull(br, w); err != nil {
			return nil, fmt.Errorf("read model: entity memory word %d: %w", i, err)
		}
		lx.known[string(w[:l])] = w[l]
	}
	if lx.vocab, err = readHashSet(br); err != nil {
		return nil, fmt.Errorf("read model: vocabulary: %w", err)
	}
	np, err := binary.ReadUvarint(br)
	if err != nil || np > maxModelFeatures {
		return nil, errors.New("read model: bad phrase count")
	}
	lx.mem = &memory{phrases: make(map[uint64]uint8, min(np, 1<<16)), starts: map[string]uint8{}}
	var h uint64
	for i := 0; i < int(np); i++ {
		d, err := binary.ReadUvarint(br)
		if err != nil {
			return nil, fmt.Errorf("read model: phrase %d: %w", i, err)
		}
		t, err := br.ReadByte()
		if err != nil {
			return nil, fmt.Errorf("read model: phrase %d: %w", i, err)
		}
		h += d
		lx.mem.phrases[h] = t
	}
	ns, err := binary.ReadUvarint(br)
	if err != nil || ns > maxModelFeatures {
		return nil, errors.New("read model: bad phrase start count")
	}
	for i := 0; i < int(ns); i++ {
		l, err := binary.ReadUvarint(br)
		if err != nil || l > 1024 {
			return nil, fmt.Errorf("read model: phrase start %d: bad length", i)
		}
		w := make([]byte, l+1)
		if _, err := io.ReadFull(br, w); err != nil {
			return nil, fmt.Errorf("read model: phrase start %d: %w", i, err)
		}
		lx.mem.starts[string(w[:l])] = w[l]
	}
	nf, err := binary.ReadUvarint(br)
	if err != nil {
		return nil, fmt.Errorf("read model: %w", err)
	}
	if nf > maxModelFeatures {
		return nil, fmt.Errorf("read model: %d features exceed the limit %d", nf, maxModelFeatures)
	}
	// Grow with the data read, so a corrupt count cannot allocate much.
	var keys []uint64
	var key uint64
	for i := 0; i < int(nf); i++ {
		d, err := binary.ReadUvarint(br)
		if err != nil {
			return nil, fmt.Errorf("read model: feature %d: %w", i, err)
		}
		key += d
		mask, err := binary.ReadUvarint(br)
		if err != nil {
			return nil, fmt.Errorf("read model: feature %d: %w", i, err)
		}
		var w [numLabels]float32
		for y := 0; y < numLabels; y++ {
			if mask&(1<<y) == 0 {
				continue
			}
			q, err := binary.ReadVarint(br)
			if err != nil {
				return nil, fmt.Errorf("read model: feature %d: %w", i, err)
			}
			w[y] = float32(q) * scale
		}
		m.weights = append(m.weights, w[:]...)
		keys = append(keys, key)
	}
	m.table = newFeatTable(len(keys))
	for i, k := range keys {
		m.table.put(k, int32(i))
	}
	return m, nil
}

// appendHashSet appends a set of hashes, sorted and delta-encoded.
func appendHashSet(buf []byte, set map[uint64]struct{}) []byte {
	hs := make([]uint64, 0, len(set))
	for h := range set {
		hs = append(hs, h)
	}
	slices.Sort(hs)
	buf = binary.AppendUvarint(buf, uint64(len(hs)))
	last := uint64(0)
	for _, h := range hs {
		buf = binary.AppendUvarint(buf, h-last)
		last = h
	}
	return buf
}

// readHashSet reads a set written by appendHashSet.
func readHashSet(br io.ByteReader) (map[uint64]struct{}, error) {
	n, err := binary.ReadUvarint(br)
	if err != nil {
		return nil, err
	}
	if n > maxModelFeatures {
		return nil, fmt.Errorf("%d entries exceed the limit %d", n, maxModelFeatures)
	}
	set := make(map[uint64]struct{}, min(n, 1<<16))
	var h uint64
	for i := 0; i < int(n); i++ {
		d, err := binary.ReadUvarint(br)
		if err != nil {
			return nil, err
		}
		h += d
		set[h] = struct{}{}
	}
	return set, nil
}
