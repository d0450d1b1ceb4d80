"""The relevance verdict and the partner countries, on hand-written Thai and English articles.

Each case is one rule of the corpus' LABELS.md: a bilateral dealing on a cyber matter counts;
a cyber entry in a list, a multilateral meeting, a company or council as counterpart, a venue,
and domestic action that only names another country do not.
"""

from app.ingest.extract import extract_people
from app.ingest.relevance import judge, sentences


def verdict(title: str, body: str, lang: str = "th"):
    return judge(title, body, extract_people(title, body, lang))


def kinds(v) -> set[str]:
    return {e.kind for e in v.evidence}


def test_ambassador_call_on_cybersecurity_is_relevant_with_evidence():
    v = verdict(
        "รองนายกฯ หารือเอกอัครราชทูตแคนาดา ยกระดับความร่วมมือด้านความมั่นคงปลอดภัยไซเบอร์",
        "นายสมชาย ตัวอย่าง รองนายกรัฐมนตรี ให้การต้อนรับนายจอห์น สมิธ (Mr. John Smith) "
        "เอกอัครราชทูตแคนาดาประจำประเทศไทย\n"
        "ทั้งสองฝ่ายเห็นพ้องจะแลกเปลี่ยนข้อมูลภัยคุกคามทางไซเบอร์ระหว่างหน่วยงานของทั้งสองประเทศ",
    )
    assert v.relevant and v.partners == ["CA"]
    assert {"cyber-title", "cyber-sentence", "partner", "engagement"} <= kinds(v)
    assert v.score > 5


def test_cyber_as_one_entry_in_a_list_of_areas_is_not_a_distinct_point():
    v = verdict(
        "รัฐมนตรีหารือเอกอัครราชทูตโรมาเนีย ส่งเสริมความร่วมมือด้านดิจิทัล",
        "นายสมชาย ตัวอย่าง รัฐมนตรีว่าการกระทรวงดิจิทัล ให้การต้อนรับเอกอัครราชทูตโรมาเนียประจำประเทศไทย "
        "ทั้งสองฝ่ายหารือความร่วมมือ อาทิ การค้า การลงทุน การท่องเที่ยว การศึกษา "
        "ความมั่นคงปลอดภัยไซเบอร์ และพลังงาน",
    )
    assert not v.relevant
    assert "list-only" in kinds(v) and "cyber-sentence" not in kinds(v)


def test_a_multilateral_meeting_is_not_bilateral_unless_a_sideline_meeting_is_reported():
    body = ("รัฐมนตรีว่าการกระทรวงดิจิทัลเข้าร่วมการประชุมรัฐมนตรีอาเซียนด้านความมั่นคงไซเบอร์ "
            "ณ ประเทศสิงคโปร์ โดยหารือแนวทางรับมือภัยคุกคามทางไซเบอร์ในภูมิภาค")
    title = "รัฐมนตรีร่วมประชุมรัฐมนตรีอาเซียนด้านความมั่นคงไซเบอร์"
    plain = verdict(title, body)
    assert not plain.relevant and "multilateral" in kinds(plain)
    sideline = verdict(title, body + "\nนอกจากนี้ ได้หารือทวิภาคีนอกรอบกับรัฐมนตรีกระทรวงกิจการภายในญี่ปุ่น "
                       "ว่าด้วยความร่วมมือด้านความมั่นคงปลอดภัยไซเบอร์ระหว่างไทยกับญี่ปุ่น")
    assert sideline.relevant
    assert sideline.partners == ["JP"]  # the host country is a venue, not a partner


def test_latin_terms_match_whole_words_not_letters_inside_words():
    """ITU inside "Situation" vetoed bilateral meetings as a multilateral event (63 articles),
    and "labor" inside "collaboration" counted as one more cooperation area around a cyber term."""
    body = ("Thai and Cambodian police agreed to share intelligence on call center gangs and "
            "online scams along the border, in the presence of the Cambodian Ambassador.")
    situation = verdict("Thailand and Cambodia review border situation, vow cooperation against "
                        "online scams", body, "en")
    assert situation.relevant and "multilateral" not in kinds(situation)
    assert situation.partners == ["KH"]
    # The acronym is still an event of its own, glued to Thai or to a year, and in a camel-cased name.
    for title in ("ไทย-กัมพูชาหารือการป้องกันสแกมในการประชุมAPEC2022",
                  "Thailand and Cambodia at ATxSummit discuss online scams"):
        assert "multilateral" in kinds(verdict(title, body, "en")), title
    assert _list_words("research collaboration on cybersecurity") == set()
    assert _list_words("labour and trade and cybersecurity") == {"labour", "trade"}


def _list_words(text: str) -> set[str]:
    from app.ingest.relevance import vocabulary

    return {m[0].casefold() for m in vocabulary().other_areas.finditer(text)}


def test_a_business_council_is_not_a_government():
    v = verdict(
        "รองนายกฯ หารือสภาธุรกิจสหรัฐฯ-อาเซียน ด้านความมั่นคงปลอดภัยไซเบอร์",
        "รองนายกรัฐมนตรีหารือกับคณะผู้บริหารสภาธุรกิจสหรัฐฯ-อาเซียน และบริษัทเทคโนโลยี "
        "เรื่องการป้องกันภัยไซเบอร์และการหลอกลวงออนไลน์",
    )
    assert not v.relevant
    assert "US" not in v.partners


def test_domestic_raid_that_names_a_nationality_is_not_cooperation():
    v = verdict(
        "ตำรวจไซเบอร์ทลายแก๊งคอลเซ็นเตอร์ จับผู้ต้องหาชาวกัมพูชา",
        "ตำรวจสอบสวนกลางจับกุมแก๊งคอลเซ็นเตอร์ที่หลอกลวงออนไลน์ผู้เสียหายกว่าร้อยราย "
        "ผู้ต้องหาเป็นชาวกัมพูชา ถูกส่งตัวดำเนินคดีตามกฎหมายไทย",
    )
    assert not v.relevant and v.partners == []


def test_english_joint_press_conference_on_call_centre_gangs():
    v = verdict(
        "Prime Minister meets Prime Minister of Lao PDR",
        "H.E. Mr. Somsak Vongsa, Prime Minister of the Lao People's Democratic Republic, "
        "paid an official visit to Thailand.\n"
        "Both sides agreed to cooperate closely against call-centre gangs and online scams "
        "that target people in both countries.",
        lang="en",
    )
    assert v.relevant and v.partners == ["LA"]


def test_an_agency_implies_its_country():
    v = verdict(
        "DES and DHS sign a cybersecurity MOU",
        "Thailand's digital ministry and the DHS signed a memorandum of understanding on "
        "cybersecurity information sharing between Thailand and the United States.",
        lang="en",
    )
    assert v.partners == ["US"]


def test_countries_need_cluster_boundaries_and_thailand_is_never_a_partner():
    assert verdict("ไทยพร้อมร่วมมือ", "คุณลาวัลย์ชาวไทยกล่าว ประเทศไทย").partners == []
    assert verdict("ไทย-ลาว หารือ", "ความร่วมมือกับรัฐบาล สปป.ลาว ด้านไซเบอร์").partners == ["LA"]


def test_thai_sentences_split_at_numbered_items_and_openers():
    parts = sentences("ที่ประชุมเห็นชอบ 1. การค้า 2. ความมั่นคงไซเบอร์ ทั้งนี้ จะหารืออีกครั้ง")
    assert parts == ["ที่ประชุมเห็นชอบ", "1. การค้า", "2. ความมั่นคงไซเบอร์", "ทั้งนี้ จะหารืออีกครั้ง"]
