#!/usr/bin/python3
"""plots/findings_sections.py: the sections of the findings briefing (findings.py), each written from the files of one
study's negsim runs into a briefing.Document: where deals land and the likely zone, who blocks, what moves the result,
the paired change against the baseline, the sweep, who contributes, the stages; and the figure of every study."""

import io

import common


def pct(p):
    return f"{100 * p:.1f}%"


def interval(ci):
    return f"[{100 * ci[0]:.1f}, {100 * ci[1]:.1f}]"


def points(x):
    return f"{100 * x:+.1f} points"


def num(x):
    return x if isinstance(x, str) else f"{x:.3g}"


def label(scenario_json, issue_id):
    for issue in scenario_json["issues"]:
        if issue["id"] == issue_id:
            return issue["label"], issue.get("unit", "")
    return issue_id, ""


def agent_name(scenario_json, agent_id):
    return next((a.get("name", agent_id) for a in scenario_json["agents"] if a["id"] == agent_id), agent_id)


def likely_zone(zopa, issue_id, discrete):
    """The values of an issue that are part of some package every required party accepts in at least half of the
    samples (zopa.csv): a range on a continuous issue's grid, the options of a discrete one."""
    rows = [z for z in zopa if z["issue"] == issue_id and float(z["probability"]) >= 0.5]
    if not rows:
        return "none in half the samples"
    if discrete:
        return ", ".join(z["value"] for z in rows)
    values = [float(z["value"]) for z in rows]
    return f"{num(min(values))} to {num(max(values))}"


def deals_table(doc, summary, scenario_json, zopa):
    lines = summary.get("contributions", {}).get("contributors", {})   # in the contributors' table instead
    rows = []
    for issue_id, s in summary["issues"].items():
        if not s.get("deals") or issue_id in lines:
            continue
        name, unit = label(scenario_json, issue_id)
        q = s["quantiles"]
        if isinstance(q["q50"], str):
            shares = sorted(s.get("mass_points", []), key=lambda m: -m["share"])
            where = ", ".join(f"{m['value']} {pct(m['share'])}" for m in shares if m["share"] >= 0.05)
            rows.append([name, q["q50"], where + " of deals", likely_zone(zopa, issue_id, True)])
        else:
            lo, hi = s["central_intervals"]["90"]
            rows.append([name, f"{num(q['q50'])} {unit}", f"{num(lo)} to {num(hi)}", likely_zone(zopa, issue_id, False)])
    doc.table(["issue", "median deal", "middle 90% of deals (options: share of deals)",
               "in the zone in half the samples or more"], rows)


def blockers(doc, summary, scenario_json):
    items = [f"{agent_name(scenario_json, a)}: decisive in {pct(v['decisive_share'])} of samples"
             for a, v in sorted(summary["agents"].items(), key=lambda kv: -kv[1].get("decisive_share", 0))
             if v.get("decisive_share", 0) >= 0.005]
    doc.paragraph("**Who blocks** (its refusal alone stood between the others and a deal, or it alone failed to ratify):")
    doc.bullets(items or ["nobody refused a deal the others would take"])


def sensitivity(doc, summary, basis):
    strongest = summary.get("input_uncertainty", {}).get("strongest_inputs", [])[:3]
    if not strongest:
        return
    doc.paragraph("**What moves it most** (agreement among the samples that drew the input in its lowest and highest "
                  "third; the basis is the input's in scenarios/README.md):")
    doc.bullets(f"`{s['input']}` ({basis(s['input'])}): {pct(s['low']['agreement'])} low, "
                f"{pct(s['high']['agreement'])} high" for s in strongest)


def comparison(doc, c, scenario_json):
    a = c["agreement"]
    doc.paragraph(f"**Against the baseline, sample by sample** (same random numbers): agreement {pct(a['first'])} → "
                  f"{pct(a['second'])}, a change of {points(a['difference'])} {interval(a['ci95'])} (paired 95% interval); "
                  f"{a['gained']} deals gained and {a['lost']} lost out of {c['samples']} samples.")
    rows = []
    for issue_id, s in c["issues"].items():
        if s["paired_deals"] and (s["ci95"][0] > 0 or s["ci95"][1] < 0):
            unit = "option steps" if s["scale"] == "option steps" else label(scenario_json, issue_id)[1]
            rows.append([label(scenario_json, issue_id)[0], f"{s['mean_shift']:+.3g} {unit}",
                         f"[{s['ci95'][0]:+.3g}, {s['ci95'][1]:+.3g}]", f"{s['changed']} of {s['paired_deals']}"])
    if rows:
        doc.paragraph("Where the deals that both reach move (only shifts whose 95% interval excludes zero):")
        doc.table(["issue", "mean shift", "95% interval", "deals changed"], rows)


