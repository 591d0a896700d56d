"""Department vocabulary for generated training variants.

Each department has goals (年度目标 texts) and indicators written the way
自评报告 write them. ``kind`` decides how targets and actuals are phrased
(see ``variants.py``): count, rate, cost, deadline, bool, qual.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class IndicatorSpec:
    level1: str
    level2: str
    name: str
    kind: str  # count | rate | cost | deadline | bool | qual
    unit: str = ""
    base: float = 0.0


@dataclass(frozen=True)
class Department:
    key: str
    agency: str
    goals: tuple[str, ...]
    indicators: tuple[IndicatorSpec, ...]


def _i(l1: str, l2: str, name: str, kind: str, unit: str = "", base: float = 0.0) -> IndicatorSpec:
    return IndicatorSpec(l1, l2, name, kind, unit, base)


P, B, S, C = "产出指标", "效益指标", "满意度指标", "成本指标"

DEPARTMENTS: tuple[Department, ...] = (
    Department(
        "教育",
        "区教育局",
        ("巩固义务教育均衡发展成果", "提升学前教育普惠水平", "落实学生资助政策"),
        (
            _i(P, "数量指标", "资助家庭经济困难学生", "count", "人次", 2000),
            _i(P, "数量指标", "新建改扩建幼儿园", "count", "所", 4),
            _i(P, "数量指标", "教师培训人数", "count", "人", 800),
            _i(P, "质量指标", "义务教育巩固率", "rate", "%", 95),
            _i(P, "质量指标", "校舍安全隐患整改率", "rate", "%", 100),
            _i(P, "时效指标", "资助资金发放及时性", "deadline"),
            _i(C, "经济成本指标", "校舍维修改造成本", "cost", "万元", 350),
            _i(B, "社会效益指标", "保障适龄儿童入学机会，促进教育公平（是否）", "bool"),
            _i(B, "可持续影响指标", "教育教学质量持续提升", "qual"),
            _i(S, "服务对象满意度指标", "学生及家长满意度", "rate", "%", 90),
        ),
    ),
    Department(
        "卫健",
        "市卫生健康委员会",
        ("提升基本公共卫生服务水平", "加强医疗服务能力建设", "做好疾病预防控制工作"),
        (
            _i(P, "数量指标", "65岁及以上老年人健康管理人数", "count", "人", 12000),
            _i(P, "数量指标", "家庭医生签约服务人数", "count", "万人", 3.5),
            _i(P, "数量指标", "开展健康教育讲座", "count", "场", 60),
            _i(P, "质量指标", "适龄儿童免疫规划疫苗接种率", "rate", "%", 90),
            _i(P, "质量指标", "高血压患者规范管理率", "rate", "%", 60),
            _i(P, "时效指标", "传染病疫情报告及时率", "rate", "%", 95),
            _i(C, "经济成本指标", "基层医疗设备采购成本", "cost", "万元", 480),
            _i(B, "社会效益指标", "居民健康素养水平", "rate", "%", 25),
            _i(B, "可持续影响指标", "提升基层医疗服务能力，增强群众获得感、幸福感", "qual"),
            _i(S, "服务对象满意度指标", "患者满意度", "rate", "%", 90),
        ),
    ),
    Department(
        "交通",
        "县交通运输局",
        ("推进农村公路建设", "提升道路运输安全水平", "保障城乡客运服务"),
        (
            _i(P, "数量指标", "新改建农村公路里程", "count", "公里", 120),
            _i(P, "数量指标", "危桥改造座数", "count", "座", 8),
            _i(P, "数量指标", "新增城乡公交线路", "count", "条", 5),
            _i(P, "质量指标", "工程验收合格率", "rate", "%", 100),
            _i(P, "质量指标", "公路优良路率", "rate", "%", 85),
            _i(P, "时效指标", "项目完工时间", "deadline"),
            _i(C, "经济成本指标", "每公里建设成本", "cost", "万元", 90),
            _i(B, "经济效益指标", "沿线群众出行时间缩短", "qual"),
            _i(B, "社会效益指标", "建制村通客车率", "rate", "%", 100),
            _i(S, "服务对象满意度指标", "沿线群众满意度", "rate", "%", 85),
        ),
    ),
    Department(
        "农业",
        "市农业农村局",
        ("保障粮食安全和重要农产品供给", "推进高标准农田建设", "促进农民持续增收"),
        (
            _i(P, "数量指标", "建设高标准农田面积", "count", "万亩", 2.6),
            _i(P, "数量指标", "培训高素质农民", "count", "人", 500),
            _i(P, "数量指标", "农机购置补贴机具数量", "count", "台", 300),
            _i(P, "质量指标", "农产品质量安全抽检合格率", "rate", "%", 98),
            _i(P, "质量指标", "补贴资金兑付准确率", "rate", "%", 100),
            _i(P, "时效指标", "补贴资金发放时间", "deadline"),
            _i(C, "经济成本指标", "亩均建设投入", "cost", "元", 1500),
            _i(B, "经济效益指标", "农村居民人均可支配收入增长", "rate", "%", 6),
            _i(B, "生态效益指标", "化肥农药使用量零增长（是否）", "bool"),
            _i(S, "服务对象满意度指标", "受益农户满意度", "rate", "%", 90),
        ),
    ),
    Department(
        "水利",
        "区水务局",
        ("加强水利基础设施建设", "保障农村饮水安全", "做好防汛抗旱工作"),
        (
            _i(P, "数量指标", "新建农村供水工程", "count", "处", 15),
            _i(P, "数量指标", "河道清淤长度", "count", "公里", 30),
            _i(P, "数量指标", "巩固提升农村供水人口", "count", "万人", 1.2),
            _i(P, "质量指标", "农村自来水普及率", "rate", "%", 95),
            _i(P, "质量指标", "水质检测合格率", "rate", "%", 90),
            _i(P, "时效指标", "汛前完成水毁工程修复", "deadline"),
            _i(C, "经济成本指标", "小型水库除险加固投资", "cost", "万元", 600),
            _i(B, "社会效益指标", "防汛期间未发生重大人员伤亡（是否）", "bool"),
            _i(B, "生态效益指标", "河湖水环境质量持续改善", "qual"),
            _i(S, "服务对象满意度指标", "受益群众满意度", "rate", "%", 90),
        ),
    ),
    Department(
        "文旅",
        "市文化广电和旅游局",
        ("丰富公共文化服务供给", "推动文旅产业融合发展", "加强文物保护利用"),
        (
            _i(P, "数量指标", "送戏下乡演出场次", "count", "场", 150),
            _i(P, "数量指标", "公共图书馆年接待读者", "count", "万人次", 40),
            _i(P, "数量指标", "文物保护单位修缮项目", "count", "个", 6),
            _i(P, "质量指标", "文化场馆免费开放率", "rate", "%", 100),
            _i(P, "时效指标", "文物修缮工程完工时间", "deadline"),
            _i(C, "经济成本指标", "每场演出补助标准", "cost", "元", 8000),
            _i(B, "经济效益指标", "旅游综合收入增长率", "rate", "%", 10),
            _i(B, "社会效益指标", "丰富群众文化生活，提升城市文化品位（是否）", "bool"),
            _i(B, "可持续影响指标", "文化惠民长效机制建立（是否）", "bool"),
            _i(S, "服务对象满意度指标", "观众满意度", "rate", "%", 85),
        ),
    ),
    Department(
        "财政",
        "县财政局",
        ("深化预算管理制度改革", "加强财政资金监管", "推进预算绩效管理"),
        (
            _i(P, "数量指标", "开展重点项目绩效评价", "count", "个", 20),
            _i(P, "数量指标", "财政业务培训人次", "count", "人次", 600),
            _i(P, "质量指标", "部门预算公开率", "rate", "%", 100),
            _i(P, "质量指标", "绩效目标覆盖率", "rate", "%", 100),
            _i(P, "时效指标", "预算批复及时性", "deadline"),
            _i(C, "经济成本指标", "第三方评价费用", "cost", "万元", 45),
            _i(B, "经济效益指标", "财政资金使用效益提高", "qual"),
            _i(B, "社会效益指标", "财政透明度进一步提升（是否）", "bool"),
            _i(B, "可持续影响指标", "预算绩效管理体系持续完善", "qual"),
            _i(S, "满意度指标", "预算单位满意度", "rate", "%", 90),
        ),
    ),
    Department(
        "人社",
        "区人力资源和社会保障局",
        ("促进高质量充分就业", "完善社会保险体系", "维护劳动者合法权益"),
        (
            _i(P, "数量指标", "城镇新增就业人数", "count", "人", 5000),
            _i(P, "数量指标", "职业技能培训人次", "count", "人次", 3000),
            _i(P, "数量指标", "发放创业担保贷款", "count", "万元", 2000),
            _i(P, "质量指标", "城镇登记失业率", "rate", "%", 4),
            _i(P, "质量指标", "劳动人事争议仲裁结案率", "rate", "%", 90),
            _i(P, "时效指标", "社保待遇按时足额发放", "deadline"),
            _i(B, "社会效益指标", "稳定重点群体就业，促进社会和谐（是否）", "bool"),
            _i(B, "社会效益指标", "基本养老保险参保率", "rate", "%", 95),
            _i(B, "可持续影响指标", "就业服务体系长效运行（是否）", "bool"),
            _i(S, "服务对象满意度指标", "参保群众满意度", "rate", "%", 90),
        ),
    ),
    Department(
        "生态环境",
        "市生态环境局",
        ("打好污染防治攻坚战", "改善区域环境质量", "加强生态环境监管执法"),
        (
            _i(P, "数量指标", "开展环境执法检查", "count", "次", 400),
            _i(P, "数量指标", "新建空气质量监测站点", "count", "个", 5),
            _i(P, "质量指标", "空气质量优良天数比例", "rate", "%", 85),
            _i(P, "质量指标", "地表水考核断面达标率", "rate", "%", 100),
            _i(P, "时效指标", "信访案件办结时限", "deadline"),
            _i(C, "经济成本指标", "监测设备运维费用", "cost", "万元", 120),
            _i(B, "生态效益指标", "细颗粒物（PM2.5）平均浓度", "cost", "微克/立方米", 35),
            _i(B, "生态效益指标", "未发生重大突发环境事件（是否）", "bool"),
            _i(B, "可持续影响指标", "生态环境质量持续向好", "qual"),
            _i(S, "服务对象满意度指标", "公众对生态环境满意度", "rate", "%", 85),
        ),
    ),
    Department(
        "住建",
        "县住房和城乡建设局",
        ("推进城镇老旧小区改造", "保障困难群众住房安全", "提升城市管理水平"),
        (
            _i(P, "数量指标", "改造老旧小区数量", "count", "个", 25),
            _i(P, "数量指标", "农村危房改造户数", "count", "户", 180),
            _i(P, "数量指标", "发放公租房租赁补贴", "count", "户", 900),
            _i(P, "质量指标", "竣工验收合格率", "rate", "%", 100),
            _i(P, "时效指标", "年度改造任务完成时间", "deadline"),
            _i(C, "经济成本指标", "户均危房改造补助", "cost", "万元", 2.5),
            _i(B, "社会效益指标", "居民居住条件明显改善", "qual"),
            _i(B, "社会效益指标", "困难群众住房安全得到保障（是否）", "bool"),
            _i(B, "可持续影响指标", "小区长效管理机制建立", "qual"),
            _i(S, "服务对象满意度指标", "改造小区居民满意度", "rate", "%", 90),
        ),
    ),
    Department(
        "民政",
        "市民政局",
        ("兜牢基本民生保障底线", "健全养老服务体系", "加强社会组织管理"),
        (
            _i(P, "数量指标", "新增社区养老服务设施", "count", "个", 12),
            _i(P, "数量指标", "特困人员集中供养人数", "count", "人", 850),
            _i(P, "数量指标", "社会组织年检数量", "count", "家", 300),
            _i(P, "质量指标", "低保资金发放准确率", "rate", "%", 100),
            _i(P, "质量指标", "养老机构消防安全达标率", "rate", "%", 100),
            _i(P, "时效指标", "救助资金按月发放", "deadline"),
            _i(C, "经济成本指标", "高龄津贴发放标准", "cost", "元/月", 100),
            _i(B, "社会效益指标", "困难群众基本生活得到保障（是否）", "bool"),
            _i(B, "可持续影响指标", "社会救助体系不断完善", "qual"),
            _i(S, "服务对象满意度指标", "救助对象满意度", "rate", "%", 90),
        ),
    ),
)


def department(key: str) -> Department:
    for dept in DEPARTMENTS:
        if dept.key == key:
            return dept
    raise KeyError(key)


# Pools for composed indicator names: the model should learn where names sit
# (after markers, before values), not a fixed list of words.
_OBJECTS = (
    "社区服务站",
    "便民服务点",
    "培训班",
    "示范点",
    "健身器材",
    "污水管网",
    "垃圾分类亭",
    "路灯",
    "监控设备",
    "应急物资",
    "图书",
    "宣传活动",
    "志愿服务",
    "安全检查",
    "隐患整改",
    "困难职工",
    "退役军人",
    "残疾儿童",
    "农村户厕",
    "标准化厂房",
    "科技项目",
    "专利申请",
    "外来务工人员",
    "电子档案",
    "消防设施",
    "中小企业",
    "农贸市场",
    "森林防火通道",
    "体育场地",
    "文化墙",
)
_COUNT_PATTERNS = (
    "新增{o}数量",
    "建设{o}",
    "开展{o}次数",
    "完成{o}",
    "改造{o}",
    "采购{o}",
    "扶持{o}",
    "慰问{o}",
    "{o}覆盖人数",
    "维修{o}",
)
_RATE_PATTERNS = (
    "{o}发放准确性（应发尽发、应退尽退）",
    "{o}覆盖率",
    "{o}完成率",
    "{o}合格率",
    "{o}达标率",
    "{o}到位率",
    "{o}使用率",
)
_QUAL_PATTERNS = (
    "{o}服务体系完善，群众获得感提升（是否）",
    "推进{o}规范化、标准化建设",
    "{o}管理水平提升",
    "{o}服务能力增强",
    "{o}长效机制建立（是否）",
    "{o}运行状况良好（是否）",
    "{o}工作规范化",
)
_UNITS = ("个", "次", "人", "处", "台", "场", "户", "家", "项", "万元", "人次", "套", "公里")
_AGENCIES = (
    "区应急管理局",
    "县发展和改革局",
    "市科学技术局",
    "区城市管理局",
    "县体育局",
    "市退役军人事务局",
    "区商务局",
    "县林业局",
    "市市场监督管理局",
    "区司法局",
)
_GOAL_VERBS = ("加强", "推进", "提升", "完善", "保障", "优化", "深化", "落实")


def mixed_department(key: str, seed: int, objects: Sequence[str] = ()) -> Department:
    """A made-up department whose names are composed from the pools above, or
    from ``objects`` (words of the annotated reports' names) where given."""
    import random

    rng = random.Random(f"mixed-{key}-{seed}")
    objs = rng.sample(list(objects) if len(objects) >= 10 else _OBJECTS, 10)
    specs: list[IndicatorSpec] = []
    for i, o in enumerate(objs):
        if i < 4:
            name = rng.choice(_COUNT_PATTERNS).format(o=o)
            specs.append(
                _i(P, "数量指标", name, "count", rng.choice(_UNITS), rng.choice([5, 12, 30, 200]))
            )
        elif i < 6:
            l2 = rng.choice(["质量指标", "时效指标"])
            kind = "rate" if l2 == "质量指标" else rng.choice(["deadline", "rate"])
            specs.append(_i(P, l2, rng.choice(_RATE_PATTERNS).format(o=o), kind, "%", 95))
        elif i < 7:
            specs.append(
                _i(C, "经济成本指标", f"{o}项目成本", "cost", "万元", rng.choice([50, 300]))
            )
        elif i < 9:
            l2 = rng.choice(["社会效益指标", "经济效益指标", "生态效益指标", "可持续影响指标"])
            name = rng.choice(_QUAL_PATTERNS).format(o=o)
            specs.append(_i(B, l2, name, "bool" if "是否" in name else "qual"))
        else:
            specs.append(_i(S, "服务对象满意度指标", f"{o}服务对象满意度", "rate", "%", 90))
    goals = tuple(
        f"{rng.choice(_GOAL_VERBS)}{o}建设"
        + (f"，{rng.choice(_GOAL_VERBS)}{o2}服务质量" if k else "")
        for k, (o, o2) in enumerate(
            zip(rng.sample(_OBJECTS, 3), rng.sample(_OBJECTS, 3), strict=True)
        )
    )
    agency = rng.choice(_AGENCIES)
    return Department(key, agency, goals, tuple(specs))
