package charset

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/charmap"
	xunicode "golang.org/x/text/encoding/unicode"

	"github.com/marsad-news/marsad/internal/shared"
)

const arabicText = "بحث وزير الدفاع السوري مع وفد عسكري روسي رفيع سبل تعزيز التعاون العسكري وآليات التنسيق بين الجانبين، في زيارة وصفت بأنها الأضخم منذ سنوات."

func encode(t testing.TB, e encoding.Encoding, s string) []byte {
	t.Helper()
	b, err := e.NewEncoder().Bytes([]byte(s))
	if err != nil {
		t.Fatalf("encode: %v", err)
	}
	return b
}

func TestDecode(t *testing.T) {
	w1256 := encode(t, charmap.Windows1256, arabicText)
	i88596 := encode(t, charmap.ISO8859_6, arabicText)
	utf16le := encode(t, xunicode.UTF16(xunicode.LittleEndian, xunicode.IgnoreBOM), arabicText)
	utf16be := encode(t, xunicode.UTF16(xunicode.BigEndian, xunicode.IgnoreBOM), arabicText)
	latin := encode(t, charmap.Windows1252, "Le café est très bon à Paris, déjà vu.")
	html1256 := append([]byte(`<html><head><meta http-equiv="Content-Type" content="text/html; charset=windows-1256"></head><body><p>`), w1256...)
	html88596 := append([]byte(`<html><head><meta charset='ISO-8859-6'></head><body><p>`), i88596...)

	tests := []struct {
		name        string
		data        []byte
		contentType string
		wantEnc     string
		wantText    string
	}{
		{"utf-8", []byte(arabicText), "", UTF8, arabicText},
		{"ascii", []byte("hello"), "", UTF8, "hello"},
		{"utf-8 BOM", append([]byte{0xEF, 0xBB, 0xBF}, arabicText...), "", UTF8, arabicText},
		{"utf-16le BOM", append([]byte{0xFF, 0xFE}, utf16le...), "", UTF16LE, arabicText},
		{"utf-16be BOM", append([]byte{0xFE, 0xFF}, utf16be...), "", UTF16BE, arabicText},
		{"utf-16le no BOM", utf16le, "", UTF16LE, arabicText},
		{"utf-16be no BOM", utf16be, "", UTF16BE, arabicText},
		{"BOM beats header", append([]byte{0xEF, 0xBB, 0xBF}, arabicText...), "text/html; charset=windows-1256", UTF8, arabicText},
		{"windows-1256 detected", w1256, "", Windows1256, arabicText},
		{"iso-8859-6 detected", i88596, "", ISO88596, arabicText},
		{"header windows-1256", w1256, "text/plain; charset=windows-1256", Windows1256, arabicText},
		{"header cp1256 label", w1256, "text/plain; charset=cp1256", Windows1256, arabicText},
		{"header iso-8859-6", i88596, "text/html; charset=ISO-8859-6", ISO88596, arabicText},
		{"header utf-8 but bytes 1256", w1256, "text/html; charset=utf-8", Windows1256, arabicText},
		{"header latin1 but bytes arabic", w1256, "text/html; charset=iso-8859-1", Windows1256, arabicText},
		{"header unknown label", w1256, "text/html; charset=x-nonsense", Windows1256, arabicText},
		{"meta http-equiv 1256", html1256, "", Windows1256, ""},
		{"meta charset 8859-6", html88596, "", ISO88596, ""},
		{"windows-1252 latin", latin, "", Windows1252, "Le café est très bon à Paris, déjà vu."},
		{"empty", nil, "", UTF8, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			text, enc, err := Decode(tt.data, tt.contentType)
			if err != nil {
				t.Fatal(err)
			}
			if enc != tt.wantEnc {
				t.Errorf("encoding = %q, want %q", enc, tt.wantEnc)
			}
			if tt.wantText != "" && text != tt.wantText {
				t.Errorf("text = %q, want %q", text, tt.wantText)
			}
			if tt.wantText == "" && len(tt.data) > 0 && !strings.Contains(text, arabicText) {
				t.Errorf("text %q does not hold the Arabic sentence", text)
			}
			if !utf8.ValidString(text) {
				t.Errorf("text is not valid UTF-8")
			}
		})
	}
}

