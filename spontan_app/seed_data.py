"""Demo reference data: real regions of Kota Balikpapan, a catalogue in the shape of
what DPMPTSP issues, national holidays. No real person's data is here."""

from __future__ import annotations

from datetime import date

# Kemendagri code of Kota Balikpapan is 64.71; kecamatan and their kelurahan.
BALIKPAPAN_CODE = "64.71"
KECAMATAN: dict[str, tuple[str, list[str]]] = {
    "64.71.01": (
        "Balikpapan Selatan",
        [
            "Damai Bahagia",
            "Damai Baru",
            "Gunung Bahagia",
            "Sepinggan",
            "Sepinggan Baru",
            "Sepinggan Raya",
            "Sungai Nangka",
        ],
    ),
    "64.71.02": ("Balikpapan Timur", ["Lamaru", "Manggar", "Manggar Baru", "Teritip"]),
    "64.71.03": (
        "Balikpapan Utara",
        [
            "Batu Ampar",
            "Graha Indah",
            "Gunung Samarinda",
            "Gunung Samarinda Baru",
            "Karang Joang",
            "Muara Rapak",
        ],
    ),
    "64.71.04": (
        "Balikpapan Tengah",
        [
            "Gunung Sari Ilir",
            "Gunung Sari Ulu",
            "Karang Jati",
            "Karang Rejo",
            "Mekar Sari",
            "Sumber Rejo",
        ],
    ),
    "64.71.05": (
        "Balikpapan Barat",
        [
            "Baru Ilir",
            "Baru Tengah",
            "Baru Ulu",
            "Kariangau",
            "Margo Mulyo",
            "Marga Sari",
        ],
    ),
    "64.71.06": (
        "Balikpapan Kota",
        [
            "Damai",
            "Klandasan Ilir",
            "Klandasan Ulu",
            "Prapatan",
            "Telaga Sari",
        ],
    ),
}

# Other kabupaten/kota (all of Indonesia) come from spontan_app/domain/wilayah.json.

LAYANAN = [
    ("B", "Izin Baru", 1),
    ("P", "Perpanjangan", 2),
    ("U", "Perubahan", 3),
    ("C", "Pencabutan", 4),
]

# The desks every file passes after "Pengajuan Permohonan via Online".
DEFAULT_PROCESS = [
    ("front_office", "VERIFIKASI BERKAS"),
    ("verifikator", "VERIFIKASI TEKNIS"),
    ("tim_teknis", "VERIFIKASI REKOMENDASI"),
    ("kepala_bidang", "PERSETUJUAN"),
    ("kepala_dinas", "PENANDATANGANAN IZIN"),
]

SEX_OPTIONS = ["Laki-laki", "Perempuan"]

# Form fields every izin asks for (labels from the manual), prefilled from the profile.
COMMON_FIELDS = [
    dict(
        key="nama_pemohon",
        label="Nama Pemohon",
        field_type="text",
        required=True,
        help_text="Wajib diisi data lengkap sesuai identitas.",
        prefill="full_name",
    ),
    dict(
        key="jenis_kelamin",
        label="Jenis Kelamin",
        field_type="select",
        required=True,
        options=SEX_OPTIONS,
        prefill="sex",
    ),
    dict(key="nama_usaha", label="Nama Usaha", field_type="text", required=False, prefill="company_name"),
    dict(key="nomor_ktp", label="Nomor KTP", field_type="nik", required=True, prefill="nik"),
    dict(key="npwp", label="NPWP", field_type="npwp", required=False, prefill="npwp"),
    dict(key="alamat", label="Alamat", field_type="textarea", required=True, prefill="address"),
    dict(key="nomor_hp", label="Nomor Handphone", field_type="phone", required=True, prefill="phone"),
]

_KTP = ("Scan KTP Pemohon", "KTP elektronik yang masih berlaku, berwarna.")
_NPWP = ("Scan NPWP", "NPWP pribadi atau badan usaha.")
_FOTO = ("Pas Foto 4x6", "Latar belakang merah, format JPG/PNG.")


