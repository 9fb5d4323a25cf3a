package usecases_test

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/openassoc/membership/adapters/pdfdoc"
	"github.com/openassoc/membership/core/app/command"
	"github.com/openassoc/membership/core/app/query"
	"github.com/openassoc/membership/core/domain/access"
	"github.com/openassoc/membership/core/domain/invoice"
	"github.com/openassoc/membership/core/domain/member/membertest"
	"github.com/openassoc/membership/internal/mimemsg"
	"github.com/openassoc/membership/membershiptest"
)

const usecasePDF = "%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\nstartxref\n9\n%%EOF\n"

// 借发票 on the module: the enterprise asks for an advance invoice of the fee
// due, downloads the filled 《提前开票申请》 (its text read back), uploads the
// stamped scan; finance issues it and the member receives the e-invoice by
// email, attached; the status line reads 未缴费-已借发票. When the fee is
// later confirmed, the event handler settles the advance: the line reads
// 已完成缴费;已开发票 and the advance is no longer open.
func TestAdvanceInvoiceOnTheModule(t *testing.T) {
	t.Parallel()
	env := membershiptest.New(t)
	p := env.ApprovedMember(t, "enterprise", "星河科技有限公司", "xinghe@example.com")
	c := env.App.Commands
	rid, err := c.RequestAdvanceInvoice.Handle(ctx, command.RequestAdvanceInvoice{Principal: p,
		Details: invoice.Details{Title: "星河科技有限公司", TaxID: membertest.ValidUSCC, Kind: invoice.KindPlain,
			Email: "cw@xinghe.example"},
		Form: invoice.AdvanceForm{Reason: "年底结算需先开票", ExpectedOn: env.App.Clock.Now().AddDate(0, 0, 20).Truncate(24 * time.Hour),
			Contact: "李会计", ContactPhone: "13800138000"},
		AmountFen: 500000})
	require.NoError(t, err)

	if _, ferr := pdfdoc.New(pdfdoc.Config{}); ferr == nil {
		doc, err := env.App.Queries.AdvancePDF.Handle(ctx, query.AdvancePDF{Principal: p, RequestID: rid})
		require.NoError(t, err)
		require.True(t, bytes.HasPrefix(doc.Content, []byte("%PDF-")))
		if _, err := exec.LookPath("pdftotext"); err == nil {
			path := filepath.Join(t.TempDir(), "advance.pdf")
			require.NoError(t, os.WriteFile(path, doc.Content, 0o600))
			out, err := exec.Command("pdftotext", "-layout", path, "-").Output() // #nosec G204 -- fixed tool, test file
			require.NoError(t, err)
			text := strings.Join(strings.Fields(string(out)), "")
			for _, want := range []string{"提前开票申请", "星河科技有限公司", membertest.ValidUSCC, "¥5000", "年底结算需先开票",
				"李会计", "单位盖章"} {
				assert.Contains(t, text, want)
			}
		}
	}
	require.NoError(t, c.UploadAdvanceScan.Handle(ctx, command.UploadAdvanceScan{Principal: p, RequestID: rid,
		FileName: "scan.png", Content: bytes.NewReader(membershiptest.PNG(t, 40, 30))}))
	finance := env.Staff(t, access.RoleFinance)
	require.NoError(t, c.IssueInvoice.Handle(ctx, command.IssueInvoice{Principal: finance, RequestID: rid,
		Number: "24112000000087654321", Date: env.App.Clock.Now(), AmountFen: 500000, FileName: "fp.pdf",
		Content: strings.NewReader(usecasePDF)}))
	mail := env.Mailbox.WaitFor(t, "cw@xinghe.example", "会费电子发票", 10*time.Second)
	f, err := os.Open(mail.File)
	require.NoError(t, err)
	defer func() { _ = f.Close() }()
	msg, err := mimemsg.Decode(f)
	require.NoError(t, err)
	require.Len(t, msg.Attachments, 1)
	assert.Equal(t, usecasePDF, string(msg.Attachments[0].Data))
	line := func() string {
		v, err := env.App.Queries.FeePage.Handle(ctx, query.FeePage{Principal: p})
		require.NoError(t, err)
		return v.StatusLine
	}
	assert.Equal(t, "缴费状态：未缴费-已借发票", line())

	env.PayByTransfer(t, p, "B20240303")
	require.True(t, env.WaitUntil(10*time.Second, func() bool {
		open, err := env.Module.Ports().Invoices.OpenAdvances(ctx, p.ID)
		return err == nil && len(open) == 0
	}), "the payment settles the advance")
	assert.Equal(t, "缴费状态：已完成缴费;已开发票", line())
}
