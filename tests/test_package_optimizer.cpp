// The simplex solver and the package optimiser against problems solved by hand; the concession's oracle for one
// agent's varying coefficient (ParametricOptimum) and the all-agents utility (utilities()) against the plain oracle
// and utility(), bit for bit.
#include "input/scenario_loader.hpp"
#include "optimise/multiplier.hpp"
#include "optimise/package_optimizer.hpp"
#include "optimise/simplex.hpp"
#include "optimise/weighted_optimum.hpp"
#include "model/negotiation.hpp"
#include "model/parameters.hpp"
#include "random/random_stream.hpp"
#include "random/sampling.hpp"
#include "test_support.hpp"
#include "model/utility.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <limits>
#include <span>
#include <string>
#include <vector>

using namespace negsim;

TEST_CASE("the simplex solves a small LP with its duals", "[optimizer]") {
    // max 3x + 2y s.t. x + y + s1 = 4, x + 3y + s2 = 6, x <= 3 (x + s3 = 3): optimum x = 3, y = 1, value 11.
    LinearProgram lp;
    lp.rows = 3;
    lp.columns = 5;
    const double a[3][5] = {{1, 1, 1, 0, 0}, {1, 3, 0, 1, 0}, {1, 0, 0, 0, 1}};
    for (std::size_t i = 0; i < 3; ++i)
        for (std::size_t j = 0; j < 5; ++j) lp.a[i][j] = a[i][j];
    lp.b[0] = 4;
    lp.b[1] = 6;
    lp.b[2] = 3;
    const double c[5] = {3, 2, 0, 0, 0};
    for (std::size_t j = 0; j < 5; ++j) lp.c[j] = c[j];
    const Solved<LpSolution> s = solve(lp);
    REQUIRE(s.status() == SolveStatus::optimal);
    CHECK(s->objective == Approx(11).epsilon(1e-12));
    CHECK(s->x[0] == Approx(3).epsilon(1e-12));
    CHECK(s->x[1] == Approx(1).epsilon(1e-12));
    // Shadow prices: the first constraint is worth 2 per unit, the second 0, the bound on x 1.
    CHECK(s->dual[0] == Approx(2).epsilon(1e-12));
    CHECK(s->dual[1] == Approx(0).epsilon(0).margin(1e-12));
    CHECK(s->dual[2] == Approx(1).epsilon(1e-12));

    lp.b[0] = -1;  // x + y + s1 = -1 has no non-negative solution
    const Solved<LpSolution> none = solve(lp);
    CHECK(none.status() == SolveStatus::infeasible);
    // A result without an answer cannot be read as one.
    CHECK_THROWS_AS(none.value(), std::logic_error);
    CHECK_THROWS_AS(none->objective, std::logic_error);
}

namespace {

UtilityProgram floors(std::initializer_list<double> values) {
    UtilityProgram program;
    std::size_t i = 0;
    for (double f : values) {
        program.bounded[i] = true;
        program.floor[i] = f;
        program.scale[i] = 1.0;
        ++i;
    }
    return program;
}

}  // namespace

TEST_CASE("maximin over one divisible issue splits the surplus equally", "[optimizer]") {
    const Scenario s = test::scenario_from(test::two_party(0.2, 0.1, 10));
    const Parameters p = nominal_parameters(s);
    // max min(x - 0.2, (1 - x) - 0.1): x = 0.55, z = 0.35.
    const ProgramResult r = maximin(Negotiation(s, p), floors({0.2, 0.1}), full_bounds(s));
    REQUIRE(r.status() == SolveStatus::optimal);
    CHECK(r->value == Approx(0.35).epsilon(0).margin(1e-12));
    CHECK(r->x[0] == Approx(0.55).epsilon(0).margin(1e-12));
}

