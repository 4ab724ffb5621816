"""Default reference data: topic categories (主题分类, Art. 20/21) and genres (体裁分类).

Loaded by the data migration 0002 when absent; editable in the admin afterwards (never overwritten).
"""

CATEGORIES: list[tuple[str, str]] = [
    ("regulations", "法规规章和规范性文件"),
    ("organization", "机构职能"),
    ("plans", "规划计划"),
    ("statistics", "统计信息"),
    ("licensing", "行政许可"),
    ("enforcement", "行政处罚和行政强制"),
    ("budget", "财政预决算"),
    ("fees", "行政事业性收费"),
    ("procurement", "政府采购"),
    ("construction", "重大建设项目"),
    ("rural_revitalization", "乡村振兴"),
    ("education", "教育"),
    ("health", "医疗卫生"),
    ("social_security", "社会保障"),
    ("employment", "促进就业"),
    ("emergency", "突发公共事件应对"),
    ("inspection", "监督检查"),
    ("recruitment", "公务员招考录用"),
    ("land", "农村土地与征收补偿"),
    ("village_affairs", "村务公开"),
    ("other", "其他"),
]

# (code, name, is_normative)
GENRES: list[tuple[str, str, bool]] = [
    ("normative", "规范性文件", True),
    ("document", "文件", True),
    ("notice", "通知公告", False),
    ("plan", "规划计划", False),
    ("statistics", "统计信息", False),
    ("finance", "财政资金", False),
    ("personnel", "人事信息", False),
    ("news", "工作动态", False),
    ("interpretation", "政策解读", False),
    ("village_affairs", "村务公开", False),
    ("three_assets", "三资公开", False),
    ("annual_report", "年度报告", False),
    ("other", "其他", False),
]
