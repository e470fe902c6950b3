package fetch

import "github.com/marsad-news/marsad/internal/netguard"

// ErrForbiddenAddress is returned when a connection would reach an address
// the fetcher refuses: loopback, private, link-local, unspecified,
// multicast or carrier-grade NAT ranges, unless private addresses are
// allowed (see package netguard).
var ErrForbiddenAddress = netguard.ErrForbiddenAddress
