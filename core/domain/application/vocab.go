// Package application holds the membership application forms (spec §3): the
// enterprise and individual forms as value objects, the controlled vocabularies
// they draw on (GB/T 4754-2017 industry sections, GB/T 2260 provinces, 单位性质,
// employee ranges, 性别, 学历) and the checks of the identifiers they carry
// (统一社会信用代码 GB 32100-2015, 身份证号 GB 11643-1999). The application's state
// lives in the member aggregate, which owns one Application value.
package application

// Option is one entry of a controlled vocabulary: a stable code that is stored
// and sent by forms, and the Chinese label that is shown.
type Option struct {
	Code  string `json:"code"`
	Label string `json:"label"`
}

// industries are the 20 sections (门类) A–T of GB/T 4754-2017 《国民经济行业分类》.
var industries = []Option{
	{"A", "农、林、牧、渔业"},
	{"B", "采矿业"},
	{"C", "制造业"},
	{"D", "电力、热力、燃气及水生产和供应业"},
	{"E", "建筑业"},
	{"F", "批发和零售业"},
	{"G", "交通运输、仓储和邮政业"},
	{"H", "住宿和餐饮业"},
	{"I", "信息传输、软件和信息技术服务业"},
	{"J", "金融业"},
	{"K", "房地产业"},
	{"L", "租赁和商务服务业"},
	{"M", "科学研究和技术服务业"},
	{"N", "水利、环境和公共设施管理业"},
	{"O", "居民服务、修理和其他服务业"},
	{"P", "教育"},
	{"Q", "卫生和社会工作"},
	{"R", "文化、体育和娱乐业"},
	{"S", "公共管理、社会保障和社会组织"},
	{"T", "国际组织"},
}

// provinces are the 34 provincial-level divisions with their GB/T 2260 codes
// (the first two digits of the six-digit division code).
var provinces = []Option{
	{"11", "北京市"}, {"12", "天津市"}, {"13", "河北省"}, {"14", "山西省"}, {"15", "内蒙古自治区"},
	{"21", "辽宁省"}, {"22", "吉林省"}, {"23", "黑龙江省"},
	{"31", "上海市"}, {"32", "江苏省"}, {"33", "浙江省"}, {"34", "安徽省"}, {"35", "福建省"},
	{"36", "江西省"}, {"37", "山东省"},
	{"41", "河南省"}, {"42", "湖北省"}, {"43", "湖南省"}, {"44", "广东省"}, {"45", "广西壮族自治区"},
	{"46", "海南省"},
	{"50", "重庆市"}, {"51", "四川省"}, {"52", "贵州省"}, {"53", "云南省"}, {"54", "西藏自治区"},
	{"61", "陕西省"}, {"62", "甘肃省"}, {"63", "青海省"}, {"64", "宁夏回族自治区"}, {"65", "新疆维吾尔自治区"},
	{"71", "台湾省"}, {"81", "香港特别行政区"}, {"82", "澳门特别行政区"},
}

// ownershipTypes are the kinds of organisation (单位性质).
var ownershipTypes = []Option{
	{"state_owned", "国有企业"},
	{"collective", "集体企业"},
	{"private", "民营企业"},
	{"foreign", "外资企业"},
	{"joint_venture", "合资企业"},
	{"public_institution", "事业单位"},
	{"social_organization", "社会团体"},
	{"other", "其他"},
}

// employeeRanges are the 员工人数 ranges of the enterprise form.
var employeeRanges = []Option{
	{"1-99", "1-99"},
	{"100-299", "100-299"},
	{"300-999", "300-999"},
	{"1000-4999", "1000-4999"},
	{"5000+", "5000 及以上"},
}

// genders are the 性别 choices.
var genders = []Option{{"male", "男"}, {"female", "女"}}

// educations are the 学历 choices, highest first.
var educations = []Option{
	{"doctorate", "博士研究生"},
	{"master", "硕士研究生"},
	{"bachelor", "大学本科"},
	{"associate", "大学专科"},
	{"secondary", "高中/中专"},
	{"other", "其他"},
}

func clone(list []Option) []Option { return append([]Option(nil), list...) }

func labelOf(list []Option, code string) (string, bool) {
	for _, o := range list {
		if o.Code == code {
			return o.Label, true
		}
	}
	return "", false
}

// Industries returns the 20 sections A–T of GB/T 4754-2017, in order.
func Industries() []Option { return clone(industries) }

// Provinces returns the 34 provincial-level divisions, in GB/T 2260 order.
func Provinces() []Option { return clone(provinces) }

// OwnershipTypes returns the 单位性质 choices.
func OwnershipTypes() []Option { return clone(ownershipTypes) }

// EmployeeRanges returns the 员工人数 ranges.
func EmployeeRanges() []Option { return clone(employeeRanges) }

// Genders returns the 性别 choices.
func Genders() []Option { return clone(genders) }

// Educations returns the 学历 choices.
func Educations() []Option { return clone(educations) }

// IndustryLabel returns the section name of an industry code (e.g. "S").
func IndustryLabel(code string) (string, bool) { return labelOf(industries, code) }

// ProvinceLabel returns the name of a province code (e.g. "11" → 北京市).
func ProvinceLabel(code string) (string, bool) { return labelOf(provinces, code) }
