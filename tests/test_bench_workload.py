"""`make bench` asks for pages as they are really used (benchtools.workload), and the addresses
it makes for that carry references, record numbers, filters and search tokens only: never a
child's name, which would end up in access logs."""

import importlib.util
import io
import re
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from accounts import roles
from benchtools import workload
from concerns.models import Child

pytestmark = pytest.mark.django_db
LOAD = Path(__file__).resolve().parent.parent / "scripts" / "benchlib" / "load.py"


def _names() -> set[str]:
    names = set()
    for first, last in Child.objects.values_list("first_name", "last_name"):
        names |= {first.lower(), last.lower()}
    return names


def _load_module():
    spec = importlib.util.spec_from_file_location("bench_load", LOAD)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _searched_addresses(pages) -> list[str]:
    """Where each search leads when a signed-in lead posts it, as the benchmark does."""
    client = Client()
    client.force_login(User.objects.filter(groups__name=roles.LEAD).first())
    addresses = []
    for page in pages:
        for search in page.searches[:20]:
            response = client.post(page.search_at, search)
            if response.status_code in (301, 302, 303):
                addresses.append(response["Location"])
    return addresses


def test_the_benchmark_never_puts_a_childs_name_in_an_address(tmp_path):
    call_command("seed_bench", concerns=300, stdout=io.StringIO())
    pages = workload.build(count=60)
    names = _names()
    searches = [page for page in pages if page.search_at]
    assert searches, "the benchmark searches"
    # The searches do name children: in their POST bodies only.
    for page in searches:
        words = {
            word.lower() for search in page.searches for v in search.values() for word in v.split()
        }
        assert words & names, page.label
    addresses = [path for page in pages for path in page.paths] + _searched_addresses(searches)
    assert len(addresses) > 500
    for address in addresses:
        assert not workload.words_in(address) & names, address
    # And the wrk scripts made from them ask for the same addresses.
    load = _load_module()
    sessions = [load.Session("sessionid=x", "t", paths=tuple(_searched_addresses(searches)))]
    script = load.real_use_script(tmp_path / "page.lua", sessions, paths=pages[1].paths)
    in_script = re.findall(r"\[==\[(/[^\]]*)\]==\]", script.read_text())
    assert len(in_script) > 60
    for address in in_script:
        assert not workload.words_in(address) & names, address


def test_the_benchmark_files_and_finds_what_it_says():
    """Filing a child like an existing one is put to the leads as a possible match; filing
    with entities links them; the plain filing finds no one alike."""
    from concerns.models import Concern, PossibleMatch
    from network.models import EntityLink

    call_command("seed_bench", concerns=300, stdout=io.StringIO())
    pages = {page.slug: page for page in workload.build(count=10)}
    client = Client()
    client.force_login(User.objects.filter(groups__name=roles.PRACTITIONER).first())
    before = Concern.objects.count(), PossibleMatch.objects.count(), EntityLink.objects.count()
    for slug in ("file", "file-matching", "file-entities"):
        for form in pages[slug].forms:
            response = client.post(pages[slug].post_at, workload.with_token(form))
            assert response.status_code == 302, (slug, response.content[:2000])
    assert Concern.objects.count() == before[0] + 30
    assert PossibleMatch.objects.count() >= before[1] + 5  # most of the ten
    assert EntityLink.objects.count() == before[2] + 30


def test_the_benchmarks_everyday_filings_name_entities_as_the_seed_did():
    """A third of everyday filings name one to three entities, each one a practitioner could
    type and the intake accepts; the rest name none."""
    from network.models import EntityLink

    call_command("seed_bench", concerns=300, stdout=io.StringIO())
    forms = {page.slug: page for page in workload.build(count=60)}["file-mixed"].forms
    client = Client()
    client.force_login(User.objects.filter(groups__name=roles.PRACTITIONER).first())
    naming = [form for form in forms if any(name.endswith("_count") for name in form)]
    assert 10 <= len(naming) <= 30
    for form in forms:
        before = EntityLink.objects.count()
        response = client.post(reverse("concern_new"), workload.with_token(form))
        assert response.status_code == 302, response.content[:2000]
        named = sum(int(value) for name, value in form.items() if name.endswith("_count"))
        assert EntityLink.objects.count() - before == named
