"""The head of the standard 项目支出绩效自评表 (project, departments, funds, goal)
shared by several replicas, laid out for a given table width."""

from __future__ import annotations


def project_head(
    width: int,
    title: str,
    year_line: str,
    project: str,
    main_dept: str,
    impl_unit: str,
    funds: list[list[str]],
    goal: str,
    result: str,
) -> tuple[list[list[str]], list[tuple[int, int, int, int]]]:
    """Rows and merges of the form's head; ``funds`` rows are
    [label, 年初预算数, 全年预算数, 全年执行数, 分值, 执行率, 得分]."""
    assert width >= 8
    half = width // 2
    rows: list[list[str]] = [
        [title],
        [year_line],
        ["项目名称", project],
        ["主管部门", main_dept] + [""] * (half - 2) + ["实施单位", impl_unit],
        [
            "项目资金（万元）",
            "",
            "年初预算数",
            "全年预算数（A）",
            "全年执行数（B）",
            "分值",
            "执行率（B/A）",
            "得分",
        ],
    ]
    merges = [
        (0, 0, 1, width),
        (1, 0, 1, width),
        (2, 1, 1, width - 1),
        (3, 1, 1, half - 1),
        (3, half + 1, 1, width - half - 1),
    ]
    for f in funds:
        rows.append(["", *f])
    merges.append((4, 0, 1 + len(funds), 1))
    r = len(rows)
    rows.append(["年度总体目标", "预期目标"] + [""] * (half - 2) + ["实际完成情况"])
    rows.append(["", goal] + [""] * (half - 2) + [result])
    merges += [
        (r, 0, 2, 1),
        (r, 1, 1, half - 1),
        (r, half, 1, width - half),
        (r + 1, 1, 1, half - 1),
        (r + 1, half, 1, width - half),
    ]
    return rows, merges
