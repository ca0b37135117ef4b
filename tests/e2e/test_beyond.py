"""Beyond the manual, in the browser: the public izin catalogue, public statistics, the
satisfaction survey (SKM) and its index in the back office, renewals with reminders."""

from __future__ import annotations

import re
import subprocess
import sys
from datetime import UTC, date, datetime, timedelta

import pytest
import sqlalchemy as sa
from playwright.sync_api import Browser, Page, expect

from tests.e2e.conftest import DESKTOP, PHONE, AppServer, _finish, _new_page, open_page
from tests.e2e.helpers import CAPTCHA, expect_path, login, make_applicant, outbox, wait_for_message
from tests.e2e.staff import staff_login
from tests.factories import PASSWORD, answer_of
from tests.support import ROOT, screenshot_dir

SHOTS = screenshot_dir()


def issued_files(app_server: AppServer, n: int, izin: str, *extra: str) -> list[dict]:
    """Issued files made by the app's own services (tests/factories.py ``issued``)."""
    args = [sys.executable, "-m", "tests.factories", "issued", "--n", str(n), "--izin", izin, *extra]
    out = subprocess.run(args, cwd=ROOT, env=app_server.env, capture_output=True, text=True)
    assert out.returncode == 0, f"tests.factories failed:\n{out.stdout[-2000:]}\n{out.stderr[-4000:]}"
    return answer_of(out.stdout)


def _rows(database_url: str, sql: str, **params) -> list[tuple]:
    engine = sa.create_engine(database_url)
    try:
        with engine.connect() as conn:
            return [tuple(r) for r in conn.execute(sa.text(sql), params).all()]
    finally:
        engine.dispose()


def _login_here(page: Page, username: str, password: str = PASSWORD) -> None:
    """Fill the login form already on screen (keeps its ?next=)."""
    page.wait_for_selector("#spontan-ready", state="attached")
    page.get_by_label("Perorangan", exact=True).check()
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_label("Kode Unik").fill(CAPTCHA)
    page.get_by_role("button", name="Masuk").click()


# --------------------------------------------------------------------------- catalogue


def test_visitor_reads_an_izin_then_starts_it_through_login(page: Page, app_server: AppServer):
    open_page(page, "/")
    page.get_by_role("link", name=re.compile(r"^Kesehatan\b")).click()
    expect_path(page, "/layanan")
    expect(page.get_by_role("heading", name="Kesehatan", level=2)).to_be_visible()
    expect(page.get_by_role("heading", name="Reklame")).to_have_count(0)  # only the chosen bidang
    page.get_by_role("link", name=re.compile(r"^Surat Izin Praktik Dokter Izin Baru")).click()
    expect_path(page, "/layanan/SIPD-B")
    expect(page.get_by_role("heading", name="Surat Izin Praktik Dokter", level=1)).to_be_visible()
    details = page.locator("dl.kv")
    expect(details).to_contain_text("Lama Proses5 hari kerja")
    expect(details).to_contain_text("BiayaRp 0 (Gratis)")
    expect(details).to_contain_text("Masa Berlaku5 tahun")
    expect(details).to_contain_text("Peraturan Menteri Kesehatan Nomor 2052/MENKES/PER/X/2011")
    expect(page.get_by_text("Surat Tanda Registrasi (STR)", exact=True)).to_be_visible()
    expect(page.get_by_text("Nomor STR", exact=True)).to_be_visible()
    expect(page.get_by_text("Petugas Front Office", exact=True)).to_be_visible()
    expect(page.get_by_text("Kepala Dinas", exact=True)).to_be_visible()

    # Searching the whole catalogue.
    open_page(page, "/layanan")
    page.get_by_label("Cari izin").fill("reklame")
    expect(page.get_by_role("status").filter(has_text="jenis izin ditemukan")).to_have_text("2 jenis izin ditemukan.")
    expect(page.get_by_role("link", name=re.compile(r"^Izin Penyelenggaraan Reklame Insidentil"))).to_be_visible()

    # Logged out, the button goes through /login and comes back to the wizard at this izin.
    make_applicant(
        app_server.database_url, username="6471014101950901", wa="+6281255509001", password=PASSWORD, name="Rina Tamu"
    )
    open_page(page, "/layanan/SIPD-B")
    page.get_by_role("button", name="Ajukan Permohonan Ini").click()
    expect_path(page, "/login")
    _login_here(page, "6471014101950901")
    # The wizard turns the izin's code into its own step address (Back works from there).
    expect(page).to_have_url(re.compile(r"/permohonan/baru\?bidang=\d+&layanan=\d+&izin=\d+$"))
    expect(page.get_by_text("Lama Proses: 5 hari kerja")).to_be_visible()
    page.get_by_role("button", name="Isi Kelengkapan").click()
    expect(page).to_have_url(re.compile(r"/permohonan/\d+$"))
    expect(page.get_by_label("Nomor STR")).to_be_visible()


