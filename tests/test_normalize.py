"""Normalization of each seed against the issue's table, and hand-made variants."""

from datetime import date

import pytest

from app.ingest.normalize import EmptyArticle, make_permalink, parse_article
from tests.conftest import seed

SEED_TABLE = {
    "000": ("en", None, "unknown"),
    "001": ("th", date(2020, 9, 30), "day"),
    "002": ("th", None, "unknown"),
    "003": ("th", date(2025, 1, 17), "day"),
    "004": ("th", date(2019, 1, 1), "month"),
}


@pytest.mark.parametrize("prefix", sorted(SEED_TABLE))
def test_seed_language_and_date(prefix):
    article = parse_article(seed(prefix).read_text(encoding="utf-8"))
    lang, value, precision = SEED_TABLE[prefix]
    assert article.lang == lang
    assert article.date.value == value
    assert article.date.precision == precision


def test_thaigov_release_layout():
    article = parse_article(seed("001").read_text(encoding="utf-8"))
    assert article.title == "“ดีอีเอส” หารือทวิภาคีไทย-สิงคโปร์ เพิ่มความเข้มแข็งความปลอดภัยไซเบอร์"
    assert article.source_url == "https://www.thaigov.go.th/news/contents/details/35541"
    assert article.source_name.startswith("Royal Thai Government")
    assert "ที่มา" not in article.body and "****" not in article.body
    assert article.title not in article.body  # the title lines repeated under the date are gone
    assert "2563\n" not in article.body  # the date line is not body text


def test_nation_page_boilerplate_and_repeated_caption():
    article = parse_article(seed("002").read_text(encoding="utf-8"))
    assert article.source_name == "Nation Online"
    assert "logoline" not in article.body and "เกาะติดข่าวสาร" not in article.body
    caption = "ประวิตร เดินหน้าคุยสหรัฐฯ สานความร่วมมือด้านอื่นนอกเหนือจากทางทหาร"
    assert article.body.count(caption) == 1  # printed six times on the page


def test_photo_credit_is_not_the_source():
    article = parse_article(seed("000").read_text(encoding="utf-8"))
    assert article.source_url is None
    assert "Photo courtesy" not in article.body
    assert article.title == "U.S. Senator says Thai cybersecurity cooperation will increase"


def test_header_article_gets_a_derived_title():
    article = parse_article(seed("004").read_text(encoding="utf-8"))
    assert article.title_derived
    assert article.title.startswith("นายพิเชฐ ดุรงคเวโรจน์")
    assert 20 < len(article.title) <= 121 and article.title != article.body
    assert not article.body.startswith("date")


def test_zero_width_nfc_and_thai_order_normalized():
    raw = "หัวข้อ\u200bข่าว\n\nไซ\u200bเบอร์ เเละ ทํางาน\u00a0ร่วมกัน\n"
    article = parse_article(raw)
    assert article.title == "หัวข้อข่าว"
    assert article.body == "ไซเบอร์ และ ทำงาน ร่วมกัน"


def test_empty_and_title_only_files_are_rejected():
    with pytest.raises(EmptyArticle):
        parse_article("\n\n \u200b\n")
    with pytest.raises(EmptyArticle):
        parse_article("Only a title\n\n*****\n")


def test_impossible_date_line_is_a_warning_and_stays_unknown():
    article = parse_article("หัวข้อ\nวันพุธที่ 31 กุมภาพันธ์ 2563\nเนื้อหาข่าว")
    assert article.date.precision == "unknown"
    assert article.warnings and "not a real date" in article.warnings[0]


def test_permalink_from_url_ignores_scheme_and_www():
    a = make_permalink("https://www.thaigov.go.th/news/contents/details/35541", "x", "y")
    b = make_permalink("http://thaigov.go.th/news/contents/details/35541/", "other", "text")
    assert a == b and len(a) == 12
    assert make_permalink(None, "title", "body") != make_permalink(None, "title", "other body")


def test_the_sites_empty_stub_pages_are_named_as_such():
    stub = "รัฐบาลไทย-\n\n\nวันพฤหัสบดีที่ 1 มกราคม 2513\n\nที่มา : https://www.thaigov.go.th/news/contents/details/74383\n"
    with pytest.raises(EmptyArticle, match="empty stub page"):
        parse_article(stub)


def test_the_words_check_agrees_with_the_squashed_text():
    """`_has_words` (one search) says what `_squash(...) != ""` said (a copy of the article)."""
    import sys

    from app.ingest.normalize import _has_words, _squash

    for char in map(chr, range(sys.maxunicode + 1)):
        assert _has_words(f"-- {char} ..") == bool(_squash(f"-- {char} .."))


def test_thaigov_print_link_and_posting_date_are_not_body_text():
    """Since late 2022 thaigov pages print `dd/mm/BBBB` and `พิมพ์` (print) above the text, on
    English pages too: they opened the body, and so every snippet, feed entry and page."""
    english = (
        "รัฐบาลไทย-ข่าวทำเนียบรัฐบาล-Thailand and Japan to work together against online scams\n\n\n"
        "วันพุธที่ 7 กุมภาพันธ์ 2567\n07/02/2567\nพิมพ์\n"
        "Thailand and Japan to work together against online scams\n"
        "February 6, 2024, the Prime Minister met the Ambassador of Japan.\n"
        "Both sides agreed to print and share a joint guide.\n"
    )
    article = parse_article(english)
    assert article.lang == "en" and article.date.value == date(2024, 2, 7)
    assert article.body.startswith("February 6, 2024, the Prime Minister")
    assert "พิมพ์" not in article.body and "07/02/2567" not in article.body
    # A posting date a few days before the dateline is the same furniture.
    thai = (
        "รัฐบาลไทย-ข่าวทำเนียบรัฐบาล-นายกฯ มอบหนังสือ\n\n\nวันอังคารที่ 1 สิงหาคม 2566\n30/07/2566\nพิมพ์\n"
        "วันนี้ นายกรัฐมนตรีมอบหนังสือที่ตีพิมพ์ใหม่\nพิมพ์\n01/08/2566 คือวันแจก\n"
    )
    article = parse_article(thai)
    assert article.body == "วันนี้ นายกรัฐมนตรีมอบหนังสือที่ตีพิมพ์ใหม่\nพิมพ์\n01/08/2566 คือวันแจก"
