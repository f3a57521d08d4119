"""Files the user asks for (plans, plots) are written whole or not at all."""

from pathlib import Path

import pytest

from als_desktop.files import why_not_written, write_atomically


def test_a_file_is_replaced_whole(tmp_path: Path) -> None:
    target = tmp_path / "plan.pdf"
    target.write_bytes(b"old plan")
    write_atomically(target, b"new plan")
    assert target.read_bytes() == b"new plan"
    assert [p.name for p in tmp_path.iterdir()] == ["plan.pdf"]  # no temporary file left


def test_a_refused_write_leaves_the_old_file_and_no_partial_one(tmp_path: Path) -> None:
    target = tmp_path / "plan.pdf"
    target.mkdir()  # a folder where the file should go: the final step is refused
    with pytest.raises(OSError) as refused:
        write_atomically(target, b"new plan")
    assert target.is_dir()
    assert [p.name for p in tmp_path.iterdir()] == ["plan.pdf"]
    assert why_not_written(refused.value) in ("a folder of that name is already there", refused.value.strerror)


def test_a_missing_folder_is_said_in_plain_words(tmp_path: Path) -> None:
    with pytest.raises(OSError) as refused:
        write_atomically(tmp_path / "no" / "such" / "plan.pdf", b"plan")
    assert why_not_written(refused.value) == "that folder does not exist"
