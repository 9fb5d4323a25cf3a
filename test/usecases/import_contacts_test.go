package usecases_test

import (
	"bytes"
	"encoding/csv"
	"io"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/openassoc/membership/core/app/command"
	"github.com/openassoc/membership/core/app/query"
	"github.com/openassoc/membership/core/domain/access"
	"github.com/openassoc/membership/core/domain/legacyimport"
	"github.com/openassoc/membership/membershiptest"
)

// importCSV previews and commits a CSV of the template's columns (the
// header first) as admin and returns the batch.
func importCSV(t *testing.T, env *membershiptest.Env, admin access.Principal, rows ...map[legacyimport.Field]string) {
	t.Helper()
	var header []string
	for _, c := range legacyimport.Columns() {
		header = append(header, c.Header)
	}
	var b bytes.Buffer
	w := csv.NewWriter(&b)
	require.NoError(t, w.Write(header))
	for _, r := range rows {
		var vals []string
		for _, c := range legacyimport.Columns() {
			vals = append(vals, r[c.Field])
		}
		require.NoError(t, w.Write(vals))
	}
	w.Flush()
	data := b.Bytes()
	f := command.ImportFile{Name: "members.csv",
		Open: func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(data)), nil }}
	rep, err := env.App.Commands.PreviewImport.Handle(ctx, command.PreviewImport{Principal: admin, File: f})
	require.NoError(t, err)
	require.Zero(t, rep.ProblemCount, "%v", rep.Problems)
	_, err = env.App.Commands.CommitImport.Handle(ctx, command.CommitImport{Principal: admin, File: f, Key: rep.Key})
	require.NoError(t, err)
}

// An imported enterprise's 联系人管理 lists its first contact and 其他联系人,
// and its home's 会员联系人 / 联系电话 (the first of that list) is the first
// contact, after its first login with the initial password (SQLite).
func TestImportedEnterpriseContacts(t *testing.T) {
	t.Parallel()
	env := membershiptest.New(t)
	admin := env.Staff(t, access.RoleAdmin)
	importCSV(t, env, admin, map[legacyimport.Field]string{
		legacyimport.FieldKind: "单位会员", legacyimport.FieldName: "联系人导入科技有限公司",
		legacyimport.FieldNumber: "19000901", legacyimport.FieldLevel: "普通会员",
		legacyimport.FieldValidFrom: "2026-01-01", legacyimport.FieldValidUntil: "2026-12-31",
		legacyimport.FieldRegNo: "91110108MA01A2B3CF", legacyimport.FieldIndustry: "制造业",
		legacyimport.FieldProvince: "北京市", legacyimport.FieldContactName: "张三",
		legacyimport.FieldContactTitle: "质量部经理", legacyimport.FieldContactPhone: "010-68412345",
		legacyimport.FieldContactMobile: "13800138000", legacyimport.FieldEmail: "contacts@example.com",
		legacyimport.FieldOtherContacts: "李四 13900139000；王五 副总 010-68412399",
	})
	p := env.LoginMember(t, "19000901", "zhangsan")
	v, err := env.App.Queries.ContactList.Handle(ctx, query.ContactList{Principal: p})
	require.NoError(t, err)
	var got []string
	for _, c := range v.Contacts {
		got = append(got, c.Role.Label()+" "+c.Name+" "+c.PhoneOf())
	}
	assert.Equal(t, []string{"第一联系人 张三 010-68412345", "联系人 李四 13900139000", "联系人 王五 010-68412399"}, got)
	first, ok := v.First()
	require.True(t, ok)
	assert.Equal(t, "张三", first.Name, "会员联系人")
	assert.Equal(t, "010-68412345", first.PhoneOf(), "联系电话")

	staffView, err := env.App.Queries.ContactList.Handle(ctx, query.ContactList{Principal: admin, MemberID: p.ID})
	require.NoError(t, err)
	assert.Len(t, staffView.Contacts, 3, "staff see the same list")
	stored, err := env.Module.Ports().Contacts.ListContacts(ctx, p.ID)
	require.NoError(t, err)
	assert.Len(t, stored, 3, "stored, not only seeded from the application")
}
