// The utility model against hand-computed values.
#include "model/parameters.hpp"
#include "test_support.hpp"
#include "model/utility.hpp"

#include <catch2/catch.hpp>

using namespace negsim;

TEST_CASE("utilities match hand computation for linear, quadratic and tabled issues", "[utility]") {
    nlohmann::json j = test::load_json("tests/data/two-party.json");
    j["issues"] = {
        {{"id", "years"}, {"label", "Years"}, {"unit", "years"}, {"min", 0}, {"max", 50}},
        {{"id", "troops"}, {"label", "Troops"}, {"unit", "thousand"}, {"min", 0}, {"max", 60}},
        {{"id", "backstop"}, {"label", "Backstop"}, {"unit", "level"}, {"options", {"none", "political", "intelligence", "treaty"}}},
    };
    j["agents"][0]["ideal"] = {{"years", 50}, {"troops", 30}, {"backstop", "treaty"}};
    j["agents"][0]["weights"] = {{"years", 2}, {"troops", 1}, {"backstop", 1}};  // normalised to 0.5, 0.25, 0.25
    j["agents"][0]["values"] = {{"troops", "quadratic"}};
    j["agents"][1]["ideal"] = {{"years", 10}, {"troops", 0}, {"backstop", "none"}};
    j["agents"][1]["weights"] = {{"years", 0.2}, {"troops", 0.3}, {"backstop", 0.5}};
    j["agents"][1]["values"] = {{"backstop", {{"none", 1}, {"political", 0.8}, {"intelligence", 0.5}, {"treaty", 0}}}};
    const Scenario s = test::scenario_from(j);
    const Parameters p = nominal_parameters(s);

    // Package: 15 years, 12 thousand troops, "political" (option index 1).
    Package x{};
    x[0] = 15;
    x[1] = 12;
    x[2] = 1;
    // Agent a: years linear 1 - 35/50 = 0.3; troops quadratic 1 - (18/60)^2 = 0.91; backstop linear over ranks 1 - 2/3.
    CHECK(utility(s, p, 0, x) == Approx(0.5 * 0.3 + 0.25 * 0.91 + 0.25 * (1.0 / 3.0)).epsilon(1e-12));
    // Agent b: years 1 - 5/50 = 0.9; troops 1 - 12/60 = 0.8; backstop table 0.8.
    CHECK(utility(s, p, 1, x) == Approx(0.2 * 0.9 + 0.3 * 0.8 + 0.5 * 0.8).epsilon(1e-12));

    // At its ideal package an agent's utility is exactly 1.
    Package ideal_a{};
    ideal_a[0] = 50;
    ideal_a[1] = 30;
    ideal_a[2] = 3;
    CHECK(utility(s, p, 0, ideal_a) == 1.0);
}
