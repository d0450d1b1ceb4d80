"""Partners and people: the seed table, and hand-written sentences in Thai and English."""

import pytest

from app.ingest.extract import (
    PersonMention,
    english_people,
    extract_people,
    role_country,
    thai_people,
)
from app.ingest.pipeline import analyze
from app.reference import name_key
from tests.conftest import seed

SEED_EXPECTED = {
    "000": (["US"], ["Cory Gardner", "Prayut Chan-o-cha", "Prawit Wongsuwan"]),
    "001": (["SG"], ["พุทธิพงษ์ ปุณณกันต์", "เอส อิสวารัน", "S. Iswaran"]),
    "002": (["US"], ["ประวิตร วงษ์สุวรรณ", "Clair M. Grady", "คงชีพ ตันตระวาณิชย์"]),
    "003": (["MM"], ["ประเสริฐ จันทรรวงทอง", "เมีย ตุน โอ"]),
    "004": (["AU"], ["พิเชฐ ดุรงคเวโรจน์", "มาริส เพย์น", "Marise Payne", "ประจิน จั่นตอง"]),
}


@pytest.mark.parametrize("prefix", sorted(SEED_EXPECTED))
def test_seed_partners_and_people(prefix):
    extracted = analyze(seed(prefix).read_text(encoding="utf-8"))
    partners, names = SEED_EXPECTED[prefix]
    assert extracted.partners == partners
    written = {n for p in extracted.people for n in (p.name_th, p.name_en) if n}
    assert set(names) <= written


def test_bracketed_english_name_pairs_with_thai_name():
    people = {p.name_th: p for p in analyze(seed("001").read_text(encoding="utf-8")).people}
    iswaran = people["เอส อิสวารัน"]
    assert iswaran.name_en == "S. Iswaran" and iswaran.country == "SG"
    assert iswaran.role.startswith("รัฐมนตรีว่าการกระทรวงสื่อสารและสารสนเทศ")
    payne = {p.name_th: p for p in analyze(seed("004").read_text(encoding="utf-8")).people}["มาริส เพย์น"]
    assert payne.name_en == "Marise Payne" and payne.country == "AU"


def test_glued_rank_and_three_part_name():
    [person] = thai_people("ระหว่างพลเอกเมีย ตุน โอ รองนายกรัฐมนตรีของเมียนมา กับคณะ")
    assert person.name_th == "เมีย ตุน โอ"
    assert person.role == "รองนายกรัฐมนตรีของเมียนมา"
    assert person.country == "MM"


def test_handwritten_thai_sentence():
    text = (
        "นางสาวสมหญิง ใจดี อธิบดีกรมตัวอย่าง ให้การต้อนรับนายจอห์น สมิธ (Mr. John Smith) "
        "เอกอัครราชทูตแคนาดาประจำประเทศไทย เพื่อหารือความร่วมมือด้านไซเบอร์"
    )
    people = {p.name_th: p for p in extract_people("หารือ", text, "th")}
    assert people["สมหญิง ใจดี"].country == "TH"
    assert people["สมหญิง ใจดี"].role == "อธิบดีกรมตัวอย่าง"
    assert people["จอห์น สมิธ"].name_en == "John Smith"
    assert people["จอห์น สมิธ"].country == "CA"


def test_handwritten_english_sentence():
    text = ("Japanese Ambassador Taro Yamada met Deputy Prime Minister Somchai Rakthai "
            "to discuss joint cybercrime investigations between Japan and Thailand.")
    people = {p.name_en: p for p in extract_people("Talks", text, "en")}
    assert people["Taro Yamada"].country == "JP"
    assert people["Somchai Rakthai"].country == "TH"


def test_words_that_only_look_like_names_are_not_people():
    assert thai_people("นายกรัฐมนตรีกล่าวว่าไทยพร้อมร่วมมือ") == []
    assert thai_people("นายทหารและนายตำรวจเข้าร่วม") == []


def test_latin_name_with_the_thai_form_in_brackets():
    [person] = thai_people("ให้การต้อนรับ นาย Pavel Novak (ปาเวล โนวัก) เอกอัครราชทูตสาธารณรัฐเช็กประจำประเทศไทย")
    assert (person.name_th, person.name_en, person.country) == ("ปาเวล โนวัก", "Pavel Novak", "CZ")


def test_role_written_before_the_name():
    [person] = thai_people("ในโอกาสนี้ นายกรัฐมนตรีญี่ปุ่น นายทาโร ยามาดะ ฝากความปรารถนาดี")
    assert (person.name_th, person.role, person.country) == ("ทาโร ยามาดะ", "นายกรัฐมนตรีญี่ปุ่น", "JP")


def test_malay_honorifics_written_as_separate_words():
    [person] = thai_people(
        "ให้การต้อนรับดาตุก เซอรี อาหมัด บิน ยูซอฟ (Datuk Seri Ahmad bin Yusof) "
        "รัฐมนตรีว่าการกระทรวงมหาดไทยมาเลเซีย"
    )
    assert person.name_th == "อาหมัด บิน ยูซอฟ"
    assert person.name_en == "Ahmad bin Yusof" and person.country == "MY"