TEST_CASE("the best package above floors, and infeasible floors", "[optimizer]") {
    const Scenario s = test::scenario_from(test::two_party(0.0, 0.0, 10));
    const Parameters p = nominal_parameters(s);
    UtilityProgram program = floors({0.0, 0.3});
    program.objective[0] = 1.0;  // maximise a's utility while b keeps 0.3
    const ProgramResult r = best_above_floors(Negotiation(s, p), program, full_bounds(s));
    REQUIRE(r.status() == SolveStatus::optimal);
    CHECK(r->x[0] == Approx(0.7).epsilon(0).margin(1e-12));
    CHECK(r->value == Approx(0.7).epsilon(0).margin(1e-12));
    CHECK(best_above_floors(Negotiation(s, p), floors({0.6, 0.6}), full_bounds(s)).status() == SolveStatus::infeasible);
}

TEST_CASE("maximin finds the logroll across issues and handles discrete options", "[optimizer]") {
    nlohmann::json j = test::load_json("tests/data/two-party.json");
    j["issues"] = {{{"id", "x"}, {"label", "X"}, {"unit", "u"}, {"min", 0}, {"max", 1}},
                   {{"id", "y"}, {"label", "Y"}, {"unit", "u"}, {"min", 0}, {"max", 1}},
                   {{"id", "d"}, {"label", "D"}, {"unit", "level"}, {"options", {"low", "mid", "high"}}}};
    j["agents"][0]["ideal"] = {{"x", 1}, {"y", 1}, {"d", "high"}};
    j["agents"][0]["weights"] = {{"x", 0.6}, {"y", 0.2}, {"d", 0.2}};
    j["agents"][1]["ideal"] = {{"x", 0}, {"y", 0}, {"d", "low"}};
    j["agents"][1]["weights"] = {{"x", 0.2}, {"y", 0.6}, {"d", 0.2}};
    const Scenario s = test::scenario_from(j);
    const Parameters p = nominal_parameters(s);
    const ProgramResult r = maximin(Negotiation(s, p), floors({0.0, 0.0}), full_bounds(s));
    REQUIRE(r.status() == SolveStatus::optimal);
    // Each takes the issue it cares about most (0.6 each) and d splits: "mid" gives 0.1 each -> 0.7 for both.
    CHECK(r->value == Approx(0.7).epsilon(0).margin(1e-12));
    CHECK(r->x[0] == Approx(1.0).epsilon(0).margin(1e-12));
    CHECK(r->x[1] == Approx(0.0).epsilon(0).margin(1e-12));
    CHECK(r->x[2] == 1.0);
    CHECK(utility(s, p, 0, r->x) == Approx(0.7).epsilon(0).margin(1e-12));
    CHECK(utility(s, p, 1, r->x) == Approx(0.7).epsilon(0).margin(1e-12));
}

TEST_CASE("the multiplier search brackets the critical multiplier, from 0 or from above 0", "[optimizer]") {
    // x(m) jumps from 0 to 1 at m* = 3.7: the bracket must hold the jump, narrowed to the requested relative width.
    constexpr double kCritical = 3.7;
    const auto optimum = [](double m) { return m >= kCritical ? 1.0 : 0.0; };
    const auto feasible = [](double x) { return x > 0.5; };
    const auto never_narrow = [](double, double) { return false; };
    for (const double start : {0.0, 1e-9}) {
        const MultiplierBracket<double> b = bracket_multiplier(start, optimum(start), optimum, feasible, never_narrow, {200, 1e-12});
        CHECK(b.low < kCritical);
        CHECK(b.high >= kCritical);
        CHECK(b.high <= b.low * (1.0 + 1e-12) * (1.0 + 1e-15));
        CHECK(b.at_low == 0.0);
        CHECK(b.at_high == 1.0);
    }
    // The narrowing predicate ends the bisection early; a constraint never met stops the search at kMaxMultiplier.
    int calls = 0;
    const auto counted = [&](double m) { ++calls; return optimum(m); };
    const MultiplierBracket<double> early = bracket_multiplier(0.0, 0.0, counted, feasible, [](double, double) { return true; }, {200, 1e-12});
    CHECK(calls == 2);  // m = 1 (infeasible), m = 8 (feasible), then no bisection
    CHECK(early.low == 1.0);
    CHECK(early.high == 8.0);
    const MultiplierBracket<double> never = bracket_multiplier(0.0, 0.0, [](double) { return 0.0; }, feasible, never_narrow, {200, 1e-12});
    CHECK(never.high > kMaxMultiplier);
    CHECK(never.at_high == 0.0);
}

