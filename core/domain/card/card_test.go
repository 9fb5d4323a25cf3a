package card_test

import (
	"strings"
	"testing"

	"github.com/openassoc/membership/core/domain/card"
)

func TestSignParse(t *testing.T) {
	key := []byte("0123456789abcdef0123456789abcdef")
	tok := card.Sign(key, "abc123", 2)
	id, v, ok := card.Parse(key, tok)
	if !ok || id != "abc123" || v != 2 {
		t.Fatalf("Parse(%q) = %q %d %v", tok, id, v, ok)
	}
	bad := []string{"", "abc123", "abc123.2", tok + "x", strings.Replace(tok, "abc123", "abc124", 1),
		strings.Replace(tok, ".2.", ".3.", 1), strings.Replace(tok, ".2.", ".02.", 1), "a b.1.x", "../x.1.y"}
	for _, b := range bad {
		if _, _, ok := card.Parse(key, b); ok {
			t.Errorf("Parse(%q) accepted", b)
		}
	}
	if _, _, ok := card.Parse([]byte("another key another key another!"), tok); ok {
		t.Error("a token of another key accepted")
	}
}
