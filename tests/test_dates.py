from datetime import date

import pytest

from app.ingest.dates import DateError, find_date, gregorian_year, parse_date_line, parse_header


@pytest.mark.parametrize(
    ("line", "expected", "precision"),
    [
        ("วันพุธที่ 30 กันยายน 2563", date(2020, 9, 30), "day"),
        ("30 กันยายน 2563", date(2020, 9, 30), "day"),
        ("29 ก.ย. 63", date(2020, 9, 29), "day"),
        ("29 ก.ย.63", date(2020, 9, 29), "day"),
        ("๓๐ กันยายน ๒๕๖๓", date(2020, 9, 30), "day"),
        ("วันศุกร์ที่ 17 มกราคม 2568", date(2025, 1, 17), "day"),
        ("17 ม.ค. 2568", date(2025, 1, 17), "day"),
        ("September 30, 2020", date(2020, 9, 30), "day"),
        ("Wednesday, 30 Sept. 2020", date(2020, 9, 30), "day"),
        ("2020-09-30", date(2020, 9, 30), "day"),
    ],
)
def test_date_lines(line, expected, precision):
    parsed = parse_date_line(line)
    assert parsed is not None
    assert (parsed.value, parsed.precision) == (expected, precision)


def test_header_gives_month_precision():
    parsed, rest = parse_header(" date 2019-01 นายพิเชฐ กล่าว")
    assert parsed.iso == "2019-01" and parsed.precision == "month"
    assert rest == "นายพิเชฐ กล่าว"


def test_placeholder_date_means_unknown():
    assert parse_date_line("1 มกราคม 2513").precision == "unknown"


def test_impossible_date_is_an_error_not_a_guess():
    with pytest.raises(DateError):
        parse_date_line("31 กุมภาพันธ์ 2563")


def test_sentence_with_a_date_is_not_a_date_line():
    assert parse_date_line("เมื่อวันที่ 16 มกราคม 2568 นายประเสริฐ กล่าวว่า") is None
    assert find_date("วันนี้ (29 ก.ย. 63) ได้มีการประชุม")[0].value == date(2020, 9, 29)


@pytest.mark.parametrize(("raw", "year"), [("2563", 2020), ("63", 2020), ("2020", 2020), ("2568", 2025)])
def test_years(raw, year):
    assert gregorian_year(raw) == year
