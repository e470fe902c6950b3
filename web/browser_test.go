package web

import (
	"context"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"

	"github.com/marsad-news/marsad/internal/demo"
)

// chromiumPath is Debian's Chromium (apt-get install -y chromium);
// MARSAD_CHROMIUM overrides it.
func chromiumPath() string {
	if p := os.Getenv("MARSAD_CHROMIUM"); p != "" {
		return p
	}
	return "/usr/bin/chromium"
}

// screenshotDir is where the browser test writes its screenshots:
// $MARSAD_SCREENSHOTS, or ./screenshots.
func screenshotDir(t *testing.T) string {
	dir := os.Getenv("MARSAD_SCREENSHOTS")
	if dir == "" {
		dir = "screenshots"
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	return dir
}

// TestBrowser drives headless Chromium through the app as a reader would:
// the home page, a story, the founding example's article, a search for
// "وزير الدفاع" typed into the search box (following "next page" until
// the founding example appears), and an entity page reached by clicking a
// highlighted name. Every page must be right-to-left and log no console
// error (a CSP violation or a failed resource is one); each page is
// saved as a PNG screenshot.
func TestBrowser(t *testing.T) {
	exe := chromiumPath()
	if _, err := os.Stat(exe); err != nil {
		t.Skipf("no Chromium at %s (apt-get install -y chromium, or set MARSAD_CHROMIUM): browser test skipped", exe)
	}
	if testing.Short() {
		t.Skip("browser test skipped in -short mode")
	}
	ts, _ := newTestServer(t, nil)
	f := loadFixture(t)
	shots := screenshotDir(t)

	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(exe),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck,
		chromedp.UserDataDir(t.TempDir()),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("hide-scrollbars", true),
		chromedp.Flag("lang", "ar"),
		chromedp.WindowSize(1280, 1000),
	}
	actx, cancelA := chromedp.NewExecAllocator(context.Background(), opts...)
	defer cancelA()

	var (
		mu       sync.Mutex
		problems []string
	)
	listener := func(ev any) {
		mu.Lock()
		defer mu.Unlock()
		switch e := ev.(type) {
		case *runtime.EventConsoleAPICalled:
			if e.Type == "error" || e.Type == "assert" {
				var parts []string
				for _, a := range e.Args {
					parts = append(parts, a.Description+string(a.Value))
				}
				problems = append(problems, "console."+string(e.Type)+": "+strings.Join(parts, " "))
			}
		case *runtime.EventExceptionThrown:
			if e.ExceptionDetails != nil {
				problems = append(problems, "exception: "+e.ExceptionDetails.Text)
			}
		case *log.EventEntryAdded:
			if e.Entry != nil && e.Entry.Level == log.EntryLevelError {
				problems = append(problems, fmt.Sprintf("%s error: %s (%s)", e.Entry.Source, e.Entry.Text, e.Entry.URL))
			}
		}
	}
	ctx, cancel := chromedp.NewContext(actx, chromedp.WithListener(listener))
	defer cancel()
	ctx, cancelT := context.WithTimeout(ctx, 3*time.Minute)
	defer cancelT()
	if _, err := chromedp.Call(ctx, log.Enable, cdp.Empty{}); err != nil {
		t.Fatalf("starting Chromium: %v", err)
	}
	if _, err := chromedp.Call(ctx, runtime.Enable, cdp.Empty{}); err != nil {
		t.Fatalf("starting Chromium: %v", err)
	}
	eval := func(expr string) string {
		t.Helper()
		v, err := chromedp.Run(ctx, chromedp.Evaluate[string](expr))
		if err != nil {
			t.Fatalf("evaluating %s: %v", expr, err)
		}
		return v
	}
	do := func(what string, steps ...chromedp.Action[chromedp.Void]) {
		t.Helper()
		if err := chromedp.Do(ctx, steps...); err != nil {
			t.Fatalf("%s: %v", what, err)
		}
	}
	css := func(s string) chromedp.CSS { return chromedp.CSS(s) }

	// checkPage asserts the direction, takes the screenshot and reports
	// console problems seen so far.
	checkPage := func(name string) {
		t.Helper()
		do(name, chromedp.WaitReady(css("body")), chromedp.Sleep(300*time.Millisecond))
		dir := eval(`document.documentElement.getAttribute("dir")`)
		cssDir := eval(`getComputedStyle(document.querySelector("main")).direction`)
		lang := eval(`document.documentElement.lang`)
		if dir != "rtl" || cssDir != "rtl" || lang != "ar" {
			t.Errorf("%s: dir=%q, computed direction %q, lang %q; want rtl, rtl, ar", name, dir, cssDir, lang)
		}
		buf, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
		if err != nil {
			t.Fatalf("%s: screenshot: %v", name, err)
		}
		path := filepath.Join(shots, name+".png")
		if err := os.WriteFile(path, buf, 0o644); err != nil {
			t.Fatal(err)
		}
		t.Logf("%s: screenshot %s (%d bytes)", name, path, len(buf))
		mu.Lock()
		defer mu.Unlock()
		for _, p := range problems {
			t.Errorf("%s: %s", name, p)
		}
		problems = nil
	}

	// The listener must see errors: a missing page logs a failed load.
	do("self-check", chromedp.Navigate(ts.URL+"/no-such-page"), chromedp.WaitReady(css("body")), chromedp.Sleep(300*time.Millisecond))
	mu.Lock()
	seen := len(problems)
	problems = nil
	mu.Unlock()
	if seen == 0 {
		t.Fatal("the console listener saw no error for a 404 page: the test could not see errors")
	}

	// Home, then the first story card.
	do("home", chromedp.Navigate(ts.URL+"/"), chromedp.WaitVisible(css(`ol.stories`)))
	checkPage("1-home")
	storyHref := eval(`document.querySelector("ol.stories li h2 a").getAttribute("href")`)
	do("story from home "+storyHref, chromedp.Click(css(`ol.stories li h2 a`)), chromedp.WaitVisible(css(`div.columns`)))
	checkPage("2-story")

	// The founding example's story and article.
	do("seed story", chromedp.Navigate(ts.URL+"/story/"+f.seedStory), chromedp.WaitVisible(css(`div.columns`)))
	checkPage("3-seed-story")
	do("article", chromedp.Navigate(ts.URL+"/article/"+f.seedID), chromedp.WaitVisible(css(`article.reader h1`)))
	if title := eval(`document.querySelector("article.reader h1").textContent`); !strings.Contains(title, "مباحثات عسكرية سورية") {
		t.Errorf("article title %q", title)
	}
	checkPage("4-article")

	// Search as a user: type into the header's box and submit, then page
	// on until the founding example shows.
	do("search", chromedp.Navigate(ts.URL+"/"),
		chromedp.WaitVisible(css(`form.qbox input[name=q]`)),
		chromedp.SendKeys(css(`form.qbox input[name=q]`), demo.SeedQuery),
		chromedp.Submit(css(`form.qbox input[name=q]`)),
		chromedp.WaitVisible(css(`ol.hits`)))
	loc, err := chromedp.Run(ctx, chromedp.Location())
	if err != nil {
		t.Fatal(err)
	}
	if u, err := url.Parse(loc); err != nil || u.Query().Get("q") != demo.SeedQuery {
		t.Errorf("search URL %q does not carry the query", loc)
	}
	checkPage("5-search")
	found := false
	for page := 1; page <= 6; page++ {
		if strings.Contains(eval(`document.querySelector("ol.hits").textContent`), "بمشاركة أكبر وفد روسي") {
			found = true
			t.Logf("the founding example is on results page %d", page)
			if page > 1 {
				checkPage("5-search-seed")
			}
			break
		}
		if eval(`String(document.querySelectorAll("a[rel=next]").length)`) == "0" {
			break
		}
		do("next page", chromedp.Click(css(`a[rel=next]`)), chromedp.Sleep(200*time.Millisecond), chromedp.WaitVisible(css(`ol.hits`)))
	}
	if !found {
		t.Errorf("searching %q did not find the founding example", demo.SeedQuery)
	}

	// An entity page, by clicking a highlighted person in the article.
	do("entity", chromedp.Navigate(ts.URL+"/article/"+f.seedID),
		chromedp.WaitVisible(css(`.reader a.ent-person`)),
		chromedp.Click(css(`.reader a.ent-person`)),
		chromedp.WaitVisible(css(`svg.chart`)))
	if h1 := eval(`document.querySelector("main h1").textContent`); strings.TrimSpace(h1) == "" {
		t.Error("entity page without a name")
	}
	checkPage("6-entity")

	// The English switch: the same home page, left to right.
	do("english", chromedp.Navigate(ts.URL+"/"), chromedp.WaitVisible(css(`.prefs a[hreflang=en]`)),
		chromedp.Click(css(`.prefs a[hreflang=en]`)), chromedp.WaitVisible(css(`ol.stories`)))
	if dir := eval(`document.documentElement.dir`); dir != "ltr" {
		t.Errorf("English UI: dir=%q", dir)
	}
	if h := eval(`document.querySelector("main h1").textContent`); h != "Latest stories" {
		t.Errorf("English UI heading %q", h)
	}
	buf, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(shots, "7-home-en.png"), buf, 0o644); err != nil {
		t.Fatal(err)
	}
	mu.Lock()
	for _, p := range problems {
		t.Errorf("English home: %s", p)
	}
	mu.Unlock()
}
