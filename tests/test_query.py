"""Query parsing and expansion on small hand-written lexicons (no index needed)."""

import pytest

from app.search.analysis import thai_analyzer
from app.search.lexicon import Concept, Lexicon, lexicon
from app.search.query import build, parse, split_clause

GLOSSARY = [
    Concept("term:0", "cybersecurity", ("cybersecurity", "cyber security", "ความมั่นคงปลอดภัยไซเบอร์")),
    Concept("term:1", "cyber", ("cyber", "ไซเบอร์")),
    Concept("term:2", "call centre", ("call centre", "call center", "คอลเซ็นเตอร์")),
    Concept("term:3", "scam", ("scam", "หลอกลวง")),
    Concept("country:US", "United States",
            ("United States", "US", "U.S.", "USA", "สหรัฐ", "สหรัฐฯ", "สหรัฐอเมริกา", "อเมริกา"),
            ("countries", "US")),
    Concept("country:LA", "Laos", ("Laos", "ลาว"), ("countries", "LA")),
]
SMALL = Lexicon(GLOSSARY)
ANALYZER = thai_analyzer()


def tokenize(text):
    return [t.text for t in ANALYZER(text, mode="query")]


def shape(text, lexicon=SMALL):
    parsed = parse(text, lexicon, "nlpo3")
    return ([(c.text, c.concept.key if c.concept else None, c.phrase) for c in parsed.required],
            [(c.text, c.concept.key if c.concept else None) for c in parsed.excluded],
            parsed.ignored)


@pytest.mark.parametrize("spelling", ["สหรัฐ", "สหรัฐฯ", "สหรัฐอเมริกา", "อเมริกา", "US", "U.S.", "USA", "United States"])
def test_every_spelling_of_a_country_is_one_concept(spelling):
    required, _, _ = shape(f"{spelling} cyber")
    assert [key for _t, key, _p in required] == ["country:US", "term:1"]


def test_one_country_is_one_query_whatever_the_spelling():
    queries = {str(build(parse(f"{s} scam", SMALL, "nlpo3"), tokenize))
               for s in ("สหรัฐ", "สหรัฐฯ", "สหรัฐอเมริกา", "US", "U.S.", "USA")}
    assert len(queries) == 1


def test_pronoun_us_is_not_the_united_states():
    required, _, ignored = shape("help us")
    assert required == [("help", None, False)] and ignored == ["us"]


def test_english_forms_match_after_stemming_and_across_hyphens():
    assert shape("Call-Centres")[0] == [("Call-Centres", "term:2", False)]
    assert shape("cyber scams")[0] == [("cyber", "term:1", False), ("scams", "term:3", False)]


def test_longest_form_wins():
    assert shape("cyber security")[0] == [("cyber security", "term:0", False)]
    assert shape("ความมั่นคงปลอดภัยไซเบอร์")[0] == [("ความมั่นคงปลอดภัยไซเบอร์", "term:0", False)]


def test_thai_forms_are_found_inside_unspaced_text_on_cluster_boundaries():
    required, _, ignored = shape("แก๊งคอลเซ็นเตอร์ลาว")
    assert ("คอลเซ็นเตอร์", "term:2", False) in required and ("ลาว", "country:LA", False) in required
    # ลาว inside ลาวัลย์ is not Laos
    assert all(key != "country:LA" for _t, key, _p in shape("ลาวัลย์")[0])


def test_phrases_exclusions_and_stop_words():
    required, excluded, ignored = shape('"ความมั่นคงปลอดภัยไซเบอร์" -สหรัฐฯ the cyber of')
    assert required == [("cyber", "term:1", False), ("ความมั่นคงปลอดภัยไซเบอร์", None, True)]
    assert excluded == [("สหรัฐฯ", "country:US")]
    assert ignored == ["the", "of"]


def test_thai_stop_words_are_left_out_of_a_run():
    parsed = parse("ความร่วมมือด้านไซเบอร์", SMALL, "nlpo3")
    assert "ด้าน" in parsed.ignored
    assert [c.concept.key for c in parsed.required if c.concept] == ["term:1"]


def test_a_query_of_stop_words_only_is_kept():
    required, _, ignored = shape("the of")
    assert [t for t, _k, _p in required] == ["the", "of"] and ignored == []


