// Solution concepts against their closed forms.
#include "cooperative/solutions.hpp"
#include "engine/protocol.hpp"
#include "test_support.hpp"
#include "model/tolerance.hpp"
#include "model/utility.hpp"

#include <catch2/catch.hpp>

using namespace negsim;
using nlohmann::json;

namespace {

AgentValues values(std::initializer_list<double> v) { return test::filled<AgentValues>(v); }

}  // namespace

TEST_CASE("Nash and Kalai-Smorodinsky solutions of dividing one issue match their closed forms", "[solutions]") {
    const std::pair<double, double> reservations[] = {{0.0, 0.0}, {0.2, 0.1}, {0.05, 0.4}, {0.3, 0.3}};
    for (const auto& [r1, r2] : reservations) {
        INFO("r1=" << r1 << " r2=" << r2);
        const Scenario s = test::scenario_from(test::two_party(r1, r2, 10));
        const Parameters p = nominal_parameters(s);
        const Negotiation n(s, p);
        const AgentValues d = values({r1, r2});
        // u1 = x, u2 = 1 - x: both split the surplus 1 - r1 - r2 equally: x = (1 + r1 - r2) / 2.
        const Solution nash = nash_solution(n, d, values({1, 1}));
        REQUIRE(nash.exists);
        CHECK(nash.x[0] == Approx((1 + r1 - r2) / 2).epsilon(0).margin(1e-9));
        const Solution ks = kalai_smorodinsky(n, d);
        REQUIRE(ks.exists);
        CHECK(ks.x[0] == Approx((1 + r1 - r2) / 2).epsilon(0).margin(1e-9));
        // Power-weighted: maximise (x - r1)^a (1 - x - r2)^b: x = r1 + a / (a + b) (1 - r1 - r2).
        for (const auto& [a, b] : {std::pair{2.0, 1.0}, std::pair{1.0, 3.0}, std::pair{0.7, 0.2}}) {
            const Solution weighted = nash_solution(n, d, values({a, b}));
            CHECK(weighted.x[0] == Approx(r1 + a / (a + b) * (1 - r1 - r2)).epsilon(0).margin(1e-9));
        }
    }
}

TEST_CASE("Nash, Kalai-Smorodinsky, egalitarian and utilitarian solutions differ where theory says", "[solutions]") {
    // A cares only about x (ideal 1); B weighs x and y equally (ideals 0). The frontier keeps y = 0:
    // u_A = x, u_B = 1 - x/2. Nash: max x (1 - x/2) -> x = 1. KS and egalitarian (utopia 1 and 1): x = 1 - x/2 -> 2/3.
    // Utilitarian: max 1 + x/2 -> x = 1.
    json j = test::load_json("tests/data/two-party.json");
    j["issues"] = {{{"id", "x"}, {"label", "X"}, {"unit", "u"}, {"min", 0}, {"max", 1}},
                   {{"id", "y"}, {"label", "Y"}, {"unit", "u"}, {"min", 0}, {"max", 1}}};
    j["agents"][0]["ideal"] = {{"x", 1}, {"y", 1}};
    j["agents"][0]["weights"] = {{"x", 1}, {"y", 0}};
    j["agents"][1]["ideal"] = {{"x", 0}, {"y", 0}};
    j["agents"][1]["weights"] = {{"x", 0.5}, {"y", 0.5}};
    const Scenario s = test::scenario_from(j);
    const Parameters p = nominal_parameters(s);
    const Negotiation n(s, p);
    const AgentValues d = values({0, 0});
    const Solution nash = nash_solution(n, d, values({1, 1}));
    CHECK(nash.x[0] == Approx(1.0).epsilon(0).margin(1e-9));
    CHECK(nash.x[1] == Approx(0.0).epsilon(0).margin(1e-9));
    const Solution ks = kalai_smorodinsky(n, d);
    CHECK(ks.x[0] == Approx(2.0 / 3.0).epsilon(0).margin(1e-9));
    CHECK(ks.x[1] == Approx(0.0).epsilon(0).margin(1e-9));
    CHECK(egalitarian(n, d).x[0] == Approx(2.0 / 3.0).epsilon(0).margin(1e-9));
    CHECK(utilitarian(n, d).x[0] == Approx(1.0).epsilon(0).margin(1e-9));
}

