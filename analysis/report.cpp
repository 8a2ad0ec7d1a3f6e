// Result-file formatting for `negsim run` (docs/outputs.md).
#include "analysis/report.hpp"

#include "analysis/contribution_report.hpp"
#include "model/bounds.hpp"
#include "optimise/package_optimizer.hpp"

#include <cstdio>
#include <limits>
#include <sstream>
#include <tuple>

namespace negsim {

void write_samples_header(std::ostream& out, const Scenario& scenario) {
    out << "sample,agreed,end,rounds,proposer";
    for (const Issue& issue : scenario.issues) out << ',' << issue.id;
    for (const Agent& agent : scenario.agents) out << ",u_" << agent.id;
    out << ",blocker,zone_margin";
    for (const Shock& shock : scenario.monte_carlo.shocks) out << ",shock_" << shock.id;
    if (may_report_gaps(scenario)) out << ",optimiser_gap";
    out << '\n';
}

void write_sample_row(std::ostream& out, const Scenario& scenario, std::uint64_t sample, const Outcome& outcome) {
    out << sample << ',' << (outcome.agreed ? 1 : 0) << ',' << to_string(outcome.end) << ',' << outcome.rounds << ',' << proposer_name(scenario, outcome.proposer);
    for (std::size_t k = 0; k < scenario.issue_count(); ++k) {
        out << ',';
        if (outcome.agreed) out << csv_field(format_issue_value(scenario.issues[k], recorded_value(scenario, k, outcome.package[k])));
    }
    for (std::size_t j = 0; j < scenario.agent_count(); ++j) out << ',' << format_number(outcome.utility[j]);
    out << ',';
    if (outcome.blocker >= 0) out << scenario.agents[static_cast<std::size_t>(outcome.blocker)].id;
    out << ',' << format_number(outcome.zone_margin);
    for (std::size_t k = 0; k < scenario.monte_carlo.shocks.size(); ++k) out << ',' << ((outcome.shocks >> k) & 1);
    if (may_report_gaps(scenario)) out << ',' << (outcome.unproven.gap == std::numeric_limits<double>::infinity() ? std::string("inf") : format_number(outcome.unproven.gap));
    out << '\n';
}

nlohmann::ordered_json provenance_json(const Scenario& scenario, const Provenance& provenance) {
    nlohmann::ordered_json j;
    j["negsim_version"] = provenance.negsim_version;
    j["scenario"] = {{"name", scenario.name}, {"file", provenance.scenario_path}, {"sha256", provenance.scenario_sha256}};
    if (!provenance.overrides.empty() || provenance.nominal) {  // only then: a plain run's summary.json stays as it was
        nlohmann::ordered_json overrides = nlohmann::ordered_json::array();
        for (const auto& [name, value] : provenance.overrides) overrides.push_back({{"name", name}, {"value", value}});
        j["scenario"]["overrides"] = overrides;
        j["scenario"]["nominal"] = provenance.nominal;
    }
    j["seed"] = provenance.seed;
    return j;
}

nlohmann::ordered_json summary_json(const Scenario& scenario, const Provenance& provenance, const Summary& summary) {
    nlohmann::ordered_json j = provenance_json(scenario, provenance);
    j["samples"] = summary.samples;
    if (!provenance.warnings.empty()) j["warnings"] = provenance.warnings;
    nlohmann::ordered_json by_shock = nlohmann::ordered_json::object();
    for (std::size_t k = 0; k < summary.shocks.size(); ++k) {
        const ShockSummary& sh = summary.shocks[k];
        const auto share = [](std::uint64_t deals, std::uint64_t samples) { return samples ? static_cast<double>(deals) / static_cast<double>(samples) : 0.0; };
        by_shock[scenario.monte_carlo.shocks[k].id] = {
            {"with", {{"samples", sh.samples_with}, {"deals", sh.deals_with}, {"probability", share(sh.deals_with, sh.samples_with)},
                      {"ci95", {sh.ci95_with.lo, sh.ci95_with.hi}}}},
            {"without", {{"samples", sh.samples_without}, {"deals", sh.deals_without}, {"probability", share(sh.deals_without, sh.samples_without)},
                         {"ci95", {sh.ci95_without.lo, sh.ci95_without.hi}}}}};
    }
    j["agreement"] = {{"deals", summary.deals},
                      {"probability", summary.agreement_probability},
                      {"ci95", {summary.agreement_ci95.lo, summary.agreement_ci95.hi}},
                      {"ends", {{"deal", summary.ends[0]}, {"deadline", summary.ends[1]}, {"breakdown", summary.ends[2]}, {"not_ratified", summary.ends[3]}}},
                      {"by_shock", by_shock},
                      {"given_zone", {{"samples_with_zone", summary.zones}, {"deals", summary.deals_with_zone},
                                      {"probability", summary.agreement_given_zone},
                                      {"ci95", {summary.agreement_given_zone_ci95.lo, summary.agreement_given_zone_ci95.hi}}}}};
    j["zone"] = {{"samples_with_zone", summary.zones}, {"probability", summary.zone_probability},
                 {"ci95", {summary.zone_ci95.lo, summary.zone_ci95.hi}},
                 {"undecided_samples", summary.zone_undecided}, {"undecided_searches", summary.zone_undecided_searches}};
    j["missed_deals"] = {{"count", summary.missed_deals}, {"share", summary.missed_share}};
    nlohmann::ordered_json issues = nlohmann::ordered_json::object();
    for (std::size_t k = 0; k < scenario.issue_count(); ++k) {
        const Issue& issue = scenario.issues[k];
        const IssueSummary& s = summary.issues[k];
        nlohmann::ordered_json quantiles = nlohmann::ordered_json::object();
        for (std::size_t q = 0; q < kQuantileLevels.size(); ++q) {
            if (s.deals == 0) quantiles[kQuantileNames[q]] = nullptr;
            else if (issue.discrete) quantiles[kQuantileNames[q]] = format_issue_value(issue, s.quantile[q]);
            else quantiles[kQuantileNames[q]] = s.quantile[q];
        }
        // Central intervals: 50% = [q25, q75], 80% = [q10, q90], 90% = [q05, q95] (indices into kQuantileLevels).
        nlohmann::ordered_json central = nlohmann::ordered_json::object();
        for (const auto& [name, lo, hi] : {std::tuple{"50", 2, 4}, std::tuple{"80", 1, 5}, std::tuple{"90", 0, 6}})
            central[name] = {quantiles[kQuantileNames[static_cast<std::size_t>(lo)]], quantiles[kQuantileNames[static_cast<std::size_t>(hi)]]};
        nlohmann::ordered_json mass = nlohmann::ordered_json::array();
        for (const auto& m : s.mass_points) {
            nlohmann::ordered_json point = {{"value", issue.discrete ? nlohmann::ordered_json(format_issue_value(issue, m.value)) : nlohmann::ordered_json(m.value)},
                                            {"share", static_cast<double>(m.count) / static_cast<double>(s.deals)}};
            if (!m.exact) point["exact"] = false;  // a cluster narrower than the quantile error bound, at its middle
            mass.push_back(point);
        }
        issues[issue.id] = {{"unit", issue.unit}, {"deals", s.deals}, {"quantiles", quantiles}, {"central_intervals", central},
                            {"quantile_error_bound", s.quantile_error}, {"mass_points", mass}};
        if (issue.discrete) issues[issue.id]["mode"] = s.deals > 0 ? nlohmann::ordered_json(format_issue_value(issue, s.mode)) : nlohmann::ordered_json();
    }
    j["issues"] = issues;
    nlohmann::ordered_json agents = nlohmann::ordered_json::object();
    for (std::size_t a = 0; a < scenario.agent_count(); ++a) {
        const AgentSummary& s = summary.agents[a];
        agents[scenario.agents[a].id] = {{"role", to_string(scenario.agents[a].role)},
                                         {"mean_utility", s.mean_utility},
                                         {"decisive_rejections", s.decisive},
                                         {"decisive_share", s.decisive_share},
                                         {"blocker_count", s.blocked},
                                         {"blocker_share", s.blocker_share},
                                         {"breakdown_refusals", s.broken_off},
                                         {"breakdown_share", s.breakdown_share},
                                         {"mean_surplus_in_deals", s.mean_surplus_in_deals}};
    }
    j["agents"] = agents;
    j["top_blocker"] = summary.top_blocker >= 0 ? nlohmann::ordered_json(scenario.agents[static_cast<std::size_t>(summary.top_blocker)].id) : nullptr;
    nlohmann::ordered_json inputs = nlohmann::ordered_json::array();
    for (const InputEffect& e : summary.input_effects)
        inputs.push_back({{"input", e.input}, {"spearman", e.spearman}, {"low", {{"samples", e.low_samples}, {"agreement", e.agreement_low}}},
                          {"high", {{"samples", e.high_samples}, {"agreement", e.agreement_high}}}});
    j["input_uncertainty"] = {{"note", "agreement.ci95 is Monte Carlo error only; this is how far the inputs' uncertainty moves agreement: "
                                       "agreement in the samples whose draw of the input lay in its lowest (low) and highest (high) third, "
                                       "or without and with a shock"},
                              {"strongest_inputs", inputs}};
    j["optimiser"] = {{"unproven_samples", summary.unproven_samples}, {"unproven_answers", summary.unproven_answers}};
    if (may_report_gaps(scenario)) {  // only where an answer can carry a gap: other runs' summary.json stays as it was
        j["optimiser"]["largest_gap"] = summary.largest_gap;
        j["optimiser"]["unbounded_samples"] = summary.unbounded_samples;
    }
    if (scenario.contributions.any) j["contributions"] = contributions_json(scenario, summary);
    return j;
}

SummaryColumns summary_columns(const Scenario& scenario, const Provenance& provenance, const Summary& summary) {
    SummaryColumns c;
    const auto add = [&](std::string name, std::string value) {
        c.names.push_back(std::move(name));
        c.values.push_back(std::move(value));
    };
    const auto share = [](std::uint64_t deals, std::uint64_t samples) {
        return samples ? format_number(static_cast<double>(deals) / static_cast<double>(samples)) : std::string();
    };
    add("scenario", csv_field(scenario.name));
    add("scenario_sha256", provenance.scenario_sha256);
    add("seed", std::to_string(provenance.seed));
    add("samples", std::to_string(summary.samples));
    add("deals", std::to_string(summary.deals));
    add("agreement_probability", format_number(summary.agreement_probability));
    add("agreement_ci95_lo", format_number(summary.agreement_ci95.lo));
    add("agreement_ci95_hi", format_number(summary.agreement_ci95.hi));
    add("ends_deadline", std::to_string(summary.ends[1]));
    add("ends_breakdown", std::to_string(summary.ends[2]));
    add("ends_not_ratified", std::to_string(summary.ends[3]));
    add("zone_probability", format_number(summary.zone_probability));
    add("zone_ci95_lo", format_number(summary.zone_ci95.lo));
    add("zone_ci95_hi", format_number(summary.zone_ci95.hi));
    add("agreement_given_zone", format_number(summary.agreement_given_zone));
    add("agreement_given_zone_ci95_lo", format_number(summary.agreement_given_zone_ci95.lo));
    add("agreement_given_zone_ci95_hi", format_number(summary.agreement_given_zone_ci95.hi));
    add("missed_deals", std::to_string(summary.missed_deals));
    add("missed_share", format_number(summary.missed_share));
    for (std::size_t k = 0; k < summary.shocks.size(); ++k) {
        const ShockSummary& sh = summary.shocks[k];
        const std::string& id = scenario.monte_carlo.shocks[k].id;
        add(id + "_agreement_probability_with", share(sh.deals_with, sh.samples_with));
        add(id + "_agreement_probability_without", share(sh.deals_without, sh.samples_without));
    }
    for (std::size_t k = 0; k < scenario.issue_count(); ++k)
        for (std::size_t q = 0; q < kQuantileLevels.size(); ++q)
            add(scenario.issues[k].id + "_" + kQuantileNames[q],
                summary.issues[k].deals > 0 ? csv_field(format_issue_value(scenario.issues[k], summary.issues[k].quantile[q])) : std::string());
    for (std::size_t a = 0; a < scenario.agent_count(); ++a) {
        const std::string& id = scenario.agents[a].id;
        const AgentSummary& s = summary.agents[a];
        add(id + "_mean_utility", format_number(s.mean_utility));
        add(id + "_decisive_share", format_number(s.decisive_share));
        add(id + "_blocker_share", format_number(s.blocker_share));
        add(id + "_breakdown_share", format_number(s.breakdown_share));
        add(id + "_mean_surplus_in_deals", format_number(s.mean_surplus_in_deals));
    }
    add("top_blocker", summary.top_blocker >= 0 ? scenario.agents[static_cast<std::size_t>(summary.top_blocker)].id : std::string());
    return c;
}

namespace {

void write_csv_line(std::ostream& out, const std::vector<std::string>& fields, std::size_t count) {
    for (std::size_t n = 0; n < count; ++n) out << (n ? "," : "") << fields[n];
    out << '\n';
}

}  // namespace

void write_summary_csv(std::ostream& out, const Scenario& scenario, const Provenance& provenance, const Summary& summary) {
    const SummaryColumns c = summary_columns(scenario, provenance, summary);
    write_csv_line(out, c.names, c.names.size());
    write_csv_line(out, c.values, c.values.size());
}

void write_batch_summary_csv(std::ostream& out, std::span<const SummaryColumns> rows) {
    if (rows.empty()) return;
    bool same = true;
    for (const SummaryColumns& row : rows) same = same && row.names == rows[0].names;
    const std::size_t count = same ? rows[0].names.size() : kCommonSummaryColumns;
    write_csv_line(out, rows[0].names, count);
    for (const SummaryColumns& row : rows) write_csv_line(out, row.values, count);
}

void write_histogram_csv(std::ostream& out, const Scenario& scenario, const Summary& summary) {
    out << "issue,bin_lo,bin_hi,count\n";
    for (std::size_t k = 0; k < scenario.issue_count(); ++k) {
        const Issue& issue = scenario.issues[k];
        const auto& counts = summary.issues[k].histogram;
        for (std::size_t b = 0; b < counts.size(); ++b) {
            if (issue.discrete) {
                out << issue.id << ',' << csv_field(issue.options[b]) << ',' << csv_field(issue.options[b]) << ',' << counts[b] << '\n';
            } else {
                const double width = issue.span() / static_cast<double>(counts.size());
                out << issue.id << ',' << format_number(issue.min + width * static_cast<double>(b)) << ','
                    << format_number(b + 1 == counts.size() ? issue.max : issue.min + width * static_cast<double>(b + 1)) << ',' << counts[b] << '\n';
            }
        }
    }
}

}  // namespace negsim