def test_a_spaced_deputy_role_is_not_part_of_the_name():
    [person] = thai_people("พล.ต.อ.สมชาย  ตัวอย่าง รอง ผบ.ตร. เดินทางไปกัมพูชา")
    assert person.name_th == "สมชาย ตัวอย่าง" and person.role.startswith("รอง ผบ.ตร.")


def test_an_ambassador_serves_the_country_named_before_the_posting():
    assert role_country("เอกอัครราชทูตสหรัฐอเมริกาประจำประเทศไทย") == "US"
    assert role_country("เอกอัครราชทูตไทยประจำกรุงเวียนนา ประเทศออสเตรีย") == "TH"
    assert role_country("Ambassador of the State of Israel to Thailand") == "IL"
    assert role_country("รัฐมนตรีว่าการกระทรวงมหาดไทยมาเลเซีย") == "MY"


def test_english_name_then_role():
    [person] = english_people(
        "talks with H.E. Mr. Anan Sithong, Prime Minister of the Lao People's Democratic Republic, on"
    )
    assert person.name_en == "Anan Sithong" and person.country == "LA"
    assert person.role.startswith("Prime Minister of the Lao")


def test_name_key_ignores_spelling_noise():
    assert name_key("Prayut Chan-o-cha") == name_key("prayut chanocha")


def test_division_heads_are_left_out_and_abbreviation_marks_are_not_names():
    people = thai_people(
        "นางสาวสมใจ ตัวอย่าง ผู้อำนวยการกองต่างประเทศ และ พลเอก ประวิตร ฯ รองนายกรัฐมนตรี"
    )
    assert [p.name_th for p in people] == ["ประวิตร"]
    assert people[0].role == "รองนายกรัฐมนตรี"


def test_a_khmer_honorific_is_not_part_of_the_name():
    [person] = english_people("talks with Prime Minister Samdech Moha Borvor Thipadei Hun Manet on")
    assert person.name_en == "Hun Manet"


def written(text: str) -> dict[str, PersonMention]:
    return {p.written: p for p in extract_people("", text, "th")}


def test_verbs_role_words_and_the_next_person_end_a_name():
    """Pieces of sentences were stored as people: a verb or kinship word after the name, a word
    that only announces the role, or the next person's honorific all ran into the name."""
    cases = {  # line -> the people it names (written form: role or None)
        "รองนายกฯ พล.อ.ประวิตรฯ รับ ออท.ออสเตรเลียฯ ย้ำความร่วมมือกันฟื้นฟูเศรษฐกิจ": {},
        "ทั้งนี้ นายชัยวุฒิกล่าวย้ำว่า “รัฐมนตรีไอซีทีของสิงคโปร์ และผมมีความเห็นสอดคล้องกัน": {},
        "แต่งตั้ง นายสมชัย สัจจพงษ์ ดำรงตำแหน่ง ประธานกรรมการในคณะกรรมการธนาคารแห่งประเทศไทย": {
            "สมชัย สัจจพงษ์": "ประธานกรรมการในคณะกรรมการธนาคารแห่งประเทศไทย"},
        "แต่งตั้ง นางสาวกฤติกา บูรณะดิษ ข้าราชการพลเรือนสามัญ ตำแหน่ง ผู้อำนวยการสำนัก สำนักส่งเสริม": {
            "กฤติกา บูรณะดิษ": "ผู้อำนวยการสำนัก"},
        "พร้อมด้วย นางนอร์ฮายาตี มูซา ภริยา รมว.มหาดไทยมาเลเซีย เป็นเจ้าภาพ": {},
        "โฆษกรัฐบาลชี้แจงกรณีหนี้ กยศ. นายกฯ ห่วงใย ตั้งใจแก้ไขปัญหาหนี้": {},
        "ท่านนายกรัฐมนตรี พล.อ.ประยุทธ์จันทร์โอชา ท่าน พล.อ.ประวิตร วงษ์สุวรรณ รองนายกรัฐมนตรี ที่กำกับ": {
            "ประยุทธ์จันทร์โอชา": None, "ประวิตร วงษ์สุวรรณ": "รองนายกรัฐมนตรี"},
        "ผู้ว่าราชการจังหวัด นายกสมาคมแม่บ้านมหาดไทย นายสมคิด จันทมฤก รองปลัดกระทรวงมหาดไทย": {
            "สมคิด จันทมฤก": "รองปลัดกระทรวงมหาดไทย"},
        "นายจุลพงษ์ ทวีศรี นายภานุวัฒน์ ตริยางกูรศรี รองโฆษกประจำสำนักนายกรัฐมนตรี": {
            "ภานุวัฒน์ ตริยางกูรศรี": "รองโฆษกประจำสำนักนายกรัฐมนตรี"},
        "โดยมี นายกิตติ เชาวน์ดี อดีต รมว.วธ ร่วมงาน": {"กิตติ เชาวน์ดี": "อดีต รมว.วธ"},
        "รัฐมนตรีว่าการกระทรวงกลาโหม นายสุทิน คลังแสงรมว.กลาโหม กล่าวว่า": {
            "สุทิน คลังแสง": "รัฐมนตรีว่าการกระทรวงกลาโหม"},
    }
    for line, expected in cases.items():
        found = {name: p.role for name, p in written(line).items()}
        assert found == expected, line
