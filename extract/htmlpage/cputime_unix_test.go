//go:build unix

package htmlpage

import (
	"syscall"
	"time"
)

// cpuTime returns the CPU time (user+system) used by the process so far,
// so that benchmarks can measure cost without counting time spent waiting
// for a core on a shared machine.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