# Legal basis of each health practice permit (izin code -> regulation), kept short.
HEALTH_LEGAL_BASIS = {
    "SIPD": "Peraturan Menteri Kesehatan Nomor 2052/MENKES/PER/X/2011",
    "SIPDG": "Peraturan Menteri Kesehatan Nomor 2052/MENKES/PER/X/2011",
    "SIPB": "Peraturan Menteri Kesehatan Nomor 28 Tahun 2017",
    "SIPP": "Peraturan Menteri Kesehatan Nomor 26 Tahun 2019",
    "SIPA": "Peraturan Menteri Kesehatan Nomor 31 Tahun 2016",
}


def _health(profession: str, code: str, extra_req: list[tuple[str, str]]) -> dict:
    return dict(
        name=f"Surat Izin Praktik {profession}",
        code=code,
        validity_months=60,  # a practice permit runs five years
        cost=0,
        legal_basis=HEALTH_LEGAL_BASIS[code],
        description=(
            f"Izin bagi {profession.lower()} untuk menjalankan praktik di fasilitas "
            "pelayanan kesehatan di Kota Balikpapan."
        ),
        needs_faskes=True,
        needs_location=False,
        requirements=[
            _KTP,
            ("Surat Tanda Registrasi (STR)", "STR yang masih berlaku dan dilegalisir."),
            ("Rekomendasi Organisasi Profesi", "Dari organisasi profesi cabang Balikpapan."),
            ("Surat Keterangan Sehat", "Dari dokter yang memiliki SIP, maksimal 3 bulan."),
            ("Surat Pernyataan Tempat Praktik", "Ditandatangani pimpinan fasilitas kesehatan."),
            _FOTO,
            *extra_req,
        ],
        fields=[
            dict(
                key="nomor_str",
                label="Nomor STR",
                field_type="text",
                required=True,
                help_text="Sesuai Surat Tanda Registrasi.",
            ),
            dict(key="masa_berlaku_str", label="Masa Berlaku STR", field_type="date", required=True),
            dict(
                key="praktik_ke", label="Tempat Praktik Ke", field_type="select", required=True, options=["1", "2", "3"]
            ),
        ],
    )


