package htmlpage

import (
	"context"
	"errors"
	"runtime"
	"strings"
	"testing"
	"time"
)

// article is a small valid page body used to build bad inputs.
const article = `<p>أعلنت وزارة الصحة اليوم عن حملة تطعيم جديدة تشمل جميع المدارس الحكومية والخاصة في البلاد خلال الشهر المقبل.</p>
<p>وقال الوزير إن الحملة تهدف إلى حماية الطلاب من الأمراض الموسمية، وإن اللقاح متوفر مجاناً في المراكز الصحية كافة.</p>
<p>ودعت الوزارة أولياء الأمور إلى التعاون مع الفرق الصحية وتسهيل عملها داخل المدارس طوال فترة الحملة.</p>`

func TestBadInput(t *testing.T) {
	deep := func(tag string, n int) string {
		return "<html><body>" + strings.Repeat("<"+tag+">", n) + article + "</body></html>"
	}
	tests := []struct {
		name    string
		page    string
		wantErr error // nil: best effort, must succeed
		anyErr  bool  // an error is acceptable
		contain string
	}{
		{name: "truncated", page: "<html><head><title>عنوان</title></head><body><article>" + article[:len(article)-200], contain: "حملة تطعيم"},
		{name: "no body", page: "<html><head><title>عنوان فقط</title></head></html>", wantErr: ErrNoContent},
		{name: "text only", page: article, contain: "أولياء الأمور"},
		{name: "empty", page: "", wantErr: ErrNoContent},
		{name: "deep divs 100k", page: deep("div", 100000), contain: "حملة تطعيم"},
		{name: "deep spans 100k", page: deep("span", 100000), contain: "حملة تطعيم"},
		{name: "deep tables 20k", page: deep("table", 20000), anyErr: true},
		{name: "pdf", page: "%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj<</Type/Catalog>>", wantErr: ErrNotHTML},
		{name: "png", page: "\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", wantErr: ErrNotHTML},
		{name: "jpeg", page: "\xff\xd8\xff\xe0\x00\x10JFIF", wantErr: ErrNotHTML},
		{name: "script and style only", page: "<html><head><style>p{color:red}</style></head><body><script>var x = 'أعلنت وزارة الصحة';</script></body></html>", wantErr: ErrNoContent},
		{name: "script inside article", page: "<html><body><article>" + article + "<script>document.write('سكربت خبيث')</script><style>.x{}</style></article></body></html>", contain: "حملة تطعيم"},
		{name: "entities", page: "<html><body><article>" + strings.ReplaceAll(article, "الصحة", "&#1575;&#x644;&#1589;&#1581;&#1577; &amp; &quot;الوقاية&quot; &nbsp;") + "</article></body></html>", contain: `الصحة & "الوقاية"`},
		{name: "invalid utf-8 sprinkled", page: "<html><body><article>" + strings.ReplaceAll(article, "،", "\xff") + "</article></body></html>", contain: "حملة تطعيم"},
		{name: "too large", page: strings.Repeat("a", MaxBytes+1), wantErr: ErrTooLarge},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			start := time.Now()
			a, err := Extract(context.Background(), tc.page, Options{})
			if d := time.Since(start); d > 20*time.Second {
				t.Errorf("took %v", d)
			}
			switch {
			case tc.wantErr != nil:
				if !errors.Is(err, tc.wantErr) {
					t.Fatalf("err = %v, want %v", err, tc.wantErr)
				}
			case tc.anyErr:
				if err != nil {
					t.Logf("err = %v (accepted)", err)
				}
			default:
				if err != nil {
					t.Fatalf("err = %v, want best effort", err)
				}
				if !strings.Contains(a.Text, tc.contain) {
					t.Errorf("text %q does not contain %q", a.Text, tc.contain)
				}
			}
		})
	}
}

// TestDeepNestingMemory checks that 100k nested tags stay within a
// bounded amount of memory.
func TestDeepNestingMemory(t *testing.T) {
	page := "<html><body>" + strings.Repeat("<div><b>", 100000) + article + "</body></html>"
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	if _, err := Extract(context.Background(), page, Options{}); err != nil {
		t.Logf("err = %v", err)
	}
	runtime.ReadMemStats(&after)
	if got := after.TotalAlloc - before.TotalAlloc; got > 1<<30 {
		t.Errorf("allocated %d MiB for a %d KiB page", got>>20, len(page)>>10)
	}
}

func TestCanceledContext(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := Extract(ctx, "<html><body>"+article+"</body></html>", Options{}); !errors.Is(err, context.Canceled) {
		t.Errorf("err = %v, want context.Canceled", err)
	}
}
