"""A paste over the size a source may hold is refused in the browser, and the text stays."""

import pytest
from django.conf import settings

from sources.importing import MAX_TEXT_BYTES
from sources.models import Source
from tests.e2e.conftest import sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_an_oversize_paste_is_refused_beside_the_box_and_kept(page, analyst):
    sign_in(page, analyst.username)
    page.goto("/sources/add/")
    box = page.get_by_label("Paste the text")
    # Past the limit in UTF-8 bytes ("é" is two), and past what the server reads of a post at
    # all (DATA_UPLOAD_MAX_MEMORY_SIZE): sent, it could only come back empty.
    text = "é" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE // 2) + "x"
    box.evaluate("(el, text) => { el.value = text; }", text)
    page.get_by_role("button", name="Import").click()
    alert = page.get_by_role("alert")
    assert "larger than the 5 MB a source may hold" in alert.inner_text()
    assert page.url.endswith("/sources/add/")
    assert box.evaluate("el => el.value.length") == len(text)
    assert box.get_attribute("aria-invalid") == "true"
    assert Source.objects.count() == 0
    # One byte past the limit is refused too; trimmed to the limit, the same box imports.
    box.evaluate("(el, n) => { el.value = el.value.slice(0, n) + 'x'; }", MAX_TEXT_BYTES // 2)
    page.get_by_role("button", name="Import").click()
    assert page.get_by_role("alert").count() == 1 and Source.objects.count() == 0
    box.evaluate("el => { el.value = el.value.slice(0, -1); }")
    page.get_by_label("Title").fill("A long report")
    page.get_by_label("Look for candidate claims after import").uncheck()
    page.get_by_role("button", name="Import").click()
    page.wait_for_url("**/sources/*/**")
    assert Source.objects.get().title == "A long report"
    assert len(Source.objects.get().text.encode()) == MAX_TEXT_BYTES
