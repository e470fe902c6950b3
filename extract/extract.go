// Package extract turns one web page, HTML or plain text in any common
// encoding, into a marsad.Article.
//
// Page is the entry point: it refuses input that is too large, empty or
// binary, decodes the bytes to UTF-8 (package charset), decides whether the
// page is HTML or plain text, hands it to htmlpage or textpage, and then
// fills what is common to both: ID, URL and canonical URL, source, encoding,
// language, Text (the section paragraphs joined by one blank line) and the
// dates found in the text.
package extract

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/marsad-news/marsad"
	"github.com/marsad-news/marsad/arabic"
	"github.com/marsad-news/marsad/dates"
	"github.com/marsad-news/marsad/extract/charset"
	"github.com/marsad-news/marsad/extract/htmlpage"
	"github.com/marsad-news/marsad/extract/textpage"
)

// MaxInputBytes is the largest page accepted: 10 MiB. Real article pages,
// HTML included, are well under 1 MiB; anything larger is refused with
// ErrTooLarge before it is decoded, so memory stays bounded.
const MaxInputBytes = 10 << 20

// Errors for refused input. The CLI maps them (see Refused) to exit code 2.
var (
	// ErrTooLarge is returned for pages larger than MaxInputBytes.
	ErrTooLarge = errors.New("page too large")
	// ErrEmpty is returned for pages with no bytes or only white space.
	ErrEmpty = errors.New("empty page")
	// ErrBinary is returned for pages that are not text: images, PDF,
	// archives, or bytes with many control characters.
	ErrBinary = errors.New("not a text page")
	// ErrNoText is returned when nothing of an article is left after the
	// page template is removed.
	ErrNoText = errors.New("no article text found")
)

// Refused reports whether err means the input itself was refused (too
// large, empty, binary, no text) rather than a failure of the program.
func Refused(err error) bool {
	return errors.Is(err, ErrTooLarge) || errors.Is(err, ErrEmpty) ||
		errors.Is(err, ErrBinary) || errors.Is(err, ErrNoText) ||
		errors.Is(err, htmlpage.ErrNoContent)
}

// Options describe where a page came from.
type Options struct {
	// URL is the address of the page, when known. It gives the Article's
	// URL, canonical URL, ID and, when Source is empty, its source.
	URL string
	// Source is the outlet (name or id) that published the page. When
	// empty, the host of URL is used. It is never a wire credit.
	Source string
	// ContentType is the HTTP Content-Type header, when known. Its charset
	// takes part in decoding, and text/html or text/plain decides the kind
	// of page.
	ContentType string
}

// Read reads at most MaxInputBytes+1 bytes from r and calls Page. A reader
// with more than MaxInputBytes gives ErrTooLarge without reading further.
func Read(ctx context.Context, r io.Reader, opts Options) (*marsad.Article, error) {
	data, err := io.ReadAll(io.LimitReader(r, MaxInputBytes+1))
	if err != nil {
		return nil, fmt.Errorf("extract: read: %w", err)
	}
	return Page(ctx, data, opts)
}

