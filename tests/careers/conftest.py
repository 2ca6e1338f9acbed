import datetime as dt

import pytest

from tests.factories import make_person, make_unit

D = dt.date


@pytest.fixture
def province():
    return make_unit("T08", name="Tỉnh Tuyên Quang", level="province", kind="area")


@pytest.fixture
def dept(province):
    return make_unit("T08.SNV", name="Sở Nội vụ", parent=province)


@pytest.fixture
def other_dept(province):
    return make_unit("T08.STC", name="Sở Tài chính", parent=province)


@pytest.fixture
def staff(dept):
    """Ten civil servants of the department from 2020."""
    return [
        make_person(dept, code=f"NV{i:02d}", full_name=f"Nguyễn Văn Số {chr(65 + i)}")
        for i in range(10)
    ]
