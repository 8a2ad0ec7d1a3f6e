#!/usr/bin/python3
"""plots/report_stages.py: the page report.py writes for a run in stages (docs/outputs.md, Stages): the process first
(every stage's agreement, the stages figure, conditional agreement, paths, the joint outcome), then each stage's
negotiation, with its outcomes figure drawn from stages/<id>/."""

import os

import common
import inputs
import outcomes
import stages
from report_html import FIGURE_DPI, ISSUE_HEAD, STYLE, e, figure, issue_rows, not_drawn, num, png_bytes, table, warnings_section


def stage_folder(run_dir, stage_id):
    return os.path.join(run_dir, "stages", stage_id)


def stage_scenario(run_dir, stage_id, scenario):
    """The scenario of a stage's folder (which has no scenario.json): the run's, cut to the issues and agents of
    stages/<id>/summary.json. None, with the reason, when the folder lacks what the outcomes figure needs."""
    folder = stage_folder(run_dir, stage_id)
    where = f"stages/{stage_id}/"
    if not os.path.isdir(folder):
        return None, f"no folder {where}"
    path = os.path.join(folder, "summary.json")
    if not os.path.isfile(path):
        return None, f"no {where}summary.json"
    document = inputs.read_json(path, {"issues": inputs.each(inputs.ANY), "agents": inputs.each(inputs.ANY)})
    known = {i["id"] for i in scenario.issues}
    for issue_id in document["issues"]:
        if issue_id not in known:
            raise common.PlotError(f"{path}: /issues/{issue_id}: not an issue of {scenario.path}")
    return scenario.stage(f"stage {stage_id}", set(document["issues"]), set(document["agents"])), None


def draw_staged_figures(run_dir, summary, scenario):
    """stages.png and each stage's outcomes figure (from stages/<id>/, hist.csv there being its only figure file),
    as PNG bytes; the ones left out with the reason; and each stage's scenario (None where it has no summary)."""
    drawn = {"stages": ("Stages, conditional agreement and paths",
                        "Top left: each stage's agreement over all samples with its 95% interval (Monte Carlo error "
                        "only) and the probability that every stage agrees (black diamond); bottom left: the share of "
                        "samples on each path through the stages; right: the later stage's agreement given each "
                        f"result of an earlier one (conditional.csv, in its order; results seen in fewer than "
                        f"{stages.MIN_SAMPLES} samples are left out, as the table below marks), against its agreement "
                        "over all samples (dashed).",
                        png_bytes(stages.draw(run_dir, dpi=FIGURE_DPI)))}
    skipped, parts = [], {}
    for stage in summary["stages"]:
        name, heading = f'outcomes-{stage["id"]}', f'Stage {stage["id"]}: where deals land'
        part, why = stage_scenario(run_dir, stage["id"], scenario)
        parts[stage["id"]] = part
        folder = stage_folder(run_dir, stage["id"])
        if part is not None and not any(os.path.isfile(os.path.join(folder, f)) for f in ("samples.csv", "hist.csv")):
            why = f'no stages/{stage["id"]}/hist.csv (nor samples.csv)'
        if why:
            skipped.append((name, heading, why))
            continue
        drawn[name] = (heading, STAGE_OUTCOMES_CAPTION,
                       png_bytes(outcomes.draw(folder, dpi=FIGURE_DPI, scenario=part)))
    return drawn, skipped, parts


STAGE_OUTCOMES_CAPTION = (
    "Per issue of the stage, the share of the stage's deals at each agreed value (from its hist.csv); grey bands: "
    "the central 50/80/90% of deals; markers: the ideals of the agents at its table.")


def staged_summary_table(summary):
    every, samples = summary["all_stages_agree"], summary["samples"]
    ci = every["ci95"]
    n = len(summary["stages"])
    rows = [["Every stage agrees", f'<b>{common.percent(every["probability"])}</b> ({every["samples"]} of {samples} '
             "samples)",
             f"95% interval {common.percent(ci[0])} to {common.percent(ci[1])}: <b>Monte Carlo error only</b>. It "
             "shrinks with more samples however unsure the inputs are."],
            ["Stages", f"{n} played in turn", "each a negotiation of its own table over its own issues; a deal fixes "
             "its issues for the later stages, a failure leaves them at the stage's status quo"
             + (f' (lookahead: {e(summary["lookahead"])})' if "lookahead" in summary else "")]]
    return "<h2>Summary</h2>\n" + table(["", "value", "what it means"], rows, "summary")


END_NAMES = (("deal", "deal"), ("deadline", "deadline"), ("breakdown", "breakdown"),
             ("not_ratified", "not ratified"), ("not_reached", "not reached"))


def interval_text(p, ci):
    return f"<b>{common.percent(p)}</b> ({common.percent(ci[0])} to {common.percent(ci[1])})"