namespace {

// Three agents over `issues` discrete issues of five options each (5^issues combinations), each valuing the options by
// its own table (values 0 to 1 from a fixed rule, so that the agents' orders disagree), weights from a fixed rule;
// with `continuous`, one continuous issue more (a share, ideals 1, 0 and 0.5).
Scenario discrete_domain(std::size_t issues, bool continuous, std::size_t seed = 0) {
    nlohmann::json j = test::load_json("tests/data/two-party.json");
    j["issues"] = nlohmann::json::array();
    for (std::size_t k = 0; k < issues; ++k)
        j["issues"].push_back({{"id", "d" + std::to_string(k)}, {"label", "D"}, {"unit", "option"}, {"options", {"o0", "o1", "o2", "o3", "o4"}}});
    if (continuous) j["issues"].push_back({{"id", "x"}, {"label", "X"}, {"unit", "u"}, {"min", 0}, {"max", 1}});
    nlohmann::json agent = j["agents"][0];
    j["agents"] = nlohmann::json::array();
    for (std::size_t a = 0; a < 3; ++a) {
        agent["id"] = "a" + std::to_string(a);
        agent["ideal"] = nlohmann::json::object();
        agent["weights"] = nlohmann::json::object();
        agent["values"] = nlohmann::json::object();
        for (std::size_t k = 0; k < issues; ++k) {
            const std::string id = "d" + std::to_string(k);
            nlohmann::json table = nlohmann::json::object();
            std::size_t top = 0;
            for (std::size_t o = 0; o < 5; ++o) {
                const std::size_t v = (3 * a + 7 * k + seed * (k + 1) + (a + 2) * o) % 5;
                table["o" + std::to_string(o)] = static_cast<double>(v) / 4.0;
                if (v == 4) top = o;
            }
            agent["values"][id] = table;
            agent["ideal"][id] = "o" + std::to_string(top);
            agent["weights"][id] = static_cast<double>(1 + (a + 2 * k + seed) % 3);
        }
        if (continuous) {
            agent["ideal"]["x"] = a == 0 ? 1.0 : a == 1 ? 0.0 : 0.5;
            agent["weights"]["x"] = 1.0;
        }
        j["agents"].push_back(agent);
    }
    return test::scenario_from(j);
}

}  // namespace

