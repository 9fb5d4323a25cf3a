package webui

import (
	"net/http"
	"net/url"
	"strconv"

	"github.com/uptrace/bunrouter"

	"github.com/openassoc/membership/core/app/command"
	"github.com/openassoc/membership/core/app/query"
	"github.com/openassoc/membership/core/apperr"
	"github.com/openassoc/membership/core/domain/payment"
	"github.com/openassoc/membership/internal/httpkit"
)

// statementsView is the data of 银行对账.
type statementsView struct {
	List       query.StatementList
	Unmatched  query.StatementLinePage
	Lines      []lineRow
	Uploaded   []statementRow
	UploadPath string
	Hint       string
	Accept     string
	PrevPage   string
	NextPage   string
}

// statementRow is one uploaded statement in the list.
type statementRow struct {
	query.StatementSummary
	Href     string
	Uploaded string
}

// lineRow is one statement line as the pages show it.
type lineRow struct {
	query.StatementLineItem
	Date      string
	Statement string // the statement's page
	Assign    string // the assign/ignore form's action, "" when the line is settled
	// ConfirmOne is the action of the form that confirms this line alone (a
	// proposal matched by payer name and amount), "" for other lines.
	ConfirmOne string
	CSRF       string // the token of the assign/ignore/confirm forms
	Back       string // the page the forms return to
}

// Messages of 银行对账 after a redirect.
var statementNotices = map[string]string{
	"imported":  "对账单已导入，请核对下方的匹配结果后点击「确认全部匹配」",
	"confirmed": "已确认所选流水对应的缴费，相关会员已转入秘书处审批",
	"assigned":  "已为该流水指定会员，请确认匹配",
	"ignored":   "已忽略该流水",
}

// adminStatementsList is 银行对账: the upload of a CSV or XLSX statement, the
// statements uploaded so far and the lines of all of them that still need
// finance.
func (u *UI) adminStatementsList(w http.ResponseWriter, req bunrouter.Request, sc *staffCtx) error {
	p := u.newPage(w, req, "")
	p.Form = newForm()
	p.Notice = noticeFor(req, statementNotices)
	return u.renderStatements(w, req, sc, p, http.StatusOK)
}

func (u *UI) renderStatements(w http.ResponseWriter, req bunrouter.Request, sc *staffCtx, p *page, status int) error {
	ctx, pr := req.Context(), sc.Session.Principal
	list, err := u.app.Queries.Statements.Handle(ctx, query.Statements{Principal: pr, Page: pageParam(req)})
	if err != nil {
		return u.showError(w, req, err)
	}
	lines, err := u.app.Queries.UnmatchedLines.Handle(ctx, query.UnmatchedLines{Principal: pr, PageSize: 100})
	if err != nil {
		return u.showError(w, req, err)
	}
	v := statementsView{List: list, Unmatched: lines, UploadPath: adminStatementsPath, Hint: statementHint,
		Accept: statementAccept}
	for _, s := range list.Items {
		v.Uploaded = append(v.Uploaded, statementRow{StatementSummary: s,
			Href: adminStatementsPath + "/" + url.PathEscape(s.ID), Uploaded: u.minute(s.UploadedAt)})
	}
	for _, l := range lines.Items {
		v.Lines = append(v.Lines, lineRowOf(l, p.CSRF, adminStatementsPath))
	}
	v.PrevPage, v.NextPage = queueLinks(list.Page, list.Pages, func(n int) string {
		return adminStatementsPath + "?page=" + itoa(n)
	})
	p.Portal = u.staffPortal(sc, "statements")
	p.Data = v
	p.Export = u.exportBarFor(sc, query.ExportListStatements, nil) // 待处理流水
	u.render(w, req, status, "admin_statements.html", p)
	return nil
}

func lineRowOf(l query.StatementLineItem, csrf, back string) lineRow {
	r := lineRow{StatementLineItem: l, Date: calendarDay(l.Date), CSRF: csrf, Back: back,
		Statement: adminStatementsPath + "/" + url.PathEscape(l.StatementID)}
	if l.Status == payment.LineUnmatched {
		r.Assign = adminStatementsPath + "/lines/" + url.PathEscape(l.ID)
	}
	if l.Proposed {
		r.ConfirmOne = r.Statement + "/confirm"
	}
	return r
}

