package smtpmail_test

import (
	"bufio"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/base64"
	"math/big"
	"net"
	"strings"
	"testing"
	"time"
)

// received is one message the test server accepted.
type received struct {
	From   string
	Rcpt   []string
	Data   string
	User   string // authenticated user, if any
	Secure bool   // whether the session was under TLS
}

// smtpServer is a minimal SMTP server: EHLO/HELO, optional STARTTLS, AUTH PLAIN,
// MAIL, RCPT, DATA, RSET, NOOP, QUIT. It speaks just enough for go-mail, and
// can misbehave as real servers do: refuse recipients, drop the connection
// once a message is accepted or at QUIT.
type smtpServer struct {
	Addr     string
	Port     int
	Messages chan received
	Commands chan string // every command verb seen, in order

	cert      *tls.Certificate
	startTLS  bool   // offer STARTTLS
	user      string // require AUTH PLAIN with user/pass when set
	pass      string
	implicit  bool // wrap the listener in TLS
	authPlain bool // offer AUTH PLAIN even without TLS (to catch clients that would use it)

	rcptReply     string // the answer to RCPT (default "250 ok"), e.g. a 5xx or 4xx refusal
	dropAfterData bool   // close the connection right after accepting a message (250 after DATA)
	dropAtQuit    bool   // close the connection at QUIT instead of answering 221
}

func (s *smtpServer) start(t *testing.T) {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	if s.implicit {
		ln = tls.NewListener(ln, &tls.Config{Certificates: []tls.Certificate{*s.cert}})
	}
	t.Cleanup(func() { ln.Close() })
	s.Addr = ln.Addr().String()
	s.Port = ln.Addr().(*net.TCPAddr).Port
	s.Messages = make(chan received, 16)
	s.Commands = make(chan string, 256)
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			go s.serve(c)
		}
	}()
}

func (s *smtpServer) serve(c net.Conn) {
	defer c.Close()
	_ = c.SetDeadline(time.Now().Add(10 * time.Second))
	r, w := bufio.NewReader(c), c
	reply := func(lines ...string) {
		for _, l := range lines {
			_, _ = w.Write([]byte(l + "\r\n"))
		}
	}
	_, secure := c.(*tls.Conn)
	var msg received
	authed := false
	reply("220 localhost ESMTP test")
	for {
		line, err := r.ReadString('\n')
		if err != nil {
			return
		}
		line = strings.TrimRight(line, "\r\n")
		verb, arg, _ := strings.Cut(line, " ")
		verb = strings.ToUpper(verb)
		s.Commands <- verb
		switch verb {
		case "EHLO", "HELO":
			ext := []string{"250-localhost", "250-8BITMIME"}
			if s.startTLS && !secure {
				ext = append(ext, "250-STARTTLS")
			}
			if s.user != "" && (secure || s.authPlain) {
				ext = append(ext, "250-AUTH PLAIN")
			}
			reply(append(ext, "250 SMTPUTF8")...)
		case "STARTTLS":
			if !s.startTLS || secure {
				reply("502 not offered")
				continue
			}
			reply("220 ready")
			tc := tls.Server(c, &tls.Config{Certificates: []tls.Certificate{*s.cert}})
			if err := tc.Handshake(); err != nil {
				return
			}
			c, r, w, secure = tc, bufio.NewReader(tc), tc, true
		case "AUTH":
			mech, resp, _ := strings.Cut(arg, " ")
			raw, err := base64.StdEncoding.DecodeString(resp)
			parts := strings.Split(string(raw), "\x00")
			if strings.ToUpper(mech) != "PLAIN" || err != nil || len(parts) != 3 ||
				parts[1] != s.user || parts[2] != s.pass {
				reply("535 5.7.8 authentication failed")
				continue
			}
			authed, msg.User = true, parts[1]
			reply("235 2.7.0 ok")
		case "MAIL":
			if s.user != "" && !authed {
				reply("530 5.7.0 authentication required")
				continue
			}
			msg.From = addrArg(arg)
			reply("250 ok")
		case "RCPT":
			if s.rcptReply != "" {
				reply(s.rcptReply)
				continue
			}
			msg.Rcpt = append(msg.Rcpt, addrArg(arg))
			reply("250 ok")
		case "DATA":
			reply("354 end with <CRLF>.<CRLF>")
			var b strings.Builder
			for {
				l, err := r.ReadString('\n')
				if err != nil {
					return
				}
				if l == ".\r\n" {
					break
				}
				b.WriteString(strings.TrimPrefix(l, ".")) // undo dot-stuffing
			}
			msg.Data, msg.Secure = b.String(), secure
			s.Messages <- msg
			msg = received{User: msg.User}
			reply("250 queued")
			if s.dropAfterData {
				return
			}
		case "RSET":
			msg = received{User: msg.User}
			reply("250 ok")
		case "NOOP":
			reply("250 ok")
		case "QUIT":
			if !s.dropAtQuit {
				reply("221 bye")
			}
			return
		default:
			reply("502 unknown command")
		}
	}
}

// addrArg extracts the address of "FROM:<a@b> SIZE=…" or "TO:<a@b>".
func addrArg(arg string) string {
	i, j := strings.IndexByte(arg, '<'), strings.IndexByte(arg, '>')
	if i < 0 || j < i {
		return ""
	}
	return arg[i+1 : j]
}

// selfSigned makes a certificate for 127.0.0.1 and a pool that trusts it.
func selfSigned(t *testing.T) (*tls.Certificate, *x509.CertPool) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "127.0.0.1"},
		IPAddresses: []net.IP{net.IPv4(127, 0, 0, 1)},
		NotBefore:   time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour),
		KeyUsage:    x509.KeyUsageDigitalSignature | x509.KeyUsageCertSign,
		ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth}, IsCA: true, BasicConstraintsValid: true,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	leaf, err := x509.ParseCertificate(der)
	if err != nil {
		t.Fatal(err)
	}
	pool := x509.NewCertPool()
	pool.AddCert(leaf)
	return &tls.Certificate{Certificate: [][]byte{der}, PrivateKey: key, Leaf: leaf}, pool
}
