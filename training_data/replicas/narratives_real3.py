"""Narrative replicas, fourth set (split "train"): level words glued to the
indicator's name, one value shared by several names, and numbered level
paragraphs stating several quantities.

Written 2026-12-01 (realprose session) after the real-report check showed
three shapes the earlier sets lack: a 二级指标 word written straight before
the name with no punctuation (社会效益指标X达到…；质量指标Y…); one value
shared by names joined by 、 or 和 (A、B均达到100%); and paragraphs led by a
numbered level word and a full stop (1.数量指标。…，…。 / 7.服务对象满意度指标。…)
with several statements on one line, some verb-led with the count after the
object and no target. Every name, number, place and sentence is our own.
Markup as in build_narratives.py.
"""

from typing import Any

REPORTS: list[dict[str, Any]] = [
    {
        "stem": "n_34_林草",
        "sector": "林草",
        "layout": "narr-level-glued-shared-values",
        "format": "txt",
        "department": "石门县林业局",
        "year": 2022,
        "split": "train",
        "description": "project report; level words glued to names, shared values (均达到), ASCII semicolons",
        "text": """
石门县林业局2022年度森林防火基础设施维护项目绩效自评报告

一、项目基本情况
石门县林地面积86万亩,现有防火林道186公里、瞭望塔23座、蓄水池412口。2022年县财政安排维护资金260万元,用于林道修复、防火隔离带清理和监控设备维修。

二、项目资金使用情况
项目资金260万元全部到位,实际支出251.4万元,预算执行率96.7%。

三、项目绩效情况
(一)项目产出情况。
[L2:数量指标][N:修复防火林道]达到[A:48公里],[N:清理防火隔离带][A:37公里];[L2:质量指标][N:维修工程验收合格率]达到[A:100%];[L2:时效指标][N:防火期前维护完成率][A:100%];[L2:成本指标][N:林道修复每公里成本]控制在[A:2.6万元以内]。
(二)项目效益情况。
[L2:社会效益指标][N#a:森林火灾受害率控制达标率]、[N#b:火情监控覆盖率]均达到[A#a,b:100%];[L2:可持续影响指标]工程管护责任落实到人,保证了设施长期运行;[L2:服务对象满意度指标][N:林区群众满意度]均[A:大于等于92%]。

四、评价结论
项目立项依据充分,资金使用规范,维护任务全面完成,全年未发生较大森林火灾。

五、存在的问题及建议
1.部分林道修建年代较早,维护资金缺口较大。
2.基层护林员待遇偏低,队伍不够稳定。建议逐年提高维护资金标准,健全基层护林队伍。
""",
    },
    {
        "stem": "n_35_教育",
        "sector": "教育",
        "layout": "narr-numbered-level-paragraphs-several-statements",
        "format": "txt",
        "department": "青溪县教育局",
        "year": 2021,
        "split": "train",
        "description": "project report; numbered level paragraphs (1.数量指标。…) with several statements per line",
        "text": """
青溪县教育局2021年度乡村学校少年宫建设项目绩效自评报告

一、项目概况
项目资金185万元，其中中央补助120万元、省级补助40万元、县级配套25万元，主要用于少年宫活动开展、图书室图书补充和功能室设备购置。

二、项目资金使用及管理情况
截至2021年12月底，项目资金到位185万元，支出180.2万元，执行率97.4%。资金实行专账核算，按进度拨付。

三、项目绩效目标完成情况
（一）[L1:产出指标]完成情况
1.[L2:数量指标]。全年[N:开展少年宫兴趣活动][A:126场]，年初目标[T:120场]；[N:补充学校图书室图书][A:1.8万册]，[N:配置音乐美术功能室设备][A:32套]。
2.[L2:质量指标]。[N:活动课程方案审核通过率][A:100%]，[N:采购设备验收合格率][A:100%]。
3.[L2:时效指标]。[N:资金拨付及时率]为[A:100%]，[N:图书室图书更新完成时间]为[A:10月底]。
4.[L2:成本指标]。[N:每校辅导教师补助标准][A:6000元]，未超出预算。
（二）[L1:效益指标]完成情况
5.[L2:社会效益指标]。[N:参加活动学生人次][A:5.6万人次]，[N:学生图书年借阅量]较上年增长[A:18%]。
6.[L2:可持续影响指标]。[N:少年宫功能室常态开放率]达到[A:95%]，学生课后活动阵地得到巩固。
（三）[L1:满意度指标]完成情况
7.[L2:服务对象满意度指标]。[N:学生家长对少年宫活动的满意度]达到[A:96%以上]，年度目标[T:≥90%]。

四、存在的问题
部分学校辅导教师兼职较多，活动时间不够固定；乡土特色课程偏少。

五、改进措施
落实功能室专人管理，鼓励教师开发乡土特色课程，2022年计划新开课程10门。
""",
    },
    {
        "stem": "n_36_农机",
        "sector": "农机",
        "layout": "narr-level-glued-numbered-mixed",
        "format": "txt",
        "department": "安平县农业机械化服务中心",
        "year": 2023,
        "split": "train",
        "description": "project report; summary with glued level words and names joined by 和, numbered level paragraphs below",
        "text": """
安平县农业机械化服务中心2023年度农机购置补贴项目绩效自评报告

一、基本情况
2023年上级下达我县农机购置补贴资金1,120万元，补贴机具涵盖耕整地、种植施肥、植保和收获机械四大类。

二、绩效目标完成情况
（一）总体完成情况
[L1:产出指标]中[L2:数量指标][N:补贴机具数量]达到[A:1,386台]，[L2:质量指标][N#a:补贴机具核验率]和[N#b:补贴资金兑付准确率]均为[A#a,b:100%]；[L1:效益指标]中[L2:经济效益指标][N:农户购机节约成本][A:1,120万元]，[L2:社会效益指标][N:主要农作物耕种收综合机械化率]提高到[A:87.5%]。
（二）分项完成情况
1.[L2:数量指标]。[N:受益农户][A:1,052户]，[N:补贴大中型拖拉机][A:146台]，年度计划[T:不少于120台]。
2.[L2:时效指标]。[N#c:补贴申请受理及时率]、[N#d:补贴资金兑付及时率]均达到[A#c,d:100%]。
3.[L2:可持续影响指标]。[N:农机作业服务组织]新增[A:6个]。
4.[L2:服务对象满意度指标]。[N:购机农户满意度][A:97.2%]，目标值[T:95%]。

三、存在的问题
补贴机具中高端智能机具占比偏低；个别乡镇核验人员不足，核验周期较长。

四、下一步工作打算
加大智能农机宣传推广力度，充实乡镇核验力量，推行手机端申请和核验。
""",
    },
    {
        "stem": "n_37_住建",
        "sector": "住建",
        "layout": "narr-numbered-level-lines-glued",
        "format": "txt",
        "department": "平川县住房和城乡建设局",
        "year": 2022,
        "split": "train",
        "description": "project report; （1）level word glued to verb-led statements, shared claims",
        "text": """
平川县住房和城乡建设局2022年度农村危房改造补助资金项目绩效自评报告

一、项目概况
2022年全县纳入农村危房改造计划的农户共312户，其中拆除重建96户、维修加固216户。上级下达补助资金318万元。

二、项目实施及资金管理情况
资金按改造进度直接拨付农户，全年到位318万元，支出318万元，预算执行率100%。

三、项目绩效指标完成情况
（1）[L2:数量指标]落实[N:危房改造任务][A:312户]，[N:完成抗震改造农房][A:5,000平方米]。
（2）[L2:质量指标][N#a:改造农房竣工验收合格率]和[N#b:补助资金兑付到户率]均达到[A#a,b:100%]，[C#a,b:完成年度目标]。
（3）[L2:时效指标][N:改造任务完成时间][A:11月底前]，[C:按期完成]。
（4）[L2:社会效益指标]农村困难群众住房安全保障水平明显提升，全年未发生农房安全事故。
（5）[L2:服务对象满意度指标][N:改造农户满意度]达[A:95%]。

四、存在的问题
部分农户自筹资金困难，改造进度不一；乡镇技术指导力量不足。

五、改进建议
加大对特困户的兜底帮扶，组织技术人员巡回指导。
""",
    },
]
