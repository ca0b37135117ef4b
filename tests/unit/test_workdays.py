from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from spontan_app.domain.workdays import add_working_days, is_working_day, working_days_between


def test_example_from_the_manual():
    # Submitted Monday 04-09-2023, 5 working days -> Monday 11-09-2023.
    assert add_working_days(date(2023, 9, 4), 5, set()) == date(2023, 9, 11)


def test_weekend_submission_counts_from_monday():
    assert add_working_days(date(2026, 11, 28), 1, set()) == date(2026, 11, 30)


def test_holidays_are_skipped_across_month_and_year_boundaries():
    holidays = {date(2026, 12, 25), date(2027, 1, 1)}
    # Wed 23-12-2026 + 5 working days: 24, (25 holiday), 28, 29, 30, 31
    assert add_working_days(date(2026, 12, 23), 5, holidays) == date(2026, 12, 31)
    # ... + 6 skips 01-01-2027 (holiday) and the weekend
    assert add_working_days(date(2026, 12, 23), 6, holidays) == date(2027, 1, 4)


def test_a_holiday_added_later_moves_the_date():
    start = date(2026, 8, 12)
    before = add_working_days(start, 5, set())
    after = add_working_days(start, 5, {date(2026, 8, 17)})
    assert after == before + timedelta(days=1)


dates = st.dates(min_value=date(2020, 1, 1), max_value=date(2030, 12, 31))


@given(dates, st.integers(min_value=1, max_value=60), st.sets(dates, max_size=40))
def test_result_is_a_working_day_and_exactly_n_working_days_later(start, n, holidays):
    result = add_working_days(start, n, holidays)
    assert is_working_day(result, holidays)
    assert result.weekday() < 5 and result not in holidays
    assert working_days_between(start, result, holidays) == n


@given(dates, st.integers(min_value=0, max_value=30))
def test_more_days_never_lands_earlier(start, n):
    assert add_working_days(start, n + 1, set()) > add_working_days(start, n, set())


def test_working_days_between_counts_as_a_day_by_day_walk_would():
    """The arithmetic count equals walking the days, over random spans and holidays
    (weekend holidays, duplicates and holidays outside the span included)."""
    import random
    from datetime import date, timedelta

    from spontan_app.domain.workdays import is_working_day, working_days_between

    def walk(start, end, holidays):
        count, day = 0, start
        while day < end:
            day += timedelta(days=1)
            count += is_working_day(day, holidays)
        return count

    rng = random.Random(11)
    base = date(2022, 12, 25)
    for _ in range(400):
        start = base + timedelta(days=rng.randint(0, 900))
        end = start + timedelta(days=rng.randint(-5, 1200))
        holidays = [base + timedelta(days=rng.randint(0, 2200)) for _ in range(rng.randint(0, 40))]
        holidays += holidays[:3]
        assert working_days_between(start, end, holidays) == walk(start, end, set(holidays)), (start, end)
