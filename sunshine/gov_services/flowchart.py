"""The flow chart of an item (权力运行流程图), drawn on the server from the same step data as the clocks: the guide
version's steps (or the default ones), its special procedures, the acceptance with its one-time notice and refusal.
Returns plain geometry; the template draws it as inline SVG (no script: the CSP allows none)."""

from __future__ import annotations

from dataclasses import dataclass

from .services import DEFAULT_STEPS, NOTICE_DAYS

WIDTH = 680
BOX_W, BOX_H, GAP = 240, 46, 30
MAIN_X = 40
SIDE_X = MAIN_X + BOX_W + 70
SIDE_W = WIDTH - SIDE_X - 10


@dataclass(frozen=True)
class Box:
    x: int
    y: int
    w: int
    h: int
    title: str
    note: str = ""
    kind: str = "step"  # step, start, end, side, special

    @property
    def cx(self) -> int:
        return self.x + self.w // 2

    @property
    def cy(self) -> int:
        return self.y + self.h // 2

    @property
    def bottom(self) -> int:
        return self.y + self.h

    @property
    def right(self) -> int:
        return self.x + self.w

    @property
    def title_y(self) -> int:
        return self.y + (18 if self.note else self.h // 2 + 5)

    @property
    def note_y(self) -> int:
        return self.y + 36


@dataclass(frozen=True)
class Line:
    x1: int
    y1: int
    x2: int
    y2: int
    dashed: bool = False
    label: str = ""

    @property
    def label_x(self) -> int:
        return (self.x1 + self.x2) // 2

    @property
    def label_y(self) -> int:
        return (self.y1 + self.y2) // 2 - 6


def _days(days: int) -> str:
    return f"{days}个工作日" if days else "即办"


def flow_chart(item, version) -> dict:
    """{"width", "height", "boxes", "lines", "title"} for `version` of `item`."""
    town = item.department.code.startswith("town-")
    boxes: list[Box] = []
    lines: list[Line] = []
    y = 10

    def main(title, note="", kind="step"):
        nonlocal y
        box = Box(MAIN_X, y, BOX_W, BOX_H, title, note, kind)
        if boxes:
            prev = next(b for b in reversed(boxes) if b.x == MAIN_X)
            lines.append(Line(prev.cx, prev.bottom, box.cx, box.y))
        boxes.append(box)
        y += BOX_H + GAP
        return box

    def side(anchor: Box, title, note="", *, kind="side", dashed=False, label="", offset=0):
        box = Box(SIDE_X, anchor.y + offset, SIDE_W, BOX_H, title, note, kind)
        boxes.append(box)
        lines.append(Line(anchor.right, anchor.cy, box.x, box.cy, dashed=dashed, label=label))
        return box

    main("申请", "网上申请或到窗口提交材料", kind="start")
    if not town:
        main("集中受理台登记", "登记后分送办理窗口")
    if version.on_the_spot:
        accept = main("受理并当场办结", "材料齐全、符合法定形式的当场办结")
        side(accept, "一次性告知", "材料不全的当场一次性告知", dashed=True, label="材料不全")
        main("办结", "当场出具结果", kind="end")
        return _chart(item, version, boxes, lines, y)
    accept = main("窗口受理", f"当场或{NOTICE_DAYS}个工作日内决定是否受理")
    side(accept, "一次性告知 / 不予受理", f"缺件{NOTICE_DAYS}日内一次告知；不予受理书面说明理由", dashed=True,
         label="不符合")
    specials = list(version.special_procedures or [])
    steps = version.steps or DEFAULT_STEPS
    for step in steps:
        role = f"{step.get('role')}，" if step.get("role") else ""
        box = main(step.get("name") or step["code"], f"{role}{_days(step.get('limit_days', 0))}")
        if step["code"] == "review" and specials:
            for i, proc in enumerate(specials):
                counted = "计入办理时限" if proc.get("counted") else "不计入办理时限"
                side(box, proc["name"], f"约{proc.get('limit_days', 0)}个工作日，{counted}", kind="special",
                     dashed=True, label="如需" if i == 0 else "", offset=i * (BOX_H + 8))
            y = max(y, box.y + len(specials) * (BOX_H + 8) + GAP)
    limit = (f"承诺{version.promised_limit_days}个工作日，法定{version.statutory_limit_days}个工作日"
             if not version.on_the_spot else "当场办结")
    main("办结", limit, kind="end")
    return _chart(item, version, boxes, lines, y)


def _chart(item, version, boxes, lines, y) -> dict:
    return {"width": WIDTH, "height": y - GAP + 20, "boxes": boxes, "lines": lines,
            "title": f"{item.name}权力运行流程图"}


__all__ = ["flow_chart"]
