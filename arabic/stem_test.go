package arabic

import (
	"fmt"
	"testing"
)

func TestStemSnowballKnownCases(t *testing.T) {
	// Documented Snowball behaviour (see DESIGN.md): it strips a root و
	// and a root ف; these are why LightStem and protected words exist.
	tests := []struct{ in, want string }{
		{"وزير", "زير"},
		{"فلسطينيين", "لسطيني"},
		{"الوزير", "وزير"},
	}
	for _, tt := range tests {
		if got := Stem(tt.in); got != tt.want {
			t.Errorf("Stem(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestLightStem(t *testing.T) {
	tests := []struct{ in, want string }{
		{"الوزير", "وزير"},
		{"وزير", "وزير"},
		{"والوزير", "وزير"},
		{"بالوزير", "وزير"},
		{"كالوزير", "وزير"},
		{"فالوزير", "وزير"},
		{"للوزير", "وزير"},
		{"وللوزير", "وزير"},
		{"وبالتالي", "تالي"},
		{"ووزير", "وزير"},
		{"وزاره", "وزاره"},     // root و, 5 letters
		{"وزارتها", "وزارتها"}, // root و with suffix
		{"وزراء", "وزراء"},
		{"وكالات", "وكالات"},
		{"وزاراتها", "وزاراتها"},
		{"واشنطن", "واشنطن"},
		{"وفقا", "وفقا"},
		{"والده", "والده"}, // والد+ه, not و+ال+ده
		{"والرييس", "رييس"},
		{"واضاف", "اضاف"},
		{"وقال", "وقال"}, // too short to strip a bare و
		{"وسوريا", "سوريا"},
		{"الحق", "حق"},
		{"الي", "الي"},   // too short
		{"بالغ", "بالغ"}, // too short after بال
		{"الله", "الله"},
		{"الاف", "الاف"},
		{"الية", "الية"},
		{"اليات", "اليات"},
		{"دمشق", "دمشق"},
		{"", ""},
		{"و", "و"},
	}
	for _, tt := range tests {
		if got := LightStem(tt.in); got != tt.want {
			t.Errorf("LightStem(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestLight10(t *testing.T) {
	tests := []struct{ in, want string }{
		{"الوزير", "وزير"},
		{"وزير", "وزير"},
		{"فلسطينيين", "فلسطين"},
		{"السورية", "سور"},
		{"المدرسة", "مدرس"},
		{"المدرسه", "مدرس"},
		{"العلاقات", "علاق"},
		{"كتابها", "كتاب"},
		{"المعلمون", "معلم"},
		{"بالمعلمين", "معلم"},
		{"المسلمان", "مسلم"},
		{"وزارتها", "وزارت"},
		{"في", "في"},
		{"هي", "هي"},
		{"وقال", "قال"},
		{"وزيرها", "وزير"},
		{"وطن", "وطن"},
		{"والده", "والد"},
	}
	for _, tt := range tests {
		if got := Light10(tt.in); got != tt.want {
			t.Errorf("Light10(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestStemmerProtected(t *testing.T) {
	st := NewStemmer([]string{"فلسطين", "وليد", "لافروف", "  ", "الشرع", "فلسطينيين"})
	tests := []struct {
		name, in, snowball, light, light10 string
	}{
		{"protected word", "فلسطينيين", "فلسطينيين", "فلسطينيين", "فلسطينيين"},
		{"protected name with conjunction", "ولافروف", "لافروف", "لافروف", "لافروف"},
		{"protected with ب", "بفلسطين", "فلسطين", "فلسطين", "فلسطين"},
		{"protected with وال", "والشرع", "الشرع", "الشرع", "الشرع"},
		{"protected un-normalized input", "وَلِيد", "وليد", "وليد", "وليد"},
		{"not protected", "الوزير", "وزير", "وزير", "وزير"},
		{"not protected snowball", "وزير", "زير", "وزير", "وزير"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := st.Stem(tt.in); got != tt.snowball {
				t.Errorf("Stem(%q) = %q, want %q", tt.in, got, tt.snowball)
			}
			if got := st.LightStem(tt.in); got != tt.light {
				t.Errorf("LightStem(%q) = %q, want %q", tt.in, got, tt.light)
			}
			if got := st.Light10(tt.in); got != tt.light10 {
				t.Errorf("Light10(%q) = %q, want %q", tt.in, got, tt.light10)
			}
		})
	}
	if _, ok := st.Protected(""); ok {
		t.Error("empty word is protected")
	}
	var nilSt *Stemmer
	if got := nilSt.Stem("وزير"); got != "زير" {
		t.Errorf("nil Stemmer Stem = %q, want Snowball", got)
	}
}

func ExampleStemmer() {
	st := NewStemmer([]string{"فلسطين"})
	for _, w := range []string{"وزير", "الوزير", "وبفلسطين"} {
		fmt.Println(w, Stem(w), st.Stem(w), st.LightStem(w))
	}
	// Output:
	// وزير زير زير وزير
	// الوزير وزير وزير وزير
	// وبفلسطين فلسط فلسطين فلسطين
}
