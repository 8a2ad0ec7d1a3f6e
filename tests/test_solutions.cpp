// Solution concepts against their closed forms.
#include "cooperative/solutions.hpp"
#include "test_support.hpp"
#include "model/utility.hpp"

#include <catch2/catch.hpp>

using namespace negsim;
using nlohmann::json;

namespace {

AgentValues values(std::initializer_list<double> v) {
    AgentValues out{};
    std::size_t i = 0;
    for (double x : v) out[i++] = x;
    return out;
}

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
        CHECK(nash.x[0] == Approx((1 + r1 - r2) / 2).margin(1e-9));
        const Solution ks = kalai_smorodinsky(n, d);
        REQUIRE(ks.exists);
        CHECK(ks.x[0] == Approx((1 + r1 - r2) / 2).margin(1e-9));
        // Power-weighted: maximise (x - r1)^a (1 - x - r2)^b: x = r1 + a / (a + b) (1 - r1 - r2).
        for (const auto& [a, b] : {std::pair{2.0, 1.0}, std::pair{1.0, 3.0}, std::pair{0.7, 0.2}}) {
            const Solution weighted = nash_solution(n, d, values({a, b}));
            CHECK(weighted.x[0] == Approx(r1 + a / (a + b) * (1 - r1 - r2)).margin(1e-9));
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
    CHECK(nash.x[0] == Approx(1.0).margin(1e-9));
    CHECK(nash.x[1] == Approx(0.0).margin(1e-9));
    const Solution ks = kalai_smorodinsky(n, d);
    CHECK(ks.x[0] == Approx(2.0 / 3.0).margin(1e-9));
    CHECK(ks.x[1] == Approx(0.0).margin(1e-9));
    CHECK(egalitarian(n, d).x[0] == Approx(2.0 / 3.0).margin(1e-9));
    CHECK(utilitarian(n, d).x[0] == Approx(1.0).margin(1e-9));
}

TEST_CASE("the compromise position weighs ideals by power x weight", "[solutions]") {
    json j = test::two_party(0, 0, 10);
    j["agents"][0]["power"] = 3;  // ideal 1
    j["agents"][1]["power"] = 1;  // ideal 0
    const Scenario s = test::scenario_from(j);
    const Parameters p = nominal_parameters(s);
    CHECK(compromise_position(Negotiation(s, p))[0] == Approx(0.75));
}

TEST_CASE("a two-agent Pareto frontier runs from one utopia to the other", "[solutions]") {
    const Scenario s = test::scenario_from(test::two_party(0.1, 0.2, 10));
    const Parameters p = nominal_parameters(s);
    const auto frontier = pareto_frontier(Negotiation(s, p), values({0.1, 0.2}), 11, 1);
    REQUIRE(frontier.size() == 11);
    for (std::size_t n = 0; n < frontier.size(); ++n) {
        // Every point is efficient (u_A + u_B = 1) and individually rational, and u_A rises along the list.
        CHECK(utility(s, p, 0, frontier[n]) + utility(s, p, 1, frontier[n]) == Approx(1.0).margin(1e-9));
        CHECK(utility(s, p, 0, frontier[n]) >= 0.1 - 1e-9);
        CHECK(utility(s, p, 1, frontier[n]) >= 0.2 - 1e-9);
        if (n > 0) CHECK(frontier[n][0] > frontier[n - 1][0]);
    }
    CHECK(frontier.front()[0] == Approx(0.1).margin(1e-9));
    CHECK(frontier.back()[0] == Approx(0.8).margin(1e-9));
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
    CHECK(utility(s, p, 0, x) == Approx(0.1));
    x[0] = 10;
    CHECK(utility(s, p, 0, x) == Approx(10.0 / 60));
    // With the backstop at "none" (B's utility 1), force 10 beats force 60 for A (1/6 > 0.1); "air" leaves B with 0.
    const Negotiation n(s, p);
    const AgentValues d{};
    for (const Solution& solution : {utilitarian(n, d), egalitarian(n, d)}) {
        REQUIRE(solution.exists);
        CHECK(solution.x[0] == Approx(10.0).margin(1e-9));
        CHECK(solution.x[1] == 0.0);
    }
}
