"""The article page's two lists (the same event in the other language, related articles) against
their rules computed in Python over every article, on the seeds plus Thai and English reports
spread over two years: some the same week, some a few days apart, some over a year away, some
naming nobody, some not about cyber cooperation; and what fetching them costs in queries."""

import random
from datetime import date, timedelta

import pytest
from sqlalchemy import event, select
from sqlalchemy.orm import selectinload

from app import queries
from app.db import make_engine, make_sessionmaker
from app.models import Article
from tests.conftest import PROJECT_ROOT, SEEDS, build_archive

SAME_EVENT = PROJECT_ROOT / "tests" / "fixtures" / "same_event_en.txt"
PARTNERS = ["Singapore", "Japan", "Myanmar"]
PEOPLE = ["Buddhipongse Punnakanta, Minister of Digital Economy and Society",
          "S. Iswaran, Singapore Minister for Communications and Information",
          "Deputy Prime Minister Prawit Wongsuwon"]
TOPICS = ["to sign a cybersecurity cooperation agreement on countering cybercrime",
          "to discuss tourism, rice exports and a new football stadium"]
PARTNERS_TH = {"Singapore": "สิงคโปร์", "Japan": "ญี่ปุ่น", "Myanmar": "เมียนมา"}
PEOPLE_TH = ["นายพุทธิพงษ์ ปุณณกันต์ รัฐมนตรีว่าการกระทรวงดิจิทัลเพื่อเศรษฐกิจและสังคม",
             "นายเอส อิสวารัน รัฐมนตรีว่าการกระทรวงสื่อสารและสารสนเทศ ของสิงคโปร์",
             "พลเอกประวิตร วงษ์สุวรรณ รองนายกรัฐมนตรี"]
MONTHS_TH = ["มกราคม", "กุมภาพันธ์", "มีนาคม", "เมษายน", "พฤษภาคม", "มิถุนายน", "กรกฎาคม",
             "สิงหาคม", "กันยายน", "ตุลาคม", "พฤศจิกายน", "ธันวาคม"]


def _report(number: int, day: date, partners: list[str], people: list[str], topic: str) -> str:
    who = " and ".join(people) if people else "Officials"
    return (f"Thailand and {' and '.join(partners)} hold talks, round {number}\n\n"
            f"{day.day} {day:%B} {day.year}\n"
            f"{who} met in Bangkok {topic} between Thailand and {' and '.join(partners)}. "
            f"This was round {number} of the talks.\n")


def _report_th(number: int, day: date, partners: list[str], people: list[int]) -> str:
    where = " และ".join(PARTNERS_TH[p] for p in partners)
    who = " กับ".join(PEOPLE_TH[i] for i in people) if people else "เจ้าหน้าที่"
    return (f"ไทย-{where} หารือความร่วมมือด้านความมั่นคงปลอดภัยไซเบอร์ ครั้งที่ {number}\n\n"
            f"{day.day} {MONTHS_TH[day.month - 1]} {day.year + 543}\n"
            f"{who} ประชุมหารือความร่วมมือด้านความมั่นคงปลอดภัยไซเบอร์ระหว่างไทยและ{where}"
            f" ครั้งที่ {number}\n")


