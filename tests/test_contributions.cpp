// Contributions to a public good: the folded utility against the linear public-goods payoff, the voluntary-contribution
// equilibrium as the status quo, what a negotiation under unanimity agrees, and who is bound by a deal.
#include "cli_support.hpp"
#include "test_support.hpp"

#include "analysis/contribution_tally.hpp"

#include "cooperative/solutions.hpp"
#include "engine/protocol.hpp"
#include "model/negotiation.hpp"
#include "model/parameters.hpp"
#include "model/utility.hpp"
#include "random/sampling.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <random>
#include <string>
#include <vector>

using negsim::test::scenario_from;

namespace {

// The linear public-goods game (Isaac, Walker & Thomas 1984; Ledyard 1995, "Public goods: a survey of experimental
// research"): member i gives c_i in {0, 1, ..., E} and earns pi_i = E - c_i + m_i sum_j c_j. In the scenario format it is
// N contribution issues with options "0".."E", an aggregate "total" (their sum, 0 to N E), and for member i a weight
// w_own on its own line (linear, ideal "0") and w_A on the total (ideal N E), w_A / w_own = N m_i. Then
//   u_i = w_own (1 - c_i / E) + w_A sum_j c_j / (N E) = (E - c_i + m_i sum_j c_j) / (E (1 + N m_i)),
// an increasing affine transform of pi_i, so every equilibrium and every bargaining solution is the game's own.
nlohmann::json public_goods(const std::vector<double>& m, int levels, const std::string& status_quo = "0") {
    const std::size_t n = m.size();
    nlohmann::json j = negsim::test::contribution_game("public-goods", n, levels, status_quo, 30);
    for (std::size_t i = 0; i < n; ++i) {
        const std::string id = "m" + std::to_string(i);
        j["agents"].push_back({{"id", id}, {"name", "Member " + id}, {"role", "signatory"}, {"power", 1},
                               {"ideal", {{"c_" + id, "0"}, {"total", static_cast<double>(n) * levels}}},
                               {"weights", {{"c_" + id, 1.0}, {"total", static_cast<double>(n) * m[i]}}},
                               {"reservation", 0}, {"strategy", {{"type", "linear"}}}});
    }
    return j;
}

double payoff_utility(const std::vector<double>& m, int levels, std::size_t i, const negsim::Package& c) {
    double total = 0.0;
    for (std::size_t j = 0; j < m.size(); ++j) total += c[j];
    const double e = levels, n = static_cast<double>(m.size());
    return (e - c[i] + m[i] * total) / (e * (1.0 + n * m[i]));
}

}  // namespace

TEST_CASE("A linear value of an aggregate folds into per-issue values that give the public-goods payoff exactly", "[contributions]") {
    const std::vector<double> m = {0.4, 0.7, 1.3};
    const int levels = 4;
    const negsim::Scenario s = scenario_from(public_goods(m, levels));
    const negsim::Parameters p = negsim::nominal_parameters(s);
    int checked = 0;
    for (int a = 0; a <= levels; ++a)
        for (int b = 0; b <= levels; ++b)
            for (int c = 0; c <= levels; ++c) {
                const negsim::Package x = negsim::test::filled<negsim::Package>({double(a), double(b), double(c)});
                for (std::size_t i = 0; i < m.size(); ++i) {
                    REQUIRE(negsim::utility(s, p, i, x) == Approx(payoff_utility(m, levels, i, x)).margin(1e-12));
                    ++checked;
                }
            }
    CHECK(checked == 375);

    // The same game with every amount raised by one (lo = 3, hi = 15) leaves the members' utilities as they were, and an
    // observer that wants the total small (ideal 3) values it (15 - A) / 12.
    nlohmann::json shifted = public_goods(m, levels);
    for (auto& [issue, amounts] : shifted["aggregates"][0]["amounts"].items())
        for (auto& a : amounts) a = a.get<double>() + 1.0;
    for (auto& agent : shifted["agents"]) agent["ideal"]["total"] = 15;
    shifted["agents"].push_back({{"id", "rival"}, {"name", "Rival"}, {"role", "observer"}, {"power", 1}, {"ideal", {{"total", 3}}},
                                 {"weights", {{"total", 1}}}, {"reservation", 0}, {"strategy", {{"type", "linear"}}}});
    const negsim::Scenario t = scenario_from(shifted);
    const negsim::Parameters q = negsim::nominal_parameters(t);
    for (int a = 0; a <= levels; ++a)
        for (int c = 0; c <= levels; ++c) {
            const negsim::Package x = negsim::test::filled<negsim::Package>({double(a), 1.0, double(c)});
            for (std::size_t i = 0; i < m.size(); ++i) REQUIRE(negsim::utility(t, q, i, x) == Approx(payoff_utility(m, levels, i, x)).margin(1e-12));
            REQUIRE(negsim::utility(t, q, 3, x) == Approx((15.0 - (a + 1.0 + 2.0 + c + 1.0)) / 12.0).margin(1e-12));
        }
}

