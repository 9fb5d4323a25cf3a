package tabular_test

import (
	"bytes"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/xuri/excelize/v2"

	"github.com/openassoc/membership/internal/tabular"
)

func TestNeutralise(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{
		"=HYPERLINK(\"http://x\")": "'=HYPERLINK(\"http://x\")", "+86 10": "'+86 10", "-1": "'-1",
		"@SUM(A1)": "'@SUM(A1)", "\tx": "'\tx", "中国质量协会": "中国质量协会", "": "", "19141263": "19141263",
	} {
		assert.Equal(t, want, tabular.Neutralise(in), in)
	}
}

func TestCSVHasBOMAndNeutralisedCells(t *testing.T) {
	t.Parallel()
	var buf bytes.Buffer
	w, err := tabular.New(tabular.CSV, &buf, "")
	require.NoError(t, err)
	require.NoError(t, w.WriteRow([]string{"会员号", "会员名称"}))
	require.NoError(t, w.WriteRow([]string{"19141263", "=1+1"}))
	require.NoError(t, w.Close())
	assert.Equal(t, "\uFEFF会员号,会员名称\r\n19141263,'=1+1\r\n", buf.String())
	assert.Equal(t, "text/csv; charset=utf-8", tabular.ContentType(tabular.CSV))
}

func TestXLSXStreamsTextCells(t *testing.T) {
	t.Parallel()
	var buf bytes.Buffer
	w, err := tabular.New(tabular.XLSX, &buf, "会员名单")
	require.NoError(t, err)
	require.NoError(t, w.WriteRow([]string{"会员号", "会员名称"}))
	require.NoError(t, w.WriteRow([]string{"00012345", "@cmd"}))
	require.NoError(t, w.Close())
	f, err := excelize.OpenReader(&buf)
	require.NoError(t, err)
	defer func() { _ = f.Close() }()
	rows, err := f.GetRows("会员名单")
	require.NoError(t, err)
	assert.Equal(t, [][]string{{"会员号", "会员名称"}, {"00012345", "'@cmd"}}, rows, "leading zeros kept as text")
	_, err = tabular.New("pdf", &buf, "")
	assert.Error(t, err)
}
