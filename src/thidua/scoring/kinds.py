"""Unit kinds: the administrative and organisational types a target may depend on."""

from __future__ import annotations

from thidua.scoring.text import Msg

UNIT_KINDS: dict[str, Msg] = {
    "tinh": Msg("tỉnh", "province"),
    "thanh_pho_tw": Msg("thành phố trực thuộc trung ương", "centrally-run city"),
    "huyen": Msg("huyện", "district"),
    "quan": Msg("quận", "urban district"),
    "thi_xa": Msg("thị xã", "district-level town"),
    "thanh_pho": Msg("thành phố", "city"),
    "xa": Msg("xã", "commune"),
    "phuong": Msg("phường", "ward"),
    "thi_tran": Msg("thị trấn", "township"),
    "dac_khu": Msg("đặc khu", "special zone"),
    "thon": Msg("thôn", "village"),
    "to_dan_pho": Msg("tổ dân phố", "residential group"),
    "so_nganh": Msg("sở, ban, ngành", "provincial department"),
    "phong_ban": Msg("phòng, ban", "district office"),
    "doanh_nghiep": Msg("doanh nghiệp", "enterprise"),
}