# bidang code -> (name, description, [(layanan code, processing days, izin dict)])
CATALOGUE: list[dict] = [
    dict(
        code="KES",
        name="Kesehatan",
        description="Izin praktik tenaga kesehatan dan fasilitas pelayanan kesehatan.",
        izin=[
            ("B", 5, _health("Dokter", "SIPD", [])),
            ("P", 5, _health("Dokter", "SIPD", [("SIP Lama", "SIP yang akan diperpanjang.")])),
            ("B", 5, _health("Dokter Gigi", "SIPDG", [])),
            ("B", 5, _health("Bidan", "SIPB", [])),
            ("P", 5, _health("Bidan", "SIPB", [("SIP Lama", "SIP yang akan diperpanjang.")])),
            ("B", 5, _health("Perawat", "SIPP", [])),
            ("B", 5, _health("Apoteker", "SIPA", [("Ijazah Apoteker", "Dilegalisir.")])),
            (
                "B",
                7,
                dict(
                    name="Izin Operasional Klinik Pratama",
                    code="IOKP",
                    validity_months=60,
                    cost=0,
                    legal_basis="Peraturan Menteri Kesehatan Nomor 9 Tahun 2014",
                    description="Izin operasional klinik pratama rawat jalan.",
                    needs_faskes=False,
                    needs_location=True,
                    requirements=[
                        _KTP,
                        _NPWP,
                        ("Akta Pendirian Badan Usaha", "Beserta pengesahan Kemenkumham."),
                        ("Daftar Tenaga Kesehatan", "Beserta STR dan SIP masing-masing."),
                        ("Denah Bangunan", "Denah ruangan klinik dengan ukuran."),
                    ],
                    fields=[
                        dict(key="nama_klinik", label="Nama Klinik", field_type="text", required=True),
                        dict(key="jumlah_tenaga", label="Jumlah Tenaga Kesehatan", field_type="number", required=True),
                    ],
                ),
            ),
        ],
    ),
    dict(
        code="LIT",
        name="Penelitian",
        description="Surat keterangan penelitian bagi mahasiswa, peneliti dan lembaga.",
        izin=[
            (
                "B",
                3,
                dict(
                    name="Surat Keterangan Penelitian",
                    code="SKP",
                    validity_months=12,
                    cost=0,
                    legal_basis="Peraturan Menteri Dalam Negeri Nomor 7 Tahun 2014",
                    description="Keterangan untuk melakukan penelitian/survei di Kota Balikpapan.",
                    needs_faskes=False,
                    needs_location=True,
                    requirements=[
                        _KTP,
                        ("Surat Pengantar Instansi/Universitas", "Ditujukan kepada Wali Kota Balikpapan c.q. DPMPTSP."),
                        ("Proposal Penelitian", "Memuat judul, tujuan, metode dan jadwal."),
                    ],
                    fields=[
                        dict(key="judul_penelitian", label="Judul Penelitian", field_type="textarea", required=True),
                        dict(key="instansi", label="Instansi/Universitas", field_type="text", required=True),
                        dict(key="tanggal_mulai", label="Tanggal Mulai Penelitian", field_type="date", required=True),
                        dict(
                            key="tanggal_selesai", label="Tanggal Selesai Penelitian", field_type="date", required=True
                        ),
                    ],
                ),
            ),
            (
                "P",
                3,
                dict(
                    name="Perpanjangan Surat Keterangan Penelitian",
                    code="SKP",
                    validity_months=12,
                    cost=0,
                    legal_basis="Peraturan Menteri Dalam Negeri Nomor 7 Tahun 2014",
                    description="Perpanjangan masa berlaku keterangan penelitian.",
                    needs_faskes=False,
                    needs_location=True,
                    requirements=[_KTP, ("Surat Keterangan Penelitian Lama", "Yang akan diperpanjang.")],
                    fields=[dict(key="alasan", label="Alasan Perpanjangan", field_type="textarea", required=True)],
                ),
            ),
        ],
    ),
    dict(
        code="REK",
        name="Reklame",
        description="Izin penyelenggaraan reklame tetap dan insidentil.",
        izin=[
            (
                "B",
                7,
                dict(
                    name="Izin Penyelenggaraan Reklame Tetap",
                    code="IPRT",
                    validity_months=12,
                    cost=0,
                    legal_basis="Undang-Undang Nomor 1 Tahun 2022",
                    description="Reklame permanen: papan, billboard, videotron.",
                    needs_faskes=False,
                    needs_location=True,
                    requirements=[
                        _KTP,
                        _NPWP,
                        ("Desain Reklame", "Gambar visual dan ukuran reklame."),
                        ("Foto Lokasi", "Foto titik pemasangan dari dua arah."),
                        ("Surat Izin Pemilik Lahan", "Bila dipasang di lahan pihak lain."),
                    ],
                    fields=[
                        dict(
                            key="jenis_reklame",
                            label="Jenis Reklame",
                            field_type="select",
                            required=True,
                            options=["Billboard", "Papan Nama", "Videotron", "Neon Box"],
                        ),
                        dict(key="ukuran", label="Ukuran Reklame (m²)", field_type="number", required=True),
                        dict(key="naskah", label="Naskah Reklame", field_type="textarea", required=True),
                    ],
                ),
            ),
            (
                "B",
                2,
                dict(
                    name="Izin Penyelenggaraan Reklame Insidentil",
                    code="IPRI",
                    validity_months=1,
                    cost=0,
                    legal_basis="Undang-Undang Nomor 1 Tahun 2022",
                    description="Spanduk, umbul-umbul dan baliho untuk waktu singkat.",
                    needs_faskes=False,
                    needs_location=True,
                    requirements=[_KTP, ("Desain Reklame", "Gambar visual dan ukuran.")],
                    fields=[
                        dict(key="jumlah", label="Jumlah Reklame", field_type="number", required=True),
                        dict(key="tanggal_mulai", label="Tanggal Mulai Tayang", field_type="date", required=True),
                        dict(key="tanggal_selesai", label="Tanggal Selesai Tayang", field_type="date", required=True),
                    ],
                ),
            ),
        ],
    ),
    dict(
        code="PEN",
        name="Pendidikan",
        description="Izin pendirian dan operasional satuan pendidikan nonformal.",
        izin=[
            (
                "B",
                10,
                dict(
                    name="Izin Operasional Lembaga Kursus dan Pelatihan",
                    code="IOLKP",
                    validity_months=None,
                    cost=0,
                    legal_basis="Peraturan Menteri Pendidikan dan Kebudayaan Nomor 81 Tahun 2013",
                    description="Izin operasional lembaga kursus dan pelatihan (LKP).",
                    needs_faskes=False,
                    needs_location=True,
                    requirements=[
                        _KTP,
                        _NPWP,
                        ("Akta Pendirian Yayasan/Badan Usaha", "Beserta pengesahan."),
                        ("Kurikulum Program", "Program kursus yang diselenggarakan."),
                        ("Bukti Kepemilikan/Sewa Gedung", "Sertifikat atau perjanjian sewa."),
                    ],
                    fields=[
                        dict(key="nama_lembaga", label="Nama Lembaga", field_type="text", required=True),
                        dict(key="program", label="Program Kursus", field_type="text", required=True),
                    ],
                ),
            ),
            (
                "B",
                10,
                dict(
                    name="Izin Operasional PAUD",
                    code="IOPAUD",
                    validity_months=None,
                    cost=0,
                    legal_basis="Peraturan Menteri Pendidikan dan Kebudayaan Nomor 84 Tahun 2014",
                    description="Izin operasional pendidikan anak usia dini.",
                    needs_faskes=False,
                    needs_location=True,
                    requirements=[
                        _KTP,
                        ("Akta Pendirian Yayasan", "Beserta pengesahan."),
                        ("Data Pendidik", "Daftar pendidik dan ijazahnya."),
                    ],
                    fields=[dict(key="nama_lembaga", label="Nama Lembaga", field_type="text", required=True)],
                ),
            ),
        ],
    ),
    dict(
        code="PUR",
        name="Pekerjaan Umum dan Penataan Ruang",
        description="Keterangan rencana kota dan pemanfaatan ruang.",
        izin=[
            (
                "B",
                5,
                dict(
                    name="Keterangan Rencana Kota",
                    code="KRK",
                    validity_months=12,
                    cost=0,
                    legal_basis="Peraturan Pemerintah Nomor 21 Tahun 2021",
                    description="Informasi rencana tata ruang atas suatu persil.",
                    needs_faskes=False,
                    needs_location=True,
                    requirements=[
                        _KTP,
                        ("Sertifikat Tanah", "Salinan sertifikat hak atas tanah."),
                        ("Bukti Lunas PBB", "Tahun berjalan."),
                    ],
                    fields=[
                        dict(key="luas_tanah", label="Luas Tanah (m²)", field_type="number", required=True),
                        dict(
                            key="rencana_pemanfaatan",
                            label="Rencana Pemanfaatan",
                            field_type="select",
                            required=True,
                            options=["Hunian", "Usaha", "Sosial", "Campuran"],
                        ),
                    ],
                ),
            ),
        ],
    ),
    dict(
        code="HUB",
        name="Perhubungan",
        description="Izin di bidang perhubungan darat.",
        izin=[
            (
                "B",
                5,
                dict(
                    name="Izin Penyelenggaraan Tempat Parkir",
                    code="IPTP",
                    validity_months=12,
                    cost=0,
                    legal_basis="Peraturan Pemerintah Nomor 30 Tahun 2021",
                    description="Parkir di luar badan jalan yang dikelola swasta.",
                    needs_faskes=False,
                    needs_location=True,
                    requirements=[_KTP, _NPWP, ("Denah Tempat Parkir", "Dengan kapasitas kendaraan.")],
                    fields=[dict(key="kapasitas", label="Kapasitas Kendaraan", field_type="number", required=True)],
                ),
            ),
        ],
    ),
]

