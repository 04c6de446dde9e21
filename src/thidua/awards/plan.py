"""Reading award plans (``src/thidua/data/awards/*.yaml``) into ``AwardPlan``.

Every problem of a file is collected and reported at once, each naming the
file and the field path (``levels[commune].gates[eid_registration].op``), in
Vietnamese and English. The loader also checks the plan against the
frameworks its levels name: every gate's criterion and every tie-breaker must
exist there, and the levels' places for a form must add up to at most the
form's province-wide cap.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from thidua.awards._gate_reader import GateReader
from thidua.awards.model import (
    AwardForm,
    AwardPlan,
    Deadline,
    Dossier,
    FormQuota,
    Gate,
    Level,
    Nomination,
)
from thidua.scoring import Framework, FrameworkFileError, Msg, resolve
from thidua.scoring.kinds import UNIT_KINDS

_TOP = {"format", "code", "version", "title", "source", "forms", "levels", "dossier"}
_FORM = {"code", "title", "title_en", "cap", "source"}
_LEVEL = {
    "code",
    "title",
    "title_en",
    "unit_kinds",
    "framework",
    "source",
    "gates",
    "forms",
    "nomination",
    "tie_breakers",
}
_NOMINATION = {"per_parent", "extra_per_parent", "parent_title", "parent_title_en", "label"}
_QUOTA = {"form", "collectives", "individuals"}


class PlanFileError(Exception):
    """An award plan file that cannot be used; ``problems`` lists every reason."""

    def __init__(self, source: str, problems: Sequence[Msg]) -> None:
        self.source = source
        self.problems = tuple(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


def _dir() -> Path:
    return Path(str(resources.files("thidua") / "data" / "awards"))


def builtin_plan_codes() -> list[str]:
    return sorted(p.stem for p in _dir().glob("*.yaml"))


@cache
def get_builtin_plan(code: str) -> AwardPlan:
    """A built-in award plan by code; KeyError if there is none."""
    path = _dir() / f"{code}.yaml"
    if not path.is_file():
        raise KeyError(code)
    return load_plan(path)


def resolve_plan(code_or_file: str) -> AwardPlan:
    """A built-in plan code, or a path to a plan file; KeyError if neither."""
    if code_or_file in builtin_plan_codes():
        return get_builtin_plan(code_or_file)
    path = Path(code_or_file)
    if path.suffix in (".yaml", ".yml") or path.exists():
        return load_plan(path)
    raise KeyError(code_or_file)


def load_plan(path: str | Path) -> AwardPlan:
    """Load and check one plan file; raise PlanFileError listing every problem."""
    p = Path(path)
    try:
        text = p.read_text(encoding="utf-8")
    except OSError as exc:
        raise PlanFileError(
            str(p),
            [Msg(f"tệp {p}: không đọc được tệp: {exc}", f"file {p}: cannot read the file: {exc}")],
        ) from exc
    return parse_plan(text, origin=str(p), base_dir=p.parent)


def parse_plan(text: str, *, origin: str = "<text>", base_dir: Path | None = None) -> AwardPlan:
    """Parse plan YAML text; ``base_dir`` resolves relative framework paths."""
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise PlanFileError(
            origin,
            [Msg(f"tệp {origin}: YAML không hợp lệ: {exc}", f"file {origin}: invalid YAML: {exc}")],
        ) from exc
    reader = _Reader(origin, base_dir)
    if not isinstance(data, Mapping):
        reader.problem("-", "tệp phải là một bảng (mapping)", "the file must be a mapping")
        raise PlanFileError(origin, reader.problems)
    plan = reader.plan(data)
    if reader.problems or plan is None:
        raise PlanFileError(origin, reader.problems)
    return plan


class _Reader(GateReader):
    def plan(self, data: Mapping[str, Any]) -> AwardPlan | None:
        self.unknown(data, _TOP, "-")
        if data.get("format", 1) != 1:
            self.problem(
                "format",
                f"định dạng {data.get('format')!r} không được hỗ trợ (chỉ 1)",
                f"format {data.get('format')!r} is not supported (only 1)",
            )
        code = self.code(data, "code")
        version = self.count(data, "version", "version", default=1, minimum=1) or 1
        title = self.text(data, "title", "title")
        source = data.get("source")
        document = ""
        date: dt.date | None = None
        file: str | None = None
        if not isinstance(source, Mapping) or not isinstance(source.get("document"), str):
            self.problem(
                "source",
                "cần 'document' (văn bản nguồn)",
                "'document' (the source document) is needed",
            )
        else:
            document = source["document"]
            date = self.date(source.get("date"), "source.date", "date")
            file = str(source["file"]) if source.get("file") else None
        forms = self.forms(data)
        levels = self.levels(data, {f.code: f for f in forms}, [f.code for f in forms])
        self.check_caps(forms, levels)
        dossier = self.dossier(data.get("dossier"))
        if self.problems:
            return None
        return AwardPlan(
            code=code,
            version=version,
            title=title,
            document=document,
            date=date,
            file=file,
            forms=tuple(forms),
            levels=tuple(levels),
            dossier=dossier,
            origin=self.origin,
        )

    def forms(self, data: Mapping[str, Any]) -> list[AwardForm]:
        out: list[AwardForm] = []
        seen: set[str] = set()
        raws = self.mappings(data, "forms", "forms")
        if data.get("forms") is not None and not raws:
            self.problem(
                "forms",
                "cần ít nhất một hình thức khen thưởng",
                "at least one award form is needed",
            )
        for i, raw in enumerate(raws):
            code = self.code(raw, f"forms[{i}]")
            where = f"forms[{code}]"
            if code in seen:
                self.problem(where, "mã hình thức bị lặp", "the form code is repeated")
            seen.add(code)
            self.unknown(raw, _FORM, where)
            cap = raw.get("cap")
            cap_c: int | None = None
            cap_i: int | None = None
            if cap is not None:
                if not isinstance(cap, Mapping):
                    self.problem(
                        f"{where}.cap",
                        "'cap' phải có 'collectives' và/hoặc 'individuals'",
                        "'cap' must have 'collectives' and/or 'individuals'",
                    )
                else:
                    self.unknown(cap, {"collectives", "individuals"}, f"{where}.cap")
                    cap_c = self.count(cap, "collectives", f"{where}.cap", default=-1)
                    cap_i = self.count(cap, "individuals", f"{where}.cap", default=-1)
                    cap_c = None if cap_c == -1 else cap_c
                    cap_i = None if cap_i == -1 else cap_i
            out.append(
                AwardForm(
                    code=code,
                    title=self.text(raw, "title", where),
                    title_en=self.text(raw, "title_en", where, required=False),
                    cap_collectives=cap_c,
                    cap_individuals=cap_i,
                    source=self.text(raw, "source", where, required=False),
                )
            )
        return out

    def levels(
        self, data: Mapping[str, Any], forms: Mapping[str, AwardForm], order: list[str]
    ) -> list[Level]:
        out: list[Level] = []
        seen: set[str] = set()
        raws = self.mappings(data, "levels", "levels")
        if data.get("levels") is not None and not raws:
            self.problem("levels", "cần ít nhất một cấp", "at least one level is needed")
        for i, raw in enumerate(raws):
            code = self.code(raw, f"levels[{i}]")
            where = f"levels[{code}]"
            if code in seen:
                self.problem(where, "mã cấp bị lặp", "the level code is repeated")
            seen.add(code)
            level = self.level(raw, code, where, forms, order)
            if level is not None:
                out.append(level)
        return out

    def level(
        self,
        raw: Mapping[str, Any],
        code: str,
        where: str,
        forms: Mapping[str, AwardForm],
        order: list[str],
    ) -> Level | None:
        self.unknown(raw, _LEVEL, where)
        kinds = raw.get("unit_kinds")
        if not isinstance(kinds, list) or not kinds or not all(isinstance(k, str) for k in kinds):
            self.problem(
                where,
                "'unit_kinds' phải là danh sách loại đơn vị",
                "'unit_kinds' must be a list of unit kinds",
            )
            kinds = []
        for k in kinds:
            if k not in UNIT_KINDS:
                self.problem(
                    f"{where}.unit_kinds",
                    f"loại đơn vị không biết '{k}'",
                    f"unknown unit kind '{k}'",
                )
        fw_code = raw.get("framework")
        framework: Framework | None = None
        if fw_code is not None:
            if not isinstance(fw_code, str) or not fw_code:
                self.problem(
                    f"{where}.framework",
                    "'framework' phải là mã hoặc đường dẫn bảng điểm",
                    "'framework' must be a framework code or path",
                )
                fw_code = None
            else:
                framework = self.framework(fw_code, f"{where}.framework")
        gates: list[Gate] = []
        seen: set[str] = set()
        for j, g in enumerate(self.mappings(raw, "gates", where, required=False)):
            gcode = self.code(g, f"{where}.gates[{j}]")
            if gcode in seen:
                self.problem(
                    f"{where}.gates[{gcode}]", "mã điều kiện bị lặp", "the gate code is repeated"
                )
            seen.add(gcode)
            gate = self.gate(g, gcode, f"{where}.gates[{gcode}]", framework)
            if gate is not None:
                gates.append(gate)
        quotas = self.quotas(raw, where, forms, order)
        nomination = self.nomination(raw.get("nomination"), f"{where}.nomination")
        tie_breakers = raw.get("tie_breakers", [])
        if not isinstance(tie_breakers, list) or not all(isinstance(t, str) for t in tie_breakers):
            self.problem(
                f"{where}.tie_breakers",
                "'tie_breakers' phải là danh sách mã",
                "'tie_breakers' must be a list of codes",
            )
            tie_breakers = []
        if framework is not None:
            for t in tie_breakers:
                if t != "total" and t not in framework.by_code:
                    self.problem(
                        f"{where}.tie_breakers",
                        f"tiêu chí phụ '{t}' không có trong bảng điểm {framework.code}",
                        f"tie-breaker '{t}' is not in framework {framework.code}",
                    )
        elif tie_breakers:
            self.problem(
                f"{where}.tie_breakers",
                "tiêu chí phụ cần một bảng điểm ('framework')",
                "tie-breakers need a 'framework'",
            )
        return Level(
            code=code,
            title=self.text(raw, "title", where),
            title_en=self.text(raw, "title_en", where, required=False),
            unit_kinds=tuple(kinds),
            framework=fw_code,
            gates=tuple(gates),
            forms=tuple(quotas),
            nomination=nomination,
            tie_breakers=tuple(tie_breakers),
            source=self.text(raw, "source", where, required=False),
        )

    def framework(self, code: str, where: str) -> Framework | None:
        candidates = [code]
        if self.base_dir is not None and not Path(code).is_absolute():
            candidates.append(str(self.base_dir / code))
        for c in candidates:
            try:
                return resolve(c)
            except KeyError:
                continue
            except FrameworkFileError as exc:
                self.problem(
                    where, f"bảng điểm '{code}' lỗi: {exc}", f"framework '{code}' is bad: {exc}"
                )
                return None
        self.problem(where, f"không có bảng điểm '{code}'", f"no framework '{code}'")
        return None

    def quotas(
        self, raw: Mapping[str, Any], where: str, forms: Mapping[str, AwardForm], order: list[str]
    ) -> list[FormQuota]:
        out: list[FormQuota] = []
        last = -1
        raws = self.mappings(raw, "forms", where)
        if raw.get("forms") is not None and not raws:
            self.problem(
                f"{where}.forms", "cần ít nhất một hình thức", "at least one form is needed"
            )
        for k, q in enumerate(raws):
            qwhere = f"{where}.forms[{k}]"
            self.unknown(q, _QUOTA, qwhere)
            form = q.get("form")
            if not isinstance(form, str) or form not in forms:
                self.problem(
                    qwhere,
                    f"không có hình thức '{form}' trong 'forms' của kế hoạch",
                    f"the plan's 'forms' has no form '{form}'",
                )
                continue
            if not forms[form].has_quota:
                self.problem(
                    qwhere,
                    f"hình thức '{form}' không quy định số lượng nên không phân bổ được",
                    f"form '{form}' has no quota, so it is not allocated",
                )
                continue
            position = order.index(form)
            if position <= last:
                self.problem(
                    qwhere,
                    "các hình thức phải theo thứ tự từ cao xuống thấp như 'forms' của kế hoạch, không lặp",
                    "forms must follow the plan's 'forms' order, highest first, without repeats",
                )
            last = max(last, position)
            collectives = self.count(q, "collectives", qwhere)
            individuals = self.count(q, "individuals", qwhere, default=0)
            if collectives is not None and individuals is not None:
                out.append(FormQuota(form=form, collectives=collectives, individuals=individuals))
        return out

    def nomination(self, raw: object, where: str) -> Nomination | None:
        if raw is None:
            return None
        if not isinstance(raw, Mapping):
            self.problem(
                where, "'nomination' phải là một bảng (mapping)", "'nomination' must be a mapping"
            )
            return None
        self.unknown(raw, _NOMINATION, where)
        per_parent = self.count(raw, "per_parent", where, minimum=1)
        extra = self.count(raw, "extra_per_parent", where, default=0)
        if per_parent is None or extra is None:
            return None
        return Nomination(
            per_parent=per_parent,
            extra_per_parent=extra,
            parent_title=self.text(raw, "parent_title", where),
            parent_title_en=self.text(raw, "parent_title_en", where),
            label=self.text(raw, "label", where, required=False),
        )

    def check_caps(self, forms: list[AwardForm], levels: list[Level]) -> None:
        for form in forms:
            for what, cap, vi, en in (
                ("collectives", form.cap_collectives, "tập thể", "collectives"),
                ("individuals", form.cap_individuals, "cá nhân", "individuals"),
            ):
                if cap is None:
                    continue
                total = sum(
                    getattr(q, what) for lv in levels for q in lv.forms if q.form == form.code
                )
                if total > cap:
                    self.problem(
                        f"forms[{form.code}].cap.{what}",
                        f"các cấp cộng lại {total} {vi}, vượt mức tối đa {cap} của hình thức",
                        f"the levels add up to {total} {en}, above the form's cap of {cap}",
                    )

    def dossier(self, raw: object) -> Dossier:
        if raw is None:
            return Dossier()
        if not isinstance(raw, Mapping):
            self.problem(
                "dossier", "'dossier' phải là một bảng (mapping)", "'dossier' must be a mapping"
            )
            return Dossier()
        self.unknown(raw, {"source", "deadlines", "documents"}, "dossier")
        deadlines: list[Deadline] = []
        for i, d in enumerate(self.mappings(raw, "deadlines", "dossier", required=False)):
            where = f"dossier.deadlines[{i}]"
            self.unknown(d, {"date", "to", "to_en"}, where)
            date = self.date(d.get("date"), where, "date")
            if date is None:
                if d.get("date") is None:
                    self.problem(where, "thiếu trường 'date'", "field 'date' is missing")
                continue
            deadlines.append(
                Deadline(
                    date=date,
                    to=self.text(d, "to", where),
                    to_en=self.text(d, "to_en", where, required=False),
                )
            )
        documents = raw.get("documents", [])
        if not isinstance(documents, list) or not all(isinstance(x, str) for x in documents):
            self.problem(
                "dossier.documents",
                "'documents' phải là danh sách chuỗi",
                "'documents' must be a list of strings",
            )
            documents = []
        return Dossier(
            deadlines=tuple(deadlines),
            documents=tuple(documents),
            source=self.text(raw, "source", "dossier", required=False),
        )
