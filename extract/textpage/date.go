package textpage

import (
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/marsad-news/marsad/arabic"
)

// A dateSpan is a date found in a header line: byte offsets of the whole
// expression (weekday included) and its ISO 8601 value.
type dateSpan struct {
	start, end int
	value      string
}

// findDate finds the first calendar date in a short header line such as
// "● أخبار سورية ١٧ نوفمبر ٢٠٢٥" or "الجمعة 8 فيفري 2019 | ثقافة" and
// returns its span (a weekday before it included) and ISO value.
//
// A small grammar finds the span: day month year, month day year, numeric
// dates, digits in any script, month names of the Gregorian,
// Syriac/Levantine, Maghrebi, Moroccan and Libyan naming systems, English
// and French. When parse is not nil (package extract passes the dates
// package's Parse) it reads the value of the span, and the grammar's own
// value is only the fallback.
func findDate(s string, parse func(string) (string, bool)) (dateSpan, bool) {
	d, ok := scanDate(s)
	if !ok {
		return d, false
	}
	if parse != nil {
		if v, ok := parse(s[d.start:d.end]); ok && len(v) >= len("2006-01-02") {
			d.value = v
		}
	}
	return d, true
}

// token is one word of a header line with its byte span; norm is the
// matching form (normalized, lower case, digits folded, no punctuation).
type token struct {
	start, end int
	norm       string
}

func tokens(s string) []token {
	var out []token
	isSep := func(r rune) bool {
		return unicode.IsSpace(r) || strings.ContainsRune("،,|●•◾■▪◆►|؛;()[]«»\"“”", r)
	}
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		if isSep(r) {
			i += n
			continue
		}
		j := i
		for j < len(s) {
			r, n := utf8.DecodeRuneInString(s[j:])
			if isSep(r) {
				break
			}
			j += n
		}
		w := strings.TrimRight(s[i:j], ".:-–—")
		if w != "" {
			out = append(out, token{start: i, end: i + len(w), norm: arabic.FoldDigits(arabic.Normalize(strings.ToLower(w)))})
		}
		i = j
	}
	return out
}

// scanDate finds the span of the first date in s with the small grammar
// described at findDate.
func scanDate(s string) (dateSpan, bool) {
	tk := tokens(s)
	for i := 0; i < len(tk); i++ {
		start := tk[i].start
		if _, ok := weekdays[tk[i].norm]; ok && i+1 < len(tk) {
			start = tk[i].start
			i++
		}
		if v, ok := numericDate(tk[i].norm); ok {
			return dateSpan{start: start, end: tk[i].end, value: v}, true
		}
		// day month year
		if day, ok := number(tk[i].norm, 1, 31); ok {
			if m, j, ok := month(tk, i+1); ok && j < len(tk) {
				if y, ok := number(strings.TrimSuffix(tk[j].norm, "م"), 1900, 2200); ok {
					end := tk[j].end
					if j+1 < len(tk) && tk[j+1].norm == "م" {
						end = tk[j+1].end
					}
					if v, ok := isoDate(y, m, day); ok {
						return dateSpan{start: start, end: end, value: v}, true
					}
				}
			}
		}
		// month day, year
		if m, j, ok := month(tk, i); ok && j+1 < len(tk) {
			day, ok1 := number(tk[j].norm, 1, 31)
			y, ok2 := number(tk[j+1].norm, 1900, 2200)
			if ok1 && ok2 {
				if v, ok := isoDate(y, m, day); ok {
					return dateSpan{start: start, end: tk[j+1].end, value: v}, true
				}
			}
		}
	}
	return dateSpan{}, false
}

// month reads a month name at tk[i] (one or two words, "نوفمبر/تشرين
// الثاني" included) and returns its number and the index after it.
func month(tk []token, i int) (int, int, bool) {
	if i >= len(tk) {
		return 0, 0, false
	}
	if i+1 < len(tk) {
		if m, ok := months[tk[i].norm+" "+tk[i+1].norm]; ok {
			return m, i + 2, true
		}
	}
	w := tk[i].norm
	first, rest, slash := strings.Cut(w, "/")
	m, ok := months[first]
	if !ok {
		return 0, 0, false
	}
	j := i + 1
	if slash {
		// "نوفمبر/تشرين الثاني": skip the second name.
		if j < len(tk) && months[rest+" "+tk[j].norm] == m {
			j++
		}
	} else if j+1 < len(tk) && months[tk[j].norm+" "+tk[j+1].norm] == m {
		// "نوفمبر (تشرين الثاني)": brackets are separators.
		j += 2
	} else if j < len(tk) && tk[j].norm != "" && months[tk[j].norm] == m && !isDigits(tk[j].norm) {
		j++
	}
	return m, j, true
}