# Indonesian national holidays and cuti bersama; dates of the lunar holidays follow the
# government's calendar and are kept editable in the back office.
HOLIDAYS: list[tuple[date, str]] = [
    (date(2026, 1, 1), "Tahun Baru 2026 Masehi"),
    (date(2026, 1, 16), "Isra Mikraj Nabi Muhammad SAW"),
    (date(2026, 2, 17), "Tahun Baru Imlek 2577 Kongzili"),
    (date(2026, 3, 19), "Hari Suci Nyepi Tahun Baru Saka 1948"),
    (date(2026, 3, 20), "Idul Fitri 1447 Hijriah"),
    (date(2026, 3, 21), "Idul Fitri 1447 Hijriah"),
    (date(2026, 4, 3), "Wafat Yesus Kristus"),
    (date(2026, 4, 5), "Kebangkitan Yesus Kristus (Paskah)"),
    (date(2026, 5, 1), "Hari Buruh Internasional"),
    (date(2026, 5, 14), "Kenaikan Yesus Kristus"),
    (date(2026, 5, 27), "Idul Adha 1447 Hijriah"),
    (date(2026, 5, 31), "Hari Raya Waisak 2570 BE"),
    (date(2026, 6, 1), "Hari Lahir Pancasila"),
    (date(2026, 6, 16), "1 Muharam Tahun Baru Islam 1448 Hijriah"),
    (date(2026, 8, 17), "Proklamasi Kemerdekaan Republik Indonesia"),
    (date(2026, 8, 25), "Maulid Nabi Muhammad SAW"),
    (date(2026, 12, 25), "Kelahiran Yesus Kristus"),
    (date(2027, 1, 1), "Tahun Baru 2027 Masehi"),
    (date(2027, 1, 5), "Isra Mikraj Nabi Muhammad SAW"),
    (date(2027, 2, 6), "Tahun Baru Imlek 2578 Kongzili"),
    (date(2027, 3, 9), "Hari Suci Nyepi Tahun Baru Saka 1949"),
    (date(2027, 3, 10), "Idul Fitri 1448 Hijriah"),
    (date(2027, 3, 11), "Idul Fitri 1448 Hijriah"),
    (date(2027, 3, 26), "Wafat Yesus Kristus"),
    (date(2027, 3, 28), "Kebangkitan Yesus Kristus (Paskah)"),
    (date(2027, 5, 1), "Hari Buruh Internasional"),
    (date(2027, 5, 6), "Kenaikan Yesus Kristus"),
    (date(2027, 5, 17), "Idul Adha 1448 Hijriah"),
    (date(2027, 5, 20), "Hari Raya Waisak 2571 BE"),
    (date(2027, 6, 1), "Hari Lahir Pancasila"),
    (date(2027, 6, 6), "1 Muharam Tahun Baru Islam 1449 Hijriah"),
    (date(2027, 8, 15), "Maulid Nabi Muhammad SAW"),
    (date(2027, 8, 17), "Proklamasi Kemerdekaan Republik Indonesia"),
    (date(2027, 12, 25), "Kelahiran Yesus Kristus"),
]

# One demo account per desk (development and test only).
DEMO_STAFF = [
    ("frontoffice", "Rina Petugas FO", "front_office"),
    ("verifikator", "Budi Verifikator", "verifikator"),
    ("timteknis", "Sari Tim Teknis", "tim_teknis"),
    ("kabid", "Agus Kepala Bidang", "kepala_bidang"),
    ("kadis", "Dewi Kepala Dinas", "kepala_dinas"),
    ("admin", "Admin Sistem", "admin"),
]
DEMO_STAFF_PASSWORD = "Spontan#2026"  # noqa: S105 - demo only; seed refuses it in production
