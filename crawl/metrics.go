package crawl

import (
	"github.com/prometheus/client_golang/prometheus"
)

// Metrics are the crawler's live counts, exported at /metrics when serving.
type Metrics struct {
	Fetched     prometheus.Counter
	NotModified prometheus.Counter
	NewURLs     prometheus.Counter
	Processed   prometheus.Counter
	Errors      *prometheus.CounterVec
	Queue       prometheus.Gauge
}

// NewMetrics creates the crawler's metrics and registers them with reg
// (nil: not registered).
func NewMetrics(reg prometheus.Registerer) *Metrics {
	m := &Metrics{
		Fetched:     prometheus.NewCounter(prometheus.CounterOpts{Name: "marsad_crawl_fetched_total", Help: "Responses received (2xx and 304)."}),
		NotModified: prometheus.NewCounter(prometheus.CounterOpts{Name: "marsad_crawl_not_modified_total", Help: "Fetches that found nothing new (304 or same content hash)."}),
		NewURLs:     prometheus.NewCounter(prometheus.CounterOpts{Name: "marsad_crawl_new_urls_total", Help: "URLs added to the frontier."}),
		Processed:   prometheus.NewCounter(prometheus.CounterOpts{Name: "marsad_crawl_pages_processed_total", Help: "Article pages handed to processing."}),
		Errors:      prometheus.NewCounterVec(prometheus.CounterOpts{Name: "marsad_crawl_errors_total", Help: "Failed fetches by kind of error."}, []string{"kind"}),
		Queue:       prometheus.NewGauge(prometheus.GaugeOpts{Name: "marsad_crawl_due", Help: "Frontier entries due now."}),
	}
	if reg != nil {
		reg.MustRegister(m.Fetched, m.NotModified, m.NewURLs, m.Processed, m.Errors, m.Queue)
	}
	return m
}
