"""A theme's flowchart (一张流程图) as a graph, drawn by the lobby screen and printed on the notice.

apply -> the dedicated window accepts -> dispatch within a working day -> every department reviews in
parallel (city-level matters are forwarded and approved by the city) -> results back to the window ->
pickup or post. The graph is data so every screen and printer draws the same thing.
"""
from __future__ import annotations

from .model import Catalogue, Department, Matter, Theme


def department_shown(theme: Theme, dept: Department, matter_ids: list[str]) -> str:
    """The department as citizens know it on this theme's rows: the plan's own spelling where the table
    gives one that says more (theme 40: 住房和城乡建设（城管）局), else the registry name."""
    for tm in theme.matters:
        if tm.ref in matter_ids and tm.department_name:
            return tm.department_name
    return dept.name


def flowchart(cat: Catalogue, theme: Theme, matters: list[Matter]) -> dict:
    loc = cat.theme_location(theme)
    nodes = [
        {"id": "apply", "kind": "start", "label": "提交申请", "label_en": "Apply",
         "detail": "自助机、网上或专窗，一表申请、一套材料"},
        {"id": "accept", "kind": "step", "label": "专窗受理", "label_en": "Window accepts",
         "detail": f"{loc.name} {loc.window}；非关键材料可容缺受理"},
        {"id": "dispatch", "kind": "step", "label": "分派流转", "label_en": "Dispatch",
         "detail": f"{cat.dispatch_working_days}个工作日内分派各部门"},
    ]
    edges = [{"from": "apply", "to": "accept"}, {"from": "accept", "to": "dispatch"}]
    by_dept: dict[str, list[Matter]] = {}
    for m in matters:
        by_dept.setdefault(m.department, []).append(m)
    for dept_id, ms in by_dept.items():
        dept = cat.departments[dept_id]
        shown = department_shown(theme, dept, [m.id for m in ms])
        node_id = f"dept:{dept_id}"
        nodes.append({"id": node_id, "kind": "department", "label": shown, "label_en": dept.name_en,
                      "matters": [m.id for m in ms],
                      "detail": "、".join(m.title for m in ms),
                      "working_days": max(m.time_limit_days for m in ms)})
        edges.append({"from": "dispatch", "to": node_id, "label": "并联审批"})
        city = [m for m in ms if m.approval_level == "city"]
        if city:
            fwd = f"city:{dept_id}"
            nodes.append({"id": fwd, "kind": "forward", "label": f"市级{dept.name}审批",
                          "label_en": "Approved at city level", "matters": [m.id for m in city],
                          "detail": "区级受理后转报市级部门审批"})
            edges.append({"from": node_id, "to": fwd, "label": "转报市级"})
            edges.append({"from": fwd, "to": "collect"})
        if len(city) < len(ms):
            edges.append({"from": node_id, "to": "collect"})
    nodes += [
        {"id": "collect", "kind": "step", "label": "结果汇总", "label_en": "Results return",
         "detail": f"各部门{cat.return_working_days}个工作日内将结果流转至专窗"},
        {"id": "deliver", "kind": "end", "label": "统一领取或邮寄", "label_en": "Collect or receive by post",
         "detail": "专窗统一送达，一次办结"},
    ]
    edges.append({"from": "collect", "to": "deliver"})
    return {"nodes": nodes, "edges": edges}
