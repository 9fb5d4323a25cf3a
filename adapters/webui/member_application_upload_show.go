package webui

import (
	"net/http"
	"strconv"
	"time"

	"github.com/uptrace/bunrouter"

	"github.com/openassoc/membership/core/app/query"
	"github.com/openassoc/membership/core/domain/member"
)

// applicationUploadView is the data of step ③ 打印盖章并上传.
type applicationUploadView struct {
	Title      string
	Steps      []stepView
	App        query.ApplicationView
	FilledBy   string
	FilledOn   string // 2019年09月21日
	Scan       *scanView
	Hint       string
	Accept     string
	PDFPath    string
	FormPath   string
	UploadPath string
	SubmitPath string
}

// scanView is the uploaded stamped scan as the page shows it.
type scanView struct {
	URL      string // the picture, with a version so a replaced scan is not cached
	FileName string
	Size     string
	Uploaded string
}

// Messages of step ③ after a redirect.
var uploadNotices = map[string]string{
	"uploaded": "盖章扫描件上传成功，请核对预览后勾选确认并点击「下一步」",
}

// memberApplicationUploadShow is step ③ of an enterprise: download the filled
// form (前往下载文件), go back to edit it (返回修改), upload the stamped scan, tick
// 「我已打印盖章并上传《入会申请表》」 and submit (下一步).
func (u *UI) memberApplicationUploadShow(w http.ResponseWriter, req bunrouter.Request, mc *memberCtx) error {
	av, err := u.memberApplication(req, mc)
	if err != nil {
		return u.showError(w, req, err)
	}
	if to := uploadDetour(av); to != "" {
		return redirect(w, req, to)
	}
	p := u.newPage(w, req, "")
	p.Form = newForm()
	p.Notice = noticeFor(req, uploadNotices)
	u.render(w, req, http.StatusOK, "application_upload.html", u.uploadPage(p, mc, av))
	return nil
}

// uploadDetour is where a member who cannot be on step ③ goes instead: an
// individual or an unfinished form to step ②, a submitted application to its
// status.
func uploadDetour(av query.ApplicationView) string {
	switch {
	case av.Kind == member.Individual:
		return appFormPath
	case !av.CanEdit:
		return appPath
	case !av.FormComplete:
		return appFormPath
	}
	return ""
}

// uploadPage completes the page of step ③.
func (u *UI) uploadPage(p *page, mc *memberCtx, av query.ApplicationView) *page {
	v := applicationUploadView{
		Title: u.formTitle(av.Kind), Steps: stepsFor(av.Kind, stepUpload), App: av,
		FilledBy: av.Enterprise.FilledBy, Hint: uploadHint, Accept: uploadAcceptList,
		PDFPath: appPDFPath, FormPath: appFormPath, UploadPath: appScanPath, SubmitPath: appSubmitPath,
	}
	if d, err := time.Parse(time.DateOnly, av.Enterprise.FilledOn); err == nil {
		v.FilledOn = d.Format("2006年01月02日")
	}
	if s := av.Scan; s != nil {
		v.Scan = &scanView{
			URL:      appScanPath + "?v=" + strconv.FormatInt(s.UploadedAt.UnixNano(), 36),
			FileName: s.FileName, Size: sizeText(s.Size), Uploaded: s.UploadedAt.In(u.cfg.Location).Format("2006-01-02 15:04"),
		}
	}
	p.Portal = u.memberPortal(mc, "application")
	p.Data = v
	return p
}
