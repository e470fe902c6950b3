package fetch

import (
	"errors"
	"fmt"
	"net"
	"net/netip"
	"syscall"
)

// ErrForbiddenAddress is returned when a connection would reach an address
// the fetcher refuses: loopback, private, link-local, unspecified,
// multicast or carrier-grade NAT ranges, unless private addresses are
// allowed.
var ErrForbiddenAddress = errors.New("address not allowed")

// cgnat is the shared address space of RFC 6598, not covered by
// netip.Addr.IsPrivate.
var cgnat = netip.MustParsePrefix("100.64.0.0/10")

// publicAddr reports whether ip may be dialed by a crawler that must never
// reach the operator's own network.
func publicAddr(ip netip.Addr) bool {
	ip = ip.Unmap()
	switch {
	case !ip.IsValid(),
		ip.IsLoopback(),
		ip.IsPrivate(),
		ip.IsLinkLocalUnicast(),
		ip.IsLinkLocalMulticast(),
		ip.IsInterfaceLocalMulticast(),
		ip.IsMulticast(),
		ip.IsUnspecified(),
		cgnat.Contains(ip):
		return false
	}
	return true
}

// dialControl returns a net.Dialer Control function that checks the IP
// actually dialed, after DNS resolution, so DNS rebinding and redirects to
// internal hosts are refused too.
func dialControl(allowPrivate bool, allowNets []netip.Prefix) func(network, address string, c syscall.RawConn) error {
	return func(network, address string, _ syscall.RawConn) error {
		if allowPrivate {
			return nil
		}
		host, _, err := net.SplitHostPort(address)
		if err != nil {
			return fmt.Errorf("dial %s: %w", address, err)
		}
		ip, err := netip.ParseAddr(host)
		if err != nil {
			return fmt.Errorf("dial %s: %w", address, err)
		}
		for _, p := range allowNets {
			if p.Contains(ip.Unmap()) {
				return nil
			}
		}
		if !publicAddr(ip) {
			return fmt.Errorf("dial %s: %w (use --allow-private-addresses to permit)", address, ErrForbiddenAddress)
		}
		return nil
	}
}