# --------------------------------------------------------------------------- statistics


def _monday(weeks_back: int) -> datetime:
    today = date.today()
    monday = today - timedelta(days=today.weekday() + 7 * weeks_back)
    return datetime(monday.year, monday.month, monday.day, 2, 0)  # 10:00 WITA


MONTHS = ["Jan", "Feb", "Mar", "Apr", "Mei", "Jun", "Jul", "Agu", "Sep", "Okt", "Nov", "Des"]


def _month(day: datetime) -> str:
    return f"{MONTHS[day.month - 1]} {day.year}"


def _table(page: Page, name: str) -> dict[str, str]:
    """A statistics table's rows: first cell -> the number."""
    rows = page.get_by_role("group", name=name).locator("tbody tr")
    expect(rows.first).to_be_visible()
    return {r.locator("th").inner_text().strip(): r.locator("td").inner_text().strip() for r in rows.all()}


def expect_bars_drawn(page: Page, charts: int = 3) -> None:
    """Every chart draws its bars with a real size (not only axes)."""
    wrappers = page.locator(".recharts-wrapper")
    expect(wrappers).to_have_count(charts)
    for i in range(charts):
        expect(wrappers.nth(i).locator(".recharts-bar-rectangle .recharts-rectangle").first).to_be_visible()


def test_statistics_show_what_the_seeded_files_imply(page: Page, app_server: AppServer):
    from spontan_app.domain.workdays import working_days_between

    parking = _monday(13)  # about three months ago: a month no other test touches
    parking_issued = parking + timedelta(days=2)  # every desk approves on Wednesday
    months = {_month(parking_issued)}
    plans, courses = _monday(22), _monday(31)
    while _month(plans) in months:
        plans -= timedelta(weeks=5)
    months.add(_month(plans))
    while _month(courses) in months:
        courses -= timedelta(weeks=5)
    issued_files(
        app_server, 5100, "IPTP-B", "--count", "6", "--submitted", parking.isoformat(), "--days", "2",
        "--skm", "4,4,4,4,4,4,4,4,4",
    )  # fmt: skip
    # Two small months and two small bidang (3 + 2): below five each, five together.
    issued_files(app_server, 5110, "KRK-B", "--count", "3", "--submitted", plans.isoformat())
    issued_files(app_server, 5120, "IOLKP-B", "--count", "2", "--submitted", courses.isoformat())
    holidays = {date.fromisoformat(str(d)[:10]) for (d,) in _rows(app_server.database_url, "SELECT day FROM holiday")}
    median = working_days_between(parking.date(), (parking + timedelta(days=2)).date(), holidays)
    # The IKM over every survey in the period, computed here as the regulation says.
    scores = _rows(
        app_server.database_url,
        "SELECT u1, u2, u3, u4, u5, u6, u7, u8, u9 FROM skm_response WHERE submitted_at >= :since",
        since=datetime.now(UTC) - timedelta(days=400),
    )
    means = [sum(r[i] for r in scores) / len(scores) for i in range(9)]
    ikm = f"{sum(m / 9 for m in means) * 25:.2f}".replace(".", ",")

    open_page(page, "/statistik")
    expect(page.get_by_role("heading", name="Statistik Layanan Perizinan")).to_be_visible()
    total = page.get_by_role("group", name="Izin Terbit", exact=True)
    expect(total).to_contain_text(re.compile(r"\d"))
    per_month = page.get_by_role("group", name="Izin terbit per bulan")
    expect(per_month.get_by_role("row", name=_month(parking_issued))).to_have_text(f"{_month(parking_issued)}6")
    # The months of three and of two permits are not shown: they are in "Bulan lainnya".
    expect(per_month.get_by_role("row", name=_month(plans))).to_have_count(0)
    expect(per_month.get_by_role("row", name=_month(courses))).to_have_count(0)
    per_bidang = page.get_by_role("group", name="Izin terbit per bidang")
    expect(per_bidang.get_by_role("row", name="Perhubungan")).to_have_text("Perhubungan6")
    expect(per_bidang.get_by_role("row", name="Pekerjaan Umum dan Penataan Ruang")).to_have_count(0)
    expect(per_bidang.get_by_role("row", name="Pendidikan")).to_have_count(0)
    issued_total = int(re.fullmatch(r"Izin Terbit\s*(\d+)", total.inner_text().strip()).group(1))
    for name, other in [("Izin terbit per bulan", "Bulan lainnya"), ("Izin terbit per bidang", "Bidang lainnya")]:
        table = _table(page, name)
        assert int(table[other]) >= 5, table  # 3 + 2 at least, never a count below five
        assert all(int(n) >= 5 for n in table.values()), table
        assert sum(int(n) for n in table.values()) == issued_total, (table, issued_total)
    times = page.get_by_role("group", name="Waktu proses per izin")
    expect(times.get_by_role("row", name="Izin Penyelenggaraan Tempat Parkir")).to_have_text(
        f"Izin Penyelenggaraan Tempat Parkir{median},0{_promise(app_server, 'IPTP-B')}100%"
    )
    expect(times.get_by_role("row", name="Keterangan Rencana Kota")).to_have_count(0)  # three files: not shown
    expect(page.get_by_role("group", name="Indeks Kepuasan Masyarakat (IKM)")).to_contain_text(ikm)
    expect_bars_drawn(page)  # the charts draw their bars (no CSP error either)


