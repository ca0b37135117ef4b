"""The Perorangan journey with the WhatsApp Cloud API provider, against a fake Cloud API.

A second app is built and served with ``SPONTAN_WA_PROVIDER=cloud`` pointing at a local
HTTP server that records every message; the OTP and the link are read from what that
server received, exactly as a phone would get them.
"""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from tests.e2e import cloud
from tests.e2e.cloud import MESSAGES_PATH, TOKEN, FakeCloudApi, _outgoing, _wait_for_row
from tests.e2e.conftest import AppServer, open_page
from tests.e2e.helpers import CAPTCHA, expect_path, link_path, otp_from

NIK = "6471016203920003"
WA = "081255500201"
WA_E164 = "+6281255500201"

# Module-scoped fixtures: this module gets its own app served against the fake Cloud API.
cloud_api, cloud_app, cloud_page = cloud.cloud_api, cloud.cloud_app, cloud.cloud_page


def test_perorangan_journey_over_the_cloud_api_survives_a_503(
    cloud_page: Page, cloud_app: AppServer, cloud_api: FakeCloudApi
):
    page, db, to = cloud_page, cloud_app.database_url, WA_E164.lstrip("+")
    # The gateway is briefly down for this number: the first request gets a 503.
    cloud_api.fail_first.add(to)

    # 2. Registrasi Akun.
    open_page(page, "/registrasi")
    page.get_by_label("Nomor Identitas").fill(NIK)
    page.get_by_label("No WA").fill(WA)
    page.get_by_label("Email").fill("awan@contoh.id")
    page.get_by_label("Kode Unik").fill(CAPTCHA)
    page.get_by_role("button", name="Daftar").click()
    expect(page.get_by_label("Kode OTP")).to_be_visible()

    # The OTP arrives anyway: the 503 was retried.
    otp_text = cloud_api.wait_for_text(to, "Kode OTP")
    code = otp_from(otp_text)
    first, second = cloud_api.to(to)[:2]
    assert (first.status, second.status) == (503, 200)
    assert first.body == second.body  # the same message again, not a new code
    for request in (first, second):
        assert request.path == MESSAGES_PATH
        assert request.authorization == f"Bearer {TOKEN}"
        assert request.body["messaging_product"] == "whatsapp"
        assert request.body["to"] == "6281255500201"
    otp_row = _wait_for_row(db, WA_E164, "otp_register")
    assert otp_row["status"] == "sent", otp_row
    assert otp_row["attempts"] >= 2, otp_row
    assert otp_row["provider"] == "cloud"
    assert otp_row["provider_message_id"].startswith("wamid.X")

    page.get_by_label("Kode OTP").fill(code)
    page.get_by_role("button", name="Verifikasi").click()
    expect(page.get_by_role("heading", name="Registrasi Berhasil")).to_be_visible()

    # 3. The link, as received by the phone: within seconds of the screen saying it was sent, not
    # only when the outbox sweep (every 15 s, for messages older than 20 s) comes round.
    expect(page.get_by_text("Kami telah mengirim tautan verifikasi ke WhatsApp")).to_be_visible()
    link_text = cloud_api.wait_for_text(to, "/verifikasi/", timeout=10)
    assert code not in link_text
    link = link_path(link_text)
    link_row = _wait_for_row(db, WA_E164, "registration_link")
    assert (link_row["status"], link_row["attempts"]) == ("sent", 1), link_row
    open_page(page, link)
    page.get_by_role("button", name="Lengkapi Data").click()
    page.get_by_label("Password", exact=True).fill("rahasia-awan-1")
    page.get_by_label("Ketik Ulang Password").fill("rahasia-awan-1")
    page.get_by_label("Nama Lengkap").fill("Awan Cloud Uji")
    page.get_by_label("Kecamatan").select_option(label="Balikpapan Kota")
    page.get_by_label("Kelurahan").select_option(label="Klandasan Ilir")
    page.get_by_label("Alamat").fill("Jl. Jenderal Sudirman No. 5")
    page.get_by_label("Tempat Lahir").fill("Samarinda")
    page.get_by_label("Tanggal Lahir").fill("1992-03-22")
    page.get_by_label("Perempuan").check()
    page.get_by_role("button", name="Selesaikan Registrasi").click()
    expect_path(page, "/login")

    # 4. Login, once the page is connected: its captcha is renewed on load (with a new
    # image the Kode Unik box starts empty), so typing into the first render would be lost.
    open_page(page, "/login")
    page.get_by_label("Username").fill(NIK)
    page.get_by_label("Password").fill("rahasia-awan-1")
    page.get_by_label("Kode Unik").fill(CAPTCHA)
    page.get_by_role("button", name="Masuk").click()
    expect_path(page, "/beranda")
    expect(page.get_by_role("heading", name="Selamat datang, Awan Cloud Uji")).to_be_visible()

    # Nothing went to the console outbox path: every message to this number left through the API.
    assert {r["provider"] for r in _outgoing(db, WA_E164)} == {"cloud"}
    assert len(cloud_api.to(to)) == 3  # 503 + OTP, then the link

    # Lupa password over the Cloud API too: the code arrives through the API, the old password ends.
    page.get_by_role("button", name="Keluar").click()
    expect_path(page, "/")  # the logout clears the HttpOnly cookie, then loads the landing page
    open_page(page, "/lupa-password")
    page.get_by_label("Username").fill(NIK)
    page.get_by_label("Kode Unik").fill(CAPTCHA)
    page.get_by_role("button", name="Kirim Kode OTP").click()
    page.get_by_label("Kode OTP").fill(otp_from(cloud_api.wait_for_text(to, "reset password", timeout=10)))
    page.get_by_role("button", name="Verifikasi").click()
    page.get_by_label("Password Baru").fill("rahasia-awan-2")
    page.get_by_label("Ketik Ulang Password").fill("rahasia-awan-2")
    page.get_by_role("button", name="Simpan Password").click()
    expect_path(page, "/login")
    open_page(page, "/login")
    page.get_by_label("Username").fill(NIK)
    page.get_by_label("Password").fill("rahasia-awan-2")
    page.get_by_label("Kode Unik").fill(CAPTCHA)
    page.get_by_role("button", name="Masuk").click()
    expect_path(page, "/beranda")
    # After delivery the outbox keeps no usable code.
    assert all(not re.search(r"\b\d{6}\b", r["body"]) for r in _outgoing(db, WA_E164) if r["status"] == "sent")