def test_expansion_off_reads_words_as_written():
    required, _, _ = shape("Singapore cybersecurity", lexicon=None)
    assert required == [("Singapore", None, False), ("cybersecurity", None, False)]


@pytest.mark.parametrize("text", ['"unclosed', "AND OR NOT", "(((", "title:", "*", "-", '""', "-\"\"", "x" * 400])
def test_malformed_input_parses_as_plain_words(text):
    build(parse(text, SMALL, "nlpo3"), tokenize)  # never raises


def test_expanded_query_reads_the_concept_tokens_and_the_country_tag():
    query = str(build(parse("US cybersecurity", SMALL, "nlpo3"), tokenize))
    for piece in ("countries:US", "title:⟦country:us⟧", "body:⟦country:us⟧", "body:⟦term:0⟧"):
        assert piece in query
    assert "สหรัฐ" not in query  # the forms were indexed as the concept's token


DOCUMENT_ANALYZER = thai_analyzer(concepts=True)


def concept_tokens(text):
    return [t.text for t in DOCUMENT_ANALYZER(text) if t.text.startswith("⟦")]


@pytest.mark.parametrize("text", ["ความร่วมมือกับสหรัฐฯ", "ความร่วมมือกับสหรัฐอเมริกา",
                                  "talks with the U.S. on scams", "USA", "the United States"])
def test_documents_carry_one_token_for_every_spelling_of_a_concept(text):
    assert "⟦country:us⟧" in concept_tokens(text)


def test_concept_tokens_skip_the_pronoun_and_stay_out_of_queries():
    assert "⟦country:us⟧" not in concept_tokens("let us talk")
    assert not [t for t in tokenize("ความร่วมมือกับสหรัฐฯ") if t.startswith("⟦")]


def test_a_compound_carries_the_concepts_written_inside_it():
    tokens = concept_tokens("อาชญากรรมไซเบอร์")
    cyber = lexicon().find("ไซเบอร์")[0].concept.key
    crime = lexicon().find("อาชญากรรมไซเบอร์")[0].concept.key
    assert {f"⟦{cyber.lower()}⟧", f"⟦{crime.lower()}⟧"} <= set(tokens)


def test_concept_tokens_sit_where_the_name_is_written():
    text = "พบกับ รัฐมนตรีสิงคโปร์ เรื่อง cyber security"
    spans = {t.text: text[t.startchar:t.endchar]
             for t in DOCUMENT_ANALYZER(text, chars=True) if t.text.startswith("⟦")}
    assert spans["⟦country:sg⟧"] == "สิงคโปร์"
    assert "cyber security" in spans.values()


def test_fallback_any_word_is_an_or():
    parsed = parse("cyber zzzz", SMALL, "nlpo3")
    assert type(build(parsed, tokenize)).__name__ == "And"
    assert type(build(parsed, tokenize, any_word=True)).__name__ == "Or"


def test_the_project_lexicon_knows_countries_people_and_the_glossary():
    found = {m.concept.key for m in lexicon().find("Singapore ประวิตร Hun Manet cybersecurity MOU")}
    assert {"country:SG", "person:prawit-wongsuwon", "person:hun-manet"} <= found
    assert any(k.startswith("term:") for k in found)
    # agencies name their country for ingest, but a query for the FBI is not one for the US
    assert "country:US" not in {m.concept.key for m in lexicon().find("FBI")}


def test_a_single_compound_splits_into_what_it_is_made_of_as_written():
    [compound] = parse("คุ้มครองเด็กและเยาวชนจากภัยออนไลน์", lexicon(), "nlpo3").required
    parts = split_clause(compound)
    assert [p.text for p in parts] == ["คุ้มครองเด็ก", "เยาวชน", "ภัยออนไลน์"]
    assert all(p.concept is not None and not p.parts for p in parts)
    [run] = parse("ประชุมรัฐมนตรีกลาโหม", lexicon(), "nlpo3").required
    assert [(p.text, p.words) for p in split_clause(run)] == [
        ("ประชุม", ("ประชุม",)), ("รัฐมนตรี", ("รัฐมนตรี",)), ("กลาโหม", ("กลาโหม",))]
    [country] = parse("สิงคโปร์", lexicon(), "nlpo3").required
    assert split_clause(country) == [country]
