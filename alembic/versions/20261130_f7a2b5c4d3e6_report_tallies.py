"""tallies kept by the database: files per (day, izin, status) and open files per desk

Revision ID: f7a2b5c4d3e6
Revises: e6f1a4b3c2d5
Create Date: 2026-11-30 21:30:00

At a million files the reports' counts and a desk's totals read every matching row
(0.4-12 s on SQLite). Two small tables now hold those numbers, kept exact by triggers in
the same transaction as every write to ``application`` and ``application_step`` (so no
write path can forget them: the workflow, the seeds, the tests' factories, bulk loads):

- ``application_tally(day, izin_id, status, n)``: submitted files per WITA submission
  day, izin and status. The reports' counts (by izin, by status, by month, the list's
  total) sum at most a few hundred rows per month instead of thousands of files.
- ``desk_load(desk, izin_id, due_date, n)``: open steps per desk, izin and due date
  ('9999-12-31' when a file has none). A desk's total, the desk tiles (waiting, overdue)
  and the overdue report sum it.

Processing times loaded every decided file of the period and counted its working days
in Python (3-12 s for a year at a million files). Each file now records its working days
when it is decided (``application.working_days``, set by the model on any decision; this
migration fills it for files decided before), and the report groups them by izin and day
count from an index that holds them (``ix_application_status_submitted_days``).

Decrements only update existing rows and drop rows that reach zero; on PostgreSQL a
trigger touching two rows of a table takes them in key order, so two files moving in
opposite directions never wait on each other in a cycle.
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "f7a2b5c4d3e6"
down_revision: str | None = "e6f1a4b3c2d5"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

NO_DUE = "9999-12-31"

SQLITE_DAY = "date({}.submitted_at, '+8 hours')"

SQLITE_TRIGGERS = [
    # --- application_tally
    f"""
    CREATE TRIGGER application_tally_insert AFTER INSERT ON application
    WHEN NEW.status <> 'DRAFT' AND NEW.submitted_at IS NOT NULL
    BEGIN
      INSERT INTO application_tally (day, izin_id, status, n)
      VALUES ({SQLITE_DAY.format("NEW")}, NEW.izin_id, NEW.status, 1)
      ON CONFLICT (day, izin_id, status) DO UPDATE SET n = n + 1;
    END
    """,
    f"""
    CREATE TRIGGER application_tally_delete AFTER DELETE ON application
    WHEN OLD.status <> 'DRAFT' AND OLD.submitted_at IS NOT NULL
    BEGIN
      UPDATE application_tally SET n = n - 1
      WHERE day = {SQLITE_DAY.format("OLD")} AND izin_id = OLD.izin_id AND status = OLD.status;
      DELETE FROM application_tally
      WHERE day = {SQLITE_DAY.format("OLD")} AND izin_id = OLD.izin_id AND status = OLD.status AND n <= 0;
    END
    """,
    f"""
    CREATE TRIGGER application_tally_update AFTER UPDATE OF status, submitted_at, izin_id ON application
    WHEN OLD.status IS NOT NEW.status OR OLD.submitted_at IS NOT NEW.submitted_at OR OLD.izin_id IS NOT NEW.izin_id
    BEGIN
      UPDATE application_tally SET n = n - 1
      WHERE OLD.status <> 'DRAFT' AND OLD.submitted_at IS NOT NULL
        AND day = {SQLITE_DAY.format("OLD")} AND izin_id = OLD.izin_id AND status = OLD.status;
      DELETE FROM application_tally
      WHERE OLD.status <> 'DRAFT' AND OLD.submitted_at IS NOT NULL
        AND day = {SQLITE_DAY.format("OLD")} AND izin_id = OLD.izin_id AND status = OLD.status AND n <= 0;
      INSERT INTO application_tally (day, izin_id, status, n)
      SELECT {SQLITE_DAY.format("NEW")}, NEW.izin_id, NEW.status, 1
      WHERE NEW.status <> 'DRAFT' AND NEW.submitted_at IS NOT NULL
      ON CONFLICT (day, izin_id, status) DO UPDATE SET n = n + 1;
    END
    """,
    # --- desk_load: open steps
    f"""
    CREATE TRIGGER desk_load_step_insert AFTER INSERT ON application_step
    WHEN NEW.ended_at IS NULL
    BEGIN
      INSERT INTO desk_load (desk, izin_id, due_date, n)
      SELECT NEW.desk, a.izin_id, coalesce(a.due_date, '{NO_DUE}'), 1 FROM application a
      WHERE a.id = NEW.application_id
      ON CONFLICT (desk, izin_id, due_date) DO UPDATE SET n = n + 1;
    END
    """,
    f"""
    CREATE TRIGGER desk_load_step_delete AFTER DELETE ON application_step
    WHEN OLD.ended_at IS NULL
    BEGIN
      UPDATE desk_load SET n = n - 1
      WHERE desk = OLD.desk AND (izin_id, due_date) IN (
        SELECT a.izin_id, coalesce(a.due_date, '{NO_DUE}') FROM application a WHERE a.id = OLD.application_id);
      DELETE FROM desk_load WHERE n <= 0 AND desk = OLD.desk;
    END
    """,
    f"""
    CREATE TRIGGER desk_load_step_update AFTER UPDATE OF desk, ended_at ON application_step
    WHEN (OLD.ended_at IS NULL) <> (NEW.ended_at IS NULL) OR (OLD.ended_at IS NULL AND OLD.desk <> NEW.desk)
    BEGIN
      UPDATE desk_load SET n = n - 1
      WHERE OLD.ended_at IS NULL AND desk = OLD.desk AND (izin_id, due_date) IN (
        SELECT a.izin_id, coalesce(a.due_date, '{NO_DUE}') FROM application a WHERE a.id = OLD.application_id);
      DELETE FROM desk_load WHERE OLD.ended_at IS NULL AND n <= 0 AND desk = OLD.desk;
      INSERT INTO desk_load (desk, izin_id, due_date, n)
      SELECT NEW.desk, a.izin_id, coalesce(a.due_date, '{NO_DUE}'), 1 FROM application a
      WHERE NEW.ended_at IS NULL AND a.id = NEW.application_id
      ON CONFLICT (desk, izin_id, due_date) DO UPDATE SET n = n + 1;
    END
    """,
    f"""
    CREATE TRIGGER desk_load_application_update AFTER UPDATE OF due_date, izin_id ON application
    WHEN OLD.due_date IS NOT NEW.due_date OR OLD.izin_id IS NOT NEW.izin_id
    BEGIN
      UPDATE desk_load SET n = n - (
          SELECT count(*) FROM application_step s
          WHERE s.application_id = NEW.id AND s.ended_at IS NULL AND s.desk = desk_load.desk)
      WHERE izin_id = OLD.izin_id AND due_date = coalesce(OLD.due_date, '{NO_DUE}');
      DELETE FROM desk_load WHERE n <= 0 AND izin_id = OLD.izin_id AND due_date = coalesce(OLD.due_date, '{NO_DUE}');
      INSERT INTO desk_load (desk, izin_id, due_date, n)
      SELECT s.desk, NEW.izin_id, coalesce(NEW.due_date, '{NO_DUE}'), count(*) FROM application_step s
      WHERE s.application_id = NEW.id AND s.ended_at IS NULL GROUP BY s.desk
      ON CONFLICT (desk, izin_id, due_date) DO UPDATE SET n = n + excluded.n;
    END
    """,
]

PG_DAY = "({}.submitted_at AT TIME ZONE 'Asia/Makassar')::date"

PG_FUNCTIONS = [
    """
    CREATE FUNCTION application_tally_add(d date, i integer, s varchar, delta integer) RETURNS void
    LANGUAGE plpgsql AS $$
    BEGIN
      IF delta > 0 THEN
        INSERT INTO application_tally (day, izin_id, status, n) VALUES (d, i, s, delta)
        ON CONFLICT (day, izin_id, status) DO UPDATE SET n = application_tally.n + EXCLUDED.n;
      ELSE
        UPDATE application_tally SET n = n + delta WHERE day = d AND izin_id = i AND status = s;
        DELETE FROM application_tally WHERE day = d AND izin_id = i AND status = s AND n <= 0;
      END IF;
    END $$
    """,
    f"""
    CREATE FUNCTION application_tally_sync() RETURNS trigger LANGUAGE plpgsql AS $$
    DECLARE
      had boolean := false;
      has boolean := false;
      old_day date;
      new_day date;
    BEGIN
      IF TG_OP <> 'INSERT' THEN
        had := OLD.status <> 'DRAFT' AND OLD.submitted_at IS NOT NULL;
        old_day := {PG_DAY.format("OLD")};
      END IF;
      IF TG_OP <> 'DELETE' THEN
        has := NEW.status <> 'DRAFT' AND NEW.submitted_at IS NOT NULL;
        new_day := {PG_DAY.format("NEW")};
      END IF;
      IF TG_OP = 'UPDATE' AND OLD.status IS NOT DISTINCT FROM NEW.status
         AND old_day IS NOT DISTINCT FROM new_day AND OLD.izin_id = NEW.izin_id THEN
        RETURN NULL;
      END IF;
      IF had AND has AND ROW(old_day, OLD.izin_id, OLD.status) > ROW(new_day, NEW.izin_id, NEW.status) THEN
        PERFORM application_tally_add(new_day, NEW.izin_id, NEW.status, 1);
        PERFORM application_tally_add(old_day, OLD.izin_id, OLD.status, -1);
      ELSE
        IF had THEN PERFORM application_tally_add(old_day, OLD.izin_id, OLD.status, -1); END IF;
        IF has THEN PERFORM application_tally_add(new_day, NEW.izin_id, NEW.status, 1); END IF;
      END IF;
      RETURN NULL;
    END $$
    """,
    """
    CREATE FUNCTION desk_load_add(k varchar, i integer, d date, delta integer) RETURNS void
    LANGUAGE plpgsql AS $$
    BEGIN
      IF i IS NULL THEN RETURN; END IF;
      IF delta > 0 THEN
        INSERT INTO desk_load (desk, izin_id, due_date, n) VALUES (k, i, d, delta)
        ON CONFLICT (desk, izin_id, due_date) DO UPDATE SET n = desk_load.n + EXCLUDED.n;
      ELSE
        UPDATE desk_load SET n = n + delta WHERE desk = k AND izin_id = i AND due_date = d;
        DELETE FROM desk_load WHERE desk = k AND izin_id = i AND due_date = d AND n <= 0;
      END IF;
    END $$
    """,
    f"""
    CREATE FUNCTION desk_load_step_sync() RETURNS trigger LANGUAGE plpgsql AS $$
    DECLARE
      was_open boolean := false;
      is_open boolean := false;
      a_izin integer;
      a_due date;
    BEGIN
      IF TG_OP <> 'INSERT' THEN was_open := OLD.ended_at IS NULL; END IF;
      IF TG_OP <> 'DELETE' THEN is_open := NEW.ended_at IS NULL; END IF;
      IF TG_OP = 'UPDATE' AND was_open = is_open AND (NOT was_open OR OLD.desk = NEW.desk) THEN
        RETURN NULL;
      END IF;
      SELECT a.izin_id, coalesce(a.due_date, DATE '{NO_DUE}') INTO a_izin, a_due
      FROM application a
      WHERE a.id = CASE WHEN TG_OP = 'DELETE' THEN OLD.application_id ELSE NEW.application_id END;
      IF NOT FOUND THEN RETURN NULL; END IF;
      IF was_open AND is_open AND OLD.desk > NEW.desk THEN
        PERFORM desk_load_add(NEW.desk, a_izin, a_due, 1);
        PERFORM desk_load_add(OLD.desk, a_izin, a_due, -1);
      ELSE
        IF was_open THEN PERFORM desk_load_add(OLD.desk, a_izin, a_due, -1); END IF;
        IF is_open THEN PERFORM desk_load_add(NEW.desk, a_izin, a_due, 1); END IF;
      END IF;
      RETURN NULL;
    END $$
    """,
    f"""
    CREATE FUNCTION desk_load_application_sync() RETURNS trigger LANGUAGE plpgsql AS $$
    DECLARE
      r record;
    BEGIN
      IF OLD.due_date IS NOT DISTINCT FROM NEW.due_date AND OLD.izin_id = NEW.izin_id THEN
        RETURN NULL;
      END IF;
      FOR r IN SELECT s.desk, count(*)::integer AS c FROM application_step s
               WHERE s.application_id = NEW.id AND s.ended_at IS NULL GROUP BY s.desk ORDER BY s.desk LOOP
        IF ROW(OLD.izin_id, coalesce(OLD.due_date, DATE '{NO_DUE}'))
           > ROW(NEW.izin_id, coalesce(NEW.due_date, DATE '{NO_DUE}')) THEN
          PERFORM desk_load_add(r.desk, NEW.izin_id, coalesce(NEW.due_date, DATE '{NO_DUE}'), r.c);
          PERFORM desk_load_add(r.desk, OLD.izin_id, coalesce(OLD.due_date, DATE '{NO_DUE}'), -r.c);
        ELSE
          PERFORM desk_load_add(r.desk, OLD.izin_id, coalesce(OLD.due_date, DATE '{NO_DUE}'), -r.c);
          PERFORM desk_load_add(r.desk, NEW.izin_id, coalesce(NEW.due_date, DATE '{NO_DUE}'), r.c);
        END IF;
      END LOOP;
      RETURN NULL;
    END $$
    """,
]

PG_TRIGGERS = [
    "CREATE TRIGGER application_tally_sync AFTER INSERT OR DELETE OR UPDATE OF status, submitted_at, izin_id "
    "ON application FOR EACH ROW EXECUTE FUNCTION application_tally_sync()",
    "CREATE TRIGGER desk_load_step_sync AFTER INSERT OR DELETE OR UPDATE OF desk, ended_at "
    "ON application_step FOR EACH ROW EXECUTE FUNCTION desk_load_step_sync()",
    "CREATE TRIGGER desk_load_application_sync AFTER UPDATE OF due_date, izin_id "
    "ON application FOR EACH ROW EXECUTE FUNCTION desk_load_application_sync()",
]

SQLITE_NAMES = [
    "application_tally_insert",
    "application_tally_delete",
    "application_tally_update",
    "desk_load_step_insert",
    "desk_load_step_delete",
    "desk_load_step_update",
    "desk_load_application_update",
]


def _fill_working_days() -> None:
    """Working days of the files decided before this migration, in batches."""
    from spontan_app.domain.timefmt import to_wita
    from spontan_app.domain.workdays import working_days_between

    bind = op.get_bind()
    moment = sqlmodel.sql.sqltypes.UTCDateTime()
    holidays = sorted(bind.execute(sa.select(sa.column("day", sa.Date())).select_from(sa.table("holiday"))).scalars())
    app = sa.table(
        "application",
        sa.column("id", sa.Integer()),
        sa.column("submitted_at", moment),
        sa.column("decided_at", moment),
        sa.column("working_days", sa.Integer()),
    )
    last = 0
    while True:
        rows = bind.execute(
            sa.select(app.c.id, app.c.submitted_at, app.c.decided_at)
            .where(app.c.id > last, app.c.decided_at.is_not(None), app.c.submitted_at.is_not(None))
            .order_by(app.c.id)
            .limit(50_000)
        ).all()
        if not rows:
            return
        last = rows[-1][0]
        values = []
        for app_id, submitted, decided in rows:
            start, end = to_wita(submitted).date(), to_wita(decided).date()
            off = [h for h in holidays if start < h <= end] if holidays else ()
            values.append({"i": app_id, "d": working_days_between(start, end, off)})
        bind.execute(
            sa.update(app).where(app.c.id == sa.bindparam("i")).values(working_days=sa.bindparam("d")), values
        )


def upgrade() -> None:
    op.add_column("application", sa.Column("working_days", sa.Integer(), nullable=True))
    _fill_working_days()
    op.create_index(
        "ix_application_status_submitted_days", "application", ["status", "submitted_at", "izin_id", "working_days"]
    )
    op.create_table(
        "application_tally",
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("izin_id", sa.Integer(), nullable=False),
        sa.Column("status", sqlmodel.sql.sqltypes.AutoString(length=12), nullable=False),
        sa.Column("n", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("day", "izin_id", "status"),
    )
    op.create_table(
        "desk_load",
        sa.Column("desk", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("izin_id", sa.Integer(), nullable=False),
        sa.Column("due_date", sa.Date(), nullable=False),
        sa.Column("n", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("desk", "izin_id", "due_date"),
    )
    # Sums read these indexes alone (SQLite keeps a rowid table beside its primary key).
    op.create_index("ix_application_tally_sum", "application_tally", ["day", "izin_id", "status", "n"])
    op.create_index("ix_desk_load_sum", "desk_load", ["desk", "due_date", "n"])
    postgres = op.get_bind().dialect.name == "postgresql"
    day = PG_DAY.format("application") if postgres else SQLITE_DAY.format("application")
    no_due = f"DATE '{NO_DUE}'" if postgres else f"'{NO_DUE}'"
    # What is there already (a kept benchmark database, a city's data) is counted once.
    op.execute(
        "INSERT INTO application_tally (day, izin_id, status, n) "
        f"SELECT {day}, izin_id, status, count(*) FROM application "
        "WHERE status <> 'DRAFT' AND submitted_at IS NOT NULL GROUP BY 1, 2, 3"
    )
    op.execute(
        "INSERT INTO desk_load (desk, izin_id, due_date, n) "
        f"SELECT s.desk, a.izin_id, coalesce(a.due_date, {no_due}), count(*) "
        "FROM application_step s JOIN application a ON a.id = s.application_id "
        "WHERE s.ended_at IS NULL GROUP BY 1, 2, 3"
    )
    for statement in (PG_FUNCTIONS + PG_TRIGGERS) if postgres else SQLITE_TRIGGERS:
        op.execute(statement)
    # The planner's statistics for the new index (PostgreSQL's autovacuum gathers its own):
    # without them SQLite takes it for the most selective one and walks the open files.
    if not postgres:
        op.execute("ANALYZE application")


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS desk_load_application_sync ON application")
        op.execute("DROP TRIGGER IF EXISTS desk_load_step_sync ON application_step")
        op.execute("DROP TRIGGER IF EXISTS application_tally_sync ON application")
        for name in (
            "desk_load_application_sync()",
            "desk_load_step_sync()",
            "desk_load_add(varchar, integer, date, integer)",
            "application_tally_sync()",
            "application_tally_add(date, integer, varchar, integer)",
        ):
            op.execute(f"DROP FUNCTION IF EXISTS {name}")
    else:
        for name in SQLITE_NAMES:
            op.execute(f"DROP TRIGGER IF EXISTS {name}")
    op.drop_table("desk_load")
    op.drop_table("application_tally")
    op.drop_index("ix_application_status_submitted_days", table_name="application")
    with op.batch_alter_table("application") as batch:
        batch.drop_column("working_days")
