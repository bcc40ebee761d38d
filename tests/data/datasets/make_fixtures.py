"""Writes the small upstream-format files the dataset tests serve from a local HTTP server.

The text is written by the framing team (not taken from any corpus). Run it only to change the
fixtures, then update their sha256 and bytes in registry.yaml (test_datasets checks they agree):

    .venv/bin/python tests/data/datasets/make_fixtures.py
"""

from __future__ import annotations

import json
from pathlib import Path

HERE = Path(__file__).resolve().parent

HAMSHAHRI = [
    {"title": "افتتاح دو ایستگاه تازه مترو در شرق تهران",
     "summary": "شهردار تهران روز دوشنبه گفت دو ایستگاه تازه خط هفت مترو تا پایان هفته به روی مسافران باز می‌شود.",
     "link": "https://example.org/hamshahri/1001", "tags": ["شهری"]},
    {"title": "کاهش ذخایر آب سدهای کشور",
     "summary": "مدیرعامل شرکت مدیریت منابع آب اعلام کرد ذخایر سدها نسبت به سال گذشته دوازده درصد کمتر است.",
     "link": "https://example.org/hamshahri/1002", "tags": ["محیط زیست"]},
    {"title": "برگزاری نمایشگاه کتاب به صورت مجازی",
     "summary": "دبیر نمایشگاه کتاب تهران گفت امسال نمایشگاه به دلیل شیوع کرونا به صورت مجازی برگزار می‌شود.",
     "link": "https://example.org/hamshahri/1003", "tags": ["فرهنگ > کتاب"]},
]
FARDA = [
    {"title": "ادعای تازه درباره مذاکرات هسته‌ای",
     "summary": "یک روزنامه خارجی مدعی شد دور بعدی گفتگوها به تعویق افتاده است؛ وزارت خارجه این خبر را تکذیب کرد.",
     "link": "https://example.org/farda/2001", "tags": ["سیاسی"]},
    {"title": "افزایش قیمت دلار در بازار آزاد",
     "summary": "فعالان بازار می‌گویند قیمت دلار در بازار آزاد تهران امروز دوباره افزایش یافت.",
     "link": "https://example.org/farda/2002", "tags": ["اقتصاد"]},
]

# FarExStance's layout: two unnamed index columns, then claim, content, stance, claim_id, news_id,
# evidence; one row per claim-article pair, every cell stored as text.
HEADER = ["Unnamed: 0.1", "Unnamed: 0", "claim", "content", "stance", "claim_id", "news_id", "evidence"]
WATER = "وزیر نیرو گفت ذخایر آب سدهای کشور کاهش یافته است."
METRO = "شهردار تهران گفت دو ایستگاه تازه مترو باز می‌شود."
ROWS = [
    (WATER, "وزیر نیرو از کاهش ذخایر آب سدها خبر داد. به گزارش خبرگزاری تسنیم از تهران،   وزیر نیرو گفت: ذخایر آب"
            " سدهای کشور نسبت به سال گذشته کاهش یافته است.\n\nوی افزود: مردم باید در مصرف آب صرفه‌جویی کنند.\n",
     "1", "501", "9001", "وزیر نیرو گفت: ذخایر آب سدهای کشور نسبت به سال گذشته کاهش یافته است."),
    (WATER, "به گزارش اقتصادآنلاین به نقل از ایسنا، معاون وزیر نیرو درباره کم‌آبی تابستان هشدار داد.\n\n"
            "او گفت ذخایر سدهای تهران در وضعیت مناسبی نیست.", "2", "501", "9002", "ادعای وارد شده در متن گزارش نشده است."),
    (WATER, "  به گزارش ايرنا، مسئولان شركت آب منطقه‌اي از آغاز طرح جيره‌بندي آب در دو شهر خبر دادند.  ",
     "3", "501", "9003", "ادعای وارد شده در متن گزارش نشده است."),
    (METRO, "   \nشهردار تهران روز دوشنبه گفت دو ایستگاه تازه خط هفت مترو تا پایان هفته باز می‌شود.\n\n"
            "به گزارش ایرنا، این ایستگاه‌ها در شرق تهران ساخته شده‌اند.", "1", "502", "9004",
     "شهردار تهران روز دوشنبه گفت دو ایستگاه تازه خط هفت مترو تا پایان هفته باز می‌شود."),
    (METRO, "به گزارش اقتصادآنلاین به نقل از ایسنا، معاون وزیر نیرو درباره کم‌آبی تابستان هشدار داد.\n\n"
            "او گفت ذخایر سدهای تهران در وضعیت مناسبی نیست.", "3", "502", "9002", "ادعای وارد شده در متن گزارش نشده است."),
    (METRO, "به گزارش خلیج فارس به نقل از مهر، ساخت ایستگاه‌های تازه مترو در شرق تهران به پایان رسید.",
     "1", "503", "9005", "ساخت ایستگاه‌های تازه مترو در شرق تهران به پایان رسید."),
    (METRO, None, "3", "503", "9006", None),
    (WATER, "وزیر نیرو از کاهش ذخایر آب سدها خبر داد. به گزارش خبرگزاری تسنیم از تهران،   وزیر نیرو گفت: ذخایر آب"
            " سدهای کشور نسبت به سال گذشته کاهش یافته است.\n\nوی افزود: مردم باید در مصرف آب صرفه‌جویی کنند.\n",
     "0", "500", "9001", "مردم باید در مصرف آب صرفه‌جویی کنند."),
]


def write_json(path: Path, records) -> None:
    path.write_text(json.dumps(records, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


def write_xlsx(path: Path) -> None:
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Sheet1"
    ws.append(HEADER)
    for i, (claim, content, stance, claim_id, news_id, evidence) in enumerate(ROWS):
        ws.append([str(i), str(i * 3), claim, content, stance, claim_id, news_id, evidence])
    wb.save(path)


if __name__ == "__main__":
    write_json(HERE / "hamshahri-tiny.json", HAMSHAHRI)
    write_json(HERE / "farda-tiny.json", FARDA)
    write_xlsx(HERE / "farexstance-tiny.xlsx")
    import hashlib

    for name in ("hamshahri-tiny.json", "farda-tiny.json", "farexstance-tiny.xlsx"):
        data = (HERE / name).read_bytes()
        print(f"{name}\tsha256: {hashlib.sha256(data).hexdigest()}\tbytes: {len(data)}")
