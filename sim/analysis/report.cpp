// Result-file formatting for `negsim run` (docs/outputs.md).
#include "analysis/report.hpp"

#include "model/bounds.hpp"

#include <cstdio>
#include <sstream>
#include <tuple>

namespace negsim {

void write_samples_header(std::ostream& out, const Scenario& scenario) {
    out << "sample,agreed,end,rounds,proposer";
    for (const Issue& issue : scenario.issues) out << ',' << issue.id;
    for (const Agent& agent : scenario.agents) out << ",u_" << agent.id;
    out << ",blocker,zone_margin";
    for (const Shock& shock : scenario.monte_carlo.shocks) out << ",shock_" << shock.id;
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
    out << '\n';
}

nlohmann::ordered_json summary_json(const Scenario& scenario, const Provenance& provenance, const Summary& summary) {
    nlohmann::ordered_json j;
    j["negsim_version"] = provenance.negsim_version;
    j["scenario"] = {{"name", scenario.name}, {"file", provenance.scenario_path}, {"sha256", provenance.scenario_sha256}};
    j["seed"] = provenance.seed;
    j["samples"] = summary.samples;
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
                      {"by_shock", by_shock}};
    j["zone"] = {{"samples_with_zone", summary.zones}, {"probability", summary.zone_probability},
                 {"ci95", {summary.zone_ci95.lo, summary.zone_ci95.hi}}};
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
        issues[issue.id] = {{"unit", issue.unit}, {"deals", s.deals}, {"quantiles", quantiles}, {"central_intervals", central},
                            {"quantile_error_bound", s.quantile_error}};
    }
    j["issues"] = issues;
    nlohmann::ordered_json agents = nlohmann::ordered_json::object();
    for (std::size_t a = 0; a < scenario.agent_count(); ++a) {
        const AgentSummary& s = summary.agents[a];
        agents[scenario.agents[a].id] = {{"role", to_string(scenario.agents[a].role)},
                                         {"mean_utility", s.mean_utility},
                                         {"blocker_count", s.blocked},
                                         {"blocker_share", s.blocker_share},
                                         {"decisive_rejections", s.decisive},
                                         {"decisive_share", s.decisive_share},
                                         {"mean_surplus_in_deals", s.mean_surplus_in_deals}};
    }
    j["agents"] = agents;
    j["top_blocker"] = summary.top_blocker >= 0 ? nlohmann::ordered_json(scenario.agents[static_cast<std::size_t>(summary.top_blocker)].id) : nullptr;
    j["optimiser"] = {{"unproven_samples", summary.unproven_samples}, {"unproven_answers", summary.unproven_answers}};
    return j;
}

