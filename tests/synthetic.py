"""Many distinct, plausible article files, made on the spot from a fixed seed: enough work for
an ingest or an index build to be interrupted half-way, without the corpus."""

import random
from pathlib import Path


def _words(text: str) -> list[str]:
    return text.split()


THAI_WORDS = _words("ความร่วมมือ ด้าน ความมั่นคงปลอดภัยไซเบอร์ ระหว่าง ไทย กับ สิงคโปร์ กระทรวง ดิจิทัล "
              "เพื่อ เศรษฐกิจ และ สังคม ได้ หารือ เรื่อง อาชญากรรม ทาง เทคโนโลยี การ หลอกลวง "
              "ออนไลน์ แก๊งคอลเซ็นเตอร์ บันทึกความเข้าใจ ประชุม รัฐมนตรี ญี่ปุ่น ออสเตรเลีย "
              "กัมพูชา เมียนมา จีน สหรัฐอเมริกา ข้อมูล ส่วนบุคคล การ ฝึกอบรม บุคลากร")
ENGLISH_WORDS = _words("Thailand Singapore Japan Australia Cambodia cooperation cybersecurity "
                 "cybercrime online scam call-centre memorandum ministry digital economy "
                 "society officials met discussed training data protection agreement police "
                 "network incident response regional forum capacity building")
THAI_MONTHS = _words("มกราคม กุมภาพันธ์ มีนาคม เมษายน พฤษภาคม มิถุนายน กรกฎาคม สิงหาคม กันยายน "
               "ตุลาคม พฤศจิกายน ธันวาคม")
ENGLISH_MONTHS = _words("January February March April May June July August September October "
                  "November December")


def article_text(number: int, rng: random.Random) -> str:
    """Article `number`: Thai when even, English when odd; its number is in its title and body,
    so no two are reposts of each other."""
    day, month, year = rng.randint(1, 28), rng.randint(1, 12), rng.randint(2015, 2024)
    if number % 2 == 0:
        words = [rng.choice(THAI_WORDS) for _ in range(rng.randint(60, 160))]
        title = f"ข่าวที่ {number} " + "".join(rng.choice(THAI_WORDS) for _ in range(6))
        date = f"{day} {THAI_MONTHS[month - 1]} {year + 543}"
        return f"{title}\n\n{date}\n{''.join(words)} รหัส {number}\n"
    words = [rng.choice(ENGLISH_WORDS) for _ in range(rng.randint(60, 160))]
    title = f"Report {number}: " + " ".join(rng.choice(ENGLISH_WORDS) for _ in range(6))
    date = f"{day} {ENGLISH_MONTHS[month - 1]} {year}"
    return f"{title}\n\n{date}\n{' '.join(words)} (item {number}).\n"


def write_articles(folder: Path, count: int, *, seed: int = 7, start: int = 0) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    paths = []
    for number in range(start, start + count):
        path = folder / f"synthetic-{number:05d}.txt"
        path.write_text(article_text(number, rng), encoding="utf-8")
        paths.append(path)
    return paths


def thaigov_release(details: int, title: str, paragraphs: list[str],
                    day: str = "วันพุธที่ 8 มีนาคม 2566") -> str:
    """A thaigov.go.th release as the corpus stores it, with its source URL `details/N`."""
    body = "\n".join(paragraphs)
    return (f"รัฐบาลไทย-ข่าวทำเนียบรัฐบาล-{title}\n\n{day}\n{title}\n{title}\n{body}\n\n"
            f"ที่มา : https://www.thaigov.go.th/news/contents/details/{details}\n")


def write_release(path: Path, details: int, title: str, paragraphs: list[str], **kw) -> Path:
    """`thaigov_release(...)` written to `path` as UTF-8, its folder made if need be."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(thaigov_release(details, title, paragraphs, **kw), encoding="utf-8")
    return path