TEST_CASE("the compromise position weighs ideals by power x weight", "[solutions]") {
    json j = test::two_party(0, 0, 10);
    j["agents"][0]["power"] = 3;  // ideal 1
    j["agents"][1]["power"] = 1;  // ideal 0
    const Scenario s = test::scenario_from(j);
    const Parameters p = nominal_parameters(s);
    CHECK(compromise_position(Negotiation(s, p))[0] == Approx(0.75).epsilon(1e-12));
}

TEST_CASE("a two-agent Pareto frontier runs from one utopia to the other", "[solutions]") {
    const Scenario s = test::scenario_from(test::two_party(0.1, 0.2, 10));
    const Parameters p = nominal_parameters(s);
    const auto frontier = pareto_frontier(Negotiation(s, p), values({0.1, 0.2}), 11, 1);
    REQUIRE(frontier.size() == 11);
    for (std::size_t n = 0; n < frontier.size(); ++n) {
        // Every point is efficient (u_A + u_B = 1) and individually rational, and u_A rises along the list.
        CHECK(utility(s, p, 0, frontier[n]) + utility(s, p, 1, frontier[n]) == Approx(1.0).epsilon(0).margin(1e-9));
        CHECK(utility(s, p, 0, frontier[n]) >= 0.1 - 1e-9);
        CHECK(utility(s, p, 1, frontier[n]) >= 0.2 - 1e-9);
        if (n > 0) CHECK(frontier[n][0] > frontier[n - 1][0]);
    }
    CHECK(frontier.front()[0] == Approx(0.1).epsilon(0).margin(1e-9));
    CHECK(frontier.back()[0] == Approx(0.8).epsilon(0).margin(1e-9));
}

TEST_CASE("a link term is part of the utility and the optimisers respect it", "[solutions]") {
    // A wants force 60; but force above 10 while the backstop is below "air" costs A 0.9. B only wants no backstop.
    json j = test::load_json("tests/data/two-party.json");
    j["issues"] = {{{"id", "force"}, {"label", "Force"}, {"unit", "k"}, {"min", 0}, {"max", 60}},
                   {{"id", "backstop"}, {"label", "Backstop"}, {"unit", "level"}, {"options", {"none", "air"}}}};
    j["agents"][0]["ideal"] = {{"force", 60}, {"backstop", "none"}};
    j["agents"][0]["weights"] = {{"force", 1}, {"backstop", 0}};
    j["agents"][0]["links"] = {{{"if", {{{"issue", "force"}, {"above", 10}}, {{"issue", "backstop"}, {"below", "air"}}}}, {"value", -0.9}}};
    j["agents"][1]["ideal"] = {{"force", 0}, {"backstop", "none"}};
    j["agents"][1]["weights"] = {{"force", 0}, {"backstop", 1}};
    const Scenario s = test::scenario_from(j);
    CHECK(s.regions.size() == 3);
    const Parameters p = nominal_parameters(s);
    Package x{};
    x[0] = 60;
    x[1] = 0;
    CHECK(utility(s, p, 0, x) == Approx(0.1).epsilon(1e-12));
    x[0] = 10;
    CHECK(utility(s, p, 0, x) == Approx(10.0 / 60).epsilon(1e-12));
    // With the backstop at "none" (B's utility 1), force 10 beats force 60 for A (1/6 > 0.1); "air" leaves B with 0.
    const Negotiation n(s, p);
    const AgentValues d{};
    for (const Solution& solution : {utilitarian(n, d), egalitarian(n, d)}) {
        REQUIRE(solution.exists);
        CHECK(solution.x[0] == Approx(10.0).epsilon(0).margin(1e-9));
        CHECK(solution.x[1] == 0.0);
    }
}

