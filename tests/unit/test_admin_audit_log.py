"""Reading the audit trail."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from spontan_app.domain.models import AuditLog
from spontan_app.services import audit
from spontan_app.services.admin import audit_log
from spontan_app.services.admin.audit_log import AuditFilter
from spontan_app.services.errors import FieldErrors, PermissionDenied
from tests.unit.admin_helpers import applicant, application, izin, staff


def test_filter_by_actor_entity_action_and_date(session):
    admin, kadis = staff(session, "admin"), staff(session, "kepala_dinas")
    owner = applicant(session, 9501, full_name="Wati Pemohon")
    file = application(
        session, owner, izin(session), number="T/ADM/AU/1", status="SUBMITTED", submitted_at=datetime.now(UTC)
    )
    audit.log(session, owner, "submit", file).at = datetime(2027, 1, 10, 1, tzinfo=UTC)
    audit.log(session, admin, "forward", file, note="ok").at = datetime(2027, 1, 11, 1, tzinfo=UTC)
    audit.log(session, None, "recompute", None).at = datetime(2027, 1, 11, 20, tzinfo=UTC)  # 12-01 WITA
    session.commit()
    for role in ("kepala_bidang", "front_office"):
        with pytest.raises(PermissionDenied):
            audit_log.search_audit(session=session, staff=staff(session, role))

    def seen(**kw) -> list[tuple[str, str]]:
        page = audit_log.search_audit(session=session, staff=kadis, filters=AuditFilter(**kw))
        return [(v.action, v.actor_name) for v in page.rows]

    assert seen() == [("recompute", "Sistem"), ("forward", admin.full_name), ("submit", "Wati Pemohon")]
    assert seen(registration_number="T/ADM/AU/1") == [("forward", admin.full_name), ("submit", "Wati Pemohon")]
    assert seen(registration_number="T/NONE") == []
    assert seen(entity="application", entity_id=file.id, actor_type="staff") == [("forward", admin.full_name)]
    assert seen(actor_name="wati") == [("submit", "Wati Pemohon")]
    assert seen(actor_type="applicant", actor_id=owner.id) == [("submit", "Wati Pemohon")]
    assert seen(action="recompute") == [("recompute", "Sistem")]
    assert seen(date_from=date(2027, 1, 12), date_to=date(2027, 1, 12)) == [("recompute", "Sistem")]
    page = audit_log.search_audit(session=session, staff=admin, page=2, page_size=2)
    assert (page.total, page.pages, [v.action for v in page.rows]) == (3, 2, ["submit"])
    forward = audit_log.search_audit(session=session, staff=admin, filters=AuditFilter(action="forward")).rows[0]
    assert (forward.at, forward.detail, forward.actor_type_label) == ("11-01-2027 09:00:00", {"note": "ok"}, "Petugas")
    assert {"submit", "forward", "recompute"} <= set(audit_log.actions(session=session, staff=admin))
    with pytest.raises(FieldErrors):
        audit_log.search_audit(session=session, staff=admin, filters=AuditFilter(actor_type="robot"))
    assert session.get(AuditLog, forward.id) is not None
