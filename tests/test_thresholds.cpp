// Conditions on aggregates: a threshold value of an aggregate (the threshold public good of Bagnoli & Lipman 1989,
// solved by hand on a small case) and conditional pledges on an aggregate, at the coalition's size (35 parties) and at
// 64 parties.
#include "cli_support.hpp"
#include "test_support.hpp"

#include "cooperative/solutions.hpp"
#include "engine/protocol.hpp"
#include "model/negotiation.hpp"
#include "model/parameters.hpp"
#include "optimise/discrete_search.hpp"
#include "random/sampling.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <numeric>
#include <string>
#include <vector>

using negsim::test::scenario_from;

namespace {

// The threshold public good with refunds (Bagnoli & Lipman 1989, "Provision of public goods: fully implementing the
// core through private contributions", Review of Economic Studies 56(4):583): member i gives c_i in {0, ..., E}; the
// good, worth V to each, is provided when sum_j c_j >= T, and otherwise every contribution is refunded. Member i
// earns pi_i = E - c_i + V [sum_j c_j >= T] if the good is provided, E if not. In the scenario format: member i
// weights its own line 1 (linear, ideal "0") and the aggregate "total" (with threshold T) v = V / E, valued
// "threshold". Then u_i = (1 - c_i / E + v [sum_j c_j >= T]) / (1 + v) = pi_i / (E (1 + v)), with the refund the
// status quo (every line "0", the good not provided).
nlohmann::json threshold_good(std::size_t members, int levels, double threshold, double v, const std::string& value = "threshold") {
    nlohmann::json j = negsim::test::contribution_game("threshold-good", members, levels, "0", 40);
    j["aggregates"][0]["threshold"] = threshold;
    for (std::size_t i = 0; i < members; ++i) {
        const std::string id = "m" + std::to_string(i);
        j["agents"].push_back({{"id", id}, {"name", "Member " + id}, {"role", "signatory"}, {"power", 1},
                               {"ideal", {{"c_" + id, "0"}, {"total", static_cast<double>(members) * levels}}},
                               {"weights", {{"c_" + id, 1.0}, {"total", v}}}, {"values", {{"total", value}}},
                               {"reservation", 0}, {"strategy", {{"type", "linear"}}}});
    }
    return j;
}

double total_of(std::size_t members, const negsim::Package& x) { return std::accumulate(x.begin(), x.begin() + static_cast<std::ptrdiff_t>(members), 0.0); }

// Whether profile x is a Nash equilibrium of the voluntary game: no member gains by changing its own line alone.
bool equilibrium(const negsim::Negotiation& n, std::size_t members, int levels, negsim::Package x) {
    for (std::size_t i = 0; i < members; ++i) {
        const double own = negsim::utility(n, i, x);
        const double line = x[i];
        for (int o = 0; o <= levels; ++o) {
            x[i] = o;
            if (negsim::utility(n, i, x) > own + 1e-12) return false;
        }
        x[i] = line;
    }
    return true;
}

}  // namespace

