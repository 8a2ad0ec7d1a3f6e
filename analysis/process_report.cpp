// Writing a process in stages' results (process_report.hpp).
#include "analysis/process_report.hpp"

#include "model/bounds.hpp"
#include "model/text.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <sstream>

namespace negsim {

namespace {

double share(std::uint64_t part, std::uint64_t whole) { return whole ? static_cast<double>(part) / static_cast<double>(whole) : 0.0; }

std::string top_blocker(const Stage& stage, const StageSummary& s) {
    return s.negotiation.top_blocker >= 0 ? stage.negotiation.agents[static_cast<std::size_t>(s.negotiation.top_blocker)].id : std::string();
}

std::string percent(double p) {
    char text[16];
    std::snprintf(text, sizeof text, "%.1f%%", 100.0 * p);
    return text;
}

}  // namespace

nlohmann::ordered_json process_summary_json(const Scenario& scenario, const Provenance& provenance, const ProcessSummary& summary) {
    nlohmann::ordered_json j = provenance_json(scenario, provenance);
    j["samples"] = summary.samples;
    j["lookahead"] = kLookaheadNames[static_cast<std::size_t>(scenario.stages.lookahead)];
    if (!provenance.warnings.empty()) j["warnings"] = provenance.warnings;
    j["all_stages_agree"] = {{"samples", summary.all_agreed}, {"probability", share(summary.all_agreed, summary.samples)},
                             {"ci95", {summary.all_agreed_ci95.lo, summary.all_agreed_ci95.hi}}};
    nlohmann::ordered_json stages = nlohmann::ordered_json::array();
    for (std::size_t s = 0; s < summary.stages.size(); ++s) {
        const StageSummary& st = summary.stages[s];
        nlohmann::ordered_json ends = nlohmann::ordered_json::object();
        for (std::size_t e = 0; e < kStageEnds; ++e) ends[kStageEndNames[e]] = st.ends[e];
        stages.push_back({{"id", scenario.stages.list[s].id},
                          {"reached", st.reached},
                          {"agreed", st.agreed},
                          {"agreement_probability", share(st.agreed, summary.samples)},
                          {"agreement_ci95", {st.agreed_ci95.lo, st.agreed_ci95.hi}},
                          {"agreement_given_reached", share(st.agreed, st.reached)},
                          {"agreement_given_reached_ci95", {st.agreed_given_reached_ci95.lo, st.agreed_given_reached_ci95.hi}},
                          {"ends", ends},
                          {"top_blocker", top_blocker(scenario.stages.list[s], st)},
                          {"files", "stages/" + scenario.stages.list[s].id + "/"}});
    }
    j["stages"] = stages;
    nlohmann::ordered_json paths = nlohmann::ordered_json::array();
    for (const auto& [path, count] : summary.paths) paths.push_back({{"path", path}, {"samples", count}, {"share", share(count, summary.samples)}});
    j["paths"] = paths;
    nlohmann::ordered_json conditional = nlohmann::ordered_json::array();
    for (const ConditionalAgreement& c : summary.conditional)
        conditional.push_back({{"given_stage", scenario.stages.list[c.given_stage].id}, {"given", c.given}, {"stage", scenario.stages.list[c.stage].id},
                               {"samples", c.samples}, {"agreed", c.agreed}, {"probability", share(c.agreed, c.samples)}, {"ci95", {c.ci95.lo, c.ci95.hi}}});
    j["conditional"] = conditional;
    nlohmann::ordered_json joint = nlohmann::ordered_json::object();
    for (std::size_t k = 0; k < scenario.issue_count(); ++k) {
        const Issue& issue = scenario.issues[k];
        const JointIssue& ji = summary.joint[k];
        if (issue.discrete) {
            nlohmann::ordered_json options = nlohmann::ordered_json::object();
            for (std::size_t o = 0; o < issue.options.size(); ++o) options[issue.options[o]] = share(ji.options[o], summary.samples);
            joint[issue.id] = {{"options", options}};
        } else {
            nlohmann::ordered_json q = nlohmann::ordered_json::object();
            for (std::size_t l = 0; l < kQuantileLevels.size(); ++l) q[kQuantileNames[l]] = ji.quantile[l];
            joint[issue.id] = {{"mean", ji.mean}, {"quantiles", q}};
        }
    }
    j["joint"] = joint;
    return j;
}

void write_stages_csv(std::ostream& out, const Scenario& scenario, const ProcessSummary& summary) {
    out << "stage,samples,reached,agreed,agreement_probability,agreement_ci95_lo,agreement_ci95_hi,agreement_given_reached,"
           "agreement_given_reached_ci95_lo,agreement_given_reached_ci95_hi";
    for (const char* end : kStageEndNames) out << ',' << end;
    out << ",top_blocker\n";
    for (std::size_t s = 0; s < summary.stages.size(); ++s) {
        const StageSummary& st = summary.stages[s];
        out << csv_field(scenario.stages.list[s].id) << ',' << summary.samples << ',' << st.reached << ',' << st.agreed << ',' << format_number(share(st.agreed, summary.samples))
            << ',' << format_number(st.agreed_ci95.lo) << ',' << format_number(st.agreed_ci95.hi) << ',' << format_number(share(st.agreed, st.reached)) << ','
            << format_number(st.agreed_given_reached_ci95.lo) << ',' << format_number(st.agreed_given_reached_ci95.hi);
        for (const std::uint64_t e : st.ends) out << ',' << e;
        out << ',' << csv_field(top_blocker(scenario.stages.list[s], st)) << '\n';
    }
}

void write_conditional_csv(std::ostream& out, const Scenario& scenario, const ProcessSummary& summary) {
    out << "given_stage,given,stage,samples,agreed,probability,ci95_lo,ci95_hi\n";
    for (const ConditionalAgreement& c : summary.conditional)
        out << csv_field(scenario.stages.list[c.given_stage].id) << ',' << csv_field(c.given) << ',' << csv_field(scenario.stages.list[c.stage].id) << ',' << c.samples
            << ',' << c.agreed << ',' << (c.samples ? format_number(share(c.agreed, c.samples)) : std::string()) << ',' << format_number(c.ci95.lo) << ','
            << format_number(c.ci95.hi) << '\n';
}

void write_paths_csv(std::ostream& out, const ProcessSummary& summary) {
    out << "path,samples,share\n";
    for (const auto& [path, count] : summary.paths) out << csv_field(path) << ',' << count << ',' << format_number(share(count, summary.samples)) << '\n';
}

void write_joint_csv(std::ostream& out, const Scenario& scenario, const ProcessSummary& summary) {
    out << "issue,value,share\n";
    for (std::size_t k = 0; k < scenario.issue_count(); ++k) {
        const Issue& issue = scenario.issues[k];
        const JointIssue& ji = summary.joint[k];
        if (issue.discrete) {
            for (std::size_t o = 0; o < issue.options.size(); ++o)
                out << csv_field(issue.id) << ',' << csv_field(issue.options[o]) << ',' << format_number(share(ji.options[o], summary.samples)) << '\n';
            continue;
        }
        out << csv_field(issue.id) << ",mean," << format_number(ji.mean) << '\n';
        for (std::size_t l = 0; l < kQuantileLevels.size(); ++l) out << csv_field(issue.id) << ',' << kQuantileNames[l] << ',' << format_number(ji.quantile[l]) << '\n';
    }
}

namespace {

// Where issue k ended most typically: a continuous issue's median, a discrete one's likeliest option (the first on a tie).
double joint_middle(const Scenario& scenario, const ProcessSummary& summary, std::size_t k) {
    const JointIssue& ji = summary.joint[k];
    if (!scenario.issues[k].discrete) return ji.quantile[3];
    return static_cast<double>(std::max_element(ji.options.begin(), ji.options.end()) - ji.options.begin());
}

}  // namespace

SummaryColumns process_summary_columns(const Scenario& scenario, const Provenance& provenance, const ProcessSummary& summary) {
    SummaryColumns c;
    const auto add = [&](std::string name, std::string value) {
        c.names.push_back(std::move(name));
        c.values.push_back(std::move(value));
    };
    add("scenario", csv_field(scenario.name));
    add("scenario_sha256", provenance.scenario_sha256);
    add("seed", std::to_string(provenance.seed));
    add("samples", std::to_string(summary.samples));
    add("all_stages_agree", std::to_string(summary.all_agreed));
    add("agreement_probability", format_number(share(summary.all_agreed, summary.samples)));
    add("agreement_ci95_lo", format_number(summary.all_agreed_ci95.lo));
    add("agreement_ci95_hi", format_number(summary.all_agreed_ci95.hi));
    for (std::size_t s = 0; s < summary.stages.size(); ++s) {
        const std::string id = csv_field(scenario.stages.list[s].id);
        const StageSummary& st = summary.stages[s];
        add(id + "_agreement_probability", format_number(share(st.agreed, summary.samples)));
        add(id + "_agreement_ci95_lo", format_number(st.agreed_ci95.lo));
        add(id + "_agreement_ci95_hi", format_number(st.agreed_ci95.hi));
        add(id + "_reached", format_number(share(st.reached, summary.samples)));
    }
    for (std::size_t k = 0; k < scenario.issue_count(); ++k) {
        const Issue& issue = scenario.issues[k];
        add(csv_field(issue.id) + (issue.discrete ? "_likeliest" : "_q50"),
            summary.samples ? csv_field(format_issue_value(issue, joint_middle(scenario, summary, k))) : std::string());
    }
    return c;
}

std::vector<double> process_outputs(const Scenario& scenario, const ProcessSummary& summary) {
    std::vector<double> out{share(summary.all_agreed, summary.samples)};
    for (std::size_t k = 0; k < scenario.issue_count(); ++k)
        out.push_back(summary.samples ? joint_middle(scenario, summary, k) : std::numeric_limits<double>::quiet_NaN());
    return out;
}

void write_process_samples_header(std::ostream& out, const Scenario& scenario) {
    out << "sample";
    for (const Stage& stage : scenario.stages.list) out << ',' << csv_field(stage.id + "_end") << ',' << csv_field(stage.id + "_rounds");
    for (const Issue& issue : scenario.issues) out << ',' << csv_field(issue.id);
    out << '\n';
}

void write_process_sample_row(std::ostream& out, const Scenario& scenario, std::uint64_t sample, const ProcessOutcome& outcome) {
    out << sample;
    for (std::size_t s = 0; s < scenario.stages.list.size(); ++s) {
        const bool reached = outcome.reached_stage(s);
        out << ',' << (reached ? to_string(outcome.stage[s].end) : "not_reached") << ',' << (reached ? outcome.stage[s].rounds : 0);
    }
    for (std::size_t k = 0; k < scenario.issue_count(); ++k) out << ',' << csv_field(format_issue_value(scenario.issues[k], recorded_value(scenario, k, outcome.joint[k])));
    out << '\n';
}

std::string human_process_summary(const Scenario& scenario, const ProcessSummary& summary) {
    std::ostringstream out;
    out << "  stages (" << kLookaheadNames[static_cast<std::size_t>(scenario.stages.lookahead)] << "):\n";
    for (std::size_t s = 0; s < summary.stages.size(); ++s) {
        const StageSummary& st = summary.stages[s];
        out << "    " << scenario.stages.list[s].id << ": deal " << percent(share(st.agreed, summary.samples)) << " [" << percent(st.agreed_ci95.lo) << ", "
            << percent(st.agreed_ci95.hi) << "], reached " << percent(share(st.reached, summary.samples));
        const std::string blocker = top_blocker(scenario.stages.list[s], st);
        if (!blocker.empty()) out << ", top blocker " << blocker;
        out << '\n';
    }
    out << "  every stage agrees: " << percent(share(summary.all_agreed, summary.samples)) << " [" << percent(summary.all_agreed_ci95.lo) << ", "
        << percent(summary.all_agreed_ci95.hi) << "]\n";
    // The earlier results that move a later stage's agreement most, beside that stage's agreement overall.
    // Only results seen in at least a twentieth of the samples (and 30): rarer ones move by chance.
    const std::uint64_t least = std::max<std::uint64_t>(30, summary.samples / 20);
    std::vector<const ConditionalAgreement*> moves;
    for (const ConditionalAgreement& c : summary.conditional)
        if (c.samples >= least && c.given != "agreed" && c.given != "failed") moves.push_back(&c);
    const auto gap = [&](const ConditionalAgreement* c) {
        return std::abs(share(c->agreed, c->samples) - share(summary.stages[c->stage].agreed, summary.samples));
    };
    std::stable_sort(moves.begin(), moves.end(), [&](const auto* a, const auto* b) { return gap(a) > gap(b); });
    for (std::size_t m = 0; m < std::min<std::size_t>(moves.size(), 4); ++m)
        out << "    " << scenario.stages.list[moves[m]->stage].id << " given " << moves[m]->given << ": " << percent(share(moves[m]->agreed, moves[m]->samples))
            << " of " << moves[m]->samples << " samples\n";
    return out.str();
}

}  // namespace negsim
