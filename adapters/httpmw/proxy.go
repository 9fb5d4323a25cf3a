package httpmw

import (
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/netip"
	"strings"
)

// httpsMarker is the internal header Chain sets on a request that reached a
// trusted proxy over HTTPS. Chain removes it from every request first, so that
// only Chain can set it: a client's own copy never counts.
const httpsMarker = "X-Membership-Https"

// hstsValue is the Strict-Transport-Security of a response served over HTTPS:
// one year, for this host only. includeSubDomains is left out on purpose: the
// association's other sites (a mail web client, an intranet) may still be on
// plain HTTP, and pinning them is the operator's decision (the TLS proxy can add
// it).
const hstsValue = "max-age=31536000"

// LoopbackProxies are the proxies TrustProxy trusts when no TrustedProxies are
// given: a reverse proxy on the same machine (127.0.0.0/8 and ::1).
func LoopbackProxies() []netip.Prefix {
	return []netip.Prefix{netip.MustParsePrefix("127.0.0.0/8"), netip.MustParsePrefix("::1/128")}
}

// ParseProxies reads a list of trusted proxies: networks in CIDR notation
// ("10.0.0.0/8", "2001:db8::/32") or single addresses ("192.0.2.7"). Blank
// entries are skipped; anything else that is not an address or a network is an
// error naming it.
func ParseProxies(list []string) ([]netip.Prefix, error) {
	var out []netip.Prefix
	var errs []error
	for _, s := range list {
		s = strings.TrimSpace(s)
		if s == "" {
			continue
		}
		if p, err := netip.ParsePrefix(s); err == nil {
			out = append(out, p.Masked())
			continue
		}
		a, err := netip.ParseAddr(s)
		if err != nil {
			errs = append(errs, fmt.Errorf("%q is not an address or a network (CIDR)", s))
			continue
		}
		a = a.Unmap().WithZone("")
		out = append(out, netip.PrefixFrom(a, a.BitLen()))
	}
	return out, errors.Join(errs...)
}

// proxies decides which peers are trusted reverse proxies and, behind them,
// which address is the client's.
type proxies struct {
	on      bool
	trusted []netip.Prefix
	hops    int
}

func newProxies(o Options) proxies {
	p := proxies{on: o.TrustProxy || len(o.TrustedProxies) > 0, trusted: o.TrustedProxies, hops: o.ProxyHops}
	if len(p.trusted) == 0 {
		p.trusted = LoopbackProxies()
	}
	return p
}

// trusts reports whether a is a trusted proxy's address.
func (p proxies) trusts(a netip.Addr) bool {
	for _, n := range p.trusted {
		if n.Contains(a) {
			return true
		}
	}
	return false
}

// apply rewrites the request's client address and scheme marker. The marker a
// client sent is always dropped. A request whose direct peer is not a trusted
// proxy keeps its RemoteAddr and is HTTPS only over TLS; behind a trusted peer,
// the client is the right-most X-Forwarded-For address that is not a proxy
// (see client) and X-Forwarded-Proto: https marks the request as HTTPS.
func (p proxies) apply(r *http.Request) {
	r.Header.Del(httpsMarker)
	if !p.on {
		return
	}
	peer, ok := addrOf(r.RemoteAddr)
	if !ok || !p.trusts(peer) {
		return
	}
	if c := p.client(peer, forwardedFor(r.Header)); c != peer {
		r.RemoteAddr = net.JoinHostPort(c.String(), "0")
	}
	if strings.EqualFold(strings.TrimSpace(r.Header.Get("X-Forwarded-Proto")), "https") {
		r.Header.Set(httpsMarker, "1")
	}
}

// client walks the X-Forwarded-For chain from the right, starting at the
// trusted peer: each entry is the address the proxy to its right saw. Entries
// appended by proxies are believed, so the walk stops at the first address that
// is not a proxy — an address in the trusted networks is one, and so are the
// first ProxyHops-1 entries, whatever their address. Entries further left were
// written by the client and are ignored. An entry that is not an address ends
// the walk at the proxy that wrote it; when every entry is a proxy's, the
// left-most one is the client (a request from inside the trusted network).
func (p proxies) client(peer netip.Addr, chain []string) netip.Addr {
	client := peer
	for i := len(chain) - 1; i >= 0; i-- {
		a, ok := addrOf(chain[i])
		if !ok {
			return client
		}
		client = a
		if hop := len(chain) - i; hop >= p.hops && !p.trusts(a) {
			return client
		}
	}
	return client
}

// forwardedFor returns the entries of every X-Forwarded-For line, in order.
func forwardedFor(h http.Header) []string {
	var out []string
	for _, line := range h.Values("X-Forwarded-For") {
		for _, e := range strings.Split(line, ",") {
			out = append(out, strings.TrimSpace(e))
		}
	}
	return out
}

// addrOf reads an address with or without a port ("192.0.2.1",
// "192.0.2.1:443", "[2001:db8::1]:443"); IPv4-mapped IPv6 addresses become
// IPv4 and zones are dropped, so that they match the trusted networks.
func addrOf(s string) (netip.Addr, bool) {
	a, err := netip.ParseAddr(s)
	if err != nil {
		ap, err2 := netip.ParseAddrPort(s)
		if err2 != nil {
			return netip.Addr{}, false
		}
		a = ap.Addr()
	}
	return a.Unmap().WithZone(""), true
}