func isDigits(s string) bool {
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return s != ""
}

// number parses s as a decimal number in [lo, hi].
func number(s string, lo, hi int) (int, bool) {
	if !isDigits(s) || len(s) > 4 {
		return 0, false
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < lo || n > hi {
		return 0, false
	}
	return n, true
}

// numericDate reads 2025-11-17, 17/11/2025, 17-11-2025 or 17.11.2025
// (day first, as Arabic and European pages write them).
func numericDate(s string) (string, bool) {
	for _, sep := range []string{"-", "/", "."} {
		p := strings.Split(s, sep)
		if len(p) != 3 {
			continue
		}
		if y, ok := number(p[0], 1900, 2200); ok && len(p[0]) == 4 {
			m, ok1 := number(p[1], 1, 12)
			d, ok2 := number(p[2], 1, 31)
			if ok1 && ok2 {
				return isoDate(y, m, d)
			}
		}
		if y, ok := number(p[2], 1900, 2200); ok && len(p[2]) == 4 {
			d, ok1 := number(p[0], 1, 31)
			m, ok2 := number(p[1], 1, 12)
			if ok1 && ok2 {
				return isoDate(y, m, d)
			}
		}
	}
	return "", false
}

// isoDate formats a valid calendar date as YYYY-MM-DD.
func isoDate(y, m, d int) (string, bool) {
	t := time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC)
	if t.Day() != d || int(t.Month()) != m {
		return "", false
	}
	return fmt.Sprintf("%04d-%02d-%02d", y, m, d), true
}

// months maps month names (matching form: arabic.Normalize, lower case)
// of every naming system Arabic and Western news pages use to 1..12.
var months = func() map[string]int {
	names := [12][]string{
		{"يناير", "كانون الثاني", "جانفي", "أي النار", "january", "jan", "janvier"},
		{"فبراير", "شباط", "فيفري", "النوار", "february", "feb", "février", "fevrier"},
		{"مارس", "آذار", "الربيع", "march", "mar", "mars"},
		{"أبريل", "ابريل", "إبريل", "نيسان", "أفريل", "الطير", "april", "apr", "avril"},
		{"مايو", "أيار", "ماي", "الماء", "may", "mai"},
		{"يونيو", "يونيه", "حزيران", "جوان", "الصيف", "june", "jun", "juin"},
		{"يوليو", "يوليه", "تموز", "جويلية", "يوليوز", "ناصر", "july", "jul", "juillet"},
		{"أغسطس", "اغسطس", "آب", "أوت", "غشت", "هانيبال", "august", "aug", "août", "aout"},
		{"سبتمبر", "أيلول", "شتنبر", "الفاتح", "september", "sep", "sept", "septembre"},
		{"أكتوبر", "اكتوبر", "تشرين الأول", "التمور", "october", "oct", "octobre"},
		{"نوفمبر", "تشرين الثاني", "نونبر", "الحرث", "november", "nov", "novembre"},
		{"ديسمبر", "كانون الأول", "دجنبر", "الكانون", "december", "dec", "décembre", "decembre"},
	}
	m := make(map[string]int)
	for i, ns := range names {
		for _, n := range ns {
			m[arabic.Normalize(n)] = i + 1
		}
	}
	return m
}()

// weekdays holds weekday names (matching form).
var weekdays = func() map[string]struct{} {
	m := make(map[string]struct{})
	for _, n := range []string{"الأحد", "الاثنين", "الإثنين", "الثلاثاء", "الأربعاء", "الخميس", "الجمعة", "السبت",
		"sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday",
		"dimanche", "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi"} {
		m[arabic.Normalize(n)] = struct{}{}
	}
	return m
}()
