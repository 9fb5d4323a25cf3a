// Package apptest holds what the use-case tests of core/app/command and
// core/app/query share: a settable clock, the shipped authorization policy as a
// table, stand-ins for the ports that are no storage (password hasher, captcha
// pictures, file store, PDF renderer, payment gateway, statement parser) and
// fixtures that move a member through its lifecycle with the domain's own
// methods. It imports no adapter; the tests take their storage from
// adapters/memstore, so that they run in memory, without disk or sleeps.
package apptest
