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


class StepStatus(StrEnum):
    SUBMITTED = "SUBMITTED"
    IN_PROGRESS = "IN_PROGRESS"
    APPROVED = "APPROVED"
    RETURNED = "RETURNED"
    RESUBMITTED = "RESUBMITTED"
    REJECTED = "REJECTED"
    CANCELLED = "DIBATALKAN"
    ISSUED = "ISSUED"


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


class MessageStatus(StrEnum):
    QUEUED = "queued"
    SENT = "sent"
    FAILED = "failed"
    RETRYING = "retrying"


def values(enum: type[StrEnum]) -> list[str]:
    return [member.value for member in enum]
