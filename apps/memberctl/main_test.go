package main

import (
	"bytes"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestMemberctl(t *testing.T) {
	dir := t.TempDir()
	var out bytes.Buffer

	require.NoError(t, run([]string{"-data", dir, "migrate"}, strings.NewReader(""), &out))
	assert.Contains(t, out.String(), "up to date")
	out.Reset()
	require.NoError(t, run([]string{"-data", dir, "migrate"}, strings.NewReader(""), &out), "migrate is idempotent")

	out.Reset()
	err := run([]string{"-data", dir, "create-staff", "-username", "admin", "-role", "admin", "-name", "管理员"},
		strings.NewReader("admin12345\n"), &out)
	require.NoError(t, err)
	assert.Contains(t, out.String(), "created staff account admin")

	err = run([]string{"-data", dir, "create-staff", "-username", "admin", "-role", "admin"}, strings.NewReader("admin12345\n"), &out)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "该用户名已被使用")

	err = run([]string{"-data", dir, "create-staff", "-username", "x2", "-role", "boss"}, strings.NewReader("admin12345\n"), &out)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "-role")

	err = run([]string{"-data", dir, "create-staff", "-username", "x3", "-role", "finance"}, strings.NewReader("short\n"), &out)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "密码")
	err = run([]string{"-data", dir, "create-staff", "-username", "x4", "-role", "finance"}, strings.NewReader("abc123456\n"), &out)
	require.Error(t, err, "staff passwords need ten characters")
	assert.Contains(t, err.Error(), "工作人员密码至少10位")

	out.Reset()
	require.NoError(t, run([]string{"-data", dir, "set-staff-role", "-username", "admin", "-role", "finance"}, nil, &out))
	assert.Contains(t, out.String(), "now has role finance")
	err = run([]string{"-data", dir, "set-staff-role", "-username", "admin", "-role", "boss"}, nil, &out)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "-role")
	out.Reset()
	require.NoError(t, run([]string{"-data", dir, "disable-staff", "-username", "admin"}, nil, &out))
	assert.Contains(t, out.String(), "disabled staff account admin")
	err = run([]string{"-data", dir, "disable-staff", "-username", "nobody"}, nil, &out)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "工作人员账号不存在")
	require.Error(t, run([]string{"-data", dir, "disable-staff"}, nil, &out), "-username is required")

	out.Reset()
	require.NoError(t, run([]string{"version"}, nil, &out))
	assert.True(t, strings.HasPrefix(out.String(), "memberctl "))

	assert.Error(t, run([]string{"frobnicate"}, nil, &out))
	assert.Error(t, run(nil, nil, &out))
}