TEST_CASE("The voluntary-contribution equilibrium is the status quo: nothing below a marginal return of 1, everything above", "[contributions]") {
    // pi_i rises by m_i - 1 per unit member i gives whatever the others give: a dominant strategy, c_i = 0 for m_i < 1 and
    // c_i = E for m_i > 1 (Ledyard 1995). No deal leaves each line there, so the reservation is the payoff at that point.
    const std::vector<double> m = {0.4, 0.7, 1.3};
    const int levels = 4;
    const negsim::Scenario s = scenario_from(public_goods(m, levels, "equilibrium"));
    const negsim::Parameters p = negsim::nominal_parameters(s);
    const negsim::Package equilibrium = negsim::test::filled<negsim::Package>({0.0, 0.0, double(levels)});
    for (std::size_t i = 0; i < m.size(); ++i) {
        CHECK(p.ideal[i][i] == equilibrium[i]);
        CHECK(p.reservation[i] == Approx(payoff_utility(m, levels, i, equilibrium)).margin(1e-12));
    }
    // A fixed status quo of "0" everywhere: the reservation is the payoff when nobody gives.
    const negsim::Parameters q = negsim::nominal_parameters(scenario_from(public_goods(m, levels, "0")));
    for (std::size_t i = 0; i < m.size(); ++i) CHECK(q.reservation[i] == Approx(payoff_utility(m, levels, i, negsim::Package{})).margin(1e-12));
}

TEST_CASE("Under unanimity the symmetric public-goods game's agreement is individually rational and efficient, and its Nash solution is full contribution", "[contributions]") {
    // Symmetric, m = 0.5 < 1 < N m = 1.5: the equilibrium gives nothing (every reservation is pi at c = 0), and every
    // member gains (N m - 1) per unit when all give one more, so the one symmetric efficient package is c_i = E for all
    // (the reason coalitions negotiate binding pledges). The engine's deal must be individually rational and not
    // Pareto-dominated by any package (checked by enumeration), and the symmetric Nash solution is full contribution.
    const std::vector<double> m = {0.5, 0.5, 0.5};
    const int levels = 3;
    const negsim::Scenario s = scenario_from(public_goods(m, levels, "equilibrium"));
    const negsim::Parameters p = negsim::nominal_parameters(s);
    const negsim::Outcome deal = negsim::negotiate(s, p);
    REQUIRE(deal.agreed);
    for (std::size_t i = 0; i < m.size(); ++i) CHECK(negsim::utility(s, p, i, deal.package) >= p.reservation[i]);
    int dominated = 0;
    for (int a = 0; a <= levels; ++a)
        for (int b = 0; b <= levels; ++b)
            for (int c = 0; c <= levels; ++c) {
                const negsim::Package x = negsim::test::filled<negsim::Package>({double(a), double(b), double(c)});
                bool weakly = true, strictly = false;
                for (std::size_t i = 0; i < m.size(); ++i) {
                    const double gain = negsim::utility(s, p, i, x) - negsim::utility(s, p, i, deal.package);
                    weakly = weakly && gain >= -1e-12;
                    strictly = strictly || gain > 1e-9;
                }
                dominated += weakly && strictly ? 1 : 0;
            }
    CHECK(dominated == 0);

    const negsim::Negotiation n(s, p);
    negsim::AgentValues d{}, w{};
    for (std::size_t i = 0; i < m.size(); ++i) d[i] = p.reservation[i], w[i] = 1.0;
    const negsim::Solution nash = negsim::nash_solution(n, d, w);
    REQUIRE(nash.exists);
    for (std::size_t i = 0; i < m.size(); ++i) CHECK(nash.x[i] == levels);
}