def _promise(app_server: AppServer, code: str) -> int:
    return _rows(app_server.database_url, "SELECT processing_days FROM jenis_izin WHERE code = :c", c=code)[0][0]


# --------------------------------------------------------------------------- SKM


def _ikm_row(page: Page, code: str):
    return page.get_by_role("group", name="IKM per Jenis Izin").get_by_role("row", name=re.compile("^" + code))


def test_applicant_fills_the_survey_and_the_ikm_changes_in_the_back_office(page: Page, app_server: AppServer):
    made = issued_files(app_server, 5200, "SKP-B")[0]
    invite = wait_for_message(app_server.database_url, made["wa"], "skm_invite")
    assert f"/survei/{made['id']}" in invite

    staff_login(page, "kadis")
    open_page(page, "/admin/skm")
    expect(page.get_by_role("heading", name="Survei Kepuasan Masyarakat")).to_be_visible()
    expect(_ikm_row(page, "SKP-B")).to_have_count(0)

    login(page, "Perorangan", made["username"], PASSWORD)
    expect_path(page, "/beranda")
    page.get_by_role("link", name="Isi Survei").click()
    expect_path(page, f"/survei/{made['id']}")
    expect(page.get_by_role("heading", name="Survei Kepuasan Masyarakat")).to_be_visible()
    expect(page.get_by_text(made["number"], exact=True)).to_be_visible()
    ratings = [4, 4, 3, 3, 4, 4, 4, 3, 4]
    labels = {1: "Tidak Baik", 2: "Kurang Baik", 3: "Baik", 4: "Sangat Baik"}
    page.get_by_role("button", name="Kirim Survei").click()
    expect(page.get_by_text("Pilih salah satu nilai.").first).to_be_visible()  # nothing chosen yet
    for i, value in enumerate(ratings, start=1):
        page.get_by_role("group", name=re.compile(rf"^{i}\. ")).get_by_label(labels[value], exact=True).check()
    page.get_by_label("Saran dan Masukan (opsional)").fill("Prosesnya cepat.")
    page.get_by_role("button", name="Kirim Survei").click()
    expect(page.get_by_text("Survei untuk permohonan ini sudah diisi.")).to_be_visible()
    open_page(page, "/beranda")
    expect(page.get_by_text(made["number"], exact=True)).to_be_visible()
    expect(page.get_by_role("link", name="Isi Survei")).to_have_count(0)  # once per application
    open_page(page, f"/survei/{made['id']}")
    expect(page.get_by_text("Survei untuk permohonan ini sudah diisi.")).to_be_visible()
    expect(page.get_by_role("button", name="Kirim Survei")).to_have_count(0)

    open_page(page, "/admin/skm")
    row = _ikm_row(page, "SKP-B")
    expect(row).to_contain_text("91,67")  # (4+4+3+3+4+4+4+3+4)/9 x 25
    expect(row).to_contain_text("A — Sangat Baik")


# --------------------------------------------------------------------------- renewals


