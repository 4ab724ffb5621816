"""The admin's audit event list shows each action's Chinese name beside its code; the code stays searchable."""

import pytest

from sunshine.audit.labels import action_label
from sunshine.audit.services import record

pytestmark = pytest.mark.django_db

LIST = "/admin/audit/auditevent/"


@pytest.fixture
def events(departments, clerk):
    target = departments["fgw"]
    return {code: record(action=code, target=target, actor=clerk)
            for code in ("publication.submit", "publication.finding.resolve", "something.new")}


def test_list_shows_the_chinese_label_and_the_code(admin_client, events):
    submit = action_label("publication.submit")
    assert submit != "publication.submit"
    html = admin_client.get(LIST).content.decode()
    assert f'<td class="field-action_name">{submit}</td>' in html
    assert '<td class="field-action_code">publication.submit</td>' in html
    assert f'<td class="field-action_name">{action_label("publication.finding.resolve")}</td>' in html
    assert '<td class="field-action_name">something.new</td>' in html  # an unknown code is shown as it is
    # the filter lists actions by label, with the code after it
    assert f"{submit}（publication.submit）" in html


def test_filter_and_search_by_code_or_label(admin_client, events):
    response = admin_client.get(LIST, {"action": "publication.submit"})
    assert [e.action for e in response.context["cl"].result_list] == ["publication.submit"]
    response = admin_client.get(LIST, {"q": "finding.resolve"})
    assert [e.action for e in response.context["cl"].result_list] == ["publication.finding.resolve"]
    response = admin_client.get(LIST, {"q": action_label("publication.finding.resolve")})
    assert [e.action for e in response.context["cl"].result_list] == ["publication.finding.resolve"]


def test_event_page_shows_the_label(admin_client, events):
    event = events["publication.submit"]
    html = admin_client.get(f"{LIST}{event.pk}/change/").content.decode()
    assert action_label("publication.submit") in html and "publication.submit" in html
