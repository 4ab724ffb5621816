"""More demo catalogue (演示事项目录): the rest of the county hall modelled on seed 002 (河道采砂许可,
建筑工程施工许可证核发, 国有土地使用权登记 → today's 不动产登记, 社会团体登记, 临时占用林地审批, 公司变更登记,
企业名称预先核准 → today's 企业名称自主申报, 营业执照核发, 婚姻登记, 大中专毕业生登记 → 高校毕业生就业报到,
建设项目选址意见书 → 用地预审与选址意见书, 建设工程规划许可证 …) with today's names and laws; the town halls'
items (乡镇便民服务中心: 低保, 医保, 惠农补贴, 残疾人两项补贴,
高龄津贴, 生育登记), handled by the town governments (`town-<code>`); the themes and life events (个人办事 / 法人办事);
guide versions in review; and the cases of the states the first demo set leaves out. Idempotent."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from .catalogue_demo import COMPANY_FORM, EXPERT, PERSON_FORM, PROJECT_FORM, SURVEY

A, C, E = "original", "copy", "electronic"  # 原件, 复印件, 电子件
NOTICE = {"name": "公示", "limit_days": 5, "counted": True, "basis": "计入办理时限"}
HEARING = {"name": "听证", "limit_days": 10, "counted": False, "basis": "《中华人民共和国行政许可法》第四十五条"}
INSPECT = {"name": "现场核查", "limit_days": 5, "counted": True, "basis": "计入办理时限"}
TEST = {"name": "检测", "limit_days": 10, "counted": False, "basis": "《中华人民共和国行政许可法》第四十五条"}
VISIT = {"name": "入户调查", "limit_days": 10, "counted": True, "basis": "计入办理时限"}
L42 = "《中华人民共和国行政许可法》第四十二条"
ID = ("申请人身份证明", C, 1, True, False)
LICENCE = ("营业执照", C, 1, True, False)

# the same columns as catalogue_demo.ITEMS
COUNTY_ITEMS = [
    ("scjgj-004", "企业名称自主申报", "public_service", "scjgj", "1",
     "《企业名称登记管理规定》（国务院令第734号）；《企业名称登记管理规定实施办法》", 0, 0, True, "当场办结", [],
     COMPANY_FORM, [("企业名称自主申报承诺书", E, 1, True, False)], "不收费", 0),
    ("scjgj-005", "个体工商户设立登记", "licensing", "scjgj", "1",
     "《促进个体工商户发展条例》；《中华人民共和国市场主体登记管理条例》", 3, 1, False,
     "《中华人民共和国市场主体登记管理条例》第十九条", [], PERSON_FORM,
     [("个体工商户登记（备案）申请书", A, 1, True, False), ("经营者身份证明", C, 1, True, False),
      ("经营场所使用相关文件", C, 1, True, True)], "不收费", 0),
    ("scjgj-006", "企业注销登记", "licensing", "scjgj", "1",
     "《中华人民共和国公司法》；《中华人民共和国市场主体登记管理条例》第三十一条", 3, 1, False,
     "《中华人民共和国市场主体登记管理条例》第十九条", [], COMPANY_FORM,
     [("注销登记申请书", A, 1, True, False), ("清算报告或清税证明", C, 1, True, False),
      ("营业执照正、副本", A, 1, True, False)], "不收费", 0),
    ("scjgj-007", "药品零售企业经营许可", "licensing", "scjgj", "2",
     "《中华人民共和国药品管理法》第五十一条、第五十二条；《药品经营和使用质量监督管理办法》", 20, 10, False,
     "《药品经营和使用质量监督管理办法》", [INSPECT], COMPANY_FORM,
     [("药品经营许可证申请表", A, 1, True, False), LICENCE, ("执业药师注册证", C, 1, True, False),
      ("经营场所、仓库平面布置图", A, 1, True, False), ("质量管理制度文件", A, 1, True, True)], "不收费", 1),
    ("scjgj-008", "特种设备使用登记", "licensing", "scjgj", "2",
     "《中华人民共和国特种设备安全法》第三十三条；《特种设备使用管理规则》", 15, 5, False,
     "《特种设备使用管理规则》", [], COMPANY_FORM,
     [("特种设备使用登记表", A, 2, True, False), ("产品合格证", C, 1, True, False),
      ("监督检验证明", C, 1, True, False)], "不收费", 1),
    ("zjj-002", "商品房预售许可", "licensing", "zjj", "5",
     "《中华人民共和国城市房地产管理法》第四十五条；《城市商品房预售管理办法》第七条", 10, 7, False,
     "《城市商品房预售管理办法》第七条", [INSPECT], PROJECT_FORM,
     [("商品房预售许可申请表", A, 1, True, False), ("土地使用权证书或不动产权证书", C, 1, True, False),
      ("建设工程规划许可证和施工许可证", C, 1, True, False), ("工程施工合同及进度说明", C, 1, True, False),
      ("商品房预售方案", A, 1, True, False)], "不收费", 1),
    ("zjj-003", "城镇污水排入排水管网许可", "licensing", "zjj", "5",
     "《城镇排水与污水处理条例》第二十一条；《城镇污水排入排水管网许可管理办法》", 15, 7, False,
     "《城镇污水排入排水管网许可管理办法》", [TEST], PROJECT_FORM,
     [("排水许可申请表", A, 1, True, False), ("排水户内部排水管网、专用检测井平面图", A, 1, True, False),
      ("排水水质检测报告", A, 1, True, True)], "不收费", 1),
    ("zjj-004", "燃气经营许可", "licensing", "zjj", "5",
     "《城镇燃气管理条例》第十五条；《燃气经营许可管理办法》", 20, 15, False, L42, [EXPERT, INSPECT], COMPANY_FORM,
     [("燃气经营许可申请书", A, 1, True, False), LICENCE, ("燃气设施竣工验收文件", C, 1, True, False),
      ("安全评价报告", A, 1, True, False), ("企业主要负责人、安全管理人员考核合格证明", C, 1, True, False)],
     "不收费", 1),
    ("zrzyj-002", "建设项目用地预审与选址意见书核发", "licensing", "zrzyj", "6",
     "《中华人民共和国土地管理法》第五十二条；《中华人民共和国城乡规划法》第三十六条", 20, 10, False, L42,
     [EXPERT], PROJECT_FORM,
     [("建设项目用地预审与选址申请表", A, 1, True, False), ("建设项目用地预审与选址申请报告", A, 1, True, False),
      ("项目建议书批复文件或项目备案证明", C, 1, True, False)], "不收费", 1),
    ("zrzyj-003", "建设工程规划许可证核发", "licensing", "zrzyj", "6",
     "《中华人民共和国城乡规划法》第四十条", 20, 10, False, L42, [NOTICE], PROJECT_FORM,
     [("建设工程规划许可申请表", A, 1, True, False), ("使用土地的有关证明文件", C, 1, True, False),
      ("建设工程设计方案", A, 2, True, False), ("建设工程设计方案总平面图", E, 1, True, False)], "不收费", 1),
    ("zrzyj-004", "不动产登记（房屋转移登记）", "confirmation", "zrzyj", "6",
     "《中华人民共和国民法典》第二百零九条；《不动产登记暂行条例》第十四条、第二十条", 30, 5, False,
     "《不动产登记暂行条例》第二十条", [], PERSON_FORM,
     [("不动产登记申请书", A, 1, True, False), ID, ("不动产权属证书", A, 1, True, False),
      ("买卖合同或其他转移证明材料", A, 1, True, False), ("完税凭证", C, 1, True, False)],
     "住宅每件80元（《国家发展改革委 财政部关于不动产登记收费标准等有关问题的通知》）", 1),
    ("zrzyj-005", "乡村建设规划许可证核发", "licensing", "zrzyj", "6",
     "《中华人民共和国城乡规划法》第四十一条", 20, 10, False, L42, [SURVEY], PERSON_FORM,
     [("乡村建设规划许可申请表", A, 1, True, False), ID, ("村民委员会意见", A, 1, True, False),
      ("建设工程设计方案或通用图", C, 1, True, False)], "不收费", 1),
    ("mzj-003", "社会服务机构（民办非企业单位）成立登记", "licensing", "mzj", "11",
     "《民办非企业单位登记管理暂行条例》第八条、第九条", 60, 20, False, "《民办非企业单位登记管理暂行条例》第十一条",
     [EXPERT], PERSON_FORM,
     [("成立登记申请书", A, 1, True, False), ("业务主管单位批准文件", A, 1, True, False),
      ("场所使用权证明", C, 1, True, False), ("验资报告", A, 1, True, False), ("章程草案", A, 1, True, False)],
     "不收费", 1),
    ("mzj-004", "补领婚姻登记证", "confirmation", "mzj", "11",
     "《婚姻登记条例》第十七条", 0, 0, True, "当场办结", [], PERSON_FORM,
     [("本人的居民身份证", A, 1, True, False), ("近期半身免冠照片", A, 2, True, False)], "不收费", 1),
    ("lyj-002", "林木采伐许可证核发", "licensing", "lyj", "",
     "《中华人民共和国森林法》第五十六条；《中华人民共和国森林法实施条例》", 20, 5, False, L42, [SURVEY], PERSON_FORM,
     [("林木采伐申请表", A, 1, True, False), ("林木权属证明", C, 1, True, False),
      ("伐区调查设计或采伐作业说明", A, 1, True, True)], "不收费", 1),
    ("slj-002", "取水许可", "licensing", "slj", "",
     "《中华人民共和国水法》第四十八条；《取水许可和水资源费征收管理条例》第二十条", 45, 20, False,
     "《取水许可和水资源费征收管理条例》第二十条", [EXPERT], PROJECT_FORM,
     [("取水许可申请书", A, 1, True, False), ("建设项目水资源论证报告", A, 1, True, False),
      ("与第三者利害关系的相关说明", A, 1, False, True)], "按湖北省水资源税（费）标准", 1),
    ("slj-003", "生产建设项目水土保持方案审批", "licensing", "slj", "",
     "《中华人民共和国水土保持法》第二十五条、第二十六条", 20, 10, False, L42, [EXPERT], PROJECT_FORM,
     [("水土保持方案审批申请", A, 1, True, False), ("水土保持方案报告书", A, 2, True, False)],
     "水土保持补偿费按《湖北省水土保持补偿费征收使用管理办法》", 1),
    ("slj-004", "水工程建设规划同意书审核", "licensing", "slj", "",
     "《中华人民共和国水法》第十九条；《水工程建设规划同意书制度管理办法（试行）》", 20, 15, False, L42, [EXPERT],
     PROJECT_FORM, [("水工程建设规划同意书申请表", A, 1, True, False), ("水工程建设规划符合性论证报告", A, 1, True,
     False)],
     "不收费", 1),
    ("fgj-002", "企业投资项目备案", "other_power", "fgj", "7",
     "《企业投资项目核准和备案管理条例》第十三条", 0, 0, True, "当场办结", [], PROJECT_FORM,
     [("项目备案信息表", E, 1, True, False)], "不收费", 0),
    ("fgj-003", "政府投资项目可行性研究报告审批", "other_power", "fgj", "7",
     "《政府投资条例》第九条、第十一条", 20, 15, False, "《政府投资条例》第十一条", [EXPERT], PROJECT_FORM,
     [("可行性研究报告审批申请", A, 1, True, False), ("可行性研究报告", A, 2, True, False),
      ("用地预审与选址意见书", C, 1, True, False), ("社会稳定风险评估报告", A, 1, True, True)], "不收费", 1),
    ("rsj-001", "高校毕业生就业报到登记", "public_service", "rsj", "3",
     "《普通高等学校毕业生就业工作暂行规定》；人力资源社会保障部有关高校毕业生就业服务的规定", 0, 0, True,
     "当场办结", [], PERSON_FORM, [("居民身份证", A, 1, True, False), ("毕业证书", C, 1, True, False)], "不收费", 0),
    ("rsj-002", "城乡居民基本养老保险参保登记", "public_service", "rsj", "3",
     "《中华人民共和国社会保险法》第二十条、第二十二条；《国务院关于建立统一的城乡居民基本养老保险制度的意见》",
     0, 0, True, "当场办结", [], PERSON_FORM, [("居民身份证或户口簿", A, 1, True, False)], "不收费", 0),
    ("rsj-003", "失业保险金申领", "benefit", "rsj", "3",
     "《中华人民共和国社会保险法》第四十五条；《失业保险条例》第十四条；《失业保险金申领发放办法》", 10, 3, False,
     "《失业保险金申领发放办法》", [], PERSON_FORM,
     [("居民身份证", A, 1, True, False), ("解除或终止劳动关系证明", C, 1, True, False)], "不收费", 0),
    ("wjj-001", "医疗机构执业登记", "licensing", "wjj", "12",
     "《医疗机构管理条例》第十五条、第十六条；《医疗机构管理条例实施细则》", 45, 20, False,
     "《医疗机构管理条例》第十六条", [INSPECT], COMPANY_FORM,
     [("医疗机构执业登记申请书", A, 1, True, False), ("医疗机构用房产权证明或使用证明", C, 1, True, False),
      ("医疗机构建筑设计平面图", A, 1, True, False), ("卫生技术人员名录及执业证书", C, 1, True, False),
      ("规章制度", A, 1, True, True)], "不收费", 1),
    ("wjj-002", "公共场所卫生许可", "licensing", "wjj", "12",
     "《公共场所卫生管理条例》第八条；《公共场所卫生管理条例实施细则》第二十二条", 20, 5, False,
     "《公共场所卫生管理条例实施细则》第二十三条", [TEST], COMPANY_FORM,
     [("卫生许可证申请表", A, 1, True, False), LICENCE, ("卫生检测或评价报告", A, 1, True, True),
      ("公共场所地址方位示意图、平面图", A, 1, True, False)], "不收费", 1),
    ("jtj-001", "道路货物运输经营许可", "licensing", "jtj", "9",
     "《中华人民共和国道路运输条例》第二十一条、第二十四条；《道路货物运输及站场管理规定》", 20, 5, False,
     "《中华人民共和国道路运输条例》第二十四条", [], COMPANY_FORM,
     [("道路货物运输经营申请表", A, 1, True, False), ("负责人身份证明", C, 1, True, False),
      ("车辆行驶证", C, 1, True, False), ("安全生产管理制度文本", A, 1, True, True)], "不收费", 1),
    ("jtj-002", "公路超限运输许可", "licensing", "jtj", "9",
     "《中华人民共和国公路法》第五十条；《超限运输车辆行驶公路管理规定》", 5, 2, False,
     "《超限运输车辆行驶公路管理规定》第十四条", [], PROJECT_FORM,
     [("超限运输申请表", A, 1, True, False), ("车辆行驶证、驾驶证", C, 1, True, False),
      ("货物出厂说明或相关说明", C, 1, True, False)], "不收费", 0),
    ("wlj-001", "娱乐场所经营许可", "licensing", "wlj", "",
     "《娱乐场所管理条例》第九条；《娱乐场所管理办法》", 20, 10, False, "《娱乐场所管理条例》第十一条",
     [HEARING, INSPECT], COMPANY_FORM,
     [("娱乐场所经营申请书", A, 1, True, False), LICENCE, ("投资人、法定代表人、主要负责人身份证明", C, 1, True, False),
      ("消防安全承诺书", A, 1, True, False)], "不收费", 1),
    ("yjj-001", "危险化学品经营许可（不带储存设施）", "licensing", "yjj", "",
     "《危险化学品安全管理条例》第三十三条、第三十五条；《危险化学品经营许可证管理办法》", 30, 15, False,
     "《危险化学品安全管理条例》第三十五条", [INSPECT], COMPANY_FORM,
     [("危险化学品经营许可证申请表", A, 1, True, False), LICENCE, ("安全生产规章制度和岗位操作规程", A, 1, True, False),
      ("主要负责人、安全管理人员考核合格证明", C, 1, True, False)], "不收费", 1),
    ("jyj-001", "民办幼儿园办学许可", "licensing", "jyj", "",
     "《中华人民共和国民办教育促进法》第十二条、第十八条；《中华人民共和国民办教育促进法实施条例》", 60, 30, False,
     "《中华人民共和国民办教育促进法》第十八条", [EXPERT, INSPECT], PERSON_FORM,
     [("办学许可申请书", A, 1, True, False), ("举办者资格证明", C, 1, True, False), ("拟办幼儿园章程", A, 1, True,
     False),
      ("园舍产权证明或租赁合同", C, 1, True, False), ("消防安全检查合格证明", C, 1, True, False)], "不收费", 1),
    ("ybj-002", "异地就医备案", "public_service", "ybj", "4",
     "《中华人民共和国社会保险法》第二十九条；"
     "国家医保局 财政部关于进一步做好基本医疗保险跨省异地就医直接结算工作的通知",
     0, 0, True, "当场办结", [], PERSON_FORM, [("医保电子凭证或社会保障卡", E, 1, True, False)], "不收费", 0),
    ("swju-001", "增值税专用发票（增值税税控系统）最高开票限额审批", "licensing", "swju", "10",
     "《国务院对确需保留的行政审批项目设定行政许可的决定》附件第236项", 10, 2, False, L42, [INSPECT], COMPANY_FORM,
     [("税务行政许可申请表", A, 1, True, False), ("增值税专用发票最高开票限额申请单", A, 1, True, False)], "不收费", 0),
]

# town halls (乡镇便民服务中心): (suffix, name, type, basis, statutory, promised, on the spot, statutory basis,
# special, materials, visits)
TOWN_ITEMS = [
    ("001", "最低生活保障申请", "benefit",
     "《社会救助暂行办法》第九条至第十一条；《最低生活保障审核确认办法》（民发〔2021〕57号）", 30, 20, False,
     "《最低生活保障审核确认办法》第十九条", [VISIT, {**NOTICE, "limit_days": 7}],
     [("最低生活保障申请书", A, 1, True, False), ("家庭成员身份证明", C, 1, True, False),
      ("家庭经济状况核对授权书", A, 1, True, False), ("家庭收入和财产状况说明", A, 1, True, True)], 1),
    ("002", "城乡居民基本医疗保险参保登记（乡镇）", "public_service",
     "《中华人民共和国社会保险法》第二十五条", 0, 0, True, "当场办结", [], [("居民身份证或户口簿", A, 1, True, False)],
     0),
    ("003", "耕地地力保护补贴申报", "benefit",
     "《财政部 农业农村部关于实施农业相关转移支付的通知》；湖北省耕地地力保护补贴实施方案", 20, 15, False,
     "湖北省耕地地力保护补贴实施方案", [{**NOTICE, "limit_days": 7}],
     [("补贴面积申报表", A, 1, True, False), ("承包土地确权证明", C, 1, True, False),
      ("惠民惠农财政补贴资金“一卡通”账户信息", C, 1, True, False)], 0),
    ("004", "困难残疾人生活补贴和重度残疾人护理补贴申请", "benefit",
     "《国务院关于全面建立困难残疾人生活补贴和重度残疾人护理补贴制度的意见》（国发〔2015〕52号）", 20, 15, False,
     "国发〔2015〕52号", [],
     [("残疾人两项补贴申请审批表", A, 1, True, False), ("第二代残疾人证", C, 1, True, False),
      ("低保证明或困难证明", C, 1, False, True)], 1),
    ("005", "高龄津贴申领", "benefit",
     "《中华人民共和国老年人权益保障法》第三十三条；湖北省高龄津贴制度的有关规定", 20, 10, False,
     "湖北省高龄津贴制度的有关规定", [], [("高龄津贴申请表", A, 1, True, False), ("居民身份证", C, 1, True, False),
                                       ("“一卡通”账户信息", C, 1, True, False)], 0),
    ("006", "生育登记", "public_service",
     "《中华人民共和国人口与计划生育法》；《湖北省人口与计划生育条例》", 0, 0, True, "当场办结", [],
     [("夫妻双方居民身份证", C, 1, True, False), ("结婚证", C, 1, True, False)], 0),
]

THEMES = [  # code, name, kind, audience, position, item codes (town items by suffix "town:001")
    ("p-birth", "出生", "life_event", "person", 10, ["town:006", "town:002"]),
    ("p-school", "上学", "life_event", "person", 20, ["jyj-001"]),
    ("p-work", "就业创业", "life_event", "person", 30, ["rsj-001", "rsj-003", "scjgj-005"]),
    ("p-marriage", "婚育", "life_event", "person", 40, ["mzj-002", "mzj-004", "town:006"]),
    ("p-housing", "住房", "life_event", "person", 50, ["zrzyj-004", "zrzyj-005"]),
    ("p-social", "社会保障", "life_event", "person", 60, ["rsj-002", "ybj-001", "ybj-002", "town:002", "town:001"]),
    ("p-elderly", "养老", "life_event", "person", 70, ["town:005", "rsj-002"]),
    ("p-disabled", "残疾人服务", "life_event", "person", 80, ["town:004"]),
    ("p-farming", "农业农村", "theme", "person", 90, ["nyj-001", "town:003", "lyj-002", "zrzyj-005"]),
    ("c-start", "企业开办", "life_event", "company", 10, ["scjgj-004", "scjgj-001", "scjgj-005"]),
    ("c-operate", "经营许可", "life_event", "company", 20,
     ["scjgj-003", "scjgj-007", "wjj-002", "wlj-001", "yjj-001", "jtj-001", "swju-001", "zjj-004"]),
    ("c-change", "变更注销", "life_event", "company", 30, ["scjgj-002", "scjgj-006"]),
    ("c-invest", "投资项目审批", "theme", "company", 40, ["fgj-001", "fgj-002", "fgj-003", "zrzyj-002"]),
    ("c-build", "工程建设", "theme", "company", 50,
     ["zrzyj-003", "zjj-001", "zjj-002", "zjj-003", "zrzyj-001", "slj-003"]),
    ("c-resources", "资源开发利用", "theme", "company", 60, ["slj-001", "slj-002", "slj-004", "lyj-001", "lyj-002"]),
    ("c-social", "社会组织", "theme", "company", 70, ["mzj-001", "mzj-003", "wjj-001"]),
]
COMPANY_TYPES = {"licensing", "other_power"}
PERSON_CODES = {"mzj-002", "mzj-004", "rsj-001", "rsj-002", "rsj-003", "ybj-001", "ybj-002", "zrzyj-004",
                "zrzyj-005", "nyj-001", "scjgj-005", "lyj-002"}


def town_rows():
    from sunshine.orgs.demo import TOWNS, town_code

    rows = []
    for i, town in enumerate(TOWNS):
        code = town_code(i)
        for suffix, name, item_type, basis, statutory, promised, spot, sbasis, special, materials, visits in TOWN_ITEMS:
            rows.append((f"town-{code}-{suffix}", name, item_type, f"town-{code}", "", basis, statutory, promised,
                         spot, sbasis, special, PERSON_FORM, materials, "不收费", visits, town))
    return rows


def _audiences_and_themes() -> None:
    from .models import ServiceItem, Theme

    themes = {}
    for code, name, kind, audience, position, _items in THEMES:
        themes[code], _ = Theme.objects.get_or_create(code=code, defaults={
            "name": name, "kind": kind, "audience": audience, "position": position})
    for item in ServiceItem.objects.filter(audience="both"):
        if item.code.startswith("town-") or item.code in PERSON_CODES:
            audience = "person"
        elif item.item_type in COMPANY_TYPES or item.code.startswith(("scjgj", "zjj", "fgj", "jtj", "wlj", "yjj")):
            audience = "company"
        else:
            continue
        ServiceItem.objects.filter(pk=item.pk).update(audience=audience)
    through = ServiceItem.themes.through
    existing = set(through.objects.values_list("serviceitem_id", "theme_id"))
    items = dict(ServiceItem.objects.values_list("code", "pk"))
    links = []
    for code, _n, _k, _a, _p, codes in THEMES:
        for entry in codes:
            pks = ([pk for c, pk in items.items() if c.startswith("town-") and c.endswith("-" + entry[5:])]
                   if entry.startswith("town:") else [items[entry]] if entry in items else [])
            links += [through(serviceitem_id=pk, theme_id=themes[code].pk) for pk in pks
                      if (pk, themes[code].pk) not in existing]
    through.objects.bulk_create(links)


def load_items() -> int:
    from .catalogue_demo import _items

    made = _items(COUNTY_ITEMS)
    made += _items([row[:15] for row in town_rows()])
    _audiences_and_themes()
    return made


@transaction.atomic
def load_versions() -> int:
    """Guide versions in review: a draft (市场监管局), one waiting for review (住建局), one returned (发改局)."""
    from sunshine.accounts.models import User

    from . import catalogue
    from .models import ServiceItem, ServiceItemVersion

    if ServiceItemVersion.objects.filter(status__in=["draft", "submitted", "returned"]).exists():
        return 0
    users = {u.username: u for u in User.objects.filter(username__in=["window", "clerk2", "clerk", "reviewer"])}
    items = {i.code: i for i in ServiceItem.objects.filter(code__in=["scjgj-003", "zjj-002", "fgj-003"])}
    made = 0
    if "window" in users and "scjgj-003" in items:
        v = catalogue.guide_draft(item=items["scjgj-003"], actor=users["window"], change_note="按新办法调整承诺时限")
        catalogue.guide_update(version=v, actor=users["window"], content={
            **catalogue.guide_content(v), "promised_limit_days": 3}, change_note="按新办法将承诺时限压缩为3个工作日")
        made += 1
    if "clerk2" in users and "zjj-002" in items:
        v = catalogue.guide_draft(item=items["zjj-002"], actor=users["clerk2"])
        content = catalogue.guide_content(v)
        content["materials"] = [*content["materials"], {"name": "预售资金监管协议", "form": "copy", "copies": 1,
                                                        "required": True, "deferrable": False, "note": ""}]
        catalogue.guide_update(version=v, actor=users["clerk2"], content=content, change_note="增加预售资金监管协议")
        catalogue.guide_submit(version=v, actor=users["clerk2"])
        made += 1
    if "clerk" in users and "reviewer" in users and "fgj-003" in items:
        v = catalogue.guide_draft(item=items["fgj-003"], actor=users["clerk"], change_note="补充收费依据")
        catalogue.guide_submit(version=v, actor=users["clerk"])
        catalogue.guide_return(version=v, actor=users["reviewer"],
                               reason="专家评审的时限应写明依据；社会稳定风险评估报告是否可容缺请再核实。")
        made += 1
    return made


@transaction.atomic
def load_cases() -> int:
    """Cases of 住建局 in the states the first set leaves out: 待决定, 制证中, 待送达 (and one in 审查中)."""
    from sunshine.accounts.models import User

    from . import services
    from .catalogue_demo import PERSON, PROJECT
    from .models import Application, ServiceItem

    item = ServiceItem.objects.select_related("current_version").filter(code="zjj-001").first()
    desk = User.objects.filter(username="desk").first()
    clerk = User.objects.filter(username="clerk2").first()
    if item is None or desk is None or clerk is None or Application.objects.filter(
            item_version__item=item).exists():
        return 0
    d = dt.date

    def new(name, id_number, on):
        sub = services.application_submit(item=item, data={**PERSON, "applicant_name": name,
                                                           "applicant_id_number": id_number, "form": PROJECT},
                                          channel="hall", received_on=on, registered_by=desk)
        # the demo's history: entered the day it was received (else the decisions would look 体外循环)
        moment = timezone.make_aware(dt.datetime.combine(on, dt.time(9, 0)))
        Application.objects.filter(pk=sub.application.pk).update(created_at=moment)
        sub.application.created_at = moment
        a = services.application_dispatch(sub.application, actor=desk)
        return services.application_accept(a, actor=clerk, on=on)

    services.application_complete_review(new("随县恒达置业有限公司", "421321197707077714", d(2026, 11, 30)),
                                         actor=clerk, on=d(2026, 12, 1))  # 待决定
    a = new("随县城投建设有限公司", "421321198202028823", d(2026, 11, 26))
    a = services.application_complete_review(a, actor=clerk, on=d(2026, 11, 27))
    services.application_decide(a, actor=clerk, decision="granted", on=d(2026, 11, 30))  # 制证中
    a = new("随县厉山镇人民政府", "421321196606066632", d(2026, 11, 23))
    a = services.application_complete_review(a, actor=clerk, on=d(2026, 11, 24))
    a = services.application_decide(a, actor=clerk, decision="granted", on=d(2026, 11, 25))
    services.application_issue_certificate(a, actor=clerk, number="421321202611250101", on=d(2026, 11, 26))  # 待送达
    new("随县神农中学", "421321197412124448", d(2026, 12, 2))  # 审查中
    return 4


def load(stdout=None) -> None:
    items = load_items()
    cases = load_cases()
    versions = load_versions()
    if stdout is not None:
        stdout.write(f"gov_services: 新增{items}个事项（县直和乡镇）、{cases}件办件、{versions}个办事指南修订版本")
