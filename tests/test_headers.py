"""Security headers, cookies and the production deployment check."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings as django_settings

from .factories import PASSWORD, file_test_concern

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def concern(practitioner):
    return file_test_concern(filed_by=practitioner)


def _directives(response) -> dict[str, str]:
    policy = response["Content-Security-Policy"]
    return {
        part.split()[0]: " ".join(part.split()[1:])
        for part in (piece.strip() for piece in policy.split(";"))
        if part
    }


@pytest.mark.parametrize("which", ["concern_detail", "concern_filed", "concern_list"])
def test_pages_showing_child_data_are_never_cached(practitioner_client, concern, which):
    path = {
        "concern_detail": f"/concerns/{concern.reference}/",
        "concern_filed": f"/concerns/{concern.reference}/filed/",
        "concern_list": "/concerns/",
    }[which]

    response = practitioner_client.get(path)

    assert response.status_code == 200
    assert concern.reference in response.text
    assert response["Cache-Control"] == "no-store"


def test_sign_in_page_is_never_cached(client):
    assert client.get("/accounts/login/")["Cache-Control"] == "no-store"


def test_content_security_policy_is_strict_and_the_start_up_script_carries_its_nonce(
    practitioner_client, concern
):
    response = practitioner_client.get(f"/concerns/{concern.reference}/")

    directives = _directives(response)
    assert "unsafe-inline" not in response["Content-Security-Policy"]
    assert "unsafe-eval" not in response["Content-Security-Policy"]
    assert directives["default-src"] == "'self'"
    assert directives["style-src"] == "'self'"
    assert directives["frame-ancestors"] == "'none'"
    assert directives["object-src"] == "'none'"
    assert directives["base-uri"] == "'none'"
    nonce = re.search(r"'nonce-([^']+)'", directives["script-src"]).group(1)
    inline_scripts = re.findall(r"<script(?![^>]*\bsrc=)([^>]*)>", response.text)
    assert inline_scripts == [f' nonce="{nonce}"']


def test_nonce_changes_on_every_response(practitioner_client):
    first = _directives(practitioner_client.get("/concerns/"))["script-src"]
    second = _directives(practitioner_client.get("/concerns/"))["script-src"]
    assert first != second


def test_other_security_headers_are_sent(client):
    response = client.get("/accounts/login/")

    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"


def test_session_and_csrf_cookies_are_httponly_and_samesite(client, practitioner):
    client.get("/accounts/login/")
    response = client.post(
        "/accounts/login/", {"username": practitioner.username, "password": PASSWORD}
    )

    session = response.cookies[django_settings.SESSION_COOKIE_NAME]
    csrf = response.cookies[django_settings.CSRF_COOKIE_NAME]
    assert session["httponly"] and csrf["httponly"]
    assert session["samesite"] == csrf["samesite"] == "Lax"


def test_https_settings_send_hsts_and_secure_cookies(client, practitioner, settings):
    settings.SECURE_HSTS_SECONDS = 63072000
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    settings.SESSION_COOKIE_SECURE = True

    client.get("/accounts/login/", secure=True)
    response = client.post(
        "/accounts/login/",
        {"username": practitioner.username, "password": PASSWORD},
        secure=True,
    )

    assert response["Strict-Transport-Security"] == "max-age=63072000; includeSubDomains"
    assert response.cookies[settings.SESSION_COOKIE_NAME]["secure"]


def test_no_template_has_inline_styles_or_scripts_without_a_nonce():
    offenders = []
    for template in (ROOT / "templates").rglob("*.html"):
        text = template.read_text()
        if re.search(r"\sstyle=", text):
            offenders.append(f"{template.name}: style attribute")
        for attributes in re.findall(r"<script([^>]*)>", text):
            if "src=" not in attributes and "nonce=" not in attributes:
                offenders.append(f"{template.name}: inline script without a nonce")
        if re.search(r"\son[a-z]+=", text):
            offenders.append(f"{template.name}: inline event handler")
    assert offenders == []


def test_production_settings_pass_the_deployment_check():
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "cse_portal.settings.production",
        "SECRET_KEY": "ci-only-test-not-a-real-secret-key-0123456789abcdefghijklmnop",
        "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/cse_portal",
        "REDIS_URL": "redis://127.0.0.1:6379/0",
        "ALLOWED_HOSTS": "cse.example.org",
    }
    env.pop("REQUIRE_2FA", None)
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_production_turns_two_factor_on_and_cookies_secure():
    env = {
        **os.environ,
        "SECRET_KEY": "ci-only-test-not-a-real-secret-key-0123456789abcdefghijklmnop",
        "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/cse_portal",
        "REDIS_URL": "redis://127.0.0.1:6379/0",
    }
    env.pop("REQUIRE_2FA", None)
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    script = (
        "import cse_portal.settings.production as s;"
        "print(s.REQUIRE_2FA, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.DEBUG,"
        " s.SECURE_HSTS_SECONDS >= 31536000)"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert result.stdout.split() == ["True", "True", "True", "False", "True"], result.stderr
