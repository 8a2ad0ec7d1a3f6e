// The summary a run prints on the terminal (report.hpp): each figure under its own name with one line on what it
// means, the two kinds of uncertainty kept apart, and where deals land shown honestly (mass points, modes, a text
// histogram per issue) rather than by medians alone (docs/outputs.md, "The terminal summary").
#include "analysis/report.hpp"

#include "analysis/contribution_report.hpp"

#include <algorithm>
#include <cstdio>
#include <numeric>
#include <sstream>
#include <tuple>

namespace negsim {

namespace {

std::string percent(double share) {
    char text[32];
    std::snprintf(text, sizeof text, "%.1f%%", 100.0 * share);
    return text;
}

double share(std::uint64_t part, std::uint64_t whole) { return whole ? static_cast<double>(part) / static_cast<double>(whole) : 0.0; }

// One character per bin, its height proportional to the bin's count (a space for an empty bin): "▁▃▇█▅▂ ".
std::string sparkline(const std::vector<std::uint64_t>& counts) {
    static const char* const kBlocks[] = {"\u2581", "\u2582", "\u2583", "\u2584", "\u2585", "\u2586", "\u2587", "\u2588"};
    const std::uint64_t most = counts.empty() ? 0 : *std::max_element(counts.begin(), counts.end());
    std::string line;
    for (const std::uint64_t c : counts) {
        if (c == 0 || most == 0) line += ' ';
        else line += kBlocks[std::min<std::uint64_t>(7, (c * 8 - 1) / most)];
    }
    return line;
}

// The lines of one issue: median and middle 90%, the mass points, and the histogram (continuous issues), or the mode
// and every option's share (discrete issues).
// A value beside the median, at the median's precision: a mass point written to 17 digits beside a median of 4 reads
// as a different number when it is the same (summary.json keeps every digit).
std::string at_median_precision(double value) {
    char text[32];
    std::snprintf(text, sizeof text, "%.4g", value);
    return text;
}

std::string issue_lines(const Issue& issue, const IssueSummary& s) {
    std::ostringstream out;
    char line[512];
    if (issue.discrete) {
        out << "  " << printable_text(issue.label, kEchoChars) << ": mode " << format_issue_value(issue, s.mode) << " ("
            << percent(share(s.histogram[static_cast<std::size_t>(s.mode)], s.deals)) << " of deals)\n    ";
        for (std::size_t o = 0; o < issue.options.size(); ++o)
            out << (o ? ", " : "") << printable_text(issue.options[o], kEchoChars) << ' ' << percent(share(s.histogram[o], s.deals));
        out << '\n';
        return out.str();
    }
    std::snprintf(line, sizeof line, "  %s (%s): median %.4g, middle 90%% %.4g to %.4g\n", printable_text(issue.label, kEchoChars).c_str(),
                  printable_text(issue.unit, kEchoChars).c_str(), s.quantile[3], s.quantile[0], s.quantile[6]);
    out << line;
    if (!s.mass_points.empty()) {
        out << "    mass points:";
        for (std::size_t m = 0; m < s.mass_points.size(); ++m)
            out << (m ? "," : "") << ' ' << (s.mass_points[m].exact ? "" : "about ") << at_median_precision(s.mass_points[m].value) << " ("
                << percent(share(s.mass_points[m].count, s.deals)) << ')';
        out << '\n';
    }
    std::snprintf(line, sizeof line, "    %-10s |%s| %s\n", format_number(issue.min).c_str(), sparkline(s.text_histogram).c_str(), format_number(issue.max).c_str());
    out << line;
    return out.str();
}

// Who blocks: every agent that ever blocked or refused before a breakdown, the most often decisive first; random
// breakdowns are counted apart, since no party's choice ended those talks.
std::string who_blocks(const Scenario& scenario, const Summary& summary) {
    std::ostringstream out;
    std::vector<std::size_t> order(scenario.agent_count());
    std::iota(order.begin(), order.end(), 0);
    const auto rank = [&](std::size_t a) { return std::make_tuple(summary.agents[a].decisive, summary.agents[a].blocked, summary.agents[a].broken_off); };
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return rank(a) > rank(b); });
    const std::uint64_t breakdowns = summary.ends[static_cast<std::size_t>(End::breakdown)];
    if (summary.top_blocker < 0) out << "Who blocks: nobody refused a deal that ended the talks\n";
    else
        out << "Who blocks (decisive: it alone refused a deal the others would take, or alone failed to ratify; blocker: its no\n"
               "stood when the rounds ran out, alone or with others, or it failed to ratify; shares of all samples):\n";
    char line[256];
    for (const std::size_t a : order) {
        const AgentSummary& s = summary.agents[a];
        if (s.blocked == 0) continue;
        std::snprintf(line, sizeof line, "  %-24s decisive in %6s of samples, blocker in %6s\n", printable_text(scenario.agents[a].name, kEchoChars).c_str(),
                      percent(s.decisive_share).c_str(), percent(s.blocker_share).c_str());
        out << line;
    }
    if (breakdowns == 0) return out.str();
    std::snprintf(line, sizeof line, "Random breakdowns (talks collapsed by the per-round hazard, no party's choice; not counted above): %s of samples\n",
                  percent(share(breakdowns, summary.samples)).c_str());
    out << line << "  last refuser before the collapse:";
    bool first = true;
    for (const std::size_t a : order)
        if (summary.agents[a].broken_off > 0) {
            out << (first ? " " : ", ") << printable_text(scenario.agents[a].name, kEchoChars) << ' ' << percent(summary.agents[a].breakdown_share);
            first = false;
        }
    out << (first ? " none\n" : "\n");
    return out.str();
}

}  // namespace

