package arabic

import (
	"fmt"
	"reflect"
	"testing"
)

func sentenceTexts(s string, spans []Span) []string {
	r := []rune(s)
	out := make([]string, len(spans))
	for i, sp := range spans {
		out[i] = string(r[sp.Start:sp.End])
	}
	return out
}

func TestSentences(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want []string
	}{
		{"empty", "", []string{}},
		{"spaces", "  \n\n ", []string{}},
		{"one without terminator", "خطوة تعكس توسع مسار التعاون", []string{"خطوة تعكس توسع مسار التعاون"}},
		{"period", "وصل الوفد. بدأت المباحثات.", []string{"وصل الوفد.", "بدأت المباحثات."}},
		{"arabic question mark", "هل وصل؟ نعم وصل.", []string{"هل وصل؟", "نعم وصل."}},
		{"latin question mark", "هل وصل? نعم.", []string{"هل وصل?", "نعم."}},
		{"exclamation", "يا له من يوم! ثم عاد.", []string{"يا له من يوم!", "ثم عاد."}},
		{"ellipsis char", "وانتظر… ثم غادر", []string{"وانتظر…", "ثم غادر"}},
		{"three dots", "وانتظر... ثم غادر", []string{"وانتظر...", "ثم غادر"}},
		{"terminator run", "حقاً؟! لا أصدق", []string{"حقاً؟!", "لا أصدق"}},
		{"line break", "العنوان\nالنص الأول", []string{"العنوان", "النص الأول"}},
		{"crlf and blank lines", "سطر أول\r\n\r\nسطر ثان", []string{"سطر أول", "سطر ثان"}},
		{"paragraph separator", "أ ب\u2029ج د", []string{"أ ب", "ج د"}},
		{"decimal number", "ارتفع بنسبة 3.5 بالمئة. ثم هبط.", []string{"ارتفع بنسبة 3.5 بالمئة.", "ثم هبط."}},
		{"arabic decimal", "بلغ ٣٫٥ مليون. ثم", []string{"بلغ ٣٫٥ مليون.", "ثم"}},
		{"doctor abbreviation", "قال د. أحمد إن الوضع مستقر.", []string{"قال د. أحمد إن الوضع مستقر."}},
		{"engineer abbreviation", "أكد م. علي الخبر. ثم غادر.", []string{"أكد م. علي الخبر.", "ثم غادر."}},
		{"latin initial", "قال J. Smith ذلك.", []string{"قال J. Smith ذلك."}},
		{"era after year ends sentence", "ولد عام 1950 م. ثم هاجر.", []string{"ولد عام 1950 م.", "ثم هاجر."}},
		{"hijri era after year", "في عام ١٤٤٧ هـ. وبعد ذلك", []string{"في عام ١٤٤٧ هـ.", "وبعد ذلك"}},
		{"single letter at end of text", "الخيار ب.", []string{"الخيار ب."}},
		{"single letter at end of line", "الخيار ب.\nالتالي", []string{"الخيار ب.", "التالي"}},
		{"headline double dot", "بمشاركة أكبر وفد روسي .. مباحثات عسكرية", []string{"بمشاركة أكبر وفد روسي .. مباحثات عسكرية"}},
		{"domain", "نشر الخبر موقع sana.sy اليوم.", []string{"نشر الخبر موقع sana.sy اليوم."}},
		{"no space after period before arabic", "انتهى الاجتماع.وقال الوزير", []string{"انتهى الاجتماع.", "وقال الوزير"}},
		{"inside guillemets", "قال: «وصلنا. بدأنا العمل.» ثم غادر.", []string{"قال: «وصلنا. بدأنا العمل.» ثم غادر."}},
		{"inside reversed curly", "قال ”وصلنا. بدأنا“ ثم غادر. وانتهى", []string{"قال ”وصلنا. بدأنا“ ثم غادر.", "وانتهى"}},
		{"inside straight quotes", "وصف \"الزيارة. الناجحة\" ثم. بعدها", []string{"وصف \"الزيارة. الناجحة\" ثم.", "بعدها"}},
		{"closing quote after terminator joins sentence", "قال «نعم.» وغادر", []string{"قال «نعم.» وغادر"}},
		{"closing bracket after terminator", "(هذا مهم.) ثم", []string{"(هذا مهم.)", "ثم"}},
		{"spaced terminators stay together", "ماذا حدث ؟ . . . لقد مر", []string{"ماذا حدث ؟ . . .", "لقد مر"}},
		{"spaced closing quote then dot", "قال \" نعم ؟ \" . ثم", []string{"قال \" نعم ؟ \" .", "ثم"}},
		{"unclosed quote does not swallow", "قال «نعم. ثم غادر.", []string{"قال «نعم.", "ثم غادر."}},
		{"quote across line break splits", "قال «نعم\nثم» غادر", []string{"قال «نعم", "ثم» غادر"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			spans := Sentences(tt.in)
			got := sentenceTexts(tt.in, spans)
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("Sentences(%q)\n got %q\nwant %q", tt.in, got, tt.want)
			}
			checkSpans(t, tt.in, spans)
		})
	}
}

func TestSentencesOf(t *testing.T) {
	s := "أ ب. ج د؟ «هـ. و»"
	if got, want := SentencesOf(s, Tokenize(s)), Sentences(s); !reflect.DeepEqual(got, want) {
		t.Errorf("SentencesOf = %v, Sentences = %v", got, want)
	}
}

// checkSpans verifies spans are in range, non-empty, increasing, not
// overlapping, and do not start or end with white space.
func checkSpans(t testing.TB, s string, spans []Span) {
	t.Helper()
	r := []rune(s)
	prev := 0
	for i, sp := range spans {
		if sp.Start < prev || sp.End <= sp.Start || sp.End > len(r) {
			t.Fatalf("span %d %v out of order/range (prev end %d, len %d)", i, sp, prev, len(r))
		}
		if classify(r[sp.Start]) == cSpace || classify(r[sp.End-1]) == cSpace {
			t.Fatalf("span %d %v starts or ends with space", i, sp)
		}
		prev = sp.End
	}
}

func ExampleSentences() {
	s := "قال د. أحمد: «وصلنا. بدأنا.» ثم غادر. ارتفع 3.5%"
	r := []rune(s)
	for _, sp := range Sentences(s) {
		fmt.Println(string(r[sp.Start:sp.End]))
	}
	// Output:
	// قال د. أحمد: «وصلنا. بدأنا.» ثم غادر.
	// ارتفع 3.5%
}
