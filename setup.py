"""Build step that puts the top-level `resources/` folder into the wheel.

Everything else about the package is in pyproject.toml. The icons and the style sheet live
once, in the top-level `resources/` folder; a wheel carries a copy of it inside the package as
`als_desktop/_resources`, where als_desktop/resource_files.py looks for it. An editable install
reads the top-level folder directly, so nothing is copied then.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

SOURCE = Path(__file__).resolve().parent / "resources"
TARGET = Path("als_desktop") / "_resources"


class BuildWithResources(build_py):
    def run(self) -> None:
        super().run()
        if getattr(self, "editable_mode", False):
            return
        if not (SOURCE / "style.qss").is_file():
            raise FileNotFoundError(f"{SOURCE} is missing: a wheel without icons and style sheet is not built")
        target = Path(self.build_lib) / TARGET
        shutil.rmtree(target, ignore_errors=True)  # files removed from resources/ must go too
        shutil.copytree(SOURCE, target)

    def get_outputs(self, include_bytecode: bool = True) -> list[str]:  # noqa: FBT001, FBT002
        outputs = super().get_outputs(include_bytecode)
        if getattr(self, "editable_mode", False):
            return outputs
        copied = [Path(self.build_lib) / TARGET / path.relative_to(SOURCE)
                  for path in sorted(SOURCE.rglob("*")) if path.is_file()]
        return outputs + [str(path) for path in copied]


setup(cmdclass={"build_py": BuildWithResources})