TEST_CASE("past 64 combinations of discrete options, maximin and floors are exact over every package, or not called optimal",
          "[optimizer]") {
    SECTION("every issue discrete: each of the 5^4 = 625 packages is evaluated, as a walk over them finds") {
        for (std::size_t seed = 0; seed < 8; ++seed) {
            INFO("value tables of seed " << seed);
            const Scenario s = discrete_domain(4, false, seed);
            const Parameters p = nominal_parameters(s);
            const Negotiation n(s, p);
            double best_min = -1.0, best_sum = -1.0;
            Package x{};
            for (int code = 0; code < 625; ++code) {
                for (std::size_t k = 0, c = static_cast<std::size_t>(code); k < 4; ++k, c /= 5) x[k] = static_cast<double>(c % 5);
                double low = 2.0, sum = 0.0;
                bool meets = true;
                for (std::size_t i = 0; i < 3; ++i) {
                    const double u = utility(s, p, i, x);
                    low = std::min(low, u - 0.3);
                    sum += u;
                    meets = meets && u >= 0.55;
                }
                best_min = std::max(best_min, low);
                if (meets) best_sum = std::max(best_sum, sum);
            }
            const ProgramResult r = maximin(n, floors({0.3, 0.3, 0.3}), full_bounds(s));
            REQUIRE(r.status() == SolveStatus::optimal);
            CHECK(r->value == Approx(best_min).epsilon(0).margin(1e-12));
            UtilityProgram above = floors({0.55, 0.55, 0.55});
            for (std::size_t i = 0; i < 3; ++i) above.objective[i] = 1.0;
            const ProgramResult f = best_above_floors(n, above, full_bounds(s));
            if (best_sum < 0.0) {
                CHECK(f.status() == SolveStatus::infeasible);
                continue;
            }
            REQUIRE(f.status() == SolveStatus::optimal);
            CHECK(f->value == Approx(best_sum).epsilon(0).margin(1e-12));
        }
    }
    SECTION("a continuous issue beside 125 combinations: the heuristic's answer is a real package, never optimal") {
        const Scenario s = discrete_domain(3, true);
        const Parameters p = nominal_parameters(s);
        const ProgramResult r = maximin(Negotiation(s, p), floors({0.3, 0.3, 0.3}), full_bounds(s));
        REQUIRE(r.has_value());
        CHECK(r.status() == SolveStatus::stalled);
    }
}

// The concession's oracle and utilities().
namespace {

using negsim::test::scenario_from;


// Over several samples, proposers and multipliers (powers of 8 from 1e-9, as the concession's search tries them, and
// values in between), at(mu) equals weighted_optimum with the proposer's coefficient set to mu, and utilities()
// equals utility() agent by agent. Returns how many packages were compared.
int compare(const negsim::Scenario& s, std::uint64_t samples) {
    int compared = 0;
    negsim::Parameters p;
    for (std::uint64_t k = 0; k < samples; ++k) {
        negsim::sample_parameters(s, 5, k, p);
        const negsim::Negotiation n(s, p);
        negsim::RandomStream draws(5, k, 1);
        for (std::size_t proposer = 0; proposer < p.agents; proposer += 3) {
            negsim::Coefficients c{};
            for (std::size_t j = 0; j < p.agents; ++j) c[j] = 0.001 + draws.uniform();
            const negsim::IssueBounds& region = s.regions.front();
            const negsim::ParametricOptimum optimum(n, c, proposer, region);
            for (double mu = 1e-9; mu < 1e6; mu *= 2.7) {
                negsim::Coefficients with = c;
                with[proposer] = mu;
                const negsim::Package expected = negsim::weighted_optimum(n, with, region);
                const negsim::Package got = optimum.at(mu);
                INFO("sample " << k << ", proposer " << proposer << ", mu " << mu);
                CHECK(got == expected);
                std::array<double, negsim::kMaxAgents> u{};
                negsim::utilities(n, got, &region, u);
                for (std::size_t i = 0; i < p.agents; ++i) CHECK(u[i] == negsim::utility(n, i, got, &region));
                ++compared;
            }
        }
    }
    return compared;
}

}  // namespace

TEST_CASE("The concession's oracle and the all-agents utility give the plain oracle's and utility()'s bits", "[optimizer]") {
    CHECK(compare(scenario_from(negsim::test::load_json("scenarios/paris-2026-core.json")), 6) > 100);
    CHECK(compare(scenario_from(negsim::test::load_json("scenarios/coalition-35.json")), 3) > 100);
}

