import datetime as dt
from pathlib import Path

import pytest

from dtbd.exchange.services import import_file

AS_OF = dt.date(2026, 1, 1)

UNITS = """code,name,level,parent_code,kind,valid_from,valid_to
08,Tỉnh Tuyên Quang,province,,area,,
08.SNV,Sở Nội vụ,province,08,state,,
070,Thành phố Tuyên Quang,district,08,area,,2025-06-30
02269,Xã Thượng Lâm,commune,08,area,01/07/2025,
"""

PEOPLE_HEADER = (
    "person_code,full_name,birth_date,gender,unit_code,category,leadership,rank_code,"
    "political_theory,professional"
)


@pytest.fixture
def write(tmp_path):
    def write(name: str, text: str, encoding: str = "utf-8") -> Path:
        path = tmp_path / name
        path.write_text(text, encoding=encoding)
        return path

    return write


@pytest.fixture
def run():
    def run(kind: str, path: Path, **kwargs):
        kwargs.setdefault("as_of", AS_OF)
        return import_file(kind=kind, path=path, name=path.name, actor="tests", **kwargs)

    return run


@pytest.fixture
def units(db, write, run):
    result = run("units", write("units.csv", UNITS))
    assert result.ok, result.errors
    return result
