package ingest

import (
	"io"
	"log/slog"
	"os"
	"sync"
	"time"

	"github.com/schollz/progressbar/v3"
	"golang.org/x/term"
)

// Progress shows a run's progress: a bar with the count and articles per
// second when w is a terminal, plain log lines (at most one per interval)
// otherwise. Pass its Update method as Options.Progress and call Finish
// when the run ends.
type Progress struct {
	mu       sync.Mutex
	bar      *progressbar.ProgressBar
	logger   *slog.Logger
	interval time.Duration
	last     time.Time
	start    time.Time
	done     int
}

// NewProgress returns a Progress writing to w (a bar when w is a terminal)
// or logging to logger every interval (10 s when zero).
func NewProgress(w io.Writer, logger *slog.Logger, interval time.Duration) *Progress {
	if interval <= 0 {
		interval = 10 * time.Second
	}
	p := &Progress{logger: logger, interval: interval, start: time.Now(), last: time.Now()}
	if f, ok := w.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
		p.bar = progressbar.NewOptions(-1,
			progressbar.OptionSetWriter(w),
			progressbar.OptionSetDescription("ingest"),
			progressbar.OptionShowCount(),
			progressbar.OptionShowIts(),
			progressbar.OptionSetItsString("articles"),
			progressbar.OptionThrottle(200*time.Millisecond),
			progressbar.OptionClearOnFinish(),
			progressbar.OptionSpinnerType(14),
		)
	}
	return p
}

// Update reports the running counts.
func (p *Progress) Update(s Summary) {
	p.mu.Lock()
	defer p.mu.Unlock()
	n := s.Total()
	if p.bar != nil {
		_ = p.bar.Add(n - p.done)
		p.done = n
		return
	}
	p.done = n
	if time.Since(p.last) < p.interval || p.logger == nil {
		return
	}
	p.last = time.Now()
	el := time.Since(p.start)
	p.logger.Info("ingest progress", "done", n, "new", s.New, "unchanged", s.Unchanged, "revised", s.Revised,
		"failed", s.Failed, "per_second", int(float64(n)/el.Seconds()))
}

// Finish clears the bar.
func (p *Progress) Finish() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.bar != nil {
		_ = p.bar.Finish()
	}
}
