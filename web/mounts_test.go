package web

import (
	"testing"

	"github.com/marsad-news/marsad/alert"
)

// testMounts are the feature routes (alerts, export) mounted on every test
// server, so that the route and OpenAPI tests cover them. A feature that
// adds routes through Options.Mount adds its Mount function here.
func testMounts(t testing.TB, f *fixture) []func(*Server) {
	t.Helper()
	return []func(*Server){
		MountExport(ExportOptions{}),
		MountAlerts(alert.NewService(f.store, alert.Options{}), AlertOptions{}),
	}
}
