"""Disk trouble (issue 17): a full disk and a read-only disk give clear messages, keep the first error,
leave no half-made copy, and keep the existing file intact.

Both use a small tmpfs of their own, which needs root (mount); otherwise they are skipped, saying so.
"""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path

import pytest

from lib import archive, store
from lib.errors import StoreError
from tests.conftest import TODAY

pytestmark = pytest.mark.soak
ROOT = Path(__file__).resolve().parents[2]
DAY = date(2020, 1, 1)


def mount(folder: Path, options: str) -> None:
    done = subprocess.run(["mount", "-o", options, "-t", "tmpfs", "tmpfs", str(folder)], capture_output=True, text=True)
    if done.returncode:
        pytest.skip(f"could not mount a tmpfs ({done.stderr.strip()}): the disk-trouble tests need it")


@pytest.fixture
def small_disk(tmp_path):
    """A folder on its own 80 MB tmpfs (unmounted afterwards)."""
    if os.geteuid() != 0:
        pytest.skip("a small tmpfs for a full or read-only disk needs root (mount); run the suite as root to check it")
    folder = tmp_path / "disk"
    folder.mkdir()
    mount(folder, "size=80m")
    yield folder
    subprocess.run(["umount", "-l", str(folder)], check=False)


def save(con, n: int) -> None:
    store.save_checkin(
        con,
        day=DAY + timedelta(days=n),
        pain_now=n % 11,
        stiffness=2,
        sleep_hours=7.5,
        sleep_quality=6,
        stress=3,
        sitting_hours=5,
        travel=False,
        flare_up=False,
        notes=f"day {n}",
    )


def count_in_a_fresh_process(path: Path) -> int:
    """Open the file as a new Poise would (its own process) and count the check-ins."""
    code = (
        f"from lib import store; c = store.open_database({str(path)!r}); "
        "print(c.execute('SELECT count(*) FROM checkin').fetchone()[0])"
    )
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    return int(done.stdout.split()[-1])


def fill(folder: Path) -> Path:
    filler = folder / "filler"
    with open(filler, "wb") as f:
        try:
            while True:
                f.write(b"\0" * 65536)
                f.flush()
        except OSError:
            pass
    return filler


def test_a_full_disk_says_so_keeps_the_file_and_leaves_no_partial_backup(small_disk):
    path = small_disk / "poise.duckdb"
    con = store.open_database(path)
    for n in range(40):
        save(con, n)
    filler = fill(small_disk)
    with pytest.raises(StoreError) as refused:
        for n in range(40, 400):  # the last pages of the disk may still take a save or two
            save(con, n)
    assert "disk is full" in refused.value.message and "No space left on device" in refused.value.message
    assert "no transaction is active" not in refused.value.message  # the first error, not the rollback's
    for make in (lambda: archive.daily_backup(con, TODAY), lambda: archive.backup_now(con)):
        with pytest.raises(StoreError, match="disk is full"):
            make()
    assert not list(small_disk.rglob("*.partial*"))
    assert not list((small_disk / "backups").glob("*.duckdb"))
    saved = con.execute("SELECT count(*) FROM checkin").fetchone()[0]
    assert saved >= 40
    filler.unlink()  # room again: the same connection goes on, and a backup works
    save(con, 1000)
    assert archive.backup_now(con).exists()
    con.close()
    assert count_in_a_fresh_process(path) == saved + 1


def test_a_read_only_disk_gives_clear_messages_and_the_file_stays_whole(small_disk):
    path = small_disk / "poise.duckdb"
    con = store.open_database(path)
    for n in range(25):
        save(con, n)
    con.close()
    subprocess.run(["mount", "-o", "remount,ro", str(small_disk)], check=True)
    try:
        with pytest.raises(StoreError, match="read-only") as refused:
            store.open_database(small_disk / "missing" / "poise.duckdb")  # a folder Poise would have to make
        assert "POISE_DB" in refused.value.message
        with pytest.raises(StoreError, match="(?i)read-only"):
            store.open_database(path)
    finally:
        subprocess.run(["mount", "-o", "remount,rw", str(small_disk)], check=True)
    assert count_in_a_fresh_process(path) == 25


def test_a_folder_without_write_permission_gives_a_clear_message(tmp_path):
    if os.geteuid() == 0:
        pytest.skip("root writes through folder permissions; the read-only tmpfs test above covers root")
    locked = tmp_path / "locked"
    locked.mkdir()
    store.open_database(locked / "poise.duckdb").close()
    locked.chmod(0o555)
    try:
        with pytest.raises(StoreError, match="permission denied") as refused:
            store.open_database(locked / "missing" / "poise.duckdb")
        assert "POISE_DB" in refused.value.message
    finally:
        locked.chmod(0o755)
    assert count_in_a_fresh_process(locked / "poise.duckdb") == 0
