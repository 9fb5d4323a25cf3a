package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// memberctl import: the dry run prints the problems and writes nothing; the
// import commits the good rows as one batch.
func TestMemberctlImport(t *testing.T) {
	dir := t.TempDir()
	var out bytes.Buffer
	require.NoError(t, run([]string{"-data", dir, "create-staff", "-username", "admin", "-role", "admin",
		"-name", "管理员"}, strings.NewReader("admin12345\n"), &out))
	file := filepath.Join(dir, "old.csv")
	csv := "会员类型,会员名称,会员编号,统一社会信用代码/身份证号,第一联系人姓名,登录邮箱,有效期起,有效期止\n" +
		"单位会员,星河科技有限公司,19000001,91110108MA01A2B3CF,张三,a@example.com,2024-01-01,2026-12-31\n" +
		"单位会员,银河科技有限公司,19000002,91110108MA01A2B3CF,李四,b@example.com,2024-01-01,2026-12-31\n"
	require.NoError(t, os.WriteFile(file, []byte(csv), 0o600))

	out.Reset()
	require.NoError(t, run([]string{"-data", dir, "import", file, "-dry-run"}, nil, &out))
	assert.Contains(t, out.String(), "将新建 1 个")
	assert.Contains(t, out.String(), "第3行 统一社会信用代码/身份证号：与第2行的统一社会信用代码重复")
	assert.Contains(t, out.String(), "nothing was written")

	out.Reset()
	require.NoError(t, run([]string{"-data", dir, "import", "-staff", "admin", file}, nil, &out))
	assert.Contains(t, out.String(), "第1批导入完成：新建1个")

	out.Reset()
	require.NoError(t, run([]string{"-data", dir, "import", file}, nil, &out), "the only admin is the default")
	assert.Contains(t, out.String(), "更新1个", "re-importing updates")
	err := run([]string{"-data", dir, "import", "-staff", "nobody", file}, nil, &out)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "工作人员账号不存在")
}
