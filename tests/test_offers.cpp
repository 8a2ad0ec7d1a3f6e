// Offers across the regions of the package space, the one acceptability test they share with the agents, and the
// values written for packages that sit at a bound: a value one rounding step from a bound must read as the bound.
#include "analysis/report.hpp"
#include "analysis/tally.hpp"
#include "engine/offer.hpp"
#include "engine/protocol.hpp"
#include "engine/strategy.hpp"
#include "optimise/package_optimizer.hpp"
#include "model/bounds.hpp"
#include "model/parameters.hpp"
#include "model/tolerance.hpp"
#include "model/utility.hpp"
#include "random/sampling.hpp"
#include "runner/monte_carlo.hpp"
#include "test_support.hpp"

#include <catch2/catch.hpp>

#include <cmath>
#include <cstdlib>
#include <span>
#include <sstream>
#include <string>
#include <vector>

using namespace negsim;
using nlohmann::json;

namespace {

json agent(const std::string& id, const std::string& role, double power, const json& ideal, const json& weights, double reservation) {
    return {{"id", id},         {"name", id},       {"role", role},
            {"power", power},   {"ideal", ideal},   {"weights", weights},
            {"reservation", reservation}, {"strategy", {{"type", "linear"}}}};
}

json link(const std::string& issue, const char* op, double at, double value) { return {{"if", {{"issue", issue}, {op, at}}}, {"value", value}}; }

// Whether every agent in `must_accept` accepts x at its threshold.
bool all_accept(const Scenario& s, const Parameters& p, const Package& x, const std::array<double, kMaxAgents>& threshold,
                const std::array<bool, kMaxAgents>& must_accept) {
    bool all = true;
    for (std::size_t j = 0; j < p.agents; ++j)
        if (must_accept[j]) all = all && accepts(utility(s, p, j, x), threshold[j]);
    return all;
}

}  // namespace

TEST_CASE("an acceptable offer with a negative objective is not replaced by another region's concession", "[offer]") {
    // One issue x in [0, 1]. a and b (signatories) both want 0; b needs u_b = 1 - x >= 0.7. The observer c wants 1
    // and has the heaviest power; its link costs it 1 when x < 0.5, so on [0, 0.5) it is worth x - 1 < 0, and the
    // offer's objective (0.5 u_b + u_c + 1e-6 u_a) is negative there. a's small bonus for x > 0.5 splits the space
    // at 0.5 as well, so the regions are searched in the order {0.5}, [0, 0.5), (0.5, 1]: the region holding the
    // acceptable packages is not the last. In round 1 a demands 1 and b accepts anything worth 0.7 (its next demand,
    // AC_next): x = 0 is a deal. No package of (0.5, 1] is acceptable to b, and that region's concession must not
    // displace the acceptable x = 0 (the old "no candidate yet" test, best_value < 0, let it: then every round
    // failed, and so did the talks).
    json j = {{"name", "negative-objective"},
              {"issues", {{{"id", "x"}, {"label", "x"}, {"unit", "u"}, {"min", 0}, {"max", 1}}}},
              {"agents",
               {agent("a", "signatory", 1, {{"x", 0}}, {{"x", 1}}, 0.0), agent("b", "signatory", 1, {{"x", 0}}, {{"x", 1}}, 0.7),
                agent("c", "observer", 2, {{"x", 1}}, {{"x", 1}}, 0.0)}},
              {"protocol", {{"type", "alternating"}, {"rounds", 2}, {"order", {"a", "b"}}}},
              {"monte_carlo", {{"samples", 1}, {"seed", 1}}}};
    j["agents"][0]["links"] = {link("x", "above", 0.5, 0.01)};
    j["agents"][2]["links"] = {link("x", "below", 0.5, -1.0)};
    const Scenario s = test::scenario_from(j);
    const Parameters p = nominal_parameters(s);
    REQUIRE(s.regions.size() == 3);
    REQUIRE(s.regions.back().lo[0] > 0.5);

    // The offer itself: the best acceptable package over both regions.
    const std::array<double, kMaxAgents> threshold{1.0, 0.7, 0.0};
    const std::array<bool, kMaxAgents> must_accept{true, true, false};
    Unproven unproven;
    const Package x = make_offer(Negotiation(s, p), 0, threshold, must_accept, unproven);
    CHECK(unproven.answers == 0);
    CHECK(all_accept(s, p, x, threshold, must_accept));
    CHECK(x[0] == 0.0);

    // And the negotiation: a deal in the first round.
    const Outcome o = negotiate(s, p);
    REQUIRE(o.agreed);
    CHECK(o.rounds == 1);
    CHECK(o.package[0] == 0.0);
}