TEST_CASE("Bagnoli and Lipman: with a threshold and refunds, efficient equilibria and agreements provide exactly the threshold", "[contributions][thresholds]") {
    // By hand, E = 3, T = 4, V = 3 (v = 1), three members: u_i = (1 - c_i / 3 + [sum c >= 4]) / 2.
    // - The utility is pi_i / 6 on every one of the 64 profiles.
    // - Equilibria: no member can reach 4 alone, so nobody contributing is one (worth 1/2 each). A profile with
    //   sum c = 4 is one too: each contributor is pivotal and loses V = 3 >= c_i by cutting its line (indifferent at
    //   c_i = 3), and raising it only costs: (2, 1, 1) and (2, 2, 0) in 3 orders each, (3, 1, 0) in 6. A profile with
    //   sum c > 4 is none: a contributor can cut a unit and keep the good. Profiles with 0 < sum c < 4 are none: a
    //   contributor saves by giving nothing. So 13 equilibria, and the efficient ones (not Pareto-dominated by
    //   another) all have sum c = 4: (2, 1, 1) gives every member more than 1/2, so nobody giving is dominated.
    // - The Nash bargaining solution over the status quo (every line 0, the good not provided: 1/2 each) maximises
    //   prod_i (1/2 - c_i / 6) over sum c = 4: (2, 1, 1) gives 1 x 2 x 2 = 4 (in units of 1/6), (2, 2, 0) gives 3,
    //   (3, 1, 0) gives 0, so it is a permutation of (2, 1, 1).
    const std::size_t members = 3;
    const int levels = 3;
    const negsim::Scenario s = scenario_from(threshold_good(members, levels, 4, 1.0));
    CHECK(s.regions.size() == 2);  // the total at or above 4, and below
    const negsim::Parameters p = negsim::nominal_parameters(s);
    for (std::size_t i = 0; i < members; ++i) CHECK(p.reservation[i] == Approx(0.5).margin(1e-12));
    const negsim::Negotiation n(s, p);
    int profiles = 0;
    std::vector<negsim::Package> equilibria;
    for (int a = 0; a <= levels; ++a)
        for (int b = 0; b <= levels; ++b)
            for (int c = 0; c <= levels; ++c) {
                const negsim::Package x = negsim::test::filled<negsim::Package>({double(a), double(b), double(c)});
                const double total = a + b + c;
                for (std::size_t i = 0; i < members; ++i) {
                    const double pi = 3.0 - x[i] + (total >= 4.0 ? 3.0 : 0.0);
                    CHECK(negsim::utility(n, i, x) == Approx(pi / 6.0).margin(1e-12));
                }
                ++profiles;
                const bool is_equilibrium = equilibrium(n, members, levels, x);
                CHECK(is_equilibrium == (total == 0.0 || total == 4.0));
                if (is_equilibrium) equilibria.push_back(x);
            }
    CHECK(profiles == 64);
    CHECK(equilibria.size() == 13);
    const auto dominates = [&](const negsim::Package& a, const negsim::Package& b) {
        bool better = false;
        for (std::size_t i = 0; i < members; ++i) {
            if (negsim::utility(n, i, a) < negsim::utility(n, i, b)) return false;
            better = better || negsim::utility(n, i, a) > negsim::utility(n, i, b);
        }
        return better;
    };
    int efficient = 0;
    for (const negsim::Package& x : equilibria) {
        const bool dominated = std::any_of(equilibria.begin(), equilibria.end(), [&](const negsim::Package& y) { return dominates(y, x); });
        if (dominated) continue;
        ++efficient;
        CHECK(total_of(members, x) == 4.0);
    }
    CHECK(efficient >= 3);
}

TEST_CASE("Bagnoli and Lipman: the negotiated deal and the Nash solution provide exactly the threshold", "[contributions][thresholds]") {
    const std::size_t members = 3;
    const int levels = 3;
    const negsim::Scenario s = scenario_from(threshold_good(members, levels, 4, 1.0));
    const negsim::Parameters p = negsim::nominal_parameters(s);
    const negsim::Outcome o = negsim::negotiate(s, p);
    REQUIRE(o.agreed);
    CHECK(total_of(members, o.package) == 4.0);
    for (std::size_t i = 0; i < members; ++i) CHECK(o.package[i] < 3.0);  // individually rational: c_i < V
    const negsim::Negotiation n(s, p);
    negsim::AgentValues d{}, w{};
    for (std::size_t i = 0; i < members; ++i) d[i] = p.reservation[i], w[i] = 1.0;
    const negsim::Solution nash = negsim::nash_solution(n, d, w);
    REQUIRE(nash.exists);
    CHECK(nash.converged);
    std::vector<double> lines(nash.x.begin(), nash.x.begin() + members);
    std::sort(lines.begin(), lines.end());
    CHECK(lines == std::vector<double>{1.0, 1.0, 2.0});
    // Valued linearly instead, the same weights make giving a loss for every member (v / 3 per unit against 1 / 3):
    // no deal gives anyone more than nobody giving, so the threshold is what makes the deal.
    const negsim::Scenario linear = scenario_from(threshold_good(members, levels, 4, 1.0, "linear"));
    const negsim::Outcome none = negsim::negotiate(linear, negsim::nominal_parameters(linear));
    CHECK((!none.agreed || total_of(members, none.package) == 0.0));
}

