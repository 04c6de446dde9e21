"""Demo individual nominations ("cá nhân") for ``hagiang-2023``: a handful of people put forward
at the department, district and commune levels, before the demo draws up the proposal lists.

Clearly demo data: the people are invented (names common in Hà Giang; positions of the police
and the people's committees who run Đề án 06) and every achievement list ends with "(Dữ liệu
minh họa)". Each is put forward through :func:`thidua.web.awards_web.individuals.create` (the
policy, the quota, the audit log) by the nominating unit's own reporter where the demo has one
(Đồng Văn, the departments), else by the province's demo administrator. Every nominating unit
stays within its quota: at most 2 per district at the commune level, and far fewer than the
district and department levels' places.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from thidua.web.accounts.models import Membership
from thidua.web.awards_web import individuals
from thidua.web.awards_web.models import IndividualNomination
from thidua.web.campaigns.models import Campaign
from thidua.web.units.models import Unit

DEMO = "(Dữ liệu minh họa)"


@dataclass(frozen=True)
class DemoPerson:
    level: str
    unit: str  # the person's unit at the level (its nominating unit follows from it)
    name: str
    position: str
    achievements: tuple[str, ...]  # one item a line, as the form 07 report lists them


PEOPLE: tuple[DemoPerson, ...] = (
    # Departments put forward their own people.
    DemoPerson(
        "department",
        "HG.CAT",
        "Nguyễn Mạnh Cường",
        "Trưởng phòng Cảnh sát quản lý hành chính về trật tự xã hội (PC06)",
        (
            "Tham mưu Ban Chỉ đạo Đề án 06 tỉnh tổ chức cấp căn cước công dân lưu động "
            "tại 11 huyện, thành phố, kể cả ngày nghỉ",
            "Chỉ đạo làm sạch dữ liệu dân cư, đối soát với dữ liệu hộ tịch và bảo hiểm xã hội",
        ),
    ),
    DemoPerson(
        "department",
        "HG.CAT",
        "Hoàng Thị Thu Trang",
        "Đội trưởng Đội Quản lý cư trú và căn cước, Phòng PC06",
        (
            "Trực tiếp thẩm định hồ sơ cấp căn cước công dân gắn chip cho công dân "
            "vùng sâu, vùng xa",
            "Hướng dẫn Công an cấp xã thu nhận hồ sơ định danh điện tử mức 2 (VNeID)",
        ),
    ),
    DemoPerson(
        "department",
        "HG.BHXH",
        "Phạm Thị Thanh Huyền",
        "Trưởng phòng Quản lý thu - Sổ, thẻ",
        (
            "Đồng bộ dữ liệu người tham gia BHXH, BHYT với Cơ sở dữ liệu quốc gia về dân cư",
            "Triển khai khám chữa bệnh BHYT bằng căn cước công dân gắn chip và VNeID",
        ),
    ),
    DemoPerson(
        "department",
        "HG.STTTT",
        "Lê Quang Minh",
        "Phó Giám đốc Sở",
        (
            "Chỉ đạo kết nối Cổng dịch vụ công tỉnh với tài khoản định danh điện tử VNeID",
            "Tập huấn kỹ năng số cho tổ công nghệ số cộng đồng ở các xã",
        ),
    ),
    # Districts put forward their own people.
    DemoPerson(
        "district",
        "HG.BM",
        "Ma Văn Thuận",
        "Phó Trưởng Công an huyện, Tổ phó Tổ công tác Đề án 06 huyện",
        (
            "Chỉ đạo cấp căn cước công dân lưu động tại các thôn vùng cao của huyện",
            "Làm sạch dữ liệu dân cư toàn huyện, xử lý dứt điểm các trường hợp sai lệch",
        ),
    ),
    DemoPerson(
        "district",
        "HG.XM",
        "Hoàng Văn Quyết",
        "Phó Chủ tịch UBND huyện, Tổ trưởng Tổ công tác Đề án 06 huyện",
        (
            "Chỉ đạo các xã vận động công dân đăng ký, kích hoạt tài khoản định danh điện tử",
            "Đưa dịch vụ công trực tuyến toàn trình vào bộ phận một cửa cấp xã",
        ),
    ),
    DemoPerson(
        "district",
        "HG.DV",
        "Giàng Seo Pao",
        "Đội trưởng Đội Cảnh sát quản lý hành chính về trật tự xã hội, Công an huyện",
        (
            "Tổ chức cấp căn cước công dân cho người cao tuổi, người khuyết tật tại nhà",
            "Kích hoạt tài khoản định danh điện tử mức 2 cho công dân ở các xã biên giới",
        ),
    ),
    # Communes: their district nominates (1, and 1 more at most).
    DemoPerson(
        "commune",
        "HG.DV.03",  # Xã Lũng Cú
        "Sùng Mí Chá",
        "Trưởng Công an xã",
        (
            "Thu nhận hồ sơ cấp căn cước công dân cho 100% công dân từ đủ 14 tuổi trở lên",
            "Hướng dẫn công dân kích hoạt VNeID tại nhà văn hóa thôn, ngoài giờ hành chính",
        ),
    ),
    DemoPerson(
        "commune",
        "HG.DV.04",  # Xã Sà Phìn
        "Vàng Thị Dính",
        "Công chức Tư pháp - Hộ tịch xã",
        (
            "Rà soát, làm sạch dữ liệu hộ tịch, đối chiếu với dữ liệu dân cư của Công an xã",
            "Tiếp nhận hồ sơ đăng ký khai sinh trực tuyến liên thông",
        ),
    ),
    DemoPerson(
        "commune",
        "HG.YM.01",  # Thị trấn Yên Minh
        "Lương Văn Thắng",
        "Trưởng Công an thị trấn",
        (
            "Kích hoạt tài khoản định danh điện tử mức 2 cho công dân trên địa bàn",
            "Làm sạch dữ liệu dân cư, cập nhật thông tin cư trú của các hộ gia đình",
        ),
    ),
    DemoPerson(
        "commune",
        "HG.QB.03",  # Xã Lùng Tám
        "Thào Mí Say",
        "Phó Chủ tịch UBND xã",
        (
            "Chỉ đạo Tổ công tác Đề án 06 xã vận động người dân làm căn cước công dân",
            "Hướng dẫn người dân nộp hồ sơ dịch vụ công trực tuyến bằng tài khoản VNeID",
        ),
    ),
    DemoPerson(
        "commune",
        "HG.XM.03",  # Xã Quảng Nguyên
        "Hoàng Thị Lan",
        "Phó Trưởng Công an xã",
        (
            "Thu nhận hồ sơ cấp căn cước công dân lưu động tại các thôn",
            "Đối soát, làm sạch dữ liệu dân cư của các hộ gia đình trên địa bàn xã",
        ),
    ),
    DemoPerson(
        "commune",
        "HG.TP.02",  # Phường Trần Phú
        "Trần Thị Thu Hà",
        "Công chức Văn phòng - Thống kê phường",
        (
            "Hướng dẫn người dân kích hoạt VNeID và dùng dịch vụ công trực tuyến",
            "Số hóa hồ sơ, kết quả giải quyết thủ tục hành chính của phường",
        ),
    ),
)


def nominate(campaign: Campaign, admin: Any) -> int:
    """Put the demo people forward (once: nothing is added when the campaign has nominations);
    returns how many were. ``admin``: who nominates for a unit without its own reporter."""
    if IndividualNomination.objects.filter(campaign=campaign).exists():
        return 0
    units = {
        u.code: u
        for u in campaign.participants.filter(code__in={p.unit for p in PEOPLE}).select_related(
            "parent", "parent__parent"
        )
    }
    by_proposer: dict[int, Any] = {}
    n = 0
    for p in PEOPLE:
        unit = units.get(p.unit)
        if unit is None:
            continue
        level = individuals.level_of(campaign, p.level)
        proposer = individuals.proposer_of(unit, level)
        if proposer is None:
            continue
        if proposer.pk not in by_proposer:
            by_proposer[proposer.pk] = member(proposer, "reporter") or admin
        individuals.create(
            by_proposer[proposer.pk],
            campaign=campaign,
            level_code=level.code,
            proposer=proposer,
            unit=unit,
            name=p.name,
            position=p.position,
            achievements="\n".join((*p.achievements, DEMO)),
        )
        n += 1
    return n


def member(unit: Unit, role: str) -> Any:
    """The unit's first account (by user name) holding ``role`` there, or None."""
    m = (
        Membership.objects.filter(unit=unit, role=role)
        .select_related("user")
        .order_by("user__username")
        .first()
    )
    return m.user if m is not None else None