TEST_CASE("an offer is acceptable only when the agents accept it, in every region", "[offer][tolerance]") {
    // Two issues in [0, 1]. a wants (1, 1) with weights (0.8, 0.2); b wants (0, 0) with weights (0.3, 0.7) and a
    // bonus of 0.7 when x2 > 0.9; the observer c cares only for x2, wants 0 and loses 1 when x2 > 0.9. Regions:
    // x2 in (0.9, 1] first, then [0, 0.9]. a proposes; thresholds 0.4 for a and 0.85 + 5e-10 for b.
    // On [0, 0.9] the frontier through the thresholds is x2 = 0, u_a = 0.8 x1, u_b = 1 - 0.3 x1: no package meets
    // both; the best misses b's threshold by 4e-10/1.1 ~ 3.6e-10, far beyond the acceptance tolerance but within
    // the optimiser's feasibility slack, so the exact search calls it feasible. On (0.9, 1] x1 = 0.275 gives
    // u_a = 0.4 and u_b = 0.9875: acceptable, but worth less to the objective (c loses 1 there). The offer must be
    // the package the agents accept, not the one the optimiser called feasible.
    const double shortfall = 5e-10;
    json j = {{"name", "feasible-not-acceptable"},
              {"issues", {{{"id", "x1"}, {"label", "x1"}, {"unit", "u"}, {"min", 0}, {"max", 1}},
                          {{"id", "x2"}, {"label", "x2"}, {"unit", "u"}, {"min", 0}, {"max", 1}}}},
              {"agents",
               {agent("a", "signatory", 1, {{"x1", 1}, {"x2", 1}}, {{"x1", 0.8}, {"x2", 0.2}}, 0.0),
                agent("b", "signatory", 1, {{"x1", 0}, {"x2", 0}}, {{"x1", 0.3}, {"x2", 0.7}}, 0.0),
                agent("c", "observer", 1, {{"x1", 0}, {"x2", 0}}, {{"x1", 0}, {"x2", 1}}, 0.0)}},
              {"protocol", {{"type", "alternating"}, {"rounds", 2}, {"order", {"a", "b"}}}},
              {"monte_carlo", {{"samples", 1}, {"seed", 1}}}};
    j["agents"][1]["links"] = {link("x2", "above", 0.9, 0.7)};
    j["agents"][2]["links"] = {link("x2", "above", 0.9, -1.0)};
    const Scenario s = test::scenario_from(j);
    REQUIRE(s.regions.size() == 2);
    const Parameters p = nominal_parameters(s);
    const std::array<double, kMaxAgents> threshold{0.4, 0.85 + shortfall, 0.0};
    const std::array<bool, kMaxAgents> must_accept{true, true, false};
    Unproven unproven;
    const Package x = make_offer(Negotiation(s, p), 0, threshold, must_accept, unproven);
    CHECK(unproven.answers == 0);
    INFO("offer (" << x[0] << ", " << x[1] << "): u_a - 0.4 = " << utility(s, p, 0, x) - threshold[0]
                   << ", u_b - threshold = " << utility(s, p, 1, x) - threshold[1]);
    CHECK(all_accept(s, p, x, threshold, must_accept));
    CHECK(x[1] > 0.9);
    CHECK(x[0] == Approx(0.275).epsilon(0).margin(1e-9));
}

TEST_CASE("a value at a bound up to rounding is recorded as the bound", "[bounds]") {
    const Scenario s = test::scenario_from(test::load_json("tests/data/strict-bounds.json"));
    // Issue 0 is force, in [0, 10]; b's links hold on force > 0 and on aid > 20 (aid is issue 1, in [0, 50]).
    CHECK(recorded_value(s, 0, std::nextafter(0.0, 1.0)) == 0.0);
    CHECK(recorded_value(s, 0, 10.0 - 5e-9) == 10.0);
    CHECK(recorded_value(s, 0, 2e-8) == 2e-8);  // beyond 1e-9 of the span: a value of its own
    CHECK(recorded_value(s, 1, std::nextafter(20.0, 50.0)) == 20.0);
    CHECK(recorded_value(s, 1, std::nextafter(20.0, 0.0)) == 20.0);
    CHECK(recorded_value(s, 1, 20.0 + 1e-6) == 20.0 + 1e-6);
    CHECK(recorded_value(s, 2, 1e-12) == 0.0);
}