func TestMetaCharset(t *testing.T) {
	tests := []struct{ in, want string }{
		{`<meta charset="windows-1256">`, "windows-1256"},
		{`<META CHARSET=utf-8>`, "utf-8"},
		{`<meta http-equiv="Content-Type" content="text/html; charset=ISO-8859-6" />`, "iso-8859-6"},
		{`<meta name="description" content="charset"><meta charset='cp1256'>`, "cp1256"},
		{`<meta name="x">`, ""},
		{`<meta charset`, ""},
		{strings.Repeat(" ", MetaScanBytes) + `<meta charset="windows-1256">`, ""},
	}
	for _, tt := range tests {
		if got := metaCharset([]byte(tt.in)); got != tt.want {
			t.Errorf("metaCharset(%.60q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// TestDetectArabicQuality measures windows-1256 vs ISO-8859-6 detection
// on every line of the founding example and on windows of it of several
// sizes; all must be right from 32 bytes on (docs/QUALITY.md).
func TestDetectArabicQuality(t *testing.T) {
	seed, err := os.ReadFile(filepath.Join("..", "testdata", "pages", "article-ar-001.txt"))
	if err != nil {
		t.Fatal(err)
	}
	// The page's own punctuation (“ ” – and NBSP) is outside both code
	// pages; keep what both can encode.
	var clean []rune
	for _, r := range string(seed) {
		if _, ok := charmap.ISO8859_6.EncodeRune(r); !ok {
			continue
		}
		if _, ok := charmap.Windows1256.EncodeRune(r); !ok {
			continue
		}
		clean = append(clean, r)
	}
	text := string(clean)
	for _, size := range []int{16, 32, 64, 256, 1 << 20} {
		total, right := 0, 0
		runes := []rune(text)
		step := size
		if step > len(runes) {
			step = len(runes)
		}
		for i := 0; i < len(runes); i += step {
			j := min(i+size, len(runes))
			s := string(runes[i:j])
			if !strings.ContainsFunc(s, func(r rune) bool { return r >= 0x0621 && r <= 0x064A }) {
				continue
			}
			for _, c := range []struct {
				e    *charmap.Charmap
				name string
			}{{charmap.Windows1256, Windows1256}, {charmap.ISO8859_6, ISO88596}} {
				b := encode(t, c.e, s)
				total++
				if got := Detect(b); got == c.name {
					right++
				} else {
					t.Logf("window %d: %q in %s detected as %s", size, s, c.name, got)
				}
			}
		}
		acc := float64(right) / float64(total)
		t.Logf("window %7d runes: %d/%d right (%.1f%%)", size, right, total, 100*acc)
		if size >= 32 && right != total {
			t.Errorf("window %d: %d of %d detected wrong", size, total-right, total)
		}
	}
}

func TestDecodeNeverWindows1252ForArabic(t *testing.T) {
	for _, e := range []*charmap.Charmap{charmap.Windows1256, charmap.ISO8859_6} {
		for _, s := range []string{"مرحبا", "في دمشق", "السلام عليكم ورحمة الله", arabicText} {
			b := encode(t, e, s)
			if _, enc, _ := Decode(b, ""); enc == Windows1252 {
				t.Errorf("%q in %v decoded as windows-1252", s, e)
			}
		}
	}
}

func FuzzDecode(f *testing.F) {
	f.Add([]byte(arabicText), "")
	f.Add(encode(f, charmap.Windows1256, arabicText), "")
	f.Add(encode(f, charmap.ISO8859_6, arabicText), "text/html; charset=iso-8859-6")
	f.Add([]byte{0xFF, 0xFE, 0x27, 0x06, 0x44}, "")
	f.Add([]byte(`<meta charset="utf-16">`), "text/html; charset=")
	f.Fuzz(func(t *testing.T, data []byte, contentType string) {
		text, enc, err := Decode(data, contentType)
		if err != nil {
			return
		}
		if enc == "" {
			t.Fatal("no encoding named")
		}
		if !utf8.ValidString(text) {
			t.Fatalf("invalid UTF-8 from %s", enc)
		}
		if enc == UTF8 && utf8.Valid(data) && !bytes.HasPrefix(data, []byte{0xEF, 0xBB, 0xBF}) && text != string(data) {
			t.Fatalf("valid UTF-8 changed")
		}
	})
}

func benchData(b *testing.B) []byte {
	seed, err := os.ReadFile(filepath.Join("..", "testdata", "pages", "article-ar-001.txt"))
	if err != nil {
		b.Fatal(err)
	}
	return seed
}

func BenchmarkDecodeUTF8(b *testing.B) {
	data := benchData(b)
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		Decode(data, "")
	}
}

func BenchmarkDetectWindows1256(b *testing.B) {
	data, _ := charmap.Windows1256.NewEncoder().Bytes([]byte(strings.Repeat(arabicText+"\n", 64)))
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		Detect(data)
	}
}

func BenchmarkDecodeWindows1256(b *testing.B) {
	data, _ := charmap.Windows1256.NewEncoder().Bytes([]byte(strings.Repeat(arabicText+"\n", 64)))
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		Decode(data, "")
	}
}

// TestDetectANERcorp measures windows-1256 vs ISO-8859-6 detection on the
// 918 sentences of the ANERcorp test split (news text; tokens joined by
// spaces), each encoded both ways. Floor: 99% of the sentences right.
func TestDetectANERcorp(t *testing.T) {
	path := shared.Path(t, "data/anercorp/ANERCorp_reconstructed_test.txt")
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var sentences []string
	var words []string
	for _, line := range strings.Split(string(raw), "\n") {
		w, _, _ := strings.Cut(line, " ")
		if strings.TrimSpace(line) == "" {
			if len(words) > 0 {
				sentences = append(sentences, strings.Join(words, " "))
			}
			words = words[:0]
			continue
		}
		words = append(words, w)
	}
	total, right := 0, 0
	short, shortRight := 0, 0
	for _, s := range sentences {
		for _, c := range []struct {
			e    *charmap.Charmap
			name string
		}{{charmap.Windows1256, Windows1256}, {charmap.ISO8859_6, ISO88596}} {
			b, err := c.e.NewEncoder().Bytes([]byte(s))
			if err != nil || utf8.Valid(b) {
				continue // not encodable, or pure ASCII
			}
			total++
			ok := Detect(b) == c.name
			if !ok && testing.Verbose() {
				t.Logf("wrong: %s %q", c.name, s)
			}
			if ok {
				right++
			}
			if len(b) < 64 {
				short++
				if ok {
					shortRight++
				}
			}
		}
	}
	acc := float64(right) / float64(total)
	t.Logf("ANERcorp test sentences: %d/%d detected right (%.2f%%); under 64 bytes: %d/%d", right, total, 100*acc, shortRight, short)
	if acc < 0.99 {
		t.Errorf("accuracy %.4f below the 0.99 floor", acc)
	}
}
