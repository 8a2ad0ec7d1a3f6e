// The simplex solver and the package optimiser against problems solved by hand.
#include "optimise/multiplier.hpp"
#include "optimise/package_optimizer.hpp"
#include "optimise/simplex.hpp"
#include "test_support.hpp"
#include "model/utility.hpp"

#include <catch2/catch.hpp>

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