def sweep(doc, study, points_rows, differences):
    factor = study.sweep.split("=")[0]
    column = [k for k in points_rows[0] if k not in ("point",)][0]
    rows = []
    for p in points_rows:
        step = next((d for d in differences if d["point"] == p["point"]), None)
        change = (f"{points(float(step['agreement_difference']))} [{100 * float(step['ci95_lo']):+.1f}, "
                  f"{100 * float(step['ci95_hi']):+.1f}]") if step else "–"
        rows.append([num(float(p[column])), pct(float(p["agreement_probability"])),
                     interval([float(p["agreement_ci95_lo"]), float(p["agreement_ci95_hi"])]), change])
    doc.paragraph(f"**The sweep**: `{factor}` {study.sweep_note}, on the same random numbers "
                  f"(`negsim sweep --vary {study.sweep}`):")
    doc.table([f"`{factor}`", "agreement", "95% interval", "change from the point before [paired 95%]"], rows)


def contributions(doc, summary, scenario_json):
    c = summary.get("contributions")
    if not c:
        return
    people = sorted(c["contributors"].values(), key=lambda v: -v["probability"])
    rows = [[agent_name(scenario_json, v["contributor"]), pct(v["probability"]), interval(v["ci95"]),
             max(v["lines_in_deals"], key=v["lines_in_deals"].get) if v["contributes"] else "–"] for v in people]
    doc.paragraph("**Who would guarantee what** (share of all samples in which each member contributes to a deal, and "
                  "its most frequent line in deals):")
    doc.table(["member", "contributes", "95% interval", "most frequent line"], rows)
    for name, a in c.get("aggregates", {}).items():
        if a.get("deals"):
            doc.paragraph(f"`{name}` in deals: mean {num(a['mean_in_deals'])} {a['unit']}, median {num(a['quantiles']['q50'])}, "
                          f"middle 90% {num(a['quantiles']['q05'])} to {num(a['quantiles']['q95'])}.")


def stages(doc, summary):
    rows = [[s["id"], pct(s["agreement_probability"]), interval(s["agreement_ci95"]), s.get("top_blocker") or "–"]
            for s in summary["stages"]]
    a = summary["all_stages_agree"]
    doc.paragraph(f"Both stages agree in **{pct(a['probability'])}** {interval(a['ci95'])} of samples.")
    doc.table(["stage", "agreement", "95% interval", "top blocker"], rows)
    cond = [[f"{c['given_stage']} {c['given']}", c["stage"], pct(c["probability"]), interval(c["ci95"]), str(c["samples"])]
            for c in summary["conditional"] if c["samples"] >= 30]
    doc.paragraph("The ceasefire's agreement under each result of the guarantee stage (where at least 30 samples fall):")
    doc.table(["given", "stage", "agreement", "95% interval", "samples"], cond)


def headline_probability(summary):
    """(what, probability, 95% interval) of a run: agreement, or for a run in stages every stage's agreement."""
    if "all_stages_agree" in summary:
        a = summary["all_stages_agree"]
        return "both stages agree", a["probability"], a["ci95"]
    return "deal", summary["agreement"]["probability"], summary["agreement"]["ci95"]


def figure_png(results):
    """Each study's headline probability with its 95% interval, as PNG bytes."""
    fig = common.new_figure((9.0, 4.2))
    ax = fig.add_subplot()
    names = list(results)[::-1]
    probs = [headline_probability(results[n]["summary"]) for n in names]
    y = range(len(names))
    ax.barh(list(y), [100 * p for _, p, _ in probs], color=common.DATA, height=0.6)
    ax.errorbar([100 * p for _, p, _ in probs], list(y), xerr=[[100 * (p - ci[0]) for _, p, ci in probs],
                [100 * (ci[1] - p) for _, p, ci in probs]], fmt="none", ecolor="black", capsize=3)
    ax.set_yticks(list(y), [f"{n} ({what})" for n, (what, _, _) in zip(names, probs)])
    ax.set_xlim(0, 100)
    ax.set_xlabel("probability, % of samples (bars: 95% Monte Carlo interval)")
    ax.set_title("How likely is agreement, scenario by scenario")
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=100)
    return buffer.getvalue()