std::string human_summary(const Scenario& scenario, const Summary& summary) {
    std::ostringstream out;
    char line[512];
    std::snprintf(line, sizeof line, "Agreement probability: %s  (95%% interval %s to %s, %llu of %llu samples)\n",
                  percent(summary.agreement_probability).c_str(), percent(summary.agreement_ci95.lo).c_str(), percent(summary.agreement_ci95.hi).c_str(),
                  static_cast<unsigned long long>(summary.deals), static_cast<unsigned long long>(summary.samples));
    out << line << "  The interval is Monte Carlo error only: it narrows with more samples however unsure the inputs are.\n";
    if (!summary.input_effects.empty()) {
        out << "  What the inputs' uncertainty does to it: agreement among the samples that drew each input in its lowest and\n"
               "  highest third (a shock: without and with it):\n";
        for (const InputEffect& e : summary.input_effects) {
            const bool shock = e.input.rfind("shock/", 0) == 0;
            std::snprintf(line, sizeof line, "    %-34s %-7s %6s   %-4s %6s   (Spearman %+.2f)\n", printable_text(e.input, kEchoChars).c_str(),
                          shock ? "without" : "low", percent(e.agreement_low).c_str(), shock ? "with" : "high", percent(e.agreement_high).c_str(), e.spearman);
            out << line;
        }
    }
    std::snprintf(line, sizeof line, "How talks ended: deal %s, deadline %s, breakdown %s, not ratified %s\n", percent(share(summary.ends[0], summary.samples)).c_str(),
                  percent(share(summary.ends[1], summary.samples)).c_str(), percent(share(summary.ends[2], summary.samples)).c_str(),
                  percent(share(summary.ends[3], summary.samples)).c_str());
    out << line;
    std::snprintf(line, sizeof line, "Zone of possible agreement (some package every required party accepts) in %s of samples (95%% interval %s to %s)\n",
                  percent(summary.zone_probability).c_str(), percent(summary.zone_ci95.lo).c_str(), percent(summary.zone_ci95.hi).c_str());
    out << line;
    if (summary.zones > 0) {
        std::snprintf(line, sizeof line, "Deal when a zone exists: %s (95%% interval %s to %s); missed deals (a zone but no deal) in %s of samples\n",
                      percent(summary.agreement_given_zone).c_str(), percent(summary.agreement_given_zone_ci95.lo).c_str(),
                      percent(summary.agreement_given_zone_ci95.hi).c_str(), percent(summary.missed_share).c_str());
        out << line;
    }
    if (summary.zone_undecided > 0 || summary.zone_undecided_searches > 0) {
        std::snprintf(line, sizeof line,
                      "Zone search under the vote: %llu samples and %llu zopa.csv searches could not be decided and count as without a zone "
                      "(lower bounds; docs/design/vote-zone.md)\n",
                      static_cast<unsigned long long>(summary.zone_undecided), static_cast<unsigned long long>(summary.zone_undecided_searches));
        out << line;
    }
    if (summary.unproven_samples > 0) {
        std::snprintf(line, sizeof line, "Optimiser: %llu samples used an answer not proven optimal (%llu answers; docs/protocols.md)\n",
                      static_cast<unsigned long long>(summary.unproven_samples), static_cast<unsigned long long>(summary.unproven_answers));
        out << line;
        if (summary.largest_gap > 0.0 || summary.unbounded_samples > 0) {
            std::snprintf(line, sizeof line, "  the largest gap to an upper bound: %.3g utility; %llu samples used an answer with no bound\n", summary.largest_gap,
                          static_cast<unsigned long long>(summary.unbounded_samples));
            out << line;
        }
    }
    if (summary.deals > 0) {
        out << "Where deals land (" << summary.deals << " deals; mass points: values holding at least " << percent(kMassShare) << " of them):\n";
        for (std::size_t k = 0; k < scenario.issue_count(); ++k) out << issue_lines(scenario.issues[k], summary.issues[k]);
    } else {
        out << "No deal in any sample.\n";
    }
    out << who_blocks(scenario, summary);
    out << contributions_table(scenario, summary);
    return out.str();
}

}  // namespace negsim
