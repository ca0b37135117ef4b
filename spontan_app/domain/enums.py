"""Enumerations shared by the domain, services and UI. Stored as plain strings."""

from __future__ import annotations

from enum import StrEnum


class ApplicantType(StrEnum):
    PERORANGAN = "perorangan"
    BADAN_USAHA = "badan_usaha"

    @property
    def label(self) -> str:
        return {"perorangan": "Perorangan", "badan_usaha": "Badan Usaha"}[self.value]


class AccountStatus(StrEnum):
    PENDING_OTP = "pending_otp"  # registered, WhatsApp number not yet confirmed
    PENDING_DATA = "pending_data"  # OTP confirmed, completion form not yet sent
    ACTIVE = "active"
    DISABLED = "disabled"

    @property
    def label(self) -> str:
        return {
            "pending_otp": "Menunggu OTP",
            "pending_data": "Menunggu Kelengkapan Data",
            "active": "Aktif",
            "disabled": "Dinonaktifkan",
        }[self.value]


class Sex(StrEnum):
    LAKI_LAKI = "L"
    PEREMPUAN = "P"

    @property
    def label(self) -> str:
        return {"L": "Laki-laki", "P": "Perempuan"}[self.value]


class Origin(StrEnum):
    DALAM = "dalam"
    LUAR = "luar"

    @property
    def label(self) -> str:
        return {
            "dalam": "Dalam Wilayah Kota Balikpapan",
            "luar": "Luar Wilayah Kota Balikpapan",
        }[self.value]


class RegionLevel(StrEnum):
    KABKOTA = "kabkota"
    KECAMATAN = "kecamatan"
    KELURAHAN = "kelurahan"


# The step history's desk for the applicant's own turns (submission, correction, cancel).
APPLICANT_DESK = "pemohon"
# Kemendagri code of Kota Balikpapan: "Dalam Wilayah" addresses live under it.
KOTA_BALIKPAPAN_CODE = "64.71"


class StaffRole(StrEnum):
    """Desks of the office. A file moves between desks along the izin's process steps."""

    FRONT_OFFICE = "front_office"
    VERIFIKATOR = "verifikator"
    TIM_TEKNIS = "tim_teknis"
    KEPALA_BIDANG = "kepala_bidang"
    KEPALA_DINAS = "kepala_dinas"
    ADMIN = "admin"

    @property
    def label(self) -> str:
        return {
            "front_office": "Petugas Front Office",
            "verifikator": "Verifikator Berkas",
            "tim_teknis": "Ketua Tim Teknis OPD",
            "kepala_bidang": "Kepala Bidang Perizinan",
            "kepala_dinas": "Kepala Dinas",
            "admin": "Administrator Sistem",
        }[self.value]


class ApplicationStatus(StrEnum):
    DRAFT = "DRAFT"
    SUBMITTED = "SUBMITTED"
    IN_PROCESS = "IN_PROCESS"
    RETURNED = "RETURNED"  # sent back to the applicant for correction
    APPROVED = "APPROVED"
    REJECTED = "REJECTED"
    ISSUED = "ISSUED"  # permit document signed and ready
    CANCELLED = "DIBATALKAN"

    @property
    def label(self) -> str:
        """What the applicant and staff read; the stored value never reaches a screen."""
        return {
            "DRAFT": "Draf",
            "SUBMITTED": "Diajukan",
            "IN_PROCESS": "Diproses",
            "RETURNED": "Perlu Perbaikan",
            "APPROVED": "Disetujui",
            "REJECTED": "Ditolak",
            "ISSUED": "Izin Terbit",
            "DIBATALKAN": "Dibatalkan",
        }[self.value]

    @property
    def is_open(self) -> bool:
        """Still moving through the office (a due date applies)."""
        return self.value in ("SUBMITTED", "IN_PROCESS", "RETURNED")


class StepStatus(StrEnum):
    SUBMITTED = "SUBMITTED"
    IN_PROGRESS = "IN_PROGRESS"
    APPROVED = "APPROVED"
    RETURNED = "RETURNED"
    RESUBMITTED = "RESUBMITTED"
    REJECTED = "REJECTED"
    CANCELLED = "DIBATALKAN"
    ISSUED = "ISSUED"

    @property
    def label(self) -> str:
        return {
            "SUBMITTED": "Diajukan",
            "IN_PROGRESS": "Sedang Diproses",
            "APPROVED": "Selesai",
            "RETURNED": "Dikembalikan",
            "RESUBMITTED": "Diajukan Ulang",
            "REJECTED": "Ditolak",
            "DIBATALKAN": "Dibatalkan",
            "ISSUED": "Izin Terbit",
        }[self.value]


class FieldType(StrEnum):
    TEXT = "text"
    NUMBER = "number"
    DATE = "date"
    SELECT = "select"
    TEXTAREA = "textarea"
    PHONE = "phone"
    NIK = "nik"
    NPWP = "npwp"


class ProposalStatus(StrEnum):
    PENDING = "pending"
    APPROVED = "approved"
    REJECTED = "rejected"

    @property
    def label(self) -> str:
        return {"pending": "Menunggu", "approved": "Disetujui", "rejected": "Ditolak"}[self.value]


class MessageStatus(StrEnum):
    QUEUED = "queued"
    SENT = "sent"
    FAILED = "failed"
    RETRYING = "retrying"


def label_of(enum: type[StrEnum], value: str | None) -> str:
    """The label of a stored value; an unknown value is shown as a dash, never raw."""
    try:
        return enum(value).label  # type: ignore[attr-defined]
    except ValueError:
        return "-"


def values(enum: type[StrEnum]) -> list[str]:
    return [member.value for member in enum]
