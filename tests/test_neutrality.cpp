// The neutrality theorem of Bergstrom, Blume and Varian (1986): redistributing income among contributors leaves the
// voluntary-contribution equilibrium's total unchanged while the set of contributors stays the same; moving income to
// a member who does not contribute changes it.
#include "test_support.hpp"

#include "model/parameters.hpp"

#include <catch2/catch.hpp>

#include <string>
#include <vector>

using negsim::test::scenario_from;

namespace {

// Members give c_i in [0, w_i], w_i their income (the line's range). Member i earns
//   pi_i = w_i - c_i + b_i c_i + m G,    G = sum_j c_j,
// with a private benefit b_i of its own line (the joint-product model; Sandler & Hartley 1995, ch. 2). In the format:
// weight 1 on its own line, valued linearly from its ideal (w_i when b_i + m > 1, so that giving pays; 0 otherwise),
// and weight m on the aggregate `total`. Under this additive model each line's best reply does not depend on the
// others' (docs/scenario-format.md, "Contributions"), so the equilibrium is a corner: a contributor gives its whole
// income, the others nothing, and the total is the contributors' income. That is where neutrality holds here:
// income moved among contributors stays given; income moved to a non-contributor is kept. A beneficiary who values
// only the total (linearly from 0 to the summed incomes) has the equilibrium's total as its no-deal value, over the
// summed incomes.
nlohmann::json voluntary_game(const std::vector<double>& income, const std::vector<bool>& gives) {
    nlohmann::json j = {{"name", "neutrality"}, {"issues", nlohmann::json::array()}, {"agents", nlohmann::json::array()},
                        {"protocol", {{"type", "alternating"}, {"rounds", 10}}}, {"monte_carlo", {{"samples", 1}, {"seed", 1}}}};
    nlohmann::json amounts = nlohmann::json::object();
    double summed = 0.0;
    for (std::size_t i = 0; i < income.size(); ++i) {
        const std::string id = "m" + std::to_string(i);
        j["issues"].push_back({{"id", "c_" + id}, {"label", "Contribution of " + id}, {"unit", "units"}, {"min", 0}, {"max", income[i]}, {"contributor", id}, {"status_quo", "equilibrium"}});
        amounts["c_" + id] = 1.0;
        summed += income[i];
    }
    j["aggregates"] = {{{"id", "total"}, {"label", "Total contributions"}, {"unit", "units"}, {"amounts", amounts}}};
    for (std::size_t i = 0; i < income.size(); ++i) {
        const std::string id = "m" + std::to_string(i);
        j["agents"].push_back({{"id", id}, {"name", "Member " + id}, {"role", "member"}, {"power", 1},
                               {"ideal", {{"c_" + id, gives[i] ? income[i] : 0.0}, {"total", summed}}},
                               {"weights", {{"c_" + id, 1.0}, {"total", 0.2}}}, {"reservation", 0}, {"strategy", {{"type", "linear"}}}});
    }
    j["agents"].push_back({{"id", "beneficiary"}, {"name", "Beneficiary"}, {"role", "signatory"}, {"power", 1}, {"ideal", {{"total", summed}}},
                           {"weights", {{"total", 1.0}}}, {"reservation", 0}, {"strategy", {{"type", "linear"}}}});
    return j;
}

// The equilibrium's total, read from the beneficiary's no-deal value (its share of the summed incomes).
double equilibrium_total(const std::vector<double>& income, const std::vector<bool>& gives) {
    const negsim::Scenario s = scenario_from(voluntary_game(income, gives));
    const negsim::Parameters p = negsim::nominal_parameters(s);
    double summed = 0.0;
    for (double w : income) summed += w;
    return p.reservation[income.size()] * summed;
}

}  // namespace

TEST_CASE("Bergstrom, Blume and Varian: income moved among contributors leaves the equilibrium total unchanged", "[contributions][theory]") {
    // Members 0 and 1 contribute (their private benefit makes giving pay), member 2 does not. Incomes (4, 3, 3): the
    // equilibrium total is 4 + 3 = 7.
    const std::vector<bool> gives = {true, true, false};
    CHECK(equilibrium_total({4, 3, 3}, gives) == Approx(7.0).margin(1e-12));
    // Two units from member 0 to member 1, both still contributing: the total stays 7.
    CHECK(equilibrium_total({2, 5, 3}, gives) == Approx(7.0).margin(1e-12));
    CHECK(equilibrium_total({1, 6, 3}, gives) == Approx(7.0).margin(1e-12));
    // Two units from member 0 to member 2, who does not contribute: the set of contributors keeps the same members,
    // but the income left it, and the total falls to 5. The theorem's condition (redistribution among contributors)
    // is what the neutrality needs.
    CHECK(equilibrium_total({2, 3, 5}, gives) == Approx(5.0).margin(1e-12));
}