def stages_table(summary, scenario, labels):
    samples = summary["samples"]
    rows = []
    for stage in summary["stages"]:
        ends = stage["ends"]
        rows.append([f'<b>{e(stage["id"])}</b>' + (f"<br>{e(labels[stage['id']])}" if labels.get(stage["id"]) else ""),
                     f'{stage["reached"]} ({common.percent(stage["reached"] / samples) if samples else "–"})',
                     interval_text(stage["agreement_probability"], stage["agreement_ci95"]),
                     interval_text(stage["agreement_given_reached"], stage["agreement_given_reached_ci95"])
                     if stage["reached"] else "– (never reached)",
                     "<br>".join(f"{label}: {ends[k]}" for k, label in END_NAMES),
                     e(scenario.agent_name(stage["top_blocker"])) if stage["top_blocker"] else "none"])
    note = ("<p>Agreement with its Wilson 95% interval (Monte Carlo error only), over all samples (a stage not "
            "reached did not agree) and over the samples that reached the stage. Ends: samples by the way the "
            "stage ended. Top blocker: the agent whose rejection stood most often in that stage.</p>")
    return "<h2>Stages</h2>\n" + note + table(
        ["stage", "reached (samples)", "agreement, all samples (95% interval)",
         "agreement when reached (95% interval)", "how it ended", "top blocker"], rows, "stages")


def conditional_table(summary):
    rows = []
    for c in summary["conditional"]:
        if not c["samples"]:
            value, note = "–", "no sample had this result"
        else:
            value = interval_text(c["probability"], c["ci95"])
            note = (f"fewer than {stages.MIN_SAMPLES} samples: not in the figure"
                    if c["samples"] < stages.MIN_SAMPLES else "")
        rows.append([e(c["given_stage"]), e(c["given"]), e(c["stage"]), str(c["samples"]), str(c["agreed"]),
                     value, note])
    note = ("<p>A later stage's agreement among the samples where an earlier stage had a result: agreed, failed "
            "(no deal, or not reached), an option one of its issues ended at, or a condition a later stage's "
            "dependencies name. Compare it with the later stage's agreement over all samples (table above).</p>")
    return ("<h2>Later stages given earlier results</h2>\n" + note
            + (table(["earlier stage", "its result", "later stage", "samples", "agreed", "agreement (95% interval)",
                      "note"], rows) if rows else "<p>No conditional results (a single stage).</p>"))


def paths_table(summary):
    rows = [[e(p["path"]), str(p["samples"]), common.percent(p["share"])] for p in summary["paths"]]
    note = ("<p>How the samples went through the stages, most frequent first (failed: deadline, breakdown or a "
            "failed ratification; not reached: after a failure that ends the process).</p>")
    return "<h2>Paths through the stages</h2>\n" + note + table(["path", "samples", "share of samples"], rows)


def joint_table(summary, scenario, issue_stage):
    rows = []
    for issue_id, joint in summary["joint"].items():
        issue = next((i for i in scenario.issues if i["id"] == issue_id), None)
        label = issue["label"] if issue else issue_id
        unit = (issue["unit"] or ("option" if common.is_discrete(issue) else "")) if issue else ""
        if "options" in joint:
            where = ", ".join(f"{e(o)} {common.percent(share)}" for o, share in joint["options"].items())
        else:
            q = joint["quantiles"]
            where = (f'mean {e(num(joint["mean"]))}; median {e(num(q.get("q50")))}; middle 90% '
                     f'{e(num(q.get("q05")))} to {e(num(q.get("q95")))}')
        rows.append([e(label), e(issue_stage.get(issue_id, "–")), e(unit), where])
    note = ("<p>Where the process left every issue, over all samples: the stage's deal, or its status quo where it "
            "failed or was not reached. A discrete issue: the share of samples at each option; a continuous one: "
            "its mean, median and middle 90%.</p>")
    return "<h2>Where the process left every issue</h2>\n" + note + table(
        ["issue", "stage", "unit", "over all samples"], rows)