TEST_CASE("A contributor whose line stays at none need not sign, and one whose line is not none must", "[contributions]") {
    // A beneficiary (signatory) and two members who could give; m0 gains from giving (m > 1). Member m1 asks for more than any package gives it
    // (a reservation of 0.95 on its other business), so it accepts nothing. As a "member" it is bound only by a line
    // of its own: the deal goes ahead with m0 giving and m1 at "0". Required by the rule (a "signatory"), it vetoes.
    nlohmann::json j = public_goods({1.2, 0.9}, 2);
    j["agents"][1]["reservation"] = 0.95;
    j["agents"][0]["role"] = "member";
    j["agents"][1]["role"] = "member";
    j["agents"].push_back({{"id", "ben"}, {"name", "Beneficiary"}, {"role", "signatory"}, {"power", 1},
                           {"ideal", {{"total", 4}}}, {"weights", {{"total", 1}}}, {"reservation", 0}, {"strategy", {{"type", "linear"}}}});
    const negsim::Scenario s = scenario_from(j);
    const negsim::Parameters p = negsim::nominal_parameters(s);
    const negsim::Outcome bound = negsim::negotiate(s, p);
    REQUIRE(bound.agreed);
    CHECK(bound.package[1] == 0.0);
    CHECK(bound.package[0] > 0.0);
    CHECK(negsim::utility(s, p, 1, bound.package) < p.reservation[1]);

    // Add a term (0 to 10) that m1 wants at 0 and the others at 10. A proposer whose best offer leaves m1 short leaves
    // m1 out (its line at "0") instead of buying it with the term: the deal keeps the term near 10. (Offers built for
    // m1's consent found none: the deal came in round 29 from m1's own offer, at term 0.)
    nlohmann::json termed = j;
    termed["issues"].push_back({{"id", "term"}, {"label", "Term"}, {"unit", "years"}, {"min", 0}, {"max", 10}});
    for (std::size_t i = 0; i < 3; ++i) {
        termed["agents"][i]["ideal"]["term"] = i == 1 ? 0 : 10;
        termed["agents"][i]["weights"]["term"] = 4.0;
    }
    const negsim::Scenario with_term = scenario_from(termed);
    const negsim::Outcome left_out = negsim::negotiate(with_term, negsim::nominal_parameters(with_term));
    REQUIRE(left_out.agreed);
    CHECK(left_out.package[1] == 0.0);
    CHECK(left_out.package[2] > 8.0);
    CHECK(left_out.rounds < 20);
    // The same under the stacked protocol, where every party otherwise accepts the standing offer in turn: m1 lets pass
    // an offer that gives it no line (without that, no deal at all).
    termed["protocol"] = {{"type", "stacked-alternating"}, {"rounds", 30}};
    const negsim::Scenario in_turn = scenario_from(termed);
    const negsim::Outcome stacked = negsim::negotiate(in_turn, negsim::nominal_parameters(in_turn));
    REQUIRE(stacked.agreed);
    CHECK(stacked.package[1] == 0.0);
    CHECK(stacked.package[2] > 8.0);

    j["agents"][1]["role"] = "signatory";
    const negsim::Scenario vetoed = scenario_from(j);
    CHECK_FALSE(negsim::negotiate(vetoed, negsim::nominal_parameters(vetoed)).agreed);
}

