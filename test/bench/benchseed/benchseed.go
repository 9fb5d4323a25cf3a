// Package benchseed writes a large member registry straight into an SQLite
// database, for benchmarks: no argon2 per row, no events, through bunstore's
// bulk insert. The Go benchmarks of test/bench/usecases and the HTTP load test
// test/bench/loadtest (-registry N) seed with it.
package benchseed

import (
	"context"
	"fmt"
	"math/rand/v2"
	"time"

	"github.com/openassoc/membership/adapters/bunstore"
	"github.com/openassoc/membership/core/domain/application"
	"github.com/openassoc/membership/core/domain/id"
	"github.com/openassoc/membership/core/domain/member"
)

// Vocabularies of the seeded registry: enterprise names are a place, a trade
// name (字号), a trade and a legal form, so that a two-character substring
// such as 「质量」 (one trade name of eighty) matches about one member in a
// hundred, and the initials of 「中国质量」 a few dozen.
var (
	seedPlaces = []string{"中国", "北京", "上海", "天津", "重庆", "广州", "深圳", "杭州", "南京", "苏州", "武汉", "成都",
		"西安", "长沙", "郑州", "青岛", "宁波", "厦门", "合肥", "福州", "济南", "沈阳", "大连", "昆明", "南宁", "贵阳",
		"太原", "石家庄", "哈尔滨", "长春", "南昌", "兰州", "乌鲁木齐", "呼和浩特", "海口"}
	seedWords = []string{"华信", "恒通", "正泰", "金石", "东方", "新锐", "远航", "卓越", "诚信", "质量", "精工", "博远",
		"中科", "宏达", "鑫源", "联合", "天成", "安泰", "瑞丰", "汇智", "永盛", "嘉禾", "明德", "国泰", "万通", "长城",
		"海信", "光明", "凯旋", "腾飞", "宏图", "信达", "隆基", "泰和", "中兴", "华润", "同方", "兴业", "启明", "星河",
		"银河", "天宇", "润泽", "鸿运", "金桥", "瑞达", "新华", "正大", "百川", "合众", "弘毅", "德信", "景泰", "锦程",
		"恒源", "奥达", "云帆", "博通", "方正", "英华", "九州", "神舟", "东华", "北辰", "南方", "西部", "华夏", "龙腾",
		"金鼎", "银泰", "和信", "安达", "海天", "中天", "宝利", "康达", "永信", "华光", "立信", "春晖"}
	seedTrades = []string{"科技", "机械", "电子", "化工", "建材", "医药", "食品", "纺织", "汽车零部件", "检测", "认证",
		"咨询", "能源", "物流", "材料", "仪器仪表", "软件", "通信", "环保", "装备", "钢铁", "电力", "工程", "精密制造",
		"生物", "农业", "水务", "印刷", "包装", "家电", "照明", "船舶", "航空", "轨道交通", "建筑", "标准化服务",
		"计量", "信息技术", "技术服务", "智能制造"}
	seedForms     = []string{"有限公司", "股份有限公司", "集团有限公司", "研究院", "有限责任公司", "协会"}
	seedSurnames  = []rune("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤")
	seedGiven     = []rune("伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉萍红娥玲芬燕彬鹏辉斌宇浩凯健俊帆帅旭宁龙林欣佳琪晨")
	seedIndustry  = []string{"A", "B", "C", "C", "C", "C", "C", "D", "E", "F", "G", "I", "I", "J", "L", "M", "M", "N", "P", "Q"}
	seedProvinces = application.Provinces()
)

// seedStatus is a lifecycle status with its share (per thousand) of the seed.
type seedStatus struct {
	status member.Status
	share  int
}

var seedStatuses = []seedStatus{{member.StatusActive, 550}, {member.StatusExpiring, 50}, {member.StatusLapsed, 150},
	{member.StatusAwaitingSecretariat, 20}, {member.StatusPaid, 10}, {member.StatusPaymentClaimed, 20},
	{member.StatusApproved, 50}, {member.StatusSubmitted, 30}, {member.StatusRejected, 10},
	{member.StatusDraft, 60}, {member.StatusRegistered, 50}}

// Registry writes n members into the SQLite database file at path (created
// and migrated when new): 80 % enterprises, statuses in the shares above, forms
// with provinces, industries, USCCs and contacts, numbers, days of joining over
// ten years and validities around today, filed in the time zone (Asia/Shanghai,
// membership.Config's default, when ""), so that a module opening it has
// nothing to file again. The seed is fixed: the same n gives the same members.
// A save path other than "" receives a copy of the seeded database. It returns
// how long the insert took.
func Registry(ctx context.Context, path string, n int, today time.Time, timezone, save string) (time.Duration, error) {
	db, err := bunstore.Open(ctx, path)
	if err != nil {
		return 0, fmt.Errorf("benchseed: %w", err)
	}
	defer func() { _ = db.Close() }()
	if timezone == "" {
		timezone = "Asia/Shanghai"
	}
	loc, err := time.LoadLocation(timezone)
	if err != nil {
		return 0, fmt.Errorf("benchseed: %w", err)
	}
	db.SetTimeZone(loc)
	if err := db.Migrate(ctx); err != nil {
		return 0, fmt.Errorf("benchseed: %w", err)
	}
	rng := rand.New(rand.NewPCG(2026, 10)) // #nosec G404 -- a fixed benchmark fixture
	snaps := make([]member.Snapshot, n)
	for i := range snaps {
		snaps[i] = seedMember(rng, i, today)
	}
	start := time.Now()
	if err := db.BulkInsertMembers(ctx, snaps); err != nil {
		return 0, fmt.Errorf("benchseed: insert: %w", err)
	}
	took := time.Since(start)
	if save != "" {
		if _, err := db.Bun().ExecContext(ctx, "VACUUM INTO ?", save); err != nil {
			return 0, fmt.Errorf("benchseed: save: %w", err)
		}
	}
	return took, nil
}