TEST_CASE("The concession's oracle breaks an exact tie to the first option, as the plain oracle does, and decides either side of it", "[optimizer]") {
    // Two members give 0 or 1 to a total (0 to 2); each weights its own line and the total 1 each, so u_i = (1 - c_i)/2
    // + (c_0 + c_1)/4. With coefficients (mu, 1), member 0's line sums to mu/2 at 0 and mu/4 + 1/4 at 1, member 1's
    // to 1/2 and mu/4 + 1/4: at mu = 1 both are exact ties (0.5 each), which go to the first option, and on either side
    // the larger sum wins. An exact tie is called the same by the prediction and by the exact sums, so this does not
    // tell them apart; the margin that sends near-ties to the exact sums rests on its round-off bound (weighted_optimum.cpp)
    // and on the comparison with the plain oracle over Paris and coalition-35 above.
    nlohmann::json j = negsim::test::contribution_game("tie", 2, 1, "0", 10);
    for (int i = 0; i < 2; ++i) {
        const std::string id = "m" + std::to_string(i);
        j["agents"].push_back({{"id", id}, {"name", "Member " + id}, {"role", "signatory"}, {"power", 1},
                               {"ideal", {{"c_" + id, "0"}, {"total", 2}}}, {"weights", {{"c_" + id, 1.0}, {"total", 1.0}}},
                               {"reservation", 0}, {"strategy", {{"type", "linear"}}}});
    }
    const negsim::Scenario s = scenario_from(j);
    const negsim::Parameters p = negsim::nominal_parameters(s);
    const negsim::Negotiation n(s, p);
    const negsim::IssueBounds& region = s.regions.front();
    negsim::Coefficients c{};
    c[1] = 1.0;
    const negsim::ParametricOptimum optimum(n, c, 0, region);
    int compared = 0;
    for (double mu = 0.25; mu <= 4.0; mu += 0.03125) {
        negsim::Coefficients with = c;
        with[0] = mu;
        INFO("mu " << mu);
        CHECK(optimum.at(mu) == negsim::weighted_optimum(n, with, region));
        ++compared;
    }
    CHECK(compared == 121);
    CHECK(optimum.at(1.0)[0] == 0.0);  // the tie, to the first option
    CHECK(optimum.at(1.0)[1] == 0.0);
    CHECK(optimum.at(1.5)[0] == 0.0);  // mu/2 > mu/4 + 1/4 above 1
    CHECK(optimum.at(0.5)[0] == 1.0);
}

namespace {

// A member of a test family of floors problems: the proposer's objective with the others at the tie-break weight (as an
// offer under beliefs has it), every agent bounded, the proposer's floor 0.2 and each other's 0.1 + rise t r_j.
negsim::UtilityProgram family_member(const negsim::Parameters& p, std::size_t proposer, double rise, double t) {
    negsim::UtilityProgram program;
    for (std::size_t j = 0; j < p.agents; ++j) {
        program.objective[j] = j == proposer ? 1.0 : negsim::tolerance::kTieBreakWeight;
        program.bounded[j] = true;
        program.floor[j] = j == proposer ? 0.2 : 0.1 + rise * t * p.reservation[j];
    }
    return program;
}

// Calls visit(s, p, n, k, proposer) for six samples k of the Paris core (seed 9), the proposer changing with the sample.
template <class Visit>
void for_family_samples(Visit visit) {
    const negsim::Scenario s = negsim::load_scenario(negsim::test::source_path("scenarios/paris-2026-core.json"));
    negsim::Parameters p;
    for (std::uint64_t k = 0; k < 6; ++k) {
        negsim::sample_parameters(s, 9, k, p);
        visit(s, p, negsim::Negotiation(s, p), k, k % p.agents);
    }
}

}  // namespace

