// The concession's oracle for one agent's varying coefficient (ParametricOptimum, weighted_optimum.hpp) and the
// all-agents utility (utilities(), negotiation.hpp) give the same bits as the plain oracle and utility().
#include "test_support.hpp"

#include "model/negotiation.hpp"
#include "model/parameters.hpp"
#include "optimise/weighted_optimum.hpp"
#include "random/random_stream.hpp"
#include "random/sampling.hpp"

#include <catch2/catch.hpp>

#include <cmath>
#include <string>

using negsim::test::scenario_from;

namespace {

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
    CHECK(compare(scenario_from(negsim::test::load_json("scenarios/paris-2026.json")), 6) > 100);
    CHECK(compare(scenario_from(negsim::test::load_json("scenarios/coalition-35.json")), 3) > 100);
}

TEST_CASE("The concession's oracle decides a tie the prediction cannot call as the plain oracle does", "[optimizer]") {
    // Two members give 0 or 1 to a total (0 to 2); each weights its own line and the total 1 each, so u_i = (1 - c_i)/2
    // + (c_0 + c_1)/4. With coefficients (mu, 1), member 0's line sums to mu/2 at 0 and mu/4 + 1/4 at 1, member 1's
    // to 1/2 and mu/4 + 1/4: at mu = 1 both are exact ties (0.5 each), which the prediction cannot call, and the exact
    // sums give the first option, as weighted_optimum does; on either side the prediction decides.
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
