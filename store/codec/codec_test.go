package codec

import (
	"bytes"
	"testing"
)

func TestRoundTrip(t *testing.T) {
	c, err := New()
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	doc := c.Compress([]byte(`{"id":"a1","title":"مرصد"}`))
	a, err := c.DecodeArticle(doc)
	if err != nil || a.ID != "a1" || a.Title != "مرصد" {
		t.Fatalf("DecodeArticle = %+v, %v", a, err)
	}
	raw := bytes.Repeat([]byte("ن"), 1000)
	if b, err := c.Decompress(c.Compress(raw)); err != nil || !bytes.Equal(b, raw) {
		t.Fatalf("Decompress: %d bytes, %v", len(b), err)
	}
}

func TestBadInput(t *testing.T) {
	c, err := New()
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if _, err := c.Decompress([]byte("not zstd")); err == nil {
		t.Error("Decompress of garbage: no error")
	}
	if _, err := c.DecodeArticle(c.Compress([]byte("{"))); err == nil {
		t.Error("DecodeArticle of broken JSON: no error")
	}
	// A document over the bound is refused, not allocated.
	big := c.Compress(make([]byte, MaxDocBytes+1))
	if _, err := c.Decompress(big); err == nil {
		t.Error("Decompress over MaxDocBytes: no error")
	}
}
