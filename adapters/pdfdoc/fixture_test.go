package pdfdoc

import (
	"strings"

	"github.com/openassoc/membership/ports"
)

// intro is a realistic 单位简介 of more than 600 characters, with Latin
// words, digits and punctuation mixed in as members type them.
const intro = "华东精密机械制造股份有限公司成立于1998年，总部位于上海市浦东新区张江高科技园区，是一家专业从事高精度数控机床、" +
	"工业机器人关键零部件及智能制造系统集成的国家级高新技术企业。公司现有员工2,860人，其中工程技术人员占比超过35%，" +
	"拥有国家认定企业技术中心、博士后科研工作站和CNAS认可实验室，累计获得授权专利426项（其中发明专利118项）。" +
	"公司始终坚持“质量第一、用户至上、持续改进”的质量方针，于2003年通过ISO 9001质量管理体系认证，" +
	"先后导入卓越绩效模式、六西格玛管理和精益生产方式，建立了覆盖设计开发、采购、制造、检验和售后服务全过程的质量管理体系。" +
	"近年来，公司围绕数字化转型，建成了基于MES与QMS集成的质量数据平台，实现关键工序质量数据的实时采集、统计过程控制（SPC）和质量追溯，" +
	"产品一次交验合格率由96.2%提升至99.4%，顾客满意度连续五年保持在92分以上。" +
	"公司先后荣获全国质量奖、上海市市长质量奖、全国实施卓越绩效模式先进企业等荣誉称号，" +
	"主导或参与制定国家标准和行业标准31项，并多次承办长三角地区质量管理小组成果交流活动。" +
	"公司积极履行社会责任，持续开展供应链质量帮扶，带动上下游200余家中小企业提升质量管理水平。" +
	"今后，公司将以加入中国质量协会为契机，进一步学习借鉴先进质量管理理念和方法，加强与协会及会员单位的交流合作，" +
	"推动质量管理创新与数字化质量能力建设，为建设质量强国贡献力量。" +
	"同时，公司愿意积极参与协会组织的标准研制、质量诊断、培训认证和质量月等各项活动，按时缴纳会费，" +
	"认真履行会员义务，并向协会推荐优秀质量管理实践案例，与广大会员单位共同分享经验、共同进步、共同发展。"

const footer = "本表由中国质量协会会员管理系统生成（申请编号 APP-2026-000123）。请打印后加盖单位公章，扫描上传至会员系统。"

// enterpriseForm is a complete 单位会员入会申请表 that fills two pages.
func enterpriseForm() ports.FormDocument {
	return ports.FormDocument{
		Title:    "中国质量协会单位会员入会申请表",
		Subtitle: "申请单位：华东精密机械制造股份有限公司",
		Sections: []ports.FormSection{
			{Title: "一、单位基本信息", Rows: []ports.FormRow{
				{Label: "单位名称", Value: "华东精密机械制造股份有限公司"},
				{Label: "统一社会信用代码", Value: "91310115MA1K4LXQ2B"},
				{Label: "单位性质", Value: "股份有限公司（上市）"},
				{Label: "所属行业", Value: "制造业—通用设备制造业—金属加工机械制造"},
				{Label: "法定代表人", Value: "王建国"},
				{Label: "注册资本", Value: "人民币 58,600 万元"},
				{Label: "成立日期", Value: "1998年6月18日"},
				{Label: "职工人数", Value: "2860 人"},
				{Label: "上年度营业收入", Value: "人民币 42.7 亿元"},
				{Label: "通讯地址", Value: "上海市浦东新区张江高科技园区碧波路 888 号精密制造产业园 3 号楼 12 层"},
				{Label: "邮政编码", Value: "201203"},
				{Label: "单位网址", Value: "https://www.hdjm-precision.com.cn"},
			}},
			{Title: "二、联系人信息", Rows: []ports.FormRow{
				{Label: "联系人", Value: "李晓梅"},
				{Label: "职务", Value: "质量管理部部长"},
				{Label: "手机", Value: "13816881234"},
				{Label: "电子邮箱", Value: "lixiaomei@hdjm-precision.com.cn"},
				{Label: "固定电话", Value: "021-58961234 转 8012"},
			}},
			{Title: "三、质量管理情况", Rows: []ports.FormRow{
				{Label: "管理体系认证", Value: "ISO 9001:2015 质量管理体系（证书编号 00123Q45678R0M）；IATF 16949:2016；ISO 14001:2015"},
				{Label: "获得质量奖项", Value: "全国质量奖（2019年）；上海市市长质量奖（2016年）；全国优秀质量管理小组（累计12项）"},
				{Label: "单位简介", Value: intro, Wide: true},
				{Label: "入会理由及对协会的期望", Value: "希望通过协会平台学习先进质量管理方法，参与质量标准研制和行业交流，提升企业质量管理水平。\n期望协会提供质量诊断、人才培训和国际交流等服务。", Wide: true},
			}},
			{Title: "四、会员信息", Rows: []ports.FormRow{
				{Label: "申请会员类别", Value: "理事单位"},
				{Label: "推荐单位", Value: "上海市质量协会"},
				{Label: "会费标准", Value: "理事单位 每年人民币 20,000 元"},
			}},
		},
		Signatures: []string{"单位盖章：", "法定代表人（签字）：", "日期："},
		Footer:     footer,
	}
}

// formTexts are the texts that must come back from the rendered PDF.
func formTexts(doc ports.FormDocument) []string {
	out := []string{doc.Title, doc.Subtitle, doc.Footer}
	for _, s := range doc.Sections {
		out = append(out, s.Title)
		for _, r := range s.Rows {
			out = append(out, r.Label, r.Value)
		}
	}
	return append(out, doc.Signatures...)
}

// squeeze drops all white space, so that wrapped text compares with its
// source, and folds characters with their stand-ins (see standIns), so that
// texts compare whether or not a Latin font was found.
func squeeze(s string) string {
	fold := strings.NewReplacer("「", `"`, "」", `"`, "“", `"`, "”", `"`, "『", "'", "』", "'", "‘", "'", "’", "'",
		"—", "-", "–", "-", "・", "·")
	s = fold.Replace(strings.Join(strings.Fields(s), ""))
	return strings.Map(func(r rune) rune {
		if r > 0xFF00 && r < 0xFF5F { // full-width ASCII
			return r - 0xFEE0
		}
		return r
	}, s)
}