TEST_CASE("A pledge conditional on an aggregate, at the coalition's size: every deal keeps it, and it bites", "[contributions][thresholds]") {
    // "Germany deploys troops only if the force reaches 31 thousand" (its largest is 31.79): a condition on an
    // aggregate is no box, so the region keeps a range of the force's total, met by the discrete search (past the
    // enumerated combinations). Unconditional deals reach 30.6 to 31.3 thousand (seed 11), so it bites.
    nlohmann::json j = negsim::test::load_json("scenarios/coalition-35.json");
    const negsim::Scenario free = scenario_from(j);
    j["constraints"] = {{{"type", "requires"}, {"if", {{"issue", "line_germany"}, {"at_least", "troops"}}}, {"then", {{"aggregate", "force"}, {"at_least", 31}}}}};
    const negsim::Scenario s = scenario_from(j);
    REQUIRE(s.regions.size() == 2);
    const auto index = [&](const std::string& id) {
        return static_cast<std::size_t>(std::find_if(s.issues.begin(), s.issues.end(), [&](const negsim::Issue& i) { return i.id == id; }) - s.issues.begin());
    };
    const std::size_t germany = index("line_germany");
    const negsim::Aggregate& force = s.contributions.aggregates[0];
    REQUIRE(force.id == "force");
    int deals = 0, germany_troops = 0, broken_without = 0;
    negsim::Parameters p;
    for (std::uint64_t k = 0; k < 12; ++k) {
        negsim::sample_parameters(s, 11, k, p);
        const negsim::Outcome o = negsim::negotiate(s, p);
        const negsim::Outcome unconditional = negsim::negotiate(free, p);
        if (unconditional.agreed && unconditional.package[germany] >= 4.0 && negsim::aggregate_total(s, force, unconditional.package) < 31.0) ++broken_without;
        if (!o.agreed) continue;
        ++deals;
        INFO("sample " << k);
        if (o.package[germany] >= 4.0) {
            ++germany_troops;
            CHECK(negsim::aggregate_total(s, force, o.package) >= 31.0);
        }
    }
    CHECK(deals >= 8);
    CHECK(germany_troops >= 1);  // the condition was met, not only avoided
    CHECK(broken_without >= 1);  // without it, some deal has German troops in a smaller force
}

TEST_CASE("A threshold value and a pledge on an aggregate at 64 parties, past the enumerated combinations", "[contributions][thresholds]") {
    // 64 members with lines 0 to 2 (3^64 combinations): each values the total as a threshold (at 48 units), and
    // member 0 pledges 2 units only if the total reaches 60. Every deal keeps the pledge and provides the good.
    const std::size_t members = 64;
    nlohmann::json j = threshold_good(members, 2, 48, 2.0);
    j["constraints"] = {{{"type", "requires"}, {"if", {{"issue", "c_m0"}, {"at_least", "2"}}}, {"then", {{"aggregate", "total"}, {"at_least", 60}}}}};
    j["protocol"]["rounds"] = 10;
    const negsim::Scenario s = scenario_from(j);
    CHECK(s.regions.size() == 3);  // total >= 60; m0 below 2 with total >= 48; m0 below 2 with total below 48
    const negsim::Parameters p = negsim::nominal_parameters(s);
    const negsim::Outcome o = negsim::negotiate(s, p);
    REQUIRE(o.agreed);
    const double total = total_of(members, o.package);
    CHECK(total >= 48.0);
    if (o.package[0] >= 2.0) CHECK(total >= 60.0);
}

