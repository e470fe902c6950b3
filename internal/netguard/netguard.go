// Package netguard keeps what marsad fetches on the operator's behalf
// (crawled pages, webhooks) off the operator's own network: it refuses
// loopback, private, link-local, unspecified, multicast and carrier-grade
// NAT addresses, checked on the address actually dialed (after DNS
// resolution, so DNS rebinding and redirects are covered).
package netguard

import (
	"errors"
	"fmt"
	"net"
	"net/netip"
	"syscall"
)

// ErrForbiddenAddress is returned (wrapped) when a connection would reach
// an address that is not allowed.
var ErrForbiddenAddress = errors.New("address not allowed")

// cgnat is the shared address space of RFC 6598, not covered by
// netip.Addr.IsPrivate.
var cgnat = netip.MustParsePrefix("100.64.0.0/10")

// Public reports whether ip is an address on the public internet.
func Public(ip netip.Addr) bool {
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

// DialControl returns a net.Dialer Control function that refuses
// non-public addresses, except those in allowNets; with allowPrivate it
// allows everything.
func DialControl(allowPrivate bool, allowNets []netip.Prefix) func(network, address string, c syscall.RawConn) error {
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
		if !Public(ip) {
			return fmt.Errorf("dial %s: %w (use --allow-private-addresses to permit)", address, ErrForbiddenAddress)
		}
		return nil
	}
}