def test_reminders_go_once_and_a_renewal_is_prefilled(page: Page, app_server: AppServer):
    # A midwife's permit (test_wizard counts the month's SIPD-B numbers from 1).
    made = issued_files(app_server, 5300, "SIPB-B", "--valid-days", "25")[0]
    job = [sys.executable, "-m", "spontan_app.services.renewals"]
    for _ in range(2):  # the daily job, run twice: one reminder
        out = subprocess.run(job, cwd=ROOT, env=app_server.env, capture_output=True, text=True)
        assert out.returncode == 0, out.stderr[-3000:]
    reminders = [body for kind, body, _ in outbox(app_server.database_url, made["wa"]) if kind.startswith("renewal")]
    assert len(reminders) == 1 and made["permit"] in reminders[0]
    # 25 days from the factory's day; counted from today in Balikpapan (WITA), whose date
    # runs ahead of UTC from 16:00 UTC.
    from spontan_app.domain.timefmt import today_wita

    until = re.search(r"berlaku sampai (\d{2})-(\d{2})-(\d{4}) \((\d+) hari lagi\)", reminders[0])
    assert until, reminders[0]
    end = date(int(until.group(3)), int(until.group(2)), int(until.group(1)))
    assert int(until.group(4)) == (end - today_wita()).days and int(until.group(4)) in (24, 25)

    login(page, "Perorangan", made["username"], PASSWORD)
    expect_path(page, "/beranda")
    end = date.fromisoformat(made["valid_until"]).strftime("%d-%m-%Y")
    expect(page.get_by_text(f"Izin berlaku sampai {end}")).to_be_visible()
    page.get_by_role("button", name="Perpanjangan").click()
    expect(page).to_have_url(re.compile(r"/perpanjangan/\d+$"))
    draft_id = page.url.rsplit("/", 1)[1]
    expect(page.get_by_role("heading", name="Perpanjangan Izin")).to_be_visible()
    expect(page.get_by_text(made["number"], exact=True)).to_be_visible()
    expect(page.get_by_text("Perpanjangan Surat Izin Praktik Bidan", exact=True)).to_be_visible()
    page.get_by_role("button", name="Gunakan Lagi Surat Tanda Registrasi (STR)").click()
    expect(page.get_by_text("Sudah dipakai")).to_have_count(1)
    expect(page.get_by_role("button", name="Gunakan Lagi Scan KTP Pemohon")).to_be_visible()  # not confirmed
    page.get_by_role("link", name="Lanjutkan ke Isi Kelengkapan").click()
    expect_path(page, f"/permohonan/{draft_id}")
    expect(page.get_by_label("Nomor STR")).to_have_value("Isian Nomor STR")  # from the old application
    expect(page.get_by_label("Tempat Praktik Ke")).to_have_value("1")
    expect(page.get_by_text("Surat Tanda Registrasi (STR).pdf").first).to_be_visible()
    expect(page.get_by_text("SIP Lama", exact=True).first).to_be_visible()  # asked fresh for the renewal

    # Back on /beranda a second click opens the same draft, not a new one.
    open_page(page, "/beranda")
    page.get_by_role("button", name="Perpanjangan").click()
    expect_path(page, f"/perpanjangan/{draft_id}")


# --------------------------------------------------------------------------- screenshots


@pytest.mark.parametrize("size", ["phone", "desktop"])
def test_screens_beyond(request, browser: Browser, app_server: AppServer, size: str):
    viewport = PHONE if size == "phone" else DESKTOP
    base = 5400 if size == "phone" else 5500
    made = issued_files(app_server, base, "SIPB-B", "--valid-days", "40", "--name", "Siti Aminah")[0]
    page, errors = _new_page(browser, app_server, viewport)
    widths: dict[str, int] = {}

    def shot(name: str) -> None:
        page.wait_for_timeout(400)
        widths[name] = page.evaluate("document.documentElement.scrollWidth")
        page.screenshot(path=str(SHOTS / f"beyond-{name}-{size}.png"), full_page=True)

    try:
        open_page(page, "/layanan")
        expect(page.get_by_role("heading", name="Katalog Layanan Perizinan")).to_be_visible()
        shot("layanan")
        open_page(page, "/layanan/SIPD-B")
        expect(page.get_by_role("button", name="Ajukan Permohonan Ini")).to_be_visible()
        shot("layanan-detail")
        # Enough permits in one past month for every chart to have a bar.
        issued_files(
            app_server, base + 50, "IPTP-B", "--count", "5", "--submitted", _monday(13).isoformat(), "--days", "2"
        )
        open_page(page, "/statistik")
        expect_bars_drawn(page)
        shot("statistik")
        login(page, "Perorangan", made["username"], PASSWORD)
        expect(page.get_by_role("link", name="Isi Survei")).to_be_visible()
        expect(page.get_by_role("button", name="Perpanjangan")).to_be_visible()
        shot("beranda")
        open_page(page, f"/survei/{made['id']}")
        expect(page.get_by_role("button", name="Kirim Survei")).to_be_visible()
        shot("survei")
        open_page(page, "/beranda")
        page.get_by_role("button", name="Perpanjangan").click()
        expect(page.get_by_role("heading", name="Perpanjangan Izin")).to_be_visible()
        shot("perpanjangan")
        staff_login(page, "kadis")
        open_page(page, "/admin/skm")
        expect(page.get_by_role("heading", name="Survei Kepuasan Masyarakat")).to_be_visible()
        shot("admin-skm")
    finally:
        _finish(request, page, errors)
    too_wide = {name: w for name, w in widths.items() if w > viewport["width"] and name != "admin-skm"}
    assert not too_wide, f"wider than the screen (sideways scrolling): {too_wide}"
