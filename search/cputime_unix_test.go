//go:build unix

package search

import (
	"syscall"
	"time"
)

// cpuTime is the CPU time (user + system) used by the process so far: a
// load-independent cost of the queries (it includes the garbage
// collector's work on other threads).
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