namespace {

// Three parties dividing a unit budget: share_k on [0, 1], sum at most 1; party k wants only its own share (linear).
json unit_budget(int parties) {
    json j = test::load_json("tests/data/two-party.json");
    j["issues"] = json::array();
    j["agents"] = json::array();
    json shares = json::array();
    for (int k = 0; k < parties; ++k) {
        const std::string id = std::string("share_").append(std::to_string(k));
        j["issues"].push_back({{"id", id}, {"label", id}, {"unit", "fraction"}, {"min", 0}, {"max", 1}});
        shares.push_back(id);
    }
    for (int i = 0; i < parties; ++i) {
        json agent = {{"id", std::string("p").append(std::to_string(i))}, {"name", "P"}, {"role", "signatory"}, {"power", 1}, {"reservation", 0}, {"strategy", {{"type", "linear"}}}};
        for (int k = 0; k < parties; ++k) {
            agent["ideal"][std::string("share_").append(std::to_string(k))] = k == i ? 1 : 0;
            agent["weights"][std::string("share_").append(std::to_string(k))] = k == i ? 1 : 0;
        }
        j["agents"].push_back(agent);
    }
    j["constraints"] = {{{"type", "budget"}, {"issues", shares}, {"max", 1}}};
    j["protocol"] = {{"type", "mediator"}, {"rounds", 10}};
    return j;
}

}  // namespace

TEST_CASE("the power-weighted Nash solution of dividing a unit budget among three gives shares d_i + w_i / W (1 - sum d)", "[solutions]") {
    // max sum_i w_i log(x_i - d_i) subject to sum x_i <= 1: x_i - d_i = w_i / W * (1 - sum_j d_j) (Lagrange; Kalai 1977).
    // Plain Frank-Wolfe zig-zags between the corners of the budget here and stops with a gap of ~1e-5.
    const Scenario s = test::scenario_from(unit_budget(3));
    const Parameters p = nominal_parameters(s);
    const Negotiation n(s, p);
    for (const AgentValues& w : {values({1, 1, 1}), values({1, 2, 3}), values({5, 0.5, 2}), values({1e6, 1, 1})}) {
        for (const AgentValues& d : {values({0, 0, 0}), values({0.1, 0.3, 0.05})}) {
            INFO("w = " << w[0] << "," << w[1] << "," << w[2] << "  d = " << d[0] << "," << d[1] << "," << d[2]);
            for (const int cap : {200, tolerance::kNashColumnsGenerated}) {  // 200: the mediator's former budget of steps
                const Solution nash = nash_solution(n, d, w, cap);
                REQUIRE(nash.exists);
                CHECK(nash.converged);
                const double total = w[0] + w[1] + w[2], left = 1 - d[0] - d[1] - d[2];
                for (std::size_t i = 0; i < 3; ++i) CHECK(nash.x[i] == Approx(d[i] + w[i] / total * left).epsilon(0).margin(1e-9));
            }
        }
    }
}

TEST_CASE("a Nash solve stopped by its iteration cap is reported, not passed off as the solution", "[solutions]") {
    const Scenario s = test::scenario_from(unit_budget(3));
    const Parameters p = nominal_parameters(s);
    const Solution cut = nash_solution(Negotiation(s, p), values({0, 0, 0}), values({1, 2, 3}), 1);
    REQUIRE(cut.exists);
    CHECK_FALSE(cut.converged);
    CHECK(cut.gap > tolerance::kNashGap);
}

TEST_CASE("the Pareto frontier of three parties dividing a budget is individually rational, efficient and spread out", "[solutions]") {
    const Scenario s = test::scenario_from(unit_budget(3));
    const Parameters p = nominal_parameters(s);
    for (const AgentValues& d : {values({0, 0, 0}), values({0.1, 0.3, 0.05})}) {
        const auto frontier = pareto_frontier(Negotiation(s, p), d, 60, 7);
        REQUIRE(frontier.size() >= 50);
        std::array<double, 3> most{}, least{1, 1, 1};
        for (const Package& x : frontier) {
            double total = 0.0;
            for (std::size_t i = 0; i < 3; ++i) {
                const double u = utility(s, p, i, x);
                CHECK(u >= d[i] - 1e-9);  // individually rational
                total += u;
                most[i] = std::max(most[i], (u - d[i]) / (1 - d[0] - d[1] - d[2]));
                least[i] = std::min(least[i], (u - d[i]) / (1 - d[0] - d[1] - d[2]));
            }
            CHECK(total == Approx(1.0).epsilon(0).margin(1e-9));  // efficient: nothing left of the budget
        }
        // Spread: every party's share of the surplus ranges over most of [0, 1].
        for (std::size_t i = 0; i < 3; ++i) {
            CHECK(most[i] > 0.7);
            CHECK(least[i] < 0.05);
        }
    }
}

