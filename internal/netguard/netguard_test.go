package netguard

import (
	"errors"
	"net/netip"
	"testing"
)

func TestPublic(t *testing.T) {
	tests := []struct {
		ip   string
		want bool
	}{
		{"8.8.8.8", true},
		{"2001:4860:4860::8888", true},
		{"127.0.0.1", false},
		{"10.1.2.3", false},
		{"172.16.0.1", false},
		{"192.168.1.1", false},
		{"169.254.169.254", false},
		{"100.64.0.1", false},
		{"0.0.0.0", false},
		{"::1", false},
		{"fe80::1", false},
		{"fc00::1", false},
		{"::ffff:127.0.0.1", false},
		{"224.0.0.1", false},
	}
	for _, tt := range tests {
		if got := Public(netip.MustParseAddr(tt.ip)); got != tt.want {
			t.Errorf("Public(%s) = %v, want %v", tt.ip, got, tt.want)
		}
	}
}

func TestDialControl(t *testing.T) {
	c := DialControl(false, []netip.Prefix{netip.MustParsePrefix("10.0.0.5/32")})
	if err := c("tcp", "127.0.0.1:80", nil); !errors.Is(err, ErrForbiddenAddress) {
		t.Errorf("loopback: %v", err)
	}
	if err := c("tcp", "10.0.0.5:80", nil); err != nil {
		t.Errorf("allowed net: %v", err)
	}
	if err := c("tcp", "8.8.8.8:443", nil); err != nil {
		t.Errorf("public: %v", err)
	}
	if err := DialControl(true, nil)("tcp", "127.0.0.1:80", nil); err != nil {
		t.Errorf("allowPrivate: %v", err)
	}
	if err := c("tcp", "nonsense", nil); err == nil {
		t.Error("bad address accepted")
	}
}
