"""Demo organisation (演示组织机构): 随县 (421321) with its towns, villages, departments and hall windows.

`load(stdout)` is idempotent (update_or_create on codes), run by `manage.py load_demo` before every
other app's demo data.
"""

from __future__ import annotations

from .models import Department, Division, Window

COUNTY_CODE = "421321"
COUNTY_NAME = "随县"

# The 17 towns of 随县, in the order of their demo division codes 421321100 + i.
TOWNS = ["厉山镇", "高城镇", "殷店镇", "草店镇", "小林镇", "淮河镇", "万和镇", "尚市镇", "唐县镇", "吴山镇",
         "新街镇", "安居镇", "环潭镇", "洪山镇", "三里岗镇", "柳林镇", "均川镇"]

# Villages and communities (村、社区) per town: 2–4 each. Communities get 001…, villages 201….
VILLAGES = {
    "厉山镇": ["神农社区", "烈山村", "龙泉村", "魏岗村"],
    "高城镇": ["高城社区", "杨家冲村", "大堰村"],
    "殷店镇": ["殷店社区", "东岳庙村", "胡家河村"],
    "草店镇": ["草店社区", "黄土坡村", "高山村"],
    "小林镇": ["小林社区", "长岗村", "黄金坡村"],
    "淮河镇": ["淮河社区", "龙泉村", "桃园村"],
    "万和镇": ["万和社区", "杨寨村", "白果树村"],
    "尚市镇": ["尚市社区", "桃园村", "街道村"],
    "唐县镇": ["唐县社区", "土门村", "古城村", "雷湾村"],
    "吴山镇": ["吴山社区", "洛阳村", "杨家湾村"],
    "新街镇": ["新街社区", "河口村", "两河村"],
    "安居镇": ["安居社区", "双寺村", "花园村"],
    "环潭镇": ["环潭社区", "土门村", "清水村"],
    "洪山镇": ["洪山社区", "大汪村", "六房湾村"],
    "三里岗镇": ["三里岗社区", "尚店村", "吉祥寺村"],
    "柳林镇": ["柳林社区", "黄家湾村"],
    "均川镇": ["均川社区", "花园村", "白果树湾村"],
}

# (code, full name, short name). The first sixteen codes are fixed by the demo conventions.
DEPARTMENTS = [
    ("zfb", "随县人民政府办公室", "政府办"),
    ("fgj", "随县发展和改革局", "发改局"),
    ("zjj", "随县住房和城乡建设局", "住建局"),
    ("zrzyj", "随县自然资源和规划局", "自然资源局"),
    ("mzj", "随县民政局", "民政局"),
    ("swj", "随县商务局", "商务局"),
    ("lyj", "随县林业局", "林业局"),
    ("slj", "随县水利局", "水利局"),
    ("sthjj", "随州市生态环境局随县分局", "生态环境分局"),
    ("rsj", "随县人力资源和社会保障局", "人社局"),
    ("scjgj", "随县市场监督管理局", "市场监管局"),
    ("wjj", "随县卫生健康局", "卫健局"),
    ("jyj", "随县教育局", "教育局"),
    ("czj", "随县财政局", "财政局"),
    ("sjj", "随县审计局", "审计局"),
    ("zwfw", "随县政务服务和大数据管理局", "政务服务局"),
    ("gaj", "随县公安局", "公安局"),
    ("nyj", "随县农业农村局", "农业农村局"),
    ("jtj", "随县交通运输局", "交通运输局"),
    ("wlj", "随县文化和旅游局", "文旅局"),
    ("yjj", "随县应急管理局", "应急局"),
    ("tyjrj", "随县退役军人事务局", "退役军人局"),
    ("ybj", "随县医疗保障局", "医保局"),
    ("swju", "国家税务总局随县税务局", "税务局"),
]

CENTRAL_DESK = ("0", "综合受理（集中受理台）", "zwfw")
# Numbered windows of the county service hall (县政务服务中心): (number, name, staffing department).
WINDOWS = [
    ("1", "企业开办", "scjgj"),
    ("2", "食品经营许可", "scjgj"),
    ("3", "社会保险", "rsj"),
    ("4", "医疗保障", "ybj"),
    ("5", "工程建设项目审批", "zjj"),
    ("6", "不动产登记", "zrzyj"),
    ("7", "投资项目审批", "fgj"),
    ("8", "户籍与出入境", "gaj"),
    ("9", "交通运输", "jtj"),
    ("10", "税费办理", "swju"),
    ("11", "社会救助与婚姻登记", "mzj"),
    ("12", "医疗机构与执业许可", "wjj"),
]


def town_code(index: int) -> str:
    return str(int(COUNTY_CODE + "100") + index)


def load(stdout) -> None:
    county, _ = Division.objects.update_or_create(
        code=COUNTY_CODE, defaults={"name": COUNTY_NAME, "level": Division.Level.COUNTY, "parent": None})

    departments: dict[str, Department] = {}
    for order, (code, name, short) in enumerate(DEPARTMENTS, start=1):
        departments[code], _ = Department.objects.update_or_create(
            code=code, defaults={"name": name, "short_name": short, "division": county, "sort_order": order,
                                 "is_active": True})

    village_count = 0
    for i, town_name in enumerate(TOWNS):
        code = town_code(i)
        town, _ = Division.objects.update_or_create(
            code=code, defaults={"name": town_name, "level": Division.Level.TOWN, "parent": county})
        Department.objects.update_or_create(
            code=f"town-{code}", defaults={"name": f"{town_name}人民政府", "short_name": town_name,
                                           "division": town, "sort_order": 200 + i, "is_active": True})
        community_seq, village_seq = 0, 200
        for village_name in VILLAGES[town_name]:
            if village_name.endswith("社区"):
                community_seq += 1
                seq = community_seq
                committee = f"{village_name}居民委员会"
            else:
                village_seq += 1
                seq = village_seq
                committee = f"{village_name}村民委员会"
            vcode = f"{code}{seq:03d}"
            village, _ = Division.objects.update_or_create(
                code=vcode, defaults={"name": f"{town_name}{village_name}", "level": Division.Level.VILLAGE,
                                      "parent": town})
            Department.objects.update_or_create(
                code=f"village-{vcode}", defaults={"name": f"{town_name}{committee}", "short_name": village_name,
                                                   "division": village, "sort_order": 1000, "is_active": True})
            village_count += 1

    number, name, dept = CENTRAL_DESK
    Window.objects.update_or_create(division=county, number=number,
                                    defaults={"name": name, "department": departments[dept], "is_central_desk": True})
    for number, name, dept in WINDOWS:
        Window.objects.update_or_create(division=county, number=number,
                                        defaults={"name": name, "department": departments[dept],
                                                  "is_central_desk": False})

    stdout.write(f"orgs: {COUNTY_NAME} {len(TOWNS)} 个乡镇、{village_count} 个村（社区）、"
                 f"{len(DEPARTMENTS)} 个县直部门、{len(WINDOWS) + 1} 个窗口")
