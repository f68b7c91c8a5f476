"""Where each page's script lives, for AppTest."""

import re
from pathlib import Path

from lib import store

ROOT = Path(__file__).resolve().parents[2]
PAGES = {
    "today": None,
    "log": "pages/1_Check-in_and_log.py",
    "progress": "pages/2_Progress.py",
    "questionnaires": "pages/3_Questionnaires.py",
    "exercises": "pages/4_Exercises.py",
    "settings": "pages/5_Settings_and_data.py",
    "guided": "pages/6_Guided_session.py",
}


def shown(markdown: str) -> str:
    """The text a person reads from a Markdown body that Poise escaped (lib.ui.plain)."""
    return re.sub(r"\\(.)", r"\1", markdown)


def read(path: Path, fn, *args, **kwargs):
    """`fn(con, *args, **kwargs)` on its own connection to the file a page wrote, closed after."""
    con = store.open_database(path)
    try:
        return fn(con, *args, **kwargs)
    finally:
        con.close()
