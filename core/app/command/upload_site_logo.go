package command

import (
	"bytes"
	"context"
	"fmt"
	"io"

	"github.com/openassoc/membership/core/apperr"
	"github.com/openassoc/membership/core/domain/access"
	"github.com/openassoc/membership/core/domain/id"
	"github.com/openassoc/membership/core/domain/site"
)

// UploadSiteLogo is the admin's upload of the association's logo.
type UploadSiteLogo struct {
	Principal access.Principal
	Content   io.Reader // read up to site.MaxLogoBytes + 1 bytes
}

// LogoField is the field of a logo upload's errors.
const LogoField = "logo"

// UploadSiteLogoHandler stores the logo.
type UploadSiteLogoHandler struct{ d SiteSettingsDeps }

// NewUploadSiteLogoHandler builds the handler.
func NewUploadSiteLogoHandler(d SiteSettingsDeps) *UploadSiteLogoHandler {
	d.Images = orDefaultImages(d.Images)
	return &UploadSiteLogoHandler{d: d}
}

// Handle accepts a PNG or JPEG (by content, decoded within the budget) of at
// most 2 MB — never an SVG, which could carry a script — stores it and makes
// it the logo (audited). A refused file leaves nothing behind.
func (h *UploadSiteLogoHandler) Handle(ctx context.Context, cmd UploadSiteLogo) error {
	d := h.d
	if err := access.Authorize(d.Authz, cmd.Principal, access.ManageSettings, ""); err != nil {
		return err
	}
	if !d.Source.Writable() {
		return apperr.Conflict("settings_readonly", "网站设置由系统配置决定，不能在线修改")
	}
	if cmd.Content == nil {
		return logoError("file_required", "请选择标志图片")
	}
	data, err := io.ReadAll(io.LimitReader(cmd.Content, site.MaxLogoBytes+1))
	if err != nil {
		return apperr.Internal(fmt.Errorf("read logo upload: %w", err))
	}
	switch {
	case len(data) == 0:
		return logoError("file_required", "请选择标志图片")
	case len(data) > site.MaxLogoBytes:
		return logoError("file_too_large", "标志图片不能超过2MB")
	case !isPNG(data) && !isJPEG(data):
		return logoError("file_type", "标志图片只能是PNG或JPG格式（不支持SVG等其他格式）")
	}
	ct, err := d.Images.Check(ctx, LogoField, data)
	if err != nil {
		return err
	}
	version := id.New(d.Clock.Now())
	logo := site.Logo{Key: "site/logo-" + version, ContentType: ct, Version: version}
	if err := d.Files.Put(ctx, logo.Key, bytes.NewReader(data)); err != nil {
		return apperr.Internal(fmt.Errorf("store logo: %w", err))
	}
	var old string
	err = d.store(ctx, cmd.Principal, func(before site.Settings) site.Settings {
		old = before.Logo.Key
		before.Logo = logo
		return before
	}, "上传协会标志")
	if err != nil {
		_ = d.Files.Delete(context.WithoutCancel(ctx), logo.Key)
		return err
	}
	if old != "" {
		_ = d.Files.Delete(context.WithoutCancel(ctx), old)
	}
	return nil
}

func logoError(code, msg string) error {
	var v apperr.Validation
	v.Add(LogoField, code, msg)
	return v.Err()
}