TEST_CASE("coalition-35 runs, and its contribution outputs are those of samples.csv", "[contributions][cli]") {
    // 36 agents and 36 issues, 34 of them contributions: contributions.csv and aggregates.csv recomputed from the
    // sample rows (who gives a line in each deal, the force each deal adds up to), and the terminal's table.
    namespace fs = std::filesystem;
    const fs::path dir = negsim::test::scratch_dir("coalition35");
    const auto run = negsim::test::negsim_cli("run " + negsim::test::source_path("scenarios/coalition-35.json") + " --samples 24 --threads 2 --out " + dir.string(), dir);
    REQUIRE(run.exit_code == 0);
    CHECK_THAT(run.out, Catch::Contains("Contributors, by expected contribution (thousand troops):"));
    const negsim::Scenario s = negsim::load_scenario(negsim::test::source_path("scenarios/coalition-35.json"));
    const auto samples = negsim::test::csv_rows(negsim::read_file((dir / "samples.csv").string()));
    const auto contributions = negsim::test::csv_rows(negsim::read_file((dir / "contributions.csv").string()));
    const auto aggregates = negsim::test::csv_rows(negsim::read_file((dir / "aggregates.csv").string()));
    REQUIRE(samples.size() == 25);
    REQUIRE(contributions.size() == 35);
    REQUIRE(aggregates.size() == 4);
    const auto column = [&](const std::string& name) {
        const auto& header = samples[0];
        return static_cast<std::size_t>(std::find(header.begin(), header.end(), name) - header.begin());
    };
    const negsim::Aggregate& force = s.contributions.aggregates[0];
    REQUIRE(force.id == "force");
    double force_sum = 0.0;
    int deals = 0;
    for (std::size_t r = 1; r < samples.size(); ++r) {
        if (samples[r][column("agreed")] != "1") continue;
        ++deals;
        negsim::Package x{};
        for (std::size_t k = 0; k < s.issue_count(); ++k) {
            const negsim::Issue& issue = s.issues[k];
            const std::string& v = samples[r][column(issue.id)];
            x[k] = issue.discrete ? static_cast<double>(std::find(issue.options.begin(), issue.options.end(), v) - issue.options.begin()) : std::stod(v);
        }
        force_sum += negsim::aggregate_value(s, force, x);
    }
    REQUIRE(deals > 0);
    CHECK(std::stod(aggregates[1][3]) == Approx(force_sum / deals).epsilon(1e-12));
    CHECK(std::stoi(aggregates[1][2]) == deals);
    for (std::size_t row = 1; row < contributions.size(); ++row) {
        const std::string& issue = contributions[row][0];
        int gives = 0;
        for (std::size_t r = 1; r < samples.size(); ++r) gives += samples[r][column("agreed")] == "1" && samples[r][column(issue)] != "none" ? 1 : 0;
        INFO(issue);
        CHECK(std::stoi(contributions[row][2]) == gives);
    }
    // Past the enumerated combinations (a continuous issue is free): each sample's largest gap, and their summary.
    double largest = 0.0;
    int unbounded = 0;
    for (std::size_t r = 1; r < samples.size(); ++r) {
        const std::string& gap = samples[r][column("optimiser_gap")];
        if (gap == "inf") ++unbounded;
        else largest = std::max(largest, std::stod(gap));
    }
    const auto summary = nlohmann::json::parse(negsim::read_file((dir / "summary.json").string()));
    CHECK(summary["optimiser"]["largest_gap"].get<double>() == largest);
    CHECK(summary["optimiser"]["unbounded_samples"].get<int>() == unbounded);
    fs::remove_all(dir);
}

TEST_CASE("An aggregate that a contribution's lines leave unchanged adds nothing to that issue's value", "[contributions]") {
    // A member whose amounts are all 0 and an agent that values only the aggregate: its weight on that member's line is
    // 0, and its utility finite (a 0 / 0 would make it NaN).
    nlohmann::json j = public_goods({0.5, 0.5}, 2);
    j["aggregates"][0]["amounts"]["c_m1"] = {0, 0, 0};
    for (auto& agent : j["agents"]) agent["ideal"]["total"] = 2;
    j["agents"].push_back({{"id", "ben"}, {"name", "Beneficiary"}, {"role", "observer"}, {"power", 1}, {"ideal", {{"total", 2}}},
                           {"weights", {{"total", 1}}}, {"reservation", 0}, {"strategy", {{"type", "linear"}}}});
    const negsim::Scenario s = scenario_from(j);
    const negsim::Parameters p = negsim::nominal_parameters(s);
    CHECK(p.weight[2][1] == 0.0);
    const negsim::Package x = negsim::test::filled<negsim::Package>({1.0, 2.0});
    CHECK(negsim::utility(s, p, 2, x) == Approx(0.5).margin(1e-12));
}

