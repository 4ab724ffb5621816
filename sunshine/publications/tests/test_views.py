"""Public column and staff pages: masking, notices, catalogue query counts, feeds, tables, scoping, UI gate."""

import datetime as dt
import xml.etree.ElementTree as ET

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from sunshine.core.errors import DomainError
from sunshine.publications import services, tally
from sunshine.publications.models import Category, Genre, Publication
from sunshine.publications.tests.conftest import MOBILE, RESIDENT_ID, txt, xlsx
from sunshine.publications.workflow import Status

pytestmark = pytest.mark.django_db


def _bulk_published(departments, n, *, category_code="social_security"):
    category = Category.objects.get(code=category_code)
    genre = Genre.objects.get(code="notice")
    now = timezone.now()
    created = Publication.objects.bulk_create([Publication(
        index_number=f"T/{i:05d}", title=f"测试信息{i}", department=departments["fgw" if i % 2 else "zjj"],
        level="county", category=category, genre=genre, created_on=dt.date(2026, 1, 1),
        published_at=now - dt.timedelta(minutes=i), status=Status.PUBLISHED, body="正文") for i in range(n)])
    tally.adjust(tally.count_keys(created))  # as every bulk path does (seed.py, importer.py)


def test_public_item_shows_metadata_and_masked_body(client, draft, publish, clerk):
    p = draft(f"联系人身份证号 {RESIDENT_ID}，手机 {MOBILE}。", document_number="随发改发〔2026〕5号")
    services.publication_attach(publication=p, actor=clerk, uploaded_file=txt("说明.txt", "附件正文"))
    p = publish(p)
    html = client.get(reverse("publications:item", args=[p.pk])).content.decode()
    for label in ("索引号", "发布机构", "生成日期", "文号", "主题分类", "有效性"):
        assert f'<th scope="row">{label}</th>' in html
    assert p.index_number in html and "随发改发〔2026〕5号" in html
    assert "421321********0033" in html and "138****4567" in html
    assert RESIDENT_ID not in html and MOBILE not in html
    attachment = p.attachments.get()
    response = client.get(reverse("publications:attachment", args=[p.pk, attachment.pk]))
    assert response.status_code == 200 and b"".join(response.streaming_content) == "附件正文".encode()
    assert client.get(reverse("publications:item-print", args=[p.pk])).status_code == 200


def test_unpublished_items_are_404_publicly(client, draft, clerk):
    p = draft()
    assert client.get(reverse("publications:item", args=[p.pk])).status_code == 404
    services.publication_submit(publication=p, actor=clerk)
    assert client.get(reverse("publications:item", args=[p.pk])).status_code == 404


def test_scheduled_item_is_not_public_until_its_time(client, draft, publish):
    p = publish(draft(), publish_at=timezone.now() + dt.timedelta(hours=1))
    assert client.get(reverse("publications:item", args=[p.pk])).status_code == 404
    assert p.title not in client.get(reverse("publications:catalogue")).content.decode()


