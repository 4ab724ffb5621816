"""Labels of the clock actions added with units, obligors and transfers (the others are in sunshine.audit)."""

LABELS = {
    "clock.transfer": "转办（时限转至接收部门）",
}