TEST_CASE("Olson and Zeckhauser: the large carry more than their size in the voluntary equilibrium, and a private benefit evens it out", "[contributions][theory]") {
    // Olson & Zeckhauser (1966), "An economic theory of alliances": members of unequal size value a pure public good in
    // proportion to their size, pi_i = b s_i sum_j c_j - c_i; member i gives all it can when b s_i > 1 (its own
    // marginal return) and nothing otherwise, so the burden falls on the largest, beyond their share of size (the
    // exploitation of the great by the small). With a private benefit p from one's own contribution (joint products;
    // Sandler & Hartley 1995), pi_i = b s_i sum_j c_j - (1 - p) c_i: member i gives when b s_i > 1 - p, smaller members
    // join, and the largest member's burden share comes closer to its size share. The equilibrium lines are negsim's
    // (the status quo "equilibrium"); each draw's ratio is the largest member's burden share over its size share, and
    // the test compares the means with their 95% intervals (normal approximation over 400 draws).
    const auto mean_ratio = [](double p_private) {
        std::mt19937_64 rng(1966);
        std::lognormal_distribution<double> size(0.0, 0.8);
        double sum = 0.0, squares = 0.0;
        int draws = 0;
        for (int d = 0; d < 400; ++d) {
            std::vector<double> s(5);
            for (double& x : s) x = size(rng);
            const double largest = *std::max_element(s.begin(), s.end());
            double total_size = 0.0;
            for (double x : s) total_size += x;
            std::vector<double> m(s.size());
            for (std::size_t i = 0; i < s.size(); ++i) m[i] = 0.9 * s[i] / largest * 1.3;  // the largest's return is 1.17 > 1
            nlohmann::json j = public_goods(m, 2, "equilibrium");
            for (std::size_t i = 0; i < s.size(); ++i)
                j["agents"][i]["values"] = {{"c_m" + std::to_string(i), {{"0", 1.0}, {"1", 1.0 - (1.0 - p_private) / 2.0}, {"2", p_private}}}};
            const negsim::Scenario sc = scenario_from(j);
            const negsim::Parameters p = negsim::nominal_parameters(sc);
            double given = 0.0, by_largest = 0.0;
            for (std::size_t i = 0; i < s.size(); ++i) {
                given += p.ideal[i][i];
                if (s[i] == largest) by_largest = p.ideal[i][i];
            }
            REQUIRE(given > 0.0);  // the largest always gives
            const double ratio = (by_largest / given) / (largest / total_size);
            sum += ratio;
            squares += ratio * ratio;
            ++draws;
        }
        const double mean = sum / draws;
        const double se = std::sqrt((squares / draws - mean * mean) / draws);
        return std::pair<double, double>{mean, 1.96 * se};
    };
    const auto [pure, pure_half] = mean_ratio(0.0);
    const auto [joint, joint_half] = mean_ratio(0.6);
    CHECK(pure - pure_half > 1.0);  // exploitation of the great by the small
    CHECK(std::abs(joint - 1.0) + joint_half < std::abs(pure - 1.0) - pure_half);  // joint products even it out
    WARN("largest member's burden share / size share: pure public good " << pure << " +- " << pure_half << ", private share 0.6 " << joint << " +- " << joint_half);
}