def test_withdrawn_item_shows_the_notice(client, draft, publish, office_head):
    p = publish(draft())
    services.publication_withdraw(publication=p, actor=office_head, reason="统计口径有误")
    response = client.get(reverse("publications:item", args=[p.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    day = timezone.localtime(Publication.objects.get(pk=p.pk).withdrawn_at)
    assert f"该信息已于{day.year}年{day.month}月{day.day}日撤回，原因：统计口径有误" in html
    assert "城乡居民基本养老保险缴费的通知正文" not in html


def test_superseded_item_links_to_the_replacement(client, draft, publish, office_head):
    old = publish(draft(title="旧版管理办法"))
    new = publish(draft(title="新版管理办法"))
    services.publication_supersede(publication=old, actor=office_head, replacement=new, reason="已修订")
    html = client.get(reverse("publications:item", args=[old.pk])).content.decode()
    assert "已被《" in html and f'href="/gk/i/{new.pk}/"' in html and "新版管理办法" in html


def test_interpretation_links_both_ways(client, draft, publish):
    document = publish(draft(title="随县就业补贴办法"))
    interpretation = publish(draft(title="《随县就业补贴办法》政策解读", interprets=[document],
                                   genre=Genre.objects.get(code="interpretation")))
    html = client.get(reverse("publications:item", args=[document.pk])).content.decode()
    assert "相关解读" in html and "《随县就业补贴办法》政策解读" in html
    html = client.get(reverse("publications:item", args=[interpretation.pk])).content.decode()
    assert "解读的文件" in html


def test_xlsx_table_renders_as_accessible_html(client, draft, publish, clerk):
    p = draft("三资公开")
    services.publication_set_table(publication=p, actor=clerk, uploaded_file=xlsx(
        [("序号", "项目", "金额（元）"), (1, "机动地发包", 25800), (2, "<script>", 10.5)]))
    p = publish(p)
    html = client.get(reverse("publications:item", args=[p.pk])).content.decode()
    assert '<th scope="col">序号</th><th scope="col">项目</th><th scope="col">金额（元）</th>' in html
    assert "<td>1</td><td>机动地发包</td><td>25800</td>" in html
    assert "<td>&lt;script&gt;</td><td>10.5</td>" in html
    data = client.get(f"/api/v1/publications/{p.index_number}").json()
    assert data["table"]["header"] == ["序号", "项目", "金额（元）"] and data["table"]["rows"][0] == ["1", "机动地发包",
                                                                                                "25800"]


def test_catalogue_query_count_is_constant(client, departments, django_assert_num_queries):
    _bulk_published(departments, 45)
    url = reverse("publications:category", args=["social_security"])
    client.get(url)  # warm the count cache
    client.get(url + "?page=2")
    with django_assert_num_queries(0):  # served from the page cache
        client.get(url)
    cache.clear()
    client.get(url + "?page=2")  # the count is cached again, the pages 1 and 3 are not
    with django_assert_num_queries(2):  # the category, the page rows
        first = client.get(url)
    with django_assert_num_queries(2):
        third = client.get(url + "?page=3")
    assert first.content.decode().count('<tr class="catalogue-row">') == 20
    assert third.content.decode().count('<tr class="catalogue-row">') == 5


def test_item_page_query_count_is_constant(client, draft, publish, clerk, django_assert_num_queries):
    p = draft()
    services.publication_attach(publication=p, actor=clerk, uploaded_file=txt("a.txt", "一"))
    services.publication_attach(publication=p, actor=clerk, uploaded_file=txt("b.txt", "二"))
    p = publish(p)
    with django_assert_num_queries(3):  # item, attachments, interpretation links (both directions)
        client.get(reverse("publications:item", args=[p.pk]))
    client.force_login(clerk)  # logged-in users are never served from the page cache
    with django_assert_num_queries(3 + 2):  # + session and user
        client.get(reverse("publications:item", args=[p.pk]))


def test_catalogue_by_department_and_filters(client, departments):
    _bulk_published(departments, 6)
    html = client.get(reverse("publications:department", args=["zjj"])).content.decode()
    assert "测试信息0" in html and "测试信息1<" not in html
    html = client.get(reverse("publications:departments")).content.decode()
    assert "随县住房和城乡建设局" in html


def test_atom_feeds(client, departments):
    _bulk_published(departments, 3)
    for url in (reverse("publications:feed-category", args=["social_security"]),
                reverse("publications:feed-department", args=["fgw"])):
        response = client.get(url)
        assert response.status_code == 200
        assert response["Content-Type"].startswith("application/atom+xml")
        root = ET.fromstring(response.content)
        entries = root.findall("{http://www.w3.org/2005/Atom}entry")
        assert entries
    titles = [e.find("{http://www.w3.org/2005/Atom}title").text for e in ET.fromstring(
        client.get(reverse("publications:feed-department", args=["fgw"])).content).findall(
        "{http://www.w3.org/2005/Atom}entry")]
    assert titles == ["测试信息1"]
    assert client.get(reverse("publications:feed-category", args=["nope"])).status_code == 404


def test_search_page_finds_by_two_characters_and_masks(client, draft, publish):
    p = publish(draft(f"香菇产业扶持资金发放对象手机 {MOBILE}", title="关于香菇产业扶持资金的公示"))
    html = client.get(reverse("publications:search"), {"q": "香菇"}).content.decode()
    assert f"/gk/i/{p.pk}/" in html and "<mark>" in html
    assert MOBILE not in html
    html = client.get(reverse("publications:search"), {"q": MOBILE}).content.decode()
    assert f"/gk/i/{p.pk}/" not in html  # the unmasked number was never indexed
    html = client.get(reverse("publications:search"), {"q": "，，"}).content.decode()
    assert 'role="alert"' in html


def test_search_by_index_number(client, draft, publish):
    p = publish(draft())
    html = client.get(reverse("publications:search"), {"q": p.index_number}).content.decode()
    assert f"/gk/i/{p.pk}/" in html


def test_withdrawn_item_leaves_search(client, draft, publish, office_head):
    p = publish(draft(title="关于香菇产业扶持资金的公示"))
    services.publication_withdraw(publication=p, actor=office_head, reason="重复发布")
    html = client.get(reverse("publications:search"), {"q": "香菇"}).content.decode()
    assert f"/gk/i/{p.pk}/" not in html


def test_guide_page_and_editing(client, office_head, clerk, departments):
    client.force_login(clerk)
    assert client.get(reverse("publications:guide-edit", args=["fgw"])).status_code == 404
    client.force_login(office_head)
    response = client.post(reverse("publications:guide-edit", args=["fgw"]), {
        "office_name": "随县发展和改革局办公室", "address": "随县厉山镇", "hours": "工作日", "phone": "0722-4222101",
        "fax": "", "postal_code": "441300", "website": "", "email": "", "classification": "分类",
        "arrangement": "编排", "how_to_obtain": "获取方式", "other": ""})
    assert response.status_code == 302
    client.logout()
    html = client.get(reverse("publications:guide-department", args=["fgw"])).content.decode()
    assert "随县发展和改革局办公室" in html and "0722-4222101" in html and "获取方式" in html



def test_department_catalogue_links_its_guide_only_when_there_is_one(client, office_head, departments):
    """A department without a published guide got a 公开指南 link that led to a 404."""
    guide_url = reverse("publications:guide-department", args=["fgw"])
    html = client.get(reverse("publications:department", args=["fgw"])).content.decode()
    assert "订阅本机构" in html and guide_url not in html
    assert client.get(guide_url).status_code == 404
    client.force_login(office_head)
    client.post(reverse("publications:guide-edit", args=["fgw"]), {
        "office_name": "随县发展和改革局办公室", "address": "随县厉山镇", "hours": "工作日", "phone": "0722-4222101",
        "fax": "", "postal_code": "441300", "website": "", "email": "", "classification": "分类",
        "arrangement": "编排", "how_to_obtain": "获取方式", "other": ""})
    client.logout()
    cache.clear()
    html = client.get(reverse("publications:department", args=["fgw"])).content.decode()
    assert f'href="{guide_url}"' in html
    assert client.get(guide_url).status_code == 200

# --- staff pages --------------------------------------------------------------------------------------

def test_other_departments_draft_is_404(client, draft, other_clerk):
    p = draft()
    client.force_login(other_clerk)
    assert client.get(reverse("publications:staff-detail", args=[p.pk])).status_code == 404
    assert client.post(reverse("publications:staff-action", args=[p.pk, "submit"])).status_code == 404


def test_staff_flow_through_the_pages(client, clerk, reviewer, category, genre):
    client.force_login(clerk)
    response = client.post(reverse("publications:staff-create"), {
        "title": "关于临时救助的公示", "document_number": "", "category": category.pk, "genre": genre.pk,
        "created_on": timezone.localdate().isoformat(), "validity": "", "summary": "",
        "body": f"救助对象身份证 {RESIDENT_ID}", "interprets_numbers": "",
        "file": txt("名单.txt", f"手机 {MOBILE}")})
    assert response.status_code == 302
    p = Publication.objects.get(title="关于临时救助的公示")
    client.post(reverse("publications:staff-action", args=[p.pk, "submit"]))
    html = client.get(reverse("publications:staff-detail", args=[p.pk])).content.decode()
    assert "尚有 2 处未处理" in html and "421321********0033" in html and "138****4567" in html
    # the clerk has no publish button and a forged POST changes nothing
    assert "保密审查通过" not in html
    client.post(reverse("publications:staff-action", args=[p.pk, "publish"]))
    client.post(reverse("publications:staff-action", args=[p.pk, "approve"]))
    p.refresh_from_db()
    assert p.status == Status.SUBMITTED
    client.force_login(reviewer)
    # approval refused while findings are open
    response = client.post(reverse("publications:staff-action", args=[p.pk, "approve"]), follow=True)
    assert "未处理" in response.content.decode()
    for f in p.findings.all():
        client.post(reverse("publications:finding-resolve", args=[p.pk, f.pk]), {"resolution": "mask"})
    client.post(reverse("publications:staff-action", args=[p.pk, "approve"]))
    client.post(reverse("publications:staff-action", args=[p.pk, "approve"]))
    response = client.post(reverse("publications:staff-action", args=[p.pk, "publish"]), follow=True)
    assert "替换文件" in response.content.decode()  # the attachment's original holds a masked finding
    attachment = p.attachments.get()
    client.post(reverse("publications:attachment-public", args=[p.pk, attachment.pk]), {"is_public": "0"})
    client.post(reverse("publications:staff-action", args=[p.pk, "publish"]))
    p.refresh_from_db()
    assert p.status == Status.PUBLISHED
    record = client.get(reverse("publications:staff-record", args=[p.pk])).content.decode()
    for step in ("起草", "提交审查", "保密审查", "规范性审核", "敏感信息处理", "发布", "孙审核", "王经办"):
        assert step in record


def test_ui_refuses_publication_with_unresolved_findings(client, draft, clerk, reviewer):
    p = draft(f"手机 {MOBILE}")
    services.publication_submit(publication=p, actor=clerk)
    f = p.findings.get()
    services.finding_resolve(finding=f, actor=reviewer, resolution="keep", justification="单位公开电话")
    services.publication_approve(publication=p, actor=reviewer)
    services.publication_approve(publication=Publication.objects.get(pk=p.pk), actor=reviewer)
    # a new finding appears (e.g. a replacement file) — simulate by un-resolving
    f.resolution, f.justification = "", ""
    f.save()
    client.force_login(reviewer)
    response = client.post(reverse("publications:staff-action", args=[p.pk, "publish"]), follow=True)
    assert "不能发布" in response.content.decode()
    p.refresh_from_db()
    assert p.status == Status.APPROVED


def test_refused_review_actions_keep_what_was_typed(client, draft, publish, clerk, reviewer, office_head):
    """A refused action re-shows the page with its error and the typed text (it used to redirect and lose it)."""
    p = draft(f"手机 {MOBILE}")
    services.publication_submit(publication=p, actor=clerk)
    finding = p.findings.get()
    client.force_login(reviewer)
    detail = reverse("publications:staff-detail", args=[p.pk])
    # a justification typed without choosing 遮盖/删除/保留
    response = client.post(reverse("publications:finding-resolve", args=[p.pk, finding.pk]),
                           {"justification": "单位公开的办公电话"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "请选择处理方式。" in html and 'value="单位公开的办公电话"' in html
    # approval refused while a finding is open: the review comment stays
    response = client.post(reverse("publications:staff-action", args=[p.pk, "approve"]), {"comment": "内容已核对无误"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "未处理" in html and ">内容已核对无误</textarea>" in html
    p.refresh_from_db()
    assert p.status == Status.SUBMITTED
    assert "内容已核对无误" not in client.get(detail).content.decode()  # only the refused form is refilled
    # marking a published item as superseded by an unknown index number keeps the number and the reason
    published = publish(draft(title="关于旧办法的公告"))
    client.force_login(office_head)
    response = client.post(reverse("publications:staff-action", args=[published.pk, "supersede"]),
                           {"replacement": "000000/2026-99999", "reason": "已由新办法替代"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "找不到该索引号的替代文件。" in html
    assert 'value="000000/2026-99999"' in html and ">已由新办法替代</textarea>" in html
    published.refresh_from_db()
    assert published.status == Status.PUBLISHED

def test_refused_finding_shows_the_forms_own_error(client, draft, clerk, reviewer):
    """A NUL in the justification is reported as such, next to the field, with what was typed kept (the page used
    to say "请选择处理方式。" whatever was wrong)."""
    p = draft(f"手机 {MOBILE}")
    services.publication_submit(publication=p, actor=clerk)
    finding = p.findings.get()
    client.force_login(reviewer)
    response = client.post(reverse("publications:finding-resolve", args=[p.pk, finding.pk]),
                           {"resolution": "keep", "justification": "单位公开的\x00办公电话"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "请选择处理方式" not in html
    assert "保留理由：内容含有不可见的空字符（NUL），请删除后重新提交。" in html  # the message at the top
    assert f'<ul class="field-errors" id="just-{finding.pk}-errors"><li>内容含有不可见的空字符' in html  # by the field
    assert f'value="单位公开的\x00办公电话" aria-invalid="true" aria-describedby="just-{finding.pk}-errors"' in html
    assert '<input type="radio" name="resolution" value="keep" checked>' in html
    # a choice that is not offered is named as such, in Chinese
    response = client.post(reverse("publications:finding-resolve", args=[p.pk, finding.pk]),
                           {"resolution": "publish", "justification": "单位公开的办公电话"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "处理方式：请选择遮盖、删除或保留。" in html and 'value="单位公开的办公电话"' in html
    # the service's refusal (保留 without a reason) is shown by the field too
    response = client.post(reverse("publications:finding-resolve", args=[p.pk, finding.pk]), {"resolution": "keep"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "选择保留时必须写明理由。" in html and f'id="just-{finding.pk}-errors"' in html
    finding.refresh_from_db()
    assert finding.resolution == "" and finding.justification == ""


def test_staff_list_is_scoped(client, draft, other_clerk, office_head):
    p = draft(title="发改局的草稿")
    client.force_login(other_clerk)
    assert "发改局的草稿" not in client.get(reverse("publications:staff-list")).content.decode()
    client.force_login(office_head)
    assert "发改局的草稿" in client.get(reverse("publications:staff-list")).content.decode()
    assert p.index_number in client.get(reverse("publications:staff-list"), {"q": p.index_number}).content.decode()


def test_page_cache_is_invalidated_by_withdrawal(client, draft, publish, office_head,
                                                 django_capture_on_commit_callbacks):
    p = publish(draft(title="会被撤回的通知"))
    url = reverse("publications:item", args=[p.pk])
    assert "会被撤回的通知" in client.get(url).content.decode()
    catalogue = client.get(reverse("publications:catalogue")).content.decode()
    assert "会被撤回的通知" in catalogue
    with django_capture_on_commit_callbacks(execute=True):
        services.publication_withdraw(publication=p, actor=office_head, reason="错误")
    assert "撤回，原因：错误" in client.get(url).content.decode()
    assert "会被撤回的通知" not in client.get(reverse("publications:catalogue")).content.decode()


def test_cached_pages_hold_no_csrf_token(client, draft, publish):
    p = publish(draft())
    response = client.get(reverse("publications:item", args=[p.pk]))
    assert "csrftoken" not in response.cookies
    assert '"X-CSRFToken": ""' in response.content.decode()


def test_staff_list_shows_timeliness_chips_without_n_plus_one(client, draft, supervisor, django_assert_num_queries):
    for i in range(3):
        draft(title=f"草稿{i}", created_on=timezone.localdate() - dt.timedelta(days=60))  # long overdue: red
    client.force_login(supervisor)  # supervisors see every department's clocks
    client.get(reverse("publications:staff-list"))
    with django_assert_num_queries(10):
        html = client.get(reverse("publications:staff-list")).content.decode()
    assert html.count("红牌 已超期") == 3
    draft(title="草稿3", created_on=timezone.localdate() - dt.timedelta(days=60))
    with django_assert_num_queries(10):
        html = client.get(reverse("publications:staff-list")).content.decode()
    assert html.count("红牌 已超期") == 4


def test_search_filters_by_department_level_and_validity(client, draft, publish, departments, make_staff):
    from sunshine.orgs.models import Department, Division

    village = Division.objects.create(code="421321100201", name="新街村", level="village",
                                      parent=departments["fgw"].division)
    committee = Department.objects.create(code="village-421321100201", name="新街村村民委员会", division=village)
    village_clerk = make_staff("vc", department=None, role="审核人")
    village_clerk.department = committee
    village_clerk.save()
    county_item = publish(draft(title="关于香菇产业补贴的通知", validity="effective"))
    p = draft(title="新街村香菇产业三资公开", actor=village_clerk)
    assert p.level == "village"
    from sunshine.publications import services as s

    s.publication_submit(publication=p, actor=village_clerk)
    s.publication_approve(publication=p, actor=village_clerk)
    s.publication_approve(publication=Publication.objects.get(pk=p.pk), actor=village_clerk)
    s.publication_publish(publication=p, actor=village_clerk)
    url = reverse("publications:search")
    html = client.get(url, {"q": "香菇", "level": "village"}).content.decode()
    assert f"/gk/i/{p.pk}/" in html and f"/gk/i/{county_item.pk}/" not in html
    html = client.get(url, {"q": "香菇", "department": departments["fgw"].pk}).content.decode()
    assert f"/gk/i/{county_item.pk}/" in html and f"/gk/i/{p.pk}/" not in html
    html = client.get(url, {"q": "香菇", "validity": "effective", "order": "date"}).content.decode()
    assert f"/gk/i/{county_item.pk}/" in html and f"/gk/i/{p.pk}/" not in html


def test_staff_view_of_full_identity_numbers_is_audited(client, draft, clerk, reviewer):
    from sunshine.audit.services import events_for

    p = draft(f"身份证 {RESIDENT_ID}")
    plain = draft("无个人信息")
    services.publication_submit(publication=p, actor=clerk)
    services.publication_submit(publication=plain, actor=clerk)
    client.force_login(reviewer)
    html = client.get(reverse("publications:staff-detail", args=[p.pk])).content.decode()
    assert RESIDENT_ID in html  # the reviewer needs the full value to decide
    views = [e for e in events_for(p) if e.action == "publication.personal_data.view"]
    assert len(views) == 1 and views[0].actor == reviewer and views[0].after["kinds"] == ["resident_id"]
    client.get(reverse("publications:staff-detail", args=[plain.pk]))
    assert not [e for e in events_for(plain) if e.action == "publication.personal_data.view"]


def test_home_page_lists_the_newest_published_items(client, draft, publish):
    older = publish(draft(title="关于第一批香菇产业资金的公示"))
    newer = publish(draft(title="关于第二批香菇产业资金的公示"))
    unpublished = draft(title="尚在起草的香菇通知")
    html = client.get("/").content.decode()
    assert f"/gk/i/{newer.pk}/" in html and f"/gk/i/{older.pk}/" in html
    assert html.index(newer.title) < html.index(older.title)
    assert unpublished.title not in html


@pytest.mark.parametrize(("post", "message"), [
    ({"is_public": "0", "reason": "涉及个人\x00隐私"}, "理由：内容含有不可见的空字符"),
    ({"is_public": "2"}, "公开属性：请选择公开或不公开。"),
    ({}, "公开属性：请选择公开或不公开。"),
])
def test_attachment_public_refuses_a_hand_made_post_in_chinese(client, draft, clerk, reviewer, post, message):
    """The page sends only is_public; a crafted body with a NUL reason was a 500 on PostgreSQL."""
    p = draft("正文")
    services.publication_attach(publication=p, actor=clerk, uploaded_file=txt("说明.txt", "附件正文"))
    services.publication_submit(publication=p, actor=clerk)
    attachment = p.attachments.get()
    client.force_login(reviewer)
    response = client.post(reverse("publications:attachment-public", args=[p.pk, attachment.pk]), post, follow=True)
    assert response.status_code == 200 and message in response.content.decode()
    attachment.refresh_from_db()
    assert attachment.is_public is True


SUSPECT_ID = "421321198503120034"  # 随县, real birth date, wrong check digit (the valid one ends in 3)


def test_suspect_resident_id_must_be_resolved_and_is_masked_publicly(client, draft, clerk, reviewer, publish):
    """Issue 12 item 7: a mistyped resident ID is a finding of its own kind (疑似身份证号), blocks publication
    until resolved, and is masked like an ID on the public page."""
    p = draft(f"救助对象王某某，身份证号 {SUSPECT_ID}，救助金额 1500 元。")
    services.publication_submit(publication=p, actor=clerk)
    [finding] = p.findings.filter(is_current=True)
    assert (finding.kind, finding.kind_label, finding.masked) == ("suspect_resident_id", "疑似身份证号",
                                                                  "421321********0034")
    with pytest.raises(DomainError, match="未处理"):
        services.publication_approve(publication=p, actor=reviewer)
    client.force_login(reviewer)
    html = client.get(reverse("publications:staff-detail", args=[p.pk])).content.decode()
    assert "疑似身份证号" in html
    p = publish(p)
    html = client.get(reverse("publications:item", args=[p.pk])).content.decode()
    assert "421321********0034" in html and SUSPECT_ID not in html


def test_search_by_index_number_and_document_number_puts_the_item_first(client, draft, publish):
    """Issue 12 item 8: the index number (索引号) and the document number (文号, with any brackets around the year,
    full-width or not) find the item, first on the page."""
    from sunshine.publications.selectors import document_number_forms

    assert document_number_forms("随发改发[2026] 5号") == ["随发改发[2026]5号", "随发改发〔2026〕5号"]
    assert document_number_forms("随发改发（2026）5号") == ["随发改发(2026)5号", "随发改发〔2026〕5号"]
    target = publish(draft("正文。", title="关于做好春耕备耕工作的通知", document_number="随发改发〔2026〕5号"))
    publish(draft("随发改发〔2026〕5号文件的解读。", title="春耕备耕政策解读"))  # mentions the number in its body
    for query in (target.index_number, " ".join(target.index_number.split("/")).replace(" ", "／"),
                  "随发改发〔2026〕5号", "随发改发[2026]5号", "随发改发（２０２６）5号"):
        html = client.get(reverse("publications:search"), {"q": query}).content.decode()
        first = html.index('class="result-title"')
        assert f'/gk/i/{target.pk}/' in html[first:first + 300], query
        assert "索引号或文号一致" in html[first:first + 400], query
def test_a_body_over_the_size_cap_is_refused_in_chinese(client, draft, clerk, api_client, category, genre):
    """Found: a 12 MB draft body with 300,000 phone numbers took 69 s to submit and made a 106 MB staff page."""
    from sunshine.core.errors import DomainError

    with pytest.raises(DomainError) as exc:
        draft("字" * (services.BODY_MAX_CHARS + 1))
    assert exc.value.field == "body" and "正文不能超过200000个字" in exc.value.message
    api_client.force_authenticate(clerk)
    response = api_client.post("/api/v1/publications/drafts/", {
        "title": "超长正文", "category": category.code, "genre": genre.code, "created_on": "2026-01-05",
        "body": "电话13800138000。" * 20_000}, format="json")
    assert response.status_code == 400 and "正文不能超过" in response.json()["errors"]["body"][0]
    assert not Publication.objects.filter(title="超长正文").exists()


def test_the_staff_page_lists_the_first_findings_and_counts_the_rest(client, draft, clerk, reviewer):
    body = "，".join(f"电话139{n:08d}" for n in range(260))
    p = draft(body)
    services.publication_submit(publication=p, actor=clerk)
    assert p.findings.filter(is_current=True).count() == 260
    client.force_login(reviewer)
    html = client.get(reverse("publications:staff-detail", args=[p.pk])).content.decode()
    assert html.count('<tbody class="finding" id="finding-') == 200  # one row group per finding (row + its form)
    assert "共 260 处，此处列出前 200 处" in html and "其余 60 处" in html
    assert "尚有 260 处未处理" in html  # the gate still counts every finding