TEST_CASE("box bounds from lower floors skip only boxes that cannot win: the answer is the full solve's", "[optimizer][family]") {
    // A family of floors problems on the Paris core (5 options of the backstop in each of 3 regions): every bounded
    // agent's floor rises with t, as the offers under beliefs raise them. With the bounds proven at earlier t, each
    // region's answer is the one solved without them, and later members solve fewer boxes.
    int compared = 0, skipped = 0;
    for_family_samples([&](const negsim::Scenario& s, const negsim::Parameters& p, const negsim::Negotiation& n, std::uint64_t k, std::size_t proposer) {
        std::vector<std::array<double, negsim::tolerance::kMaxDiscreteCombinations>> bounds(s.regions.size());
        for (auto& b : bounds) b.fill(std::numeric_limits<double>::infinity());
        for (double t = 0.0; t <= 1.0; t += 0.125) {
            const negsim::UtilityProgram program = family_member(p, proposer, 0.5, t);
            double best = -std::numeric_limits<double>::infinity();
            for (std::size_t r = 0; r < s.regions.size(); ++r) {
                const negsim::ProgramResult full = negsim::best_above_floors(n, program, s.regions[r]);
                negsim::BoxBounds known{std::span<double>(bounds[r]).first(5)};
                known.skip_below = best;
                const auto before = bounds[r];
                const negsim::ProgramResult fast = negsim::best_above_floors(n, program, s.regions[r], &known);
                INFO("sample " << k << ", t " << t << ", region " << r);
                for (std::size_t b = 0; b < 5; ++b) skipped += before[b] == bounds[r][b] && std::isfinite(before[b]);
                if (full.status() == negsim::SolveStatus::infeasible || (full.has_value() && full->value < best - 1e-9)) {
                    // The full answer cannot win: the fast one may be none at all, or another that cannot win either.
                    CHECK((!fast.has_value() || fast->value < best));
                    continue;
                }
                REQUIRE(full.has_value());
                REQUIRE(fast.has_value());
                CHECK(fast->value == full->value);
                CHECK(fast->x == full->x);
                best = std::max(best, full->value);
                ++compared;
            }
        }
    });
    CHECK(compared > 30);
    CHECK(skipped > 50);  // the bounds were used, not only written
}

TEST_CASE("a box of a family started from the packages its last solve ended with reaches the full solve's optimum", "[optimizer][family]") {
    // A family on the Paris core whose floors move both ways, as the golden-section search over the offers' acceptance
    // level moves them, each region's boxes carrying their floors masters' support from member to member: every answer
    // has the full solve's value to the masters' tolerance and meets every floor, and most members start from carried
    // packages (lower floors than the last member's: the carried mix still meets them).
    int compared = 0, carried = 0;
    for_family_samples([&](const negsim::Scenario& s, const negsim::Parameters& p, const negsim::Negotiation& n, std::uint64_t k, std::size_t proposer) {
        std::vector<std::array<negsim::CarriedColumns, 5>> columns(s.regions.size());
        for (const double t : {0.5, 0.25, 0.75, 0.125, 0.625, 0.375, 0.875, 0.0, 1.0, 0.3, 0.7, 0.45, 0.55, 0.5}) {
            const negsim::UtilityProgram program = family_member(p, proposer, 0.7, t);
            for (std::size_t r = 0; r < s.regions.size(); ++r) {
                for (const negsim::CarriedColumns& c : columns[r]) carried += c.count > 0;
                const negsim::ProgramResult full = negsim::best_above_floors(n, program, s.regions[r]);
                std::array<double, 5> unknown;  // floors that move both ways prove no bounds
                unknown.fill(std::numeric_limits<double>::infinity());
                negsim::BoxBounds known{unknown, -std::numeric_limits<double>::infinity(), columns[r]};
                const negsim::ProgramResult warm = negsim::best_above_floors(n, program, s.regions[r], &known);
                INFO("sample " << k << ", t " << t << ", region " << r);
                REQUIRE(full.has_value() == warm.has_value());
                if (!full.has_value()) continue;
                CHECK(warm->value == Approx(full->value).epsilon(0).margin(1e-9 * (1.0 + std::abs(full->value))));
                for (std::size_t j = 0; j < p.agents; ++j) CHECK(negsim::acceptable(negsim::utility(n, j, warm->x), program.floor[j]));
                ++compared;
            }
        }
    });
    CHECK(compared > 100);
    CHECK(carried > 500);  // the boxes were started from carried packages, not only given a place to keep them
}