TEST_CASE("The asymmetric two-member game's agreement lies on its frontier, where one member gives everything", "[contributions][theory]") {
    // Two members give continuous amounts c_1, c_2 in [0, E] (contributions of unit 1 per unit) and earn
    // pi_i = E - c_i + m_i (c_1 + c_2), with m_1 != m_2, each below 1 and m_1 + m_2 > 1. Frontier, derived: from a
    // package where both give less than E, raising c_1 by a and c_2 by b changes the payoffs by (m_1 - 1) a + m_1 b and
    // m_2 a + (m_2 - 1) b; both are positive for some a, b >= 0 exactly when (1 - m_1)(1 - m_2) < m_1 m_2, that is
    // m_1 + m_2 > 1. On c_1 = E, the only moves lower c_1 or raise c_2, and each lowers one payoff: (1 - m_1) a + m_1 b
    // for member 1 but -m_2 a + (m_2 - 1) b < 0 for member 2. So the Pareto frontier is {c_1 = E} u {c_2 = E}, and an
    // agreement under unanimity (individually rational and efficient) lies on it; so does the Nash solution.
    const double e = 4.0;
    for (const auto& [m1, m2] : {std::pair{0.7, 0.4}, std::pair{0.9, 0.2}, std::pair{0.55, 0.5}}) {
        nlohmann::json j = public_goods({m1, m2}, 1);
        for (std::size_t i = 0; i < 2; ++i) {
            const std::string id = "c_m" + std::to_string(i);
            j["issues"][i] = {{"id", id}, {"label", "Contribution"}, {"unit", "units"}, {"min", 0}, {"max", e}, {"contributor", "m" + std::to_string(i)}};
            j["aggregates"][0]["amounts"][id] = 1.0;
            j["agents"][i]["ideal"] = {{id, 0}, {"total", 2 * e}};
            j["agents"][i]["weights"] = {{id, 1.0}, {"total", 2.0 * (i == 0 ? m1 : m2)}};
        }
        const negsim::Scenario s = scenario_from(j);
        const negsim::Parameters p = negsim::nominal_parameters(s);
        for (int a = 0; a <= 4; ++a)  // the folded utility is the payoff, scaled
            for (int b = 0; b <= 4; ++b) {
                const negsim::Package x = negsim::test::filled<negsim::Package>({double(a), double(b)});
                CHECK(negsim::utility(s, p, 0, x) == Approx((e - a + m1 * (a + b)) / (e * (1.0 + 2.0 * m1))).margin(1e-12));
            }
        INFO("m = " << m1 << ", " << m2);
        const negsim::Outcome deal = negsim::negotiate(s, p);
        REQUIRE(deal.agreed);
        CHECK(std::max(deal.package[0], deal.package[1]) == Approx(e).margin(1e-6));
        for (std::size_t i = 0; i < 2; ++i) CHECK(negsim::utility(s, p, i, deal.package) >= p.reservation[i] - 1e-12);
        const negsim::Negotiation n(s, p);
        negsim::AgentValues d{}, w{};
        for (std::size_t i = 0; i < 2; ++i) d[i] = p.reservation[i], w[i] = 1.0;
        const negsim::Solution nash = negsim::nash_solution(n, d, w);
        REQUIRE(nash.exists);
        CHECK(std::max(nash.x[0], nash.x[1]) == Approx(e).margin(1e-6));
    }
}

TEST_CASE("Conditional pledges at the coalition's size: a line on the US backstop and on a named ally, as requires constraints", "[contributions]") {
    // "We deploy if the US backs us", "only if Italy commits too": conditions on an issue and on another guarantor's
    // line are `requires` constraints, which split the package space into regions. Every deal keeps them. Without the
    // second, Germany deploys troops with Italy below air and maritime in 5 of these 12 samples (seed 11), so the
    // constraint bites.
    nlohmann::json j = negsim::test::load_json("scenarios/coalition-35.json");
    j["constraints"] = {{{"type", "requires"}, {"if", {{"issue", "line_united_kingdom"}, {"at_least", "troops"}}}, {"then", {{"issue", "us_backstop"}, {"at_least", "treaty"}}}},
                        {{"type", "requires"}, {"if", {{"issue", "line_germany"}, {"at_least", "troops"}}}, {"then", {{"issue", "line_italy"}, {"at_least", "air_maritime"}}}}};
    const negsim::Scenario s = scenario_from(j);
    CHECK(s.regions.size() == 4);
    const auto index = [&](const std::string& id) {
        return static_cast<std::size_t>(std::find_if(s.issues.begin(), s.issues.end(), [&](const negsim::Issue& i) { return i.id == id; }) - s.issues.begin());
    };
    const std::size_t uk = index("line_united_kingdom"), germany = index("line_germany"), italy = index("line_italy"), backstop = index("us_backstop");
    int deals = 0, germany_troops = 0;
    negsim::Parameters p;
    for (std::uint64_t k = 0; k < 12; ++k) {
        negsim::sample_parameters(s, 11, k, p);
        const negsim::Outcome o = negsim::negotiate(s, p);
        if (!o.agreed) continue;
        ++deals;
        INFO("sample " << k);
        if (o.package[uk] >= 4.0) CHECK(o.package[backstop] >= 4.0);
        if (o.package[germany] >= 4.0) {
            ++germany_troops;
            CHECK(o.package[italy] >= 3.0);
        }
    }
    CHECK(deals >= 8);
    CHECK(germany_troops >= 1);  // the condition was met, not only avoided
}
