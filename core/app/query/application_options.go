package query

import (
	"github.com/openassoc/membership/core/domain/application"
)

// ApplicationOptions are the controlled vocabularies of the application forms,
// for select boxes and API clients.
type ApplicationOptions struct {
	Industries     []application.Option // 所属行业: GB/T 4754-2017 sections A–T
	Provinces      []application.Option // 所在省份: GB/T 2260 codes
	OwnershipTypes []application.Option // 单位性质
	EmployeeRanges []application.Option // 员工人数
	Genders        []application.Option // 性别
	Educations     []application.Option // 学历
}

// ApplicationOptionsHandler returns the vocabularies.
type ApplicationOptionsHandler struct{}

// NewApplicationOptionsHandler builds the handler.
func NewApplicationOptionsHandler() *ApplicationOptionsHandler { return &ApplicationOptionsHandler{} }

// Handle returns fresh copies of every vocabulary.
func (ApplicationOptionsHandler) Handle() ApplicationOptions {
	return ApplicationOptions{
		Industries: application.Industries(), Provinces: application.Provinces(),
		OwnershipTypes: application.OwnershipTypes(), EmployeeRanges: application.EmployeeRanges(),
		Genders: application.Genders(), Educations: application.Educations(),
	}
}
