// Package usecases holds the scenario tests of the module as a whole: each
// builds a membership module on a temporary SQLite database with
// membershiptest and drives the use cases through the core, the way the web
// adapters do (registration, applications, fees, renewals, the mail queue …).
package usecases
