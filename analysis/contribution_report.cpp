// Contributions in the result files and on the terminal (contribution_report.hpp).
#include "analysis/contribution_report.hpp"

#include "model/text.hpp"

#include <algorithm>
#include <cstdio>
#include <numeric>
#include <sstream>
#include <vector>

namespace negsim {

namespace {

// The headline aggregate's unit, for column headings.
std::string headline_unit(const Scenario& s, const ContributionSummary& c) {
    return c.headline < 0 ? std::string() : s.contributions.aggregates[static_cast<std::size_t>(c.headline)].unit;
}

std::string line_name(const Issue& issue, double x) { return issue.discrete ? issue.options[static_cast<std::size_t>(x)] : format_number(x); }

}  // namespace

nlohmann::ordered_json contributions_json(const Scenario& scenario, const Summary& summary) {
    const ContributionSummary& c = summary.contributions;
    nlohmann::ordered_json contributors = nlohmann::ordered_json::object();
    for (const ContributorSummary& g : c.contributors) {
        const Issue& issue = scenario.issues[g.issue];
        nlohmann::ordered_json lines = nlohmann::ordered_json::object();
        for (std::size_t o = 0; o < g.lines.size(); ++o) lines[issue.options[o]] = g.lines[o];
        contributors[issue.id] = {{"contributor", scenario.agents[g.agent].id},
                                  {"contributes", g.contributes},
                                  {"probability", g.probability},
                                  {"ci95", {g.ci95.lo, g.ci95.hi}},
                                  {"mean_line_in_deals", g.mean_line_in_deals},
                                  {"lines_in_deals", lines},
                                  {"expected_amount", g.expected_amount},
                                  {"burden_share", g.burden_share},
                                  {"capability_share", g.capability_share},
                                  {"burden_to_capability", g.burden_ratio},
                                  {"blocker_share", summary.agents[g.agent].blocker_share}};
    }
    nlohmann::ordered_json aggregates = nlohmann::ordered_json::object();
    for (std::size_t a = 0; a < c.aggregates.size(); ++a) {
        const Aggregate& def = scenario.contributions.aggregates[a];
        const AggregateSummary& g = c.aggregates[a];
        nlohmann::ordered_json quantiles = nlohmann::ordered_json::object();
        for (std::size_t q = 0; q < kQuantileLevels.size(); ++q) quantiles[kQuantileNames[q]] = g.deals ? nlohmann::ordered_json(g.quantile[q]) : nlohmann::ordered_json();
        aggregates[def.id] = {{"unit", def.unit}, {"deals", g.deals}, {"mean_in_deals", g.deals ? nlohmann::ordered_json(g.mean) : nlohmann::ordered_json()},
                              {"quantiles", quantiles}};
        if (def.has_threshold)
            aggregates[def.id]["threshold"] = {{"level", def.threshold}, {"deals_reaching", g.reach}, {"share_of_deals", g.reach_share},
                                               {"ci95", {g.reach_ci95.lo, g.reach_ci95.hi}}};
    }
    return {{"headline", c.headline >= 0 ? nlohmann::ordered_json(scenario.contributions.aggregates[static_cast<std::size_t>(c.headline)].id) : nlohmann::ordered_json()},
            {"contributors", contributors},
            {"aggregates", aggregates}};
}

void write_contributions_csv(std::ostream& out, const Scenario& scenario, const Summary& summary) {
    out << "issue,contributor,contributes,probability,ci95_lo,ci95_hi,mean_line_in_deals,expected_amount,burden_share,capability_share,burden_to_capability,"
           "blocker_share\n";
    for (const ContributorSummary& g : summary.contributions.contributors)
        out << csv_field(scenario.issues[g.issue].id) << ',' << csv_field(scenario.agents[g.agent].id) << ',' << g.contributes << ',' << format_number(g.probability) << ','
            << format_number(g.ci95.lo) << ',' << format_number(g.ci95.hi) << ',' << format_number(g.mean_line_in_deals) << ',' << format_number(g.expected_amount)
            << ',' << format_number(g.burden_share) << ',' << format_number(g.capability_share) << ',' << format_number(g.burden_ratio) << ','
            << format_number(summary.agents[g.agent].blocker_share) << '\n';
}

void write_aggregates_csv(std::ostream& out, const Scenario& scenario, const Summary& summary) {
    out << "aggregate,unit,deals,mean_in_deals";
    for (const char* q : kQuantileNames) out << ',' << q;
    out << ",threshold,deals_reaching,share_reaching,reach_ci95_lo,reach_ci95_hi\n";
    for (std::size_t a = 0; a < summary.contributions.aggregates.size(); ++a) {
        const Aggregate& def = scenario.contributions.aggregates[a];
        const AggregateSummary& g = summary.contributions.aggregates[a];
        out << csv_field(def.id) << ',' << csv_field(def.unit) << ',' << g.deals << ',' << (g.deals ? format_number(g.mean) : "");
        for (double q : g.quantile) out << ',' << (g.deals ? format_number(q) : "");
        if (def.has_threshold)
            out << ',' << format_number(def.threshold) << ',' << g.reach << ',' << format_number(g.reach_share) << ',' << format_number(g.reach_ci95.lo) << ','
                << format_number(g.reach_ci95.hi) << '\n';
        else
            out << ",,,,,\n";
    }
}

std::string contributions_table(const Scenario& scenario, const Summary& summary) {
    const ContributionSummary& c = summary.contributions;
    if (c.contributors.empty()) return {};
    std::ostringstream out;
    char line[512];
    const std::string unit = headline_unit(scenario, c);
    std::vector<std::size_t> order(c.contributors.size());
    std::iota(order.begin(), order.end(), std::size_t{0});
    // Sorted by expected contribution, then by the chance of contributing; issue order on a tie.
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
        const ContributorSummary &x = c.contributors[a], &y = c.contributors[b];
        return x.expected_amount != y.expected_amount ? x.expected_amount > y.expected_amount : x.probability > y.probability;
    });
    out << "Contributors, by expected contribution" << (unit.empty() ? "" : " (" + printable_text(unit, kEchoChars) + ")") << ":\n";
    std::snprintf(line, sizeof line, "  %-28s %9s %9s  %-22s %8s %8s\n", "contributor", "P(gives)", "expected", "usual line in deals", "burden/", "blocks");
    out << line;
    std::snprintf(line, sizeof line, "  %-28s %9s %9s  %-22s %8s %8s\n", "", "", "", "", "capacity", "");
    out << line;
    for (std::size_t i : order) {
        const ContributorSummary& g = c.contributors[i];
        const Issue& issue = scenario.issues[g.issue];
        std::string usual = "-";
        if (!g.lines.empty() && std::accumulate(g.lines.begin(), g.lines.end(), std::uint64_t{0}) > 0)
            usual = line_name(issue, static_cast<double>(std::max_element(g.lines.begin(), g.lines.end()) - g.lines.begin()));
        else if (g.lines.empty() && summary.deals > 0)
            usual = format_number(g.mean_line_in_deals) + " (mean)";
        char ratio[32] = "-";
        if (g.capability_share > 0.0) std::snprintf(ratio, sizeof ratio, "%.2f", g.burden_ratio);
        std::snprintf(line, sizeof line, "  %-28s %8.1f%% %9.2f  %-22s %8s %7.1f%%\n", printable_text(scenario.agents[g.agent].name, 28).c_str(), 100.0 * g.probability,
                      g.expected_amount, printable_text(usual, 22).c_str(), ratio, 100.0 * summary.agents[g.agent].blocker_share);
        out << line;
    }
    for (std::size_t a = 0; a < c.aggregates.size(); ++a) {
        const Aggregate& def = scenario.contributions.aggregates[a];
        const AggregateSummary& g = c.aggregates[a];
        if (g.deals == 0) continue;
        std::snprintf(line, sizeof line, "  %s among deals: median %.4g, 90%% interval %.4g to %.4g %s", printable_text(def.label, kEchoChars).c_str(), g.quantile[3],
                      g.quantile[0], g.quantile[6], printable_text(def.unit, kEchoChars).c_str());
        out << line;
        if (def.has_threshold) {
            std::snprintf(line, sizeof line, "; at least %.4g in %.1f%% of deals (95%% interval %.1f%% to %.1f%%)", def.threshold,
                          100.0 * g.reach_share, 100.0 * g.reach_ci95.lo, 100.0 * g.reach_ci95.hi);
            out << line;
        }
        out << '\n';
    }
    return out.str();
}

}  // namespace negsim