TEST_CASE("no recorded value lies a rounding step away from a bound", "[bounds]") {
    // In this scenario a token force earns b a bonus (force > 0), which costs a almost nothing: every deal lies at
    // the strict bound of the link's region, one double above 0, where the bonus holds. The package keeps that value
    // (the utilities are those of the link holding); samples.csv, the quantiles and hist.csv record 0.
    const Scenario s = test::scenario_from(test::load_json("tests/data/strict-bounds.json"));
    std::vector<Outcome> outcomes;
    RunOptions options;
    options.samples = s.monte_carlo.samples;
    options.seed = s.monte_carlo.seed;
    run_monte_carlo(s, options, [&](std::uint64_t, std::span<const Outcome> chunk) { outcomes.insert(outcomes.end(), chunk.begin(), chunk.end()); });
    RunTally tally(s);
    tally.add(outcomes);
    const Summary summary = tally.summarise();
    REQUIRE(summary.deals > 0);

    std::size_t on_open_side = 0;
    std::ostringstream rows;
    for (std::size_t n = 0; n < outcomes.size(); ++n) {
        const Outcome& o = outcomes[n];
        write_sample_row(rows, s, n, o);
        if (!o.agreed) continue;
        if (o.package[0] > 0.0 && o.package[0] < 1e-300) ++on_open_side;
        // Utilities are those of the exact package: b's bonus for a force above 0 is in them.
        const Parameters p = [&] {
            Parameters q;
            sample_parameters(s, options.seed, n, q);
            return q;
        }();
        CHECK(o.utility[1] == Approx(discount_factor(p.discount[1], o.rounds - 1) * utility(s, p, 1, o.package)).epsilon(0).margin(1e-15));
    }
    CHECK(on_open_side == summary.deals);  // the case this test is about does occur

    // Every continuous value written: the agreed packages (columns 5 to 7 of samples.csv) and the quantiles.
    std::vector<std::pair<std::size_t, double>> written;
    std::istringstream lines(rows.str());
    for (std::string line; std::getline(lines, line);) {
        std::vector<std::string> fields;
        std::stringstream cells(line);
        for (std::string cell; std::getline(cells, cell, ',');) fields.push_back(cell);
        REQUIRE(fields.size() >= 5 + s.issue_count());
        for (std::size_t k = 0; k < s.issue_count(); ++k)
            if (!fields[5 + k].empty()) written.emplace_back(k, std::strtod(fields[5 + k].c_str(), nullptr));
    }
    for (std::size_t k = 0; k < s.issue_count(); ++k)
        for (double q : summary.issues[k].quantile) written.emplace_back(k, q);
    REQUIRE(written.size() == summary.deals * s.issue_count() + 7 * s.issue_count());

    const std::vector<std::vector<double>> bounds{{0.0, 10.0}, {0.0, 20.0, 50.0}, {0.0, 20.0}};
    std::size_t at_bound = 0;
    for (const auto& [k, v] : written) {
        const double reach = 1e-9 * s.issues[k].span();
        for (double b : bounds[k]) {
            INFO(s.issues[k].id << " = " << v << " near " << b);
            const double d = std::abs(v - b);
            CHECK_FALSE((d > 0.0 && d < reach));
            if (d == 0.0) ++at_bound;
        }
    }
    CHECK(at_bound > 0);
    CHECK(summary.issues[0].quantile[3] == 0.0);
    // The histogram's first bin holds every deal's force.
    CHECK(summary.issues[0].histogram.front() == summary.deals);
}

TEST_CASE("a round in which some package clears every required threshold ends in a deal, rounding notwithstanding", "[offer][tolerance]") {
    // The offer's exact search mixes packages; rounding in the mix could leave its package a few 1e-12 short of a
    // threshold, more than acceptance allows, and the round then ended without a deal although a package cleared every
    // threshold (seen in about 1 sample in 700 of example-small; restore_floors, package_optimizer.cpp). Every round
    // played without a deal is checked: the largest smallest surplus over the thresholds must not be positive.
    const Scenario s = test::scenario_from(test::load_json("scenarios/example-small.json"));
    const AgentMask& required = s.protocol.decision.required;
    REQUIRE(s.protocol.decision.votes.empty());
    Parameters p;
    std::vector<TraceRow> rows;
    int checked = 0;
    int missed = 0;
    for (std::uint64_t k = 0; k < 2000; ++k) {
        sample_parameters(s, 7, k, p);
        rows.clear();
        const Outcome outcome = negotiate_traced(s, p, rows);
        const Negotiation n(s, p);
        for (std::size_t first = 0; first < rows.size(); first += p.agents) {
            const TraceRow& row = rows[first];
            if (outcome.agreed && row.round == outcome.rounds) continue;  // the deal's round
            UtilityProgram program;
            for (std::size_t j = 0; j < p.agents; ++j) {
                program.bounded[j] = required[j] || j == row.proposer;
                program.floor[j] = rows[first + j].threshold;
                program.scale[j] = 1.0;
            }
            double best = -1.0;
            for (const IssueBounds& region : s.regions) {
                const ProgramResult closest = maximin(n, program, region);
                REQUIRE(closest.has_value());
                best = std::max(best, closest->value);
            }
            ++checked;
            if (best > 0.0) {
                ++missed;
                UNSCOPED_INFO("sample " << k << ", round " << row.round << ": every threshold cleared by " << best);
            }
        }
    }
    CHECK(checked > 10000);
    CHECK(missed == 0);
}
