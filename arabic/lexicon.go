package arabic

// Small built-in word lists used by LightStem and Light10.

import "sync"

// rootWawWords returns the common words (matching form, ة kept and folded
// both) whose first letter و belongs to the root, so that LightStem does
// not take it for the conjunction. Built once, read-only.
var rootWawWords = sync.OnceValue(func() map[string]struct{} {
	words := []string{
		// nouns and adjectives
		"وزير", "وزيرة", "وزراء", "وزارة", "وكالة", "وكيل", "وكلاء",
		"ولاية", "وحدة", "وحيد", "وصول", "وجود", "ورقة", "وثيقة", "وثائق",
		"واقع", "واقعة", "وقائع", "وفاة", "وفاء", "ولادة", "وساطة", "وسطاء",
		"وسائل", "وسيلة", "وعود", "وعد", "وظيفة", "وظائف", "وطن", "وطني",
		"وطنية", "وقود", "وقوف", "وقفة", "وقف", "وجهة", "وجوه", "وجه", "وسط",
		"وضع", "وضعية", "وفد", "وفود", "ولد", "والد", "والدة", "والدي",
		"وادي", "واحد", "واحدة", "وارد", "واردات", "واجب", "واجهة", "وزن",
		"وصف", "وعي", "وقت", "ولي", "وحش", "وباء", "وثيق", "وثيقة",
		"وجبة", "وديعة", "ودائع", "وراثة", "وريث", "ورشة", "وزان",
		"وسام", "وسيط", "وصية", "وصاية", "وعاء", "وفق", "وفاق", "وقاية",
		"ولاء", "وهم", "وقع", "وصل", "وصلة", "وحدوي",
		"وزاري", "وزارية", "وظيفي", "وجداني", "وراء", "وسطى", "وسطي",
		"وطأة", "وظف", "واضح", "واضحة", "واسع", "واسعة", "واعد", "واعدة",
		"وافد", "وافدين", "والي", "ودي", "ودية", "وحيدة", "وردة",
		// verbs with a root-initial و (past tense)
		"واصل", "وافق", "واجه", "واكب", "وعد", "وصف", "وضع", "وقع", "وجد",
		"ورد", "وجه", "وصل", "وفر", "وقف", "ولد", "وسع", "وثق", "وزع",
		"وثق", "وظف", "وحد", "ودع",
		// names and places
		"واشنطن", "وهران", "ورقلة", "وليد", "وائل", "وديع", "وسام",
		"وهيب", "وجدي", "وفيق", "وئام", "ويلز", "وارسو", "ويكيليكس",
	}
	m := make(map[string]struct{}, 2*len(words))
	for _, w := range words {
		m[NormalizeWith(w, NormalizeOptions{KeepTehMarbuta: true})] = struct{}{}
		m[Normalize(w)] = struct{}{}
	}
	return m
})

// wholeWords returns words (matching form, ة kept and folded both) that
// start with ال not being the article: the divine name, and words with
// آل folded to ال by Normalize. Built once, read-only.
var wholeWords = sync.OnceValue(func() map[string]struct{} {
	words := []string{
		"الله", "اللهم",
		"آلاف", "آلية", "آليات", "آلام", "آلة", "آلات", "آلهة", "آلاء", "آلي",
	}
	m := make(map[string]struct{}, 2*len(words))
	for _, w := range words {
		m[NormalizeWith(w, NormalizeOptions{KeepTehMarbuta: true})] = struct{}{}
		m[Normalize(w)] = struct{}{}
	}
	return m
})