// seedMember is the i-th member of the seed.
func seedMember(rng *rand.Rand, i int, today time.Time) member.Snapshot {
	status := pickStatus(rng)
	joined := today.AddDate(0, 0, -rng.IntN(3650)-30)
	s := member.Snapshot{ID: id.New(joined.Add(-time.Duration(rng.IntN(90*24)) * time.Hour)),
		Kind: member.Enterprise, Email: fmt.Sprintf("m%06d@example.com", i), PasswordHash: "x", Status: status,
		Level: member.LevelOrdinary, CreatedAt: joined.AddDate(0, 0, -20), UpdatedAt: joined}
	if i%5 == 4 {
		s.Kind, s.Level = member.Individual, member.LevelIndividual
		s.Name = string(seedSurnames[(i/5)%len(seedSurnames)]) + string(seedGiven[(i/5/len(seedSurnames))%len(seedGiven)]) +
			string(seedGiven[(i/5/len(seedSurnames)/len(seedGiven))%len(seedGiven)])
	} else {
		j := i - i/5
		s.Name = seedPlaces[rng.IntN(len(seedPlaces))] + seedWords[j%len(seedWords)] +
			seedTrades[(j/len(seedWords))%len(seedTrades)] + seedForms[(j/len(seedWords)/len(seedTrades))%len(seedForms)]
		if j >= len(seedWords)*len(seedTrades)*len(seedForms) {
			s.Name += fmt.Sprint(j)
		}
	}
	if status != member.StatusRegistered {
		s.Application = seedForm(rng, s, i, joined)
	}
	if past(status, member.StatusApproved) {
		s.Number = fmt.Sprintf("%02d%06d", joined.Year()%100, i)
		if s.Kind == member.Individual {
			s.Number = fmt.Sprintf("GR%02d%06d", joined.Year()%100, i)
		}
		s.Application.ApprovedAt = joined
	}
	switch status {
	case member.StatusActive:
		s.ValidUntil = today.AddDate(0, 0, 31+rng.IntN(334))
	case member.StatusExpiring:
		s.ValidUntil = today.AddDate(0, 0, rng.IntN(31))
	case member.StatusLapsed:
		s.ValidUntil = today.AddDate(0, 0, -31-rng.IntN(1000))
	}
	if !s.ValidUntil.IsZero() {
		s.ValidFrom = s.ValidUntil.AddDate(-1, 0, 1)
	}
	return s
}

// seedForm is a saved application form of the member.
func seedForm(rng *rand.Rand, s member.Snapshot, i int, at time.Time) application.Application {
	province := seedProvinces[rng.IntN(len(seedProvinces))].Code
	contact := string(seedSurnames[rng.IntN(len(seedSurnames))]) + string(seedGiven[rng.IntN(len(seedGiven))])
	mobile := fmt.Sprintf("1%d%09d", 3+rng.IntN(7), rng.IntN(1_000_000_000))
	a := application.Application{SavedAt: at.AddDate(0, 0, -10)}
	if s.Kind == member.Individual {
		a.Individual = application.IndividualForm{Name: s.Name, Province: province, Mobile: mobile, Email: s.Email}
		return a
	}
	a.Enterprise = application.EnterpriseForm{Name: s.Name, USCC: fmt.Sprintf("91%016d", i), Province: province,
		Industry: seedIndustry[rng.IntN(len(seedIndustry))], ContactName: contact, ContactMobile: mobile,
		ContactEmail: fmt.Sprintf("c%06d@example.com", i)}
	return a
}

func pickStatus(rng *rand.Rand) member.Status {
	n := rng.IntN(1000)
	for _, s := range seedStatuses {
		if n < s.share {
			return s.status
		}
		n -= s.share
	}
	return member.StatusActive
}

// past reports whether status comes at or after from in the join flow.
func past(status, from member.Status) bool {
	order := map[member.Status]int{member.StatusRegistered: 0, member.StatusDraft: 1, member.StatusSubmitted: 2,
		member.StatusRejected: 2, member.StatusApproved: 3, member.StatusPaymentClaimed: 4, member.StatusPaid: 5,
		member.StatusAwaitingSecretariat: 6, member.StatusActive: 7, member.StatusExpiring: 7, member.StatusLapsed: 7}
	return order[status] >= order[from]
}
