// Package codec is the stored form of archive documents that both
// backends (sqlite, postgres) share: zstd-compressed bytes, bounded when
// decompressed, with the Article JSON of a revision inside.
package codec

import (
	"encoding/json"
	"fmt"

	"github.com/klauspost/compress/zstd"

	"github.com/marsad-news/marsad"
)

// MaxDocBytes bounds the decompressed size of one stored document or raw
// page, so a damaged or hostile database cannot make a read allocate
// without limit.
const MaxDocBytes = 64 << 20

// Codec compresses and decompresses stored documents. It is safe for
// concurrent use.
type Codec struct {
	enc *zstd.Encoder
	dec *zstd.Decoder
}

// New returns a Codec; Close releases it.
func New() (*Codec, error) {
	enc, err := zstd.NewWriter(nil, zstd.WithEncoderLevel(zstd.SpeedDefault), zstd.WithEncoderConcurrency(1))
	if err != nil {
		return nil, fmt.Errorf("zstd: %w", err)
	}
	dec, err := zstd.NewReader(nil, zstd.WithDecoderMaxMemory(MaxDocBytes), zstd.WithDecoderConcurrency(0))
	if err != nil {
		enc.Close()
		return nil, fmt.Errorf("zstd: %w", err)
	}
	return &Codec{enc: enc, dec: dec}, nil
}

// Close releases the encoder and decoder.
func (c *Codec) Close() {
	c.enc.Close()
	c.dec.Close()
}

// Compress returns b compressed.
func (c *Codec) Compress(b []byte) []byte { return c.enc.EncodeAll(b, nil) }

// Decompress returns the bytes of a compressed document; a document
// larger than MaxDocBytes once decompressed is an error.
func (c *Codec) Decompress(b []byte) ([]byte, error) {
	out, err := c.dec.DecodeAll(b, nil)
	if err != nil {
		return nil, fmt.Errorf("decompress: %w", err)
	}
	return out, nil
}

// DecodeArticle returns the Article stored in a compressed JSON document.
func (c *Codec) DecodeArticle(doc []byte) (*marsad.Article, error) {
	b, err := c.Decompress(doc)
	if err != nil {
		return nil, err
	}
	var a marsad.Article
	if err := json.Unmarshal(b, &a); err != nil {
		return nil, fmt.Errorf("decode article: %w", err)
	}
	return &a, nil
}
