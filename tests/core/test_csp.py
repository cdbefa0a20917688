from config.settings.base import _tile_origin


def test_the_tile_servers_origin_is_allowed_for_images():
    assert _tile_origin("https://tile.openstreetmap.org/{z}/{x}/{y}.png") == "https://tile.openstreetmap.org"
    assert _tile_origin("https://{s}.tiles.example.org/{z}/{x}/{y}.png") == "https://*.tiles.example.org"
    assert _tile_origin("/static/test-tiles/{z}/{x}/{y}.png") == "'self'"


# The policy header (apps/core/middleware.py): built once for responses that drew no nonce, and
# still one of its own for a page that did.

import re  # noqa: E402

import pytest  # noqa: E402
from django.urls import reverse  # noqa: E402
from django.utils.csp import CSP, build_policy  # noqa: E402

NONCE = re.compile(r"'nonce-([\w-]+)'")


@pytest.mark.django_db
def test_an_answer_without_a_nonce_gets_the_configured_policy_and_follows_a_changed_setting(client, settings):
    first = client.get("/api/sites/")["Content-Security-Policy"]
    assert first == build_policy(settings.SECURE_CSP)
    assert "script-src 'self'" in first and "nonce" not in first
    settings.SECURE_CSP = {**settings.SECURE_CSP, "img-src": [CSP.SELF, "https://tiles.example.org"]}
    changed = client.get("/api/sites/")["Content-Security-Policy"]
    assert "img-src 'self' https://tiles.example.org" in changed
    settings.SECURE_CSP_REPORT_ONLY = {"default-src": [CSP.SELF], "report-uri": "/csp-reports/"}
    response = client.get("/api/sites/")
    assert response["Content-Security-Policy-Report-Only"] == "default-src 'self'; report-uri /csp-reports/"


@pytest.mark.django_db
def test_each_page_that_uses_a_nonce_gets_its_own_in_the_header(admin_client):
    # The admin's map widget (django-leaflet) sets itself up in an inline script with the nonce.
    client = admin_client
    nonces = []
    for _ in range(2):
        response = client.get(reverse("admin:sites_site_add"))
        header = response["Content-Security-Policy"]
        (nonce,) = NONCE.findall(header)
        assert f'nonce="{nonce}"' in response.content.decode()
        nonces.append(nonce)
    assert nonces[0] != nonces[1]
    # An answer in between, without a nonce, does not keep the page's header.
    assert "nonce" not in client.get("/api/sites/")["Content-Security-Policy"]