def stage_section(run_dir, stage, part, drawn, skipped, labels):
    stage_id = stage["id"]
    where = f"stages/{stage_id}/"
    parts = [f'<h2 id="stage-{e(stage_id)}">Stage {e(stage_id)}</h2>']
    if labels.get(stage_id):
        parts.append(f'<p class="description">{e(labels[stage_id])}</p>')
    if part is None:
        why = next(w for n, _, w in skipped if n == f"outcomes-{stage_id}")
        parts.append(f"<p>Not drawn: {e(why)}; the numbers above are all this page has of the stage.</p>")
        return "\n".join(parts)
    summary = inputs.read_json(os.path.join(run_dir, "stages", stage_id, "summary.json"), inputs.summary_schema(part))
    a = summary["agreement"]
    parts.append(f'<p>Over the {summary["samples"]} samples that reached it ({e(where)}summary.json): agreement '
                 f'{interval_text(a["probability"], a["ci95"])}, Monte Carlo error only; zone of possible agreement '
                 f'{common.percent(summary["zone"]["probability"])}.</p>')
    rows, _ = issue_rows(summary, part)
    parts.append("<h3>Where its deals land</h3>\n" + table(ISSUE_HEAD, rows))
    parts.append(figure(drawn, f"outcomes-{stage_id}", with_heading=False))
    agents = [[e(part.agent_name(agent_id)), e(s.get("role", "")), common.percent(s["decisive_share"]),
               common.percent(s["blocker_share"]),
               common.percent(s["breakdown_share"]) if "breakdown_share" in s else "n/a"]
              for agent_id, s in summary["agents"].items()]
    parts.append("<h3>Who blocks at its table</h3>\n<p>Shares of the samples that reached the stage, as under "
                 "<i>Who blocks</i> of a run's report.</p>\n"
                 + table(["agent", "role", "decisive share", "blocker share", "breakdown share"], agents))
    folder = stage_folder(run_dir, stage_id)
    lacking = [f for f in ("scenario.json", "samples.csv", "sensitivity.csv", "zopa.csv", "zone_map.csv")
               if not os.path.isfile(os.path.join(folder, f))]
    if f"outcomes-{stage_id}" not in drawn:
        why = next(w for n, _, w in skipped if n == f"outcomes-{stage_id}")
        parts.append(f'<p class="skipped">Its outcomes figure is not drawn: {e(why)}.</p>')
    elif lacking:
        parts.append(f'<p class="skipped">{e(where)} has no {e(", ".join(lacking))} (negsim writes a stage\'s '
                     "summary.json, summary.csv and hist.csv only): the outcomes figure takes the issues' units and "
                     "the agents' ideals from the run's scenario.json"
                     + (", bins hist.csv and shows no mass points (the table gives them)" if "samples.csv" in lacking
                        else "")
                     + "; the stage has no tornado chart, zone figures or trace.</p>")
    return "\n".join(parts)


def staged_provenance(summary, run_dir):
    sc = summary["scenario"]
    overrides = sc.get("overrides", [])
    rows = [["scenario file", f'<code>{e(sc.get("file", "–"))}</code>'],
            ["sha256 of the scenario file", f'<code>{e(sc.get("sha256", "–"))}</code>'],
            ["seed", e(summary.get("seed", "–"))], ["samples", e(summary.get("samples", "–"))],
            ["lookahead", e(summary.get("lookahead", "–"))],
            ["overrides (--set)", ", ".join(f'<code>{e(o["name"])}={e(o["value"])}</code>' for o in overrides)
             or "none"],
            ["nominal run (--nominal)", "yes" if sc.get("nominal") else "no"],
            ["negsim version", e(summary.get("negsim_version", "–"))],
            ["run folder", f"<code>{e(os.path.abspath(run_dir))}</code>"]]
    return "<h2>Provenance</h2>\n" + table(["", ""], rows, "provenance")


STAGED_STYLE = """table.stages td:nth-child(5), table.stages td:nth-child(2) { white-space: nowrap; }
"""


def staged_page(run_dir):
    """The report of a run in stages: the process first, then each stage's negotiation."""
    summary = stages.read_summary(run_dir)
    scenario_path = os.path.join(run_dir, "scenario.json")
    scenario = common.Scenario(scenario_path)
    sequence = inputs.read_json(scenario_path, inputs.STAGED_SCENARIO).get("stages", {}).get("sequence", [])
    labels = {s["id"]: s.get("label", "") for s in sequence}
    issue_stage = {i: s["id"] for s in sequence for i in s.get("issues", [])}
    drawn, skipped, parts = draw_staged_figures(run_dir, summary, scenario)
    body = [staged_summary_table(summary), warnings_section(summary),
            stages_table(summary, scenario, labels), figure(drawn, "stages", with_heading=False),
            conditional_table(summary), paths_table(summary), joint_table(summary, scenario, issue_stage)]
    body += [stage_section(run_dir, s, parts[s["id"]], drawn, skipped, labels) for s in summary["stages"]]
    body += [not_drawn(skipped), staged_provenance(summary, run_dir)]
    title = f"{scenario.name}: negotiation briefing, in stages"
    document = (f'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>{e(title)}</title>'
                f"<style>{STYLE}{STAGED_STYLE}</style></head><body>\n<h1>{e(title)}</h1>\n"
                f'<p class="description">{e(scenario.description)}</p>\n' + "\n".join(body) + "\n</body></html>\n")
    return document, drawn, skipped
