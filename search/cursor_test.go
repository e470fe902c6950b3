package search

import (
	"encoding/base64"
	"errors"
	"strings"
	"testing"

	marsad "github.com/marsad-news/marsad"
)

func TestFingerprint(t *testing.T) {
	q := marsad.Query{Text: "الدفاع", Sources: []string{"sana.sy"}}
	fp := Fingerprint(q, true)
	if len(fp) != 12 {
		t.Errorf("Fingerprint = %q, want 12 hex digits", fp)
	}
	paged := q
	paged.Limit, paged.Cursor = 5, "abc"
	if got := Fingerprint(paged, true); got != fp {
		t.Errorf("page size and cursor change the fingerprint: %q != %q", got, fp)
	}
	if Fingerprint(q, false) == fp {
		t.Error("the sort does not change the fingerprint")
	}
	other := q
	other.Text = "دمشق"
	if Fingerprint(other, true) == fp {
		t.Error("the text does not change the fingerprint")
	}
}

func TestDecodeCursor(t *testing.T) {
	fp := Fingerprint(marsad.Query{Text: "x"}, false)
	raw := func(s string) string { return base64.RawURLEncoding.EncodeToString([]byte(s)) }
	tests := []struct {
		name    string
		s       string
		sortNew bool
		want    Cursor
		wantErr string // "" for success
	}{
		{"relevance", Cursor{V: 1, Query: fp, Offset: 20}.Encode(), false, Cursor{V: 1, Query: fp, Offset: 20}, ""},
		{"newest", " " + Cursor{V: 1, Query: fp, After: "2025\x00id"}.Encode() + "\n", true, Cursor{V: 1, Query: fp, After: "2025\x00id"}, ""},
		{"too long", strings.Repeat("A", maxCursorBytes+1), false, Cursor{}, "cursor too long"},
		{"not base64", "not a cursor!", false, Cursor{}, "malformed cursor"},
		{"not json", raw("{"), false, Cursor{}, "malformed cursor"},
		{"version", Cursor{V: 2, Query: fp}.Encode(), false, Cursor{}, "malformed cursor"},
		{"other query", Cursor{V: 1, Query: "000000000000"}.Encode(), false, Cursor{}, "another query or sort"},
		{"after with relevance", Cursor{V: 1, Query: fp, After: "k"}.Encode(), false, Cursor{}, "malformed cursor"},
		{"no after when newest", Cursor{V: 1, Query: fp}.Encode(), true, Cursor{}, "malformed cursor"},
		{"negative offset", Cursor{V: 1, Query: fp, Offset: -1}.Encode(), false, Cursor{}, "malformed cursor"},
		{"offset too deep", Cursor{V: 1, Query: fp, Offset: MaxOffset + 1}.Encode(), false, Cursor{}, "malformed cursor"},
	}
	for _, tc := range tests {
		got, err := DecodeCursor(tc.s, fp, tc.sortNew)
		if tc.wantErr == "" {
			if err != nil || got != tc.want {
				t.Errorf("%s: DecodeCursor = %+v, %v; want %+v", tc.name, got, err, tc.want)
			}
			continue
		}
		if !errors.Is(err, ErrInvalidQuery) || !strings.Contains(err.Error(), tc.wantErr) {
			t.Errorf("%s: DecodeCursor error %v, want ErrInvalidQuery with %q", tc.name, err, tc.wantErr)
		}
	}
}