// Page turns one page (HTML or plain text, any common encoding) into an
// Article. data is the page as it came from the web or a file; it must not
// exceed MaxInputBytes. Refused input gives an error for which Refused is
// true.
func Page(ctx context.Context, data []byte, opts Options) (*marsad.Article, error) {
	if len(data) > MaxInputBytes {
		return nil, fmt.Errorf("extract: %w: more than %d bytes (limit %d MiB)", ErrTooLarge, MaxInputBytes, MaxInputBytes>>20)
	}
	if len(bytes.TrimSpace(data)) == 0 && !hasUTF16BOM(data) {
		return nil, fmt.Errorf("extract: %w", ErrEmpty)
	}
	if kind := binaryKind(data); kind != "" {
		return nil, fmt.Errorf("extract: %w: looks like %s", ErrBinary, kind)
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	enc, encSource := charset.Sniff(data, opts.ContentType)
	text, err := charset.DecodeAs(data, enc)
	if err != nil {
		return nil, fmt.Errorf("extract: %w", err)
	}
	if strings.TrimSpace(text) == "" {
		return nil, fmt.Errorf("extract: %w", ErrEmpty)
	}
	if controlShare(text) > 0.05 {
		return nil, fmt.Errorf("extract: %w: too many control characters (decoded as %s)", ErrBinary, enc)
	}

	var a *marsad.Article
	if isHTML(text, opts.ContentType) {
		a, err = htmlpage.Extract(ctx, text, htmlpage.Options{URL: opts.URL})
	} else {
		a, err = textpage.Extract(text, textpage.Options{URL: opts.URL, ParseDate: parseDate})
	}
	if err != nil {
		if errors.Is(err, textpage.ErrNoText) {
			return nil, fmt.Errorf("extract: %w (decoded as %s)", ErrNoText, enc)
		}
		return nil, fmt.Errorf("extract: %w", err)
	}
	finish(a, enc, opts)
	if a.Meta == nil {
		a.Meta = map[string]string{}
	}
	a.Meta["encoding"] = encSource
	return a, nil
}

// finish fills the fields common to HTML and text pages.
func finish(a *marsad.Article, enc string, opts Options) {
	a.Encoding = enc
	if a.URL == "" {
		a.URL = opts.URL
	}
	// The page's own canonical link (HTML), resolved against its URL,
	// else the URL; a value that is not an http(s) URL is dropped.
	canon := a.CanonicalURL
	if canon == "" {
		canon = a.URL
	} else if base, err := url.Parse(a.URL); err == nil && a.URL != "" {
		if ref, err := url.Parse(canon); err == nil {
			canon = base.ResolveReference(ref).String()
		}
	}
	a.CanonicalURL = ""
	if canon != "" {
		if c, err := marsad.CanonicalURL(canon); err == nil {
			a.CanonicalURL = c
		}
	}
	switch {
	case opts.Source != "":
		a.Source = opts.Source
	case a.Source == "":
		a.Source = hostSource(a.CanonicalURL)
		if a.Source == "" {
			a.Source = hostSource(a.URL)
		}
	}
	if a.Sections == nil {
		a.Sections = []marsad.Section{}
	}
	var paras []string
	for _, s := range a.Sections {
		paras = append(paras, s.Paragraphs...)
	}
	if len(paras) == 0 && strings.TrimSpace(a.Text) != "" {
		// An extractor that gave text without sections: its paragraphs
		// become the lead section, so Text and Sections agree.
		for _, p := range strings.Split(a.Text, "\n") {
			if p = strings.TrimSpace(p); p != "" {
				paras = append(paras, p)
			}
		}
		a.Sections = append(a.Sections, marsad.Section{Paragraphs: paras})
	}
	a.Text = strings.Join(paras, "\n\n")
	if a.Language == "" {
		head := a.Text
		if len(head) > 16<<10 {
			head = head[:16<<10]
		}
		a.Language = Language(a.Title + "\n" + head)
	}
	a.ID = marsad.ArticleID(a.CanonicalURL, normalizeForID(a.Text))
	if a.Dates == nil {
		a.Dates = dates.Find(a.Text, refTime(a.Published))
	}
}

// parseDate reads one date expression of a page header with the dates
// package; only calendar dates (a day or a timestamp) are accepted.
func parseDate(expr string) (string, bool) {
	r, ok := dates.Parse(expr, time.Time{})
	if !ok || len(r.Value) < len("2006-01-02") || r.Until != "" {
		return "", false
	}
	return r.Value, true
}

// refTime turns an ISO 8601 published value into the reference time of
// relative dates; the zero time when there is none.
func refTime(published string) time.Time {
	for _, layout := range []string{time.RFC3339, "2006-01-02T15:04:05", "2006-01-02"} {
		if t, err := time.Parse(layout, published); err == nil {
			return t
		}
	}
	return time.Time{}
}

// hostSource returns the host of raw without "www.", or "".
func hostSource(raw string) string {
	if raw == "" {
		return ""
	}
	u, err := url.Parse(raw)
	if err != nil {
		return ""
	}
	return strings.TrimPrefix(strings.ToLower(u.Hostname()), "www.")
}

// normalizeForID is the text an Article without URL is identified by:
// its matching form (arabic.Normalize) with white space runs folded to
// one space, so that the same text copied twice gets the same ID.
func normalizeForID(text string) string {
	// Text comes from textpage or htmlpage: its spaces are ASCII (Display
	// turned the others into ' '), so a byte loop folds them.
	text = arabic.Normalize(text)
	b := make([]byte, 0, len(text))
	space := false
	for i := 0; i < len(text); i++ {
		switch c := text[i]; c {
		case ' ', '\t', '\n', '\r', '\v', '\f':
			space = len(b) > 0
		default:
			if space {
				b = append(b, ' ')
				space = false
			}
			b = append(b, c)
		}
	}
	return string(b)
}

func hasUTF16BOM(data []byte) bool {
	return len(data) >= 2 && ((data[0] == 0xFF && data[1] == 0xFE) || (data[0] == 0xFE && data[1] == 0xFF))
}

// binaryKind returns the kind of a non-text file recognized by its magic
// number (as net/http sniffs it), or "".
func binaryKind(data []byte) string {
	ct := http.DetectContentType(data)
	ct, _, _ = strings.Cut(ct, ";")
	switch {
	case strings.HasPrefix(ct, "image/"), strings.HasPrefix(ct, "audio/"),
		strings.HasPrefix(ct, "video/"), strings.HasPrefix(ct, "font/"):
		return ct
	}
	switch ct {
	case "application/pdf", "application/zip", "application/x-gzip",
		"application/x-rar-compressed", "application/wasm", "application/ogg",
		"application/postscript", "application/vnd.ms-fontobject":
		return ct
	}
	return ""
}

// controlShare is the share of characters in s that are control
// characters (other than tab, newline, carriage return and form feed: C0,
// DEL and C1) or U+FFFD. It scans bytes: all of these have fixed UTF-8
// forms.
func controlShare(s string) float64 {
	n, bad := 0, 0
	for i := 0; i < len(s); i++ {
		b := s[i]
		if b&0xC0 == 0x80 {
			continue // continuation byte
		}
		n++
		switch {
		case b < 0x20:
			if b != '\t' && b != '\n' && b != '\r' && b != '\f' {
				bad++
			}
		case b == 0x7F:
			bad++
		case b == 0xC2 && i+1 < len(s) && s[i+1] < 0xA0: // U+0080–U+009F
			bad++
		case b == 0xEF && i+2 < len(s) && s[i+1] == 0xBF && s[i+2] == 0xBD: // U+FFFD
			bad++
		}
	}
	if n == 0 {
		return 0
	}
	return float64(bad) / float64(n)
}

// isHTML decides whether a decoded page is HTML: by the Content-Type when
// it says text/html or text/plain, else by sniffing the start of the text.
func isHTML(text, contentType string) bool {
	ct := strings.ToLower(contentType)
	switch {
	case strings.Contains(ct, "html"):
		return true
	case strings.HasPrefix(strings.TrimSpace(ct), "text/plain"):
		return false
	}
	head := text
	if len(head) > 4096 {
		head = head[:4096]
	}
	if !strings.Contains(head, "<") {
		return false
	}
	if strings.HasPrefix(http.DetectContentType([]byte(strings.TrimLeft(head, "\ufeff"))), "text/html") {
		return true
	}
	for i := 0; i < len(head); i++ {
		if head[i] != '<' {
			continue
		}
		for _, tag := range []string{"<html", "<body", "<head", "<!doctype html", "</p>", "</div>"} {
			if len(head)-i >= len(tag) && strings.EqualFold(head[i:i+len(tag)], tag) {
				return true
			}
		}
	}
	return false
}