TEST_CASE("The discrete search moves a package into a region's aggregate range and stays there, at 64 parties", "[contributions][thresholds]") {
    // Giving is a loss to every member (valued linearly at v = 0.5 against a cost of 1), so the objective alone
    // keeps every line at 0; the region where member 0 gives 2 needs a total of at least 60. From nobody giving, the
    // search first closes the distance to the range, a line at a time, then stops: a move that lowers a line would
    // leave the range, one that raises it costs. So it ends at exactly 60.
    const std::size_t members = 64;
    nlohmann::json j = threshold_good(members, 2, 48, 0.5, "linear");
    j["constraints"] = {{{"type", "requires"}, {"if", {{"issue", "c_m0"}, {"at_least", "2"}}}, {"then", {{"aggregate", "total"}, {"at_least", 60}}}}};
    const negsim::Scenario s = scenario_from(j);
    REQUIRE(s.regions.size() == 2);
    const negsim::IssueBounds& ranged = s.regions[0].limit_count > 0 ? s.regions[0] : s.regions[1];
    REQUIRE(ranged.limit_count == 1);
    const negsim::Parameters p = negsim::nominal_parameters(s);
    const negsim::Negotiation n(s, p);
    negsim::UtilityProgram program;
    for (std::size_t i = 0; i < members; ++i) program.objective[i] = 1.0;
    const negsim::Package start{};
    REQUIRE_FALSE(negsim::within_limits(s, ranged, start));
    const negsim::Package found = negsim::improve_discrete(negsim::master::Mode::floors, n, program, ranged, start);
    CHECK(negsim::within_limits(s, ranged, found));
    CHECK(total_of(members, found) == 60.0);
    // Within the range already, it stays within: the best for the objective inside is still 60 units.
    const negsim::Package again = negsim::improve_discrete(negsim::master::Mode::floors, n, program, ranged, found);
    CHECK(total_of(members, again) == 60.0);
}

TEST_CASE("The threshold public good from the command line: every deal reaches the threshold exactly", "[contributions][thresholds][cli]") {
    const std::filesystem::path dir = negsim::test::scratch_dir("threshold-good");
    const std::filesystem::path file = dir / "threshold-good.json";
    std::ofstream(file) << threshold_good(3, 3, 4, 1.0).dump(1);
    const auto validate = negsim::test::negsim_cli("validate " + file.string(), dir);
    REQUIRE(validate.exit_code == 0);
    CHECK(validate.out.find("2 region(s) of the package space, 2 with a range of an aggregate") != std::string::npos);
    const auto run = negsim::test::negsim_cli("run " + file.string() + " --samples 40 --threads 2 --out " + (dir / "run").string(), dir);
    INFO(run.err);
    REQUIRE(run.exit_code == 0);
    const auto rows = negsim::test::csv_rows(negsim::read_file((dir / "run" / "aggregates.csv").string()));
    REQUIRE(rows.size() == 2);
    const auto column = [&](const std::string& name) {
        const auto at = std::find(rows[0].begin(), rows[0].end(), name);
        REQUIRE(at != rows[0].end());
        return rows[1][static_cast<std::size_t>(at - rows[0].begin())];
    };
    CHECK(column("aggregate") == "total");
    CHECK(column("deals") == "40");
    CHECK(column("q05") == "4");
    CHECK(column("q95") == "4");
    CHECK(column("deals_reaching") == "40");
    const auto solve = negsim::test::negsim_cli("solve " + file.string() + " --out " + (dir / "solve").string(), dir);
    REQUIRE(solve.exit_code == 0);
    CHECK(solve.out.find("nash ") != std::string::npos);
    std::filesystem::remove_all(dir);
}
