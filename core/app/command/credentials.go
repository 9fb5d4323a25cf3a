package command

import (
	"sync"

	"github.com/openassoc/membership/core/apperr"
	"github.com/openassoc/membership/core/domain/auth"
	"github.com/openassoc/membership/ports"
)

// badCredentials is the one answer to a login whose account does not exist or
// whose password is wrong. It does not say which, so that the login forms cannot
// be used to learn which accounts exist.
func badCredentials() error {
	var v apperr.Validation
	v.Add("password", "invalid_credentials", "账号或密码错误")
	return v.Err()
}

// dummyHash is the password hash of no account. A login naming no account
// verifies the password against it, so that it costs the same password check as
// a wrong password for an account that exists: the time of the answer does not
// tell them apart either. The hash is made on first use with the module's own
// hasher, so it has the same parameters as every stored hash.
type dummyHash struct {
	once sync.Once
	hash string
	err  error
}

// verify checks password against the dummy hash; only a failing hasher is an
// error (the password never matches).
func (d *dummyHash) verify(h ports.PasswordHasher, password string) error {
	d.once.Do(func() { d.hash, d.err = h.Hash(auth.NewToken()) })
	if d.err != nil {
		return apperr.Internal(d.err)
	}
	if _, err := h.Verify(d.hash, password); err != nil {
		return apperr.Internal(err)
	}
	return nil
}