void write_summary_csv(std::ostream& out, const Scenario& scenario, const Provenance& provenance, const Summary& summary) {
    std::ostringstream header, row;
    header << "scenario,scenario_sha256,seed,samples,deals,agreement_probability,agreement_ci95_lo,agreement_ci95_hi,"
              "ends_deadline,ends_breakdown,ends_not_ratified,zone_probability,zone_ci95_lo,zone_ci95_hi";
    for (const Shock& shock : scenario.monte_carlo.shocks)
        header << ',' << shock.id << "_agreement_probability_with," << shock.id << "_agreement_probability_without";
    row << csv_field(scenario.name) << ',' << provenance.scenario_sha256 << ',' << provenance.seed << ',' << summary.samples << ','
        << summary.deals << ',' << format_number(summary.agreement_probability) << ',' << format_number(summary.agreement_ci95.lo)
        << ',' << format_number(summary.agreement_ci95.hi) << ',' << summary.ends[1] << ',' << summary.ends[2] << ',' << summary.ends[3]
        << ',' << format_number(summary.zone_probability) << ',' << format_number(summary.zone_ci95.lo) << ',' << format_number(summary.zone_ci95.hi);
    for (const ShockSummary& sh : summary.shocks) {
        row << ',';
        if (sh.samples_with) row << format_number(static_cast<double>(sh.deals_with) / static_cast<double>(sh.samples_with));
        row << ',';
        if (sh.samples_without) row << format_number(static_cast<double>(sh.deals_without) / static_cast<double>(sh.samples_without));
    }
    for (std::size_t k = 0; k < scenario.issue_count(); ++k) {
        for (std::size_t q = 0; q < kQuantileLevels.size(); ++q) {
            header << ',' << scenario.issues[k].id << '_' << kQuantileNames[q];
            row << ',';
            if (summary.issues[k].deals > 0) row << csv_field(format_issue_value(scenario.issues[k], summary.issues[k].quantile[q]));
        }
    }
    for (std::size_t a = 0; a < scenario.agent_count(); ++a) {
        const std::string& id = scenario.agents[a].id;
        header << ',' << id << "_mean_utility," << id << "_blocker_share," << id << "_decisive_share," << id << "_mean_surplus_in_deals";
        row << ',' << format_number(summary.agents[a].mean_utility) << ',' << format_number(summary.agents[a].blocker_share) << ','
            << format_number(summary.agents[a].decisive_share) << ',' << format_number(summary.agents[a].mean_surplus_in_deals);
    }
    header << ",top_blocker";
    row << ',';
    if (summary.top_blocker >= 0) row << scenario.agents[static_cast<std::size_t>(summary.top_blocker)].id;
    out << header.str() << '\n' << row.str() << '\n';
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

std::string human_summary(const Scenario& scenario, const Summary& summary) {
    std::ostringstream out;
    char line[256];
    std::snprintf(line, sizeof line, "Agreement probability: %.1f%%  (95%% interval %.1f%% to %.1f%%, %llu of %llu samples)\n",
                  100.0 * summary.agreement_probability, 100.0 * summary.agreement_ci95.lo, 100.0 * summary.agreement_ci95.hi,
                  static_cast<unsigned long long>(summary.deals), static_cast<unsigned long long>(summary.samples));
    out << line;
    std::snprintf(line, sizeof line, "Zone of possible agreement exists in %.1f%% of samples (95%% interval %.1f%% to %.1f%%)\n",
                  100.0 * summary.zone_probability, 100.0 * summary.zone_ci95.lo, 100.0 * summary.zone_ci95.hi);
    out << line;
    if (summary.unproven_samples > 0) {
        std::snprintf(line, sizeof line, "Optimiser: %llu samples used an answer not proven optimal (%llu answers; docs/protocols.md)\n",
                      static_cast<unsigned long long>(summary.unproven_samples), static_cast<unsigned long long>(summary.unproven_answers));
        out << line;
    }
    if (summary.deals > 0) {
        out << "Agreed values, median of each issue over the deals (middle 90% in brackets):\n";
        for (std::size_t k = 0; k < scenario.issue_count(); ++k) {
            const Issue& issue = scenario.issues[k];
            const IssueSummary& s = summary.issues[k];
            if (issue.discrete) {
                out << "  " << issue.label << ": " << format_issue_value(issue, s.quantile[3]) << "  ["
                    << format_issue_value(issue, s.quantile[0]) << " to " << format_issue_value(issue, s.quantile[6]) << "]\n";
            } else {
                std::snprintf(line, sizeof line, "  %s: %.4g %s  [%.4g to %.4g]\n", issue.label.c_str(), s.quantile[3],
                              issue.unit.c_str(), s.quantile[0], s.quantile[6]);
                out << line;
            }
        }
    } else {
        out << "No deal in any sample.\n";
    }
    if (summary.top_blocker >= 0) {
        const auto b = static_cast<std::size_t>(summary.top_blocker);
        std::snprintf(line, sizeof line, "Blocks most: %s (decisive rejection in %.1f%% of samples)\n", scenario.agents[b].name.c_str(),
                      100.0 * summary.agents[b].blocker_share);
        out << line;
    } else {
        out << "Blocks most: nobody (no talks failed)\n";
    }
    return out.str();
}

}  // namespace negsim