// adminStatementUpload imports a statement (one CSV or XLSX file of at most 10 MB
// in the field "statement"): the core reads it, stores the lines not seen before
// and proposes a member for each; nothing is confirmed yet. A malformed file is
// reported under the input and nothing is stored.
func (u *UI) adminStatementUpload(w http.ResponseWriter, req bunrouter.Request, sc *staffCtx) error {
	fh, status, err := uploadOf(req).singleFileOf(statementField, msgStatementTooMny)
	if err == nil {
		file, oerr := fh.Open()
		if oerr != nil {
			return u.showError(w, req, apperr.Internal(oerr))
		}
		var res command.ImportedStatement
		res, err = u.app.Commands.ImportStatement.Handle(req.Context(), command.ImportStatement{
			Principal: sc.Session.Principal, FileName: fh.Filename, Content: file})
		_ = file.Close()
		if err == nil {
			return redirectDone(w, req, adminStatementsPath+"/"+url.PathEscape(res.StatementID), "imported")
		}
		status = httpkit.Status(apperr.As(err).Kind)
	}
	e := apperr.As(err)
	switch e.Kind {
	case apperr.KindInvalid, apperr.KindConflict:
	default:
		return u.showError(w, req, err)
	}
	p := u.newPage(w, req, "")
	p.Form = newForm()
	p.Form.fail(e)
	return u.renderStatements(w, req, sc, p, status)
}

// statementView is the data of one statement.
type statementView struct {
	View       query.StatementView
	Uploaded   string
	Duplicates int
	// Bulk counts the lines 「确认全部匹配」 confirms (matched lines but the
	// proposals by name, which finance confirms one by one).
	Bulk        int
	Lines       []lineRow
	ConfirmPath string
	BackURL     string
}

// adminStatementShow is one statement: every new line with its proposed member
// (or why none), the counts, and 「确认全部匹配」 that confirms the matched lines
// in one step.
func (u *UI) adminStatementShow(w http.ResponseWriter, req bunrouter.Request, sc *staffCtx) error {
	p := u.newPage(w, req, "")
	p.Form = newForm()
	p.Notice = noticeFor(req, statementNotices)
	return u.renderStatement(w, req, sc, p, http.StatusOK)
}

func (u *UI) renderStatement(w http.ResponseWriter, req bunrouter.Request, sc *staffCtx, p *page, status int) error {
	id := req.Param("id")
	sv, err := u.app.Queries.StatementDetail.Handle(req.Context(), query.StatementDetail{
		Principal: sc.Session.Principal, StatementID: id})
	if err != nil {
		return u.showError(w, req, err)
	}
	v := statementView{View: sv, Uploaded: u.minute(sv.Statement.UploadedAt),
		Duplicates: max(sv.Statement.Lines-sv.Statement.NewLines, 0), Bulk: sv.Matched - sv.Proposed,
		ConfirmPath: adminStatementsPath + "/" + url.PathEscape(id) + "/confirm", BackURL: adminStatementsPath}
	for _, l := range sv.Lines {
		v.Lines = append(v.Lines, lineRowOf(l, p.CSRF, adminStatementsPath+"/"+url.PathEscape(id)))
	}
	p.Portal = u.staffPortal(sc, "statements")
	p.Data = v
	p.Export = u.exportBarFor(sc, query.ExportListStatements, url.Values{"statement": {id}})
	u.render(w, req, status, "admin_statement.html", p)
	return nil
}

// adminStatementConfirm is 「确认全部匹配」: every matched line of the statement
// becomes a confirmed payment, in one transaction. If one line cannot be
// confirmed (an ambiguous line left, a member who no longer owes that amount),
// nothing is and the page says which line.
func (u *UI) adminStatementConfirm(w http.ResponseWriter, req bunrouter.Request, sc *staffCtx) error {
	id := req.Param("id")
	_, err := u.app.Commands.ConfirmStatement.Handle(req.Context(), command.ConfirmStatement{
		Principal: sc.Session.Principal, StatementID: id, LineIDs: req.PostForm["line_id"]})
	if err != nil {
		e := apperr.As(err)
		switch e.Kind {
		case apperr.KindInvalid, apperr.KindConflict:
		default:
			return u.showError(w, req, err)
		}
		p := u.newPage(w, req, "")
		p.Form = newForm()
		p.Form.fail(e)
		return u.renderStatement(w, req, sc, p, httpkit.Status(e.Kind))
	}
	return redirectDone(w, req, adminStatementsPath+"/"+url.PathEscape(id), "confirmed")
}

// adminStatementLineAssign decides a line that needs finance: the member it pays
// for (one of an ambiguous line's candidates) or 「忽略」 (not a fee). The page
// of the line's statement follows.
func (u *UI) adminStatementLineAssign(w http.ResponseWriter, req bunrouter.Request, sc *staffCtx) error {
	ignore, _ := strconv.ParseBool(req.PostFormValue("ignore"))
	back := safeNext(req.PostFormValue("back"), adminStatementsPath)
	err := u.app.Commands.AssignStatementLine.Handle(req.Context(), command.AssignStatementLine{
		Principal: sc.Session.Principal, LineID: req.Param("id"), MemberID: req.PostFormValue("member_id"),
		Ignore: ignore})
	if err != nil {
		return u.showError(w, req, err)
	}
	done := "assigned"
	if ignore {
		done = "ignored"
	}
	return redirectDone(w, req, back, done)
}