TEST_CASE("salience scales an agent's stake where utilities are compared across agents", "[solutions][salience]") {
    // u_A = x, u_B = 1 - x, d = 0. Salience 2 for A: utilitarian max 2x + (1 - x) -> x = 1; egalitarian
    // max min(2x, 1 - x) -> x = 1/3 (1/2 without salience); compromise with powers 1, 1 and saliences 3, 1 -> 0.75.
    // Nash and Kalai-Smorodinsky do not depend on a scale of utility: x = 1/2 either way.
    json j = test::two_party(0, 0, 10);
    j["agents"][0]["salience"] = 2;
    const Scenario s = test::scenario_from(j);
    const Parameters p = nominal_parameters(s);
    const Negotiation n(s, p);
    const AgentValues d = values({0, 0});
    CHECK(utilitarian(n, d).x[0] == Approx(1.0).epsilon(0).margin(1e-9));
    CHECK(egalitarian(n, d).x[0] == Approx(1.0 / 3.0).epsilon(0).margin(1e-9));
    CHECK(nash_solution(n, d, values({1, 1})).x[0] == Approx(0.5).epsilon(0).margin(1e-9));
    CHECK(kalai_smorodinsky(n, d).x[0] == Approx(0.5).epsilon(0).margin(1e-9));
    j["agents"][0]["salience"] = 3;
    const Scenario three = test::scenario_from(j);
    const Parameters three_p = nominal_parameters(three);
    CHECK(compromise_position(Negotiation(three, three_p))[0] == Approx(0.75).epsilon(0).margin(1e-12));
}

TEST_CASE("the mediator weighs each party's surplus by its power x salience", "[solutions][salience][mediator]") {
    // Two linear concessors with reservation 0 over two rounds: in the last their thresholds are 0, and the text is
    // the weighted Nash split x_A = w_A / (w_A + w_B) of u_A = x, u_B = 1 - x, w = power x salience.
    json j = test::two_party(0, 0, 2);
    j["protocol"] = {{"type", "mediator"}, {"rounds", 2}};
    for (const auto& [salience, share] : {std::pair{1.0, 0.5}, std::pair{2.0, 2.0 / 3.0}, std::pair{0.5, 1.0 / 3.0}}) {
        j["agents"][0]["salience"] = salience;
        const Scenario s = test::scenario_from(j);
        const Outcome o = negotiate(s, nominal_parameters(s));
        INFO("salience " << salience);
        REQUIRE(o.agreed);
        CHECK(o.package[0] == Approx(share).epsilon(0).margin(1e-9));
    }
}

TEST_CASE("past the enumerated combinations the Nash solution is a package: each discrete issue at one of its options", "[solutions]") {
    // Eight three-option issues (6 561 combinations, past the 64 solved box by box): the search runs over mixes of
    // packages in the whole region, and the answer takes each discrete issue from its heaviest column.
    json j = test::load_json("tests/data/two-party.json");
    j["issues"] = json::array();
    j["agents"] = json::array();
    for (int k = 0; k < 8; ++k)
        j["issues"].push_back({{"id", "d" + std::to_string(k)}, {"label", "d"}, {"unit", "option"}, {"options", {"low", "mid", "high"}}});
    for (int i = 0; i < 2; ++i) {
        json agent = {{"id", "p" + std::to_string(i)}, {"name", "P"}, {"role", "signatory"}, {"power", 1}, {"reservation", 0.1}, {"strategy", {{"type", "linear"}}}};
        for (int k = 0; k < 8; ++k) {
            agent["ideal"]["d" + std::to_string(k)] = i == 0 ? "low" : "high";
            agent["weights"]["d" + std::to_string(k)] = 1.0 + 0.1 * k * (i == 0 ? -1.0 : 1.0);
        }
        j["agents"].push_back(agent);
    }
    const Scenario s = test::scenario_from(j);
    const Parameters p = nominal_parameters(s);
    const Negotiation n(s, p);
    const Solution nash = nash_solution(n, values({0.1, 0.1}), values({1, 2}));
    REQUIRE(nash.exists);
    for (std::size_t k = 0; k < s.issue_count(); ++k) {
        INFO("issue " << k);
        CHECK(nash.x[k] == std::floor(nash.x[k]));
        CHECK(nash.x[k] >= 0.0);
        CHECK(nash.x[k] <= 2.0);
    }
    for (std::size_t i = 0; i < 2; ++i) CHECK(utility(n, i, nash.x) == utility(s, p, i, nash.x));
}