@pytest.fixture(scope="module")
def spread(tmp_path_factory):
    folder = tmp_path_factory.mktemp("spread-files")
    rng = random.Random(11)
    meeting = date(2020, 9, 30)  # seed 001's meeting with Singapore
    offsets = [0, 0, 1, -1, 2, 3, -3, 4, -5, 30, -200, 365, 366, -366, 367, 500, 0, 1]
    for number, offset in enumerate(offsets):
        partners = rng.sample(PARTNERS, rng.choice([1, 1, 2]))
        people = rng.sample(PEOPLE, rng.choice([0, 1, 2]))
        text = _report(number, meeting + timedelta(days=offset), partners, people,
                       TOPICS[number % 3 == 2])
        (folder / f"report_{number:02d}.txt").write_text(text, encoding="utf-8")
    # the edges, against seed 001 (Thai, Singapore, Buddhipongse and Iswaran): the same event
    # three days apart, not four (other news, so that only the same-event window finds them);
    # related 366 days apart, not 367
    edges = [(-3, PEOPLE[:1], 1), (3, PEOPLE[:1], 1), (-4, PEOPLE[:1], 1), (4, PEOPLE[:1], 1),
             (366, PEOPLE[1:2], 0), (-367, PEOPLE[1:2], 0)]
    for number, (offset, people, topic) in enumerate(edges, start=len(offsets)):
        text = _report(number, meeting + timedelta(days=offset), ["Singapore"], people,
                       TOPICS[topic])
        (folder / f"report_{number:02d}.txt").write_text(text, encoding="utf-8")
    for number, offset in enumerate([0, 1, 2, 3, -2, 4, 0, 366, -30]):
        partners = rng.sample(PARTNERS, rng.choice([1, 1, 2]))
        people = rng.sample(range(len(PEOPLE_TH)), rng.choice([0, 1, 1, 2]))
        text = _report_th(number, meeting + timedelta(days=offset), partners, people)
        (folder / f"report_th_{number:02d}.txt").write_text(text, encoding="utf-8")
    settings = build_archive(tmp_path_factory.mktemp("spread"), [SEEDS, SAME_EVENT, folder])
    engine = make_engine(settings)
    yield make_sessionmaker(engine)
    engine.dispose()


def _expected(article: Article, others: list[Article]) -> tuple[list[int], list[int]]:
    """The two lists by their rules, article by article."""
    if article.published is None:
        return [], []
    people = {m.person_id for m in article.mentions}
    same_event, related = [], []
    for other in others:
        if other.id == article.id or other.published is None:
            continue
        partners = len(set(article.partner_codes) & set(other.partner_codes))
        shared = len(people & {m.person_id for m in other.mentions})
        if not (partners or shared):
            continue
        apart = abs((other.published - article.published).days)
        if (article.date_precision == "day" and article.partner_codes
                and apart <= queries.SAME_EVENT_DAYS and other.lang != article.lang and partners
                and (shared or (apart <= 1 and not article.mentions))):
            same_event.append(((-shared, apart, -partners, other.id), other.id))
        if other.relevant and apart <= queries.NEARBY_DAYS:
            related.append((-(2 * shared + partners) + apart / queries.NEARBY_DAYS, other.id))
    same_event = [i for _key, i in sorted(same_event)[:3]]
    related = [i for _key, i in sorted(related) if i not in same_event][:5]
    return same_event, related


def test_both_lists_follow_their_rules_for_every_article(spread):
    with spread() as session:
        articles = list(session.scalars(select(Article).options(
            selectinload(Article.partner_links), selectinload(Article.mentions))))
        assert len(articles) > 20
        found_other = found_related = 0
        for article in articles:
            other, related = queries.article_neighbours(session, article=article)
            expected = _expected(article, articles)
            assert ([a.id for a in other], [a.id for a in related]) == expected, article.title
            # the two lists asked for one at a time are the same
            assert queries.other_language_reports(session, article=article) == other
            assert queries.related_articles(
                session, article=article, exclude={a.id for a in other}) == related
            found_other += bool(other)
            found_related += bool(related)
        assert found_other >= 10 and found_related >= 20  # the data exercises both lists


def test_the_lists_cost_two_queries_and_no_body(spread):
    """One candidate query for both lists, one for the listed articles with their partners;
    their bodies stay unread (the page shows titles)."""
    with spread() as session:
        permalinks = session.scalars(select(Article.permalink)).all()
        statements = []
        engine = session.get_bind()
        listen = lambda *args: statements.append(args[2])  # noqa: E731
        event.listen(engine, "before_cursor_execute", listen)
        try:
            busiest = None
            for permalink in permalinks:
                article = queries.article_by_permalink(session, permalink=permalink)
                statements.clear()
                other, related = queries.article_neighbours(session, article=article)
                if other and related:
                    busiest = (article, other + related, list(statements))
                    break
        finally:
            event.remove(engine, "before_cursor_execute", listen)
        assert busiest is not None
        _article, listed, run = busiest
        assert len(run) == 2
        for item in listed:
            assert "body" not in item.__dict__ and "evidence" not in item.__dict__
            assert [link.country.code for link in item.partner_links] == item.partner_codes
