package main

import (
	"bytes"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestNextStepsSayWhereAndWhatToDo(t *testing.T) {
	t.Setenv("MEMBERD_DATABASE_DSN", "")
	s, err := parseSettings([]string{"-data", "/tmp/my data", "-addr", "127.0.0.1:18080"})
	require.NoError(t, err)
	var out bytes.Buffer
	printNextSteps(&out, s, s.cfg.DataDir)
	text := out.String()
	assert.Contains(t, text, "memberd is running: http://127.0.0.1:18080\n")
	assert.Contains(t, text, "data folder:        /tmp/my data ")
	assert.Contains(t, text, " -data '/tmp/my data' create-staff -username admin -role admin -name 管理员\n")
	assert.Contains(t, text, "sign in at http://127.0.0.1:18080/admin/login")

	s, err = parseSettings([]string{"-db", "postgres://u:hunter2@db/m"})
	require.NoError(t, err)
	out.Reset()
	printNextSteps(&out, s, s.cfg.DataDir)
	assert.Contains(t, out.String(), "-data data -db DSN create-staff")
	assert.NotContains(t, out.String(), "hunter2", "the DSN may hold a password")
}

func TestShellQuote(t *testing.T) {
	for in, want := range map[string]string{
		"./data": "./data", "/tmp/x": "/tmp/x", "my data": "'my data'", "it's": `'it'\''s'`, "": "''",
	} {
		assert.Equal(t, want, shellQuote(in), in)
	}
}
