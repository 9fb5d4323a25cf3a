package webui

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"

	"github.com/openassoc/membership/core/app/query"
)

// The list's rows escape every value and mark what is missing.
func TestMemberRowsEscape(t *testing.T) {
	out := string(memberRows([]query.MemberListItem{{ID: "m1", Name: `<script>alert("x")</script>`,
		Email: "a&b@example.com", ContactName: "王'伟", JoinedOn: time.Date(2024, 3, 1, 0, 0, 0, 0, time.UTC)}}))
	assert.Contains(t, out, `<a href="/admin/members/m1">&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;</a>`)
	assert.NotContains(t, out, "<script>")
	assert.Contains(t, out, "a&amp;b@example.com")
	assert.Contains(t, out, "王&#39;伟")
	assert.Contains(t, out, `<span class="muted">未分配</span>`, "no number yet")
	assert.Contains(t, out, `<td class="nowrap">2024-03-01</td>`)
	assert.Contains(t, out, `<td class="nowrap"><span class="muted">—</span></td>`, "no validity")
}

// The filters' selects and the sort's options are labelled and escaped.
func TestFilterItemsAndOptions(t *testing.T) {
	out := string(filterItems([]facetSelect{{Param: "province", Label: "所在省份",
		Options: `<option value="11">北京市（3）</option>`}}))
	assert.Contains(t, out, `<label for="f-province">所在省份</label>`)
	assert.Contains(t, out, `<select id="f-province" class="input" name="province">`)
	assert.Contains(t, out, `<option value="">全部</option>`)
	assert.Contains(t, out, `<option value="11">北京市（3）</option>`)
	opts := string(optionsHTML([]optionView{{Value: `a"b`, Label: "<x>", Selected: true}, {Value: "c", Label: "d"}}))
	assert.Equal(t, `<option value="a&#34;b" selected>&lt;x&gt;</option>`+"\n"+`<option value="c">d</option>`+"\n", opts)
}
