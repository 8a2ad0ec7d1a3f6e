// Closed-form results of bargaining theory that the engine must reproduce, and the protocol's random stages.
#include "runner/monte_carlo.hpp"
#include "model/continuation.hpp"
#include "model/parameters.hpp"
#include "engine/protocol.hpp"
#include "engine/strategy.hpp"
#include "random/random_stream.hpp"
#include "random/sampling.hpp"
#include "model/tolerance.hpp"
#include "test_support.hpp"
#include "model/utility.hpp"

#include <catch2/catch.hpp>

#include <cmath>
#include <numeric>

using namespace negsim;
using nlohmann::json;

namespace {

Outcome run_nominal(const json& j) {
    const Scenario s = test::scenario_from(j);
    return negotiate(s, nominal_parameters(s));
}

json with_strategies(json j, const json& a, const json& b) {
    j["agents"][0]["strategy"] = a;
    j["agents"][1]["strategy"] = b;
    return j;
}

}  // namespace

TEST_CASE("Rubinstein: agreement in round 1 with the proposer's share (1 - d2) / (1 - d1 d2)", "[theory]") {
    const std::pair<double, double> discounts[] = {{0.9, 0.9}, {0.8, 0.95}, {0.5, 0.6}, {0.99, 0.7}, {0.3, 0.999}};
    for (const auto& [d1, d2] : discounts) {
        INFO("d1=" << d1 << " d2=" << d2);
        json j = with_strategies(test::two_party(0.0, 0.0, 50), {{"type", "rubinstein"}}, {{"type", "rubinstein"}});
        j["agents"][0]["discount"] = d1;
        j["agents"][1]["discount"] = d2;
        const Outcome o = run_nominal(j);
        REQUIRE(o.agreed);
        CHECK(o.rounds == 1);
        CHECK(o.proposer == 0);
        CHECK(o.package[0] == Approx((1 - d2) / (1 - d1 * d2)).epsilon(0).margin(1e-9));
        CHECK(o.utility[1] == Approx(d2 * (1 - d1) / (1 - d1 * d2)).epsilon(0).margin(1e-9));
    }
}

TEST_CASE("Zeuthen's risk strategy ends at the Nash bargaining solution within the step size", "[theory]") {
    struct Case { double ra, rb; bool quadratic_a; };
    for (const Case c : {Case{0.2, 0.1, false}, Case{0.0, 0.3, false}, Case{0.1, 0.1, true}, Case{0.3, 0.0, true}}) {
        INFO("ra=" << c.ra << " rb=" << c.rb << " quadratic_a=" << c.quadratic_a);
        const double step = 0.005;
        json j = with_strategies(test::two_party(c.ra, c.rb, 2000), {{"type", "zeuthen"}, {"step", step}}, {{"type", "zeuthen"}, {"step", step}});
        if (c.quadratic_a) j["agents"][0]["values"] = {{"share", "quadratic"}};
        const Scenario s = test::scenario_from(j);
        const Parameters p = nominal_parameters(s);
        const Outcome o = negotiate(s, p);
        REQUIRE(o.agreed);
        // The Nash solution maximises (u_a - ra)(u_b - rb) over x in [0, 1]: found here on a fine grid.
        double nash_x = 0.0, best = -1.0;
        for (int g = 0; g <= 1000000; ++g) {
            Package x{};
            x[0] = g / 1e6;
            const double product = (utility(s, p, 0, x) - c.ra) * (utility(s, p, 1, x) - c.rb);
            if (product > best) {
                best = product;
                nash_x = x[0];
            }
        }
        Package at{};
        at[0] = nash_x;
        CHECK(std::abs(o.utility[0] - utility(s, p, 0, at)) <= 2 * step);
        CHECK(std::abs(o.utility[1] - utility(s, p, 1, at)) <= 2 * step);
    }
}

TEST_CASE("two symmetric linear concessors end at the symmetric split", "[theory]") {
    for (int rounds : {11, 51, 100, 101}) {
        INFO("T=" << rounds);
        const Outcome o = run_nominal(test::two_party(0.0, 0.0, rounds));
        REQUIRE(o.agreed);
        // The proposer's edge is at most one round's concession, 1 / (T - 1).
        CHECK(std::abs(o.package[0] - 0.5) <= 1.0 / (rounds - 1) + 1e-12);
    }
    CHECK(run_nominal(test::two_party(0.0, 0.0, 101)).package[0] == Approx(0.5).epsilon(0).margin(1e-12));
}

TEST_CASE("a hardliner gets everything from a conceder and nothing from a hardliner", "[theory]") {
    const Outcome vs_linear = run_nominal(with_strategies(test::two_party(0.0, 0.0, 10), {{"type", "hardliner"}}, {{"type", "linear"}}));
    REQUIRE(vs_linear.agreed);
    CHECK(vs_linear.package[0] == Approx(1.0).epsilon(0).margin(1e-12));
    CHECK(vs_linear.rounds == 9);  // B accepts 0 once its next demand, a_B(9) = 0, is 0: in round t = 8, A's turn
    const Outcome stalemate = run_nominal(with_strategies(test::two_party(0.0, 0.0, 10), {{"type", "hardliner"}}, {{"type", "hardliner"}}));
    CHECK_FALSE(stalemate.agreed);
    CHECK(stalemate.end == End::deadline);
}

TEST_CASE("tit-for-tat concedes only when the other side does", "[theory]") {
    // A tit-for-tat agent (a, ideal share 1) against a linear conceder (b, r = 0, T = 20). b proposes in odd rounds t
    // and keeps its aspiration 1 - t/19: its offers are worth u_a = t/19 to a. Relative tit-for-tat (Faratin, Sierra &
    // Jennings 1998; docs/protocols.md, "Strategies") shrinks a's room above r_a by (1 - u_a(latest)) / (1 - u_a(previous))
    // once per new offer, from the second on; the product telescopes, so in rounds 2m and 2m + 1, after b's offers up
    // to round 2m - 1,
    //     a_a(t) = r_a + (1 - r_a) (1 - (2m - 1)/19) / (1 - 1/19) = r_a + (1 - r_a) (20 - 2m) / 18   (m >= 1), 1 before.
    // a mirrors b exactly: it moves only after b moved, and by as much as b moved relative to b's first offer.
    const json tft = {{"type", "tit-for-tat"}};
    const auto mirrored = [](double r, int t) {
        const int m = t / 2;
        return m == 0 ? 1.0 : r + (1.0 - r) * (20.0 - 2.0 * m) / 18.0;
    };
    for (const double r : {0.0, 0.2}) {
        INFO("r_a = " << r);
        const Scenario against_linear = test::scenario_from(with_strategies(test::two_party(r, 0.0, 20), tft, {{"type", "linear"}}));
        std::vector<TraceRow> rows;
        const Outcome deal = negotiate_traced(against_linear, nominal_parameters(against_linear), rows);
        REQUIRE(deal.agreed);
        for (const TraceRow& row : rows) {
            const int t = row.round - 1;
            INFO("round t = " << t << ", agent " << row.agent);
            if (row.agent == 0) CHECK(row.aspiration == Approx(mirrored(r, t)).epsilon(0).margin(1e-12));
            if (t % 2 == 1) CHECK(row.offer[0] == Approx(t / 19.0).epsilon(0).margin(1e-12));  // b's concession, as scheduled
        }
        if (r == 0.0) {
            // a proposes x = a_a(t) in even rounds; b accepts when 1 - x >= 1 - (t + 1)/19, its next demand:
            // (20 - t)/18 <= (t + 1)/19 first at t = 10, before a would accept b's offer (t/19 >= (21 - t)/18 at t = 11).
            CHECK(deal.rounds == 11);
            CHECK(deal.proposer == 0);
            CHECK(deal.package[0] == Approx(5.0 / 9.0).epsilon(0).margin(1e-12));
        }
    }

    // Against a hardliner, who offers a nothing in every round (u_a = 0 each time, a factor of 1), a never moves.
    const Scenario against_hardliner = test::scenario_from(with_strategies(test::two_party(0.0, 0.0, 20), tft, {{"type", "hardliner"}}));
    std::vector<TraceRow> rows;
    const Outcome stalemate = negotiate_traced(against_hardliner, nominal_parameters(against_hardliner), rows);
    CHECK_FALSE(stalemate.agreed);
    CHECK(stalemate.rounds == 20);
    for (const TraceRow& row : rows)
        if (row.agent == 0) CHECK(row.aspiration == 1.0);
}

TEST_CASE("a deal in round t is worth discount^t of its utility", "[theory]") {
    json j = test::two_party(0.0, 0.0, 10);
    j["agents"][0]["discount"] = 0.9;
    const Outcome o = run_nominal(j);
    REQUIRE(o.agreed);
    CHECK(o.utility[0] == Approx(std::pow(0.9, o.rounds - 1) * o.package[0]).epsilon(0).margin(1e-12));
    CHECK(o.utility[1] == Approx(1.0 - o.package[0]).epsilon(0).margin(1e-12));
}

TEST_CASE("breakdown and ratification happen at their probabilities", "[theory]") {
    // No zone of agreement, 5 rounds, breakdown 0.3 after each of the first 4: P(breakdown) = 1 - 0.7^4.
    json j = test::two_party(0.6, 0.55, 5);
    j["protocol"]["breakdown"] = 0.3;
    const Scenario no_zone = test::scenario_from(j);
    const int n = 6000;
    int breakdowns = 0;
    for (int k = 0; k < n; ++k) breakdowns += simulate_sample(no_zone, 3, static_cast<std::uint64_t>(k)).end == End::breakdown ? 1 : 0;
    const double expected = 1.0 - std::pow(0.7, 4);
    CHECK(std::abs(breakdowns / double(n) - expected) < 4.0 * std::sqrt(expected * (1 - expected) / n));

    // A sure deal, each side ratifying with probability 0.8: P(ratified) = 0.64.
    json r = test::two_party(0.0, 0.0, 10);
    r["agents"][0]["ratification"] = 0.8;
    r["agents"][1]["ratification"] = 0.8;
    const Scenario ratify = test::scenario_from(r);
    int ratified = 0;
    for (int k = 0; k < n; ++k) {
        const Outcome o = simulate_sample(ratify, 3, static_cast<std::uint64_t>(k));
        ratified += o.agreed ? 1 : 0;
        if (!o.agreed) {
            CHECK(o.end == End::not_ratified);
            CHECK(o.blocker >= 0);
        }
    }
    CHECK(std::abs(ratified / double(n) - 0.64) < 4.0 * std::sqrt(0.64 * 0.36 / n));
}

TEST_CASE("with discounting no agent is recorded below its reservation value", "[theory]") {
    for (int rounds : {10, 30}) {
        json j = test::two_party(0.3, 0.0, rounds);
        j["agents"][0]["discount"] = 0.8;
        const Outcome o = run_nominal(j);
        INFO("T=" << rounds);
        if (o.agreed) CHECK(o.utility[0] >= 0.3 - 1e-12);
        else CHECK(o.utility[0] == 0.3);
    }
}

TEST_CASE("a single round: both concede to their reservations at once", "[theory]") {
    const Outcome o = run_nominal(test::two_party(0.3, 0.2, 1));
    REQUIRE(o.agreed);
    CHECK(o.rounds == 1);
    // T = 1: every aspiration is already the reservation value; A proposes, keeps 0.3 and B accepts 0.7 >= 0.2.
    CHECK(o.package[0] == Approx(0.3).epsilon(0).margin(1e-12));
    CHECK_FALSE(run_nominal(test::two_party(0.6, 0.5, 1)).agreed);
}

TEST_CASE("only agents whose consent is required ratify", "[theory]") {
    json j = test::two_party(0.0, 0.0, 10);
    json observer = j["agents"][1];
    observer["id"] = "c";
    observer["role"] = "observer";
    observer["ratification"] = 0.0;
    j["agents"].push_back(observer);
    j["protocol"]["order"] = {"a", "b"};
    const Outcome o = run_nominal(j);
    CHECK(o.agreed);
    CHECK(o.end == End::deal);
}

namespace {

// n members dividing a unit (one share issue each, summing to at most 1), all with strategy baron-ferejohn,
// equal recognition, common discount d, quorum q.
json division(int n, int q, double d) {
    json j = test::load_json("tests/data/two-party.json");
    j["issues"] = json::array();
    j["agents"] = json::array();
    json shares = json::array();
    for (int i = 0; i < n; ++i) {
        const std::string id = std::string("p").append(std::to_string(i));
        j["issues"].push_back({{"id", "share_" + id}, {"label", "Share of " + id}, {"unit", "fraction"}, {"min", 0}, {"max", 1}});
        shares.push_back("share_" + id);
    }
    for (int i = 0; i < n; ++i) {
        const std::string id = std::string("p").append(std::to_string(i));
        json agent = {{"id", id}, {"name", id}, {"role", "member"}, {"power", 1}, {"reservation", 0}, {"discount", d},
                      {"strategy", {{"type", "baron-ferejohn"}}}};
        for (int k = 0; k < n; ++k) {
            const std::string issue = "share_p" + std::to_string(k);
            agent["ideal"][issue] = k == i ? 1 : 0;
            agent["weights"][issue] = k == i ? 1 : 0;
        }
        j["agents"].push_back(agent);
    }
    j["constraints"] = {{{"type", "budget"}, {"issues", shares}, {"max", 1}}};
    j["protocol"] = {{"type", "random-proposer"}, {"rounds", 100}, {"decision_rule", {{"must_accept", json::array()}, {"quorum", q}}}};
    return j;
}

}  // namespace

TEST_CASE("Baron-Ferejohn: the proposer keeps 1 - d(q-1)/n and buys q-1 others at d/n", "[theory]") {
    for (const int n : {3, 5, 7}) {
        const int q = (n + 1) / 2;
        const double d = 0.9;
        INFO("n=" << n << " q=" << q);
        const Scenario s = test::scenario_from(division(n, q, d));
        for (std::uint64_t sample = 0; sample < 5; ++sample) {
            const Outcome o = simulate_sample(s, 1, sample);
            REQUIRE(o.agreed);
            CHECK(o.rounds == 1);
            CHECK(o.package[o.proposer] == Approx(1.0 - d * (q - 1) / n).epsilon(0).margin(1e-9));
            int bought = 0, left_out = 0;
            for (int i = 0; i < n; ++i) {
                if (static_cast<std::size_t>(i) == o.proposer) continue;
                const double share = o.package[static_cast<std::size_t>(i)];
                if (std::abs(share - d / n) < 1e-9) ++bought;
                else if (std::abs(share) < 1e-9) ++left_out;
            }
            CHECK(bought == q - 1);
            CHECK(left_out == n - q);
        }
    }
}

TEST_CASE("offers never break a hard constraint", "[theory]") {
    // Three parties on a force size and a backstop level; "force above 0 requires backstop at least 'air'".
    json j = test::load_json("tests/data/two-party.json");
    j["issues"] = {{{"id", "force"}, {"label", "Force"}, {"unit", "k"}, {"min", 0}, {"max", 60}},
                   {{"id", "backstop"}, {"label", "Backstop"}, {"unit", "level"}, {"options", {"none", "political", "air", "treaty"}}}};
    j["agents"][0]["ideal"] = {{"force", 40}, {"backstop", "political"}};
    j["agents"][0]["weights"] = {{"force", 0.7}, {"backstop", 0.3}};
    j["agents"][1]["ideal"] = {{"force", 10}, {"backstop", "none"}};
    j["agents"][1]["weights"] = {{"force", 0.4}, {"backstop", 0.6}};
    j["constraints"] = {{{"type", "requires"}, {"if", {{"issue", "force"}, {"above", 0}}}, {"then", {{"issue", "backstop"}, {"at_least", "air"}}}}};
    j["monte_carlo"]["uncertainty"] = {{"agents", {{"a", {{"weights", {{"distribution", "dirichlet"}, {"concentration", 5}}}}},
                                                   {"b", {{"weights", {{"distribution", "dirichlet"}, {"concentration", 5}}}}}}}};
    for (const char* type : {"alternating", "random-proposer", "mediator"}) {
        INFO(type);
        j["protocol"]["type"] = type;
        const Scenario s = test::scenario_from(j);
        REQUIRE(s.regions.size() == 2);
        Parameters p;
        std::vector<TraceRow> rows;
        int deals = 0;
        for (std::uint64_t k = 0; k < 100; ++k) {
            sample_parameters(s, 5, k, p);
            rows.clear();
            deals += negotiate_traced(s, p, rows).agreed ? 1 : 0;
            for (const TraceRow& row : rows) REQUIRE((row.offer[0] <= 0.0 || row.offer[1] >= 2.0));
        }
        CHECK(deals > 0);
    }
}

namespace {

// n voters (no required agent) dividing a unit by quorum q, with the given recognition and discount factors.
CoalitionGame quorum_game(std::vector<double> p, std::vector<double> d, std::size_t q) {
    CoalitionGame g;
    g.agents = p.size();
    for (std::size_t i = 0; i < p.size(); ++i) {
        g.recognition[i] = p[i];
        g.discount[i] = d[i];
        g.voters[i] = true;
    }
    g.quorum = q;
    return g;
}

}  // namespace

TEST_CASE("Baron-Ferejohn continuation values: closed forms for unanimity, symmetry and a common price", "[theory]") {
    // Unanimity: v_i = p_i (1 - S) + d_i v_i with S = sum_j d_j v_j and sum_i v_i = 1 give
    // v_i = (p_i / (1 - d_i)) / sum_j p_j / (1 - d_j) (docs/protocols.md); with a common d, v_i = p_i.
    const std::vector<double> p = {0.5, 0.3, 0.2};
    for (const std::vector<double>& d : {std::vector<double>{0.9, 0.9, 0.9}, {0.95, 0.5, 0.5}, {0.99, 0.8, 0.3}, {1.0, 1.0, 1.0}}) {
        for (const bool required : {false, true}) {
            INFO("d=" << d[0] << "," << d[1] << "," << d[2] << " unanimity by " << (required ? "required roles" : "quorum 3"));
            CoalitionGame g = quorum_game(p, d, required ? 0 : 3);
            if (required) g.required = g.voters;
            const ContinuationValues v = stationary_values(g);
            CHECK(v.residual <= tolerance::kEquilibrium);
            double total = 0.0;
            for (std::size_t i = 0; i < 3; ++i) total += d[i] < 1.0 ? p[i] / (1 - d[i]) : p[i];  // d = 1 for all: the common-rate limit
            for (std::size_t i = 0; i < 3; ++i) CHECK(v.value[i] == Approx((d[i] < 1.0 ? p[i] / (1 - d[i]) : p[i]) / total).epsilon(0).margin(1e-12));
        }
    }
    // Equal recognition and a common discount: v_i = 1/n for every quorum (symmetry and efficiency).
    for (std::size_t q = 1; q <= 5; ++q) {
        const ContinuationValues v = stationary_values(quorum_game({0.2, 0.2, 0.2, 0.2, 0.2}, {0.8, 0.8, 0.8, 0.8, 0.8}, q));
        CHECK(v.residual <= tolerance::kEquilibrium);
        for (std::size_t i = 0; i < 5; ++i) CHECK(v.value[i] == Approx(0.2).epsilon(0).margin(1e-12));
    }
    // Majority with similar discounts: everyone is priced alike, d_i v_i = c, so v_i = (1/d_i) / sum_j 1/d_j
    // (Kawamori 2005, Economics Bulletin 3(43)); here n = 3, q = 2, equal recognition.
    const std::vector<double> similar = {0.9, 0.9, 0.89};
    const ContinuationValues v = stationary_values(quorum_game({1.0 / 3, 1.0 / 3, 1.0 / 3}, similar, 2));
    CHECK(v.residual <= tolerance::kEquilibrium);
    const double harmonic = 1 / 0.9 + 1 / 0.9 + 1 / 0.89;
    for (std::size_t i = 0; i < 3; ++i) CHECK(v.value[i] == Approx(1 / similar[i] / harmonic).epsilon(0).margin(1e-12));
}

TEST_CASE("Baron-Ferejohn continuation values: a majority game with an impatient member, derived by hand", "[theory]") {
    // n = 3, q = 2, p_i = 1/3, d = (d, d, e) with e well below d. The impatient member 2 is the cheapest vote: members 0
    // and 1 always buy it; it buys 0 or 1 (mixing 1/2 each). With v_0 = v_1 = v and v_2 = 1 - 2v:
    //   v_2 = (1/3)(1 - d v) + (2/3) e v_2   =>   v = 2(1 - e) / (6 - 4e - d)
    // and the structure holds when e v_2 < d v (d = 0.9, e = 0.5: v = 1/3.1, e v_2 = 0.177 < d v = 0.290).
    const double d = 0.9, e = 0.5;
    const ContinuationValues v = stationary_values(quorum_game({1.0 / 3, 1.0 / 3, 1.0 / 3}, {d, d, e}, 2));
    CHECK(v.residual <= tolerance::kEquilibrium);
    const double v0 = 2 * (1 - e) / (6 - 4 * e - d);
    CHECK(v.value[0] == Approx(v0).epsilon(0).margin(1e-12));
    CHECK(v.value[1] == Approx(v0).epsilon(0).margin(1e-12));
    CHECK(v.value[2] == Approx(1 - 2 * v0).epsilon(0).margin(1e-12));
}

TEST_CASE("Baron-Ferejohn continuation values meet every equilibrium condition on random games", "[theory]") {
    // Required agents, pool voters and observers, recognition and discounts (some exactly 1) at random: the solver
    // must find a structure whose residual (docs/protocols.md) is within tolerance, and the values share the unit.
    RandomStream rng(11, 0, 0);
    int checked = 0;
    for (int trial = 0; trial < 4000; ++trial) {
        CoalitionGame g;
        g.agents = 2 + static_cast<std::size_t>(rng.uniform() * 8);
        double total = 0.0;
        std::size_t voters = 0;
        for (std::size_t i = 0; i < g.agents; ++i) {
            g.recognition[i] = rng.uniform() < 0.1 ? 0.0 : rng.uniform();
            const double kind = rng.uniform();
            g.discount[i] = kind < 0.15 ? 1.0 : kind < 0.5 ? 0.8 + 0.2 * rng.uniform() : kind < 0.6 ? 0.9 : 0.05 + 0.95 * rng.uniform();
            const double role = rng.uniform();
            g.required[i] = role < 0.2;
            g.voters[i] = role < 0.85;
            voters += g.voters[i] ? 1 : 0;
        }
        if (voters == 0) continue;
        g.recognition[0] += 0.01;
        for (std::size_t i = 0; i < g.agents; ++i) total += g.recognition[i];
        for (std::size_t i = 0; i < g.agents; ++i) g.recognition[i] /= total;
        g.quorum = static_cast<std::size_t>(rng.uniform() * static_cast<double>(voters + 1));
        const ContinuationValues v = stationary_values(g);
        INFO("trial " << trial);
        REQUIRE(v.residual <= tolerance::kEquilibrium);
        double sum = 0.0;
        for (std::size_t i = 0; i < g.agents; ++i) {
            CHECK(v.value[i] >= 0.0);
            sum += v.value[i];
        }
        CHECK(sum == Approx(1.0).epsilon(0).margin(1e-9));
        ++checked;
    }
    CHECK(checked > 3000);
}

TEST_CASE("Baron-Ferejohn with unequal discount factors: the proposer buys votes at d_j v_j of the stationary values", "[theory]") {
    // Unanimity among three members (quorum 3), equal recognition, d = (0.95, 0.5, 0.5): v = (20, 2, 2) / 24, so a
    // proposer pays d_j v_j to each other member. v_i = p_i would price them at d_j / 3 and shift 0.25 of the surplus.
    json j = division(3, 3, 0.9);
    const std::vector<double> d = {0.95, 0.5, 0.5};
    for (std::size_t i = 0; i < 3; ++i) j["agents"][i]["discount"] = d[i];
    const Scenario s = test::scenario_from(j);
    const double v[] = {20.0 / 24, 2.0 / 24, 2.0 / 24};
    for (std::uint64_t sample = 0; sample < 12; ++sample) {
        const Outcome o = simulate_sample(s, 1, sample);
        REQUIRE(o.agreed);
        CHECK(o.rounds == 1);
        for (std::size_t i = 0; i < 3; ++i) {
            const double expected = i == o.proposer ? 1.0 - (d[0] * v[0] + d[1] * v[1] + d[2] * v[2] - d[i] * v[i]) : d[i] * v[i];
            CHECK(o.package[i] == Approx(expected).epsilon(0).margin(1e-9));
        }
    }
    // Majority (quorum 2) with an impatient member, the hand-derived case above: members 0 and 1 buy member 2 at
    // e v_2; member 2 buys member 0 (the first of two equally cheap votes) at d v_0.
    json m = division(3, 2, 0.9);
    m["agents"][2]["discount"] = 0.5;
    const Scenario majority = test::scenario_from(m);
    const double v0 = 2 * (1 - 0.5) / (6 - 4 * 0.5 - 0.9), v2 = 1 - 2 * v0;
    for (std::uint64_t sample = 0; sample < 12; ++sample) {
        const Outcome o = simulate_sample(majority, 1, sample);
        REQUIRE(o.agreed);
        if (o.proposer == 2) {
            CHECK(o.package[2] == Approx(1 - 0.9 * v0).epsilon(0).margin(1e-9));
            CHECK(o.package[0] == Approx(0.9 * v0).epsilon(0).margin(1e-9));
        } else {
            CHECK(o.package[o.proposer] == Approx(1 - 0.5 * v2).epsilon(0).margin(1e-9));
            CHECK(o.package[2] == Approx(0.5 * v2).epsilon(0).margin(1e-9));
        }
    }
}

TEST_CASE("Baron-Ferejohn continuation values follow each sample's drawn discount factors", "[theory]") {
    json j = division(3, 2, 0.9);
    j["monte_carlo"]["uncertainty"] = {{"agents", {{"p0", {{"discount", {{"distribution", "uniform"}, {"min", 0.3}, {"max", 0.99}}}}}}}};
    const Scenario s = test::scenario_from(j);
    Parameters p;
    for (std::uint64_t sample = 0; sample < 20; ++sample) {
        sample_parameters(s, 4, sample, p);
        CoalitionGame g = quorum_game({1.0 / 3, 1.0 / 3, 1.0 / 3}, {p.discount[0], p.discount[1], p.discount[2]}, 2);
        const ContinuationValues expected = stationary_values(g);
        for (std::size_t i = 0; i < 3; ++i) CHECK(p.continuation[i] == expected.value[i]);
        CHECK(p.continuation_residual <= tolerance::kEquilibrium);
    }
}

TEST_CASE("Rubinstein with both agents undiscounted by a shock takes the limit: an equal split", "[theory][degenerate]") {
    // The loader requires a discount below 1 for one of them; a shock can set both to 1, where (1 - d_j) / (1 - d_i d_j)
    // is 0/0. The limit at a common rate, d_i = d_j -> 1, is 1/(1 + d) -> 1/2.
    json j = with_strategies(test::two_party(0.0, 0.0, 20), {{"type", "rubinstein"}}, {{"type", "rubinstein"}});
    j["agents"][0]["discount"] = 0.9;
    j["agents"][1]["discount"] = 0.8;
    j["monte_carlo"]["uncertainty"] = {{"shocks", {{{"id", "patience"}, {"probability", 1},
                                                    {"effects", {{{"parameter", "a/discount"}, {"set", 1}}, {{"parameter", "b/discount"}, {"add", 0.5}}}}}}}};
    const Scenario s = test::scenario_from(j);
    Parameters p;
    sample_parameters(s, 1, 0, p);
    REQUIRE(p.discount[0] == 1.0);
    REQUIRE(p.discount[1] == 1.0);
    const Outcome o = negotiate(s, p);
    REQUIRE(o.agreed);
    CHECK(o.rounds == 1);
    CHECK(o.package[0] == Approx(0.5).epsilon(0).margin(1e-12));
    // Continuity: near the limit the closed form approaches 1/2, and one undiscounted agent takes everything it proposes.
    CHECK(rubinstein_share(1 - 1e-9, 1 - 1e-9) == Approx(0.5).epsilon(0).margin(1e-9));
    CHECK(rubinstein_share(1.0, 0.9) == 1.0);
    CHECK(rubinstein_share(0.9, 1.0) == 0.0);
    // r_j / (r_i + r_j) with r = 1 - d: the doubles nearest 1 - 1e-12 and 1 - 3e-12 are 1.00009e-12 and 3.00004e-12
    // below 1 (1 - d is exact for them), so the limit is 0.750007, not 3/4.
    const double di = 1 - 1e-12, dj = 1 - 3e-12, ri = 1 - di, rj = 1 - dj;
    CHECK(rubinstein_share(di, dj) == Approx(rj / (ri + rj)).epsilon(0).margin(1e-9));
}

TEST_CASE("walking away stays finite when discount^t underflows", "[theory][degenerate]") {
    // 0.5^t is 0 from t = 1075: r / 0.5^t was +inf (r > 0) or 0/0 (r = 0). Thresholds must stay finite numbers.
    for (const double r : {0.3, 0.0}) {
        INFO("r=" << r);
        json j = with_strategies(test::two_party(r, 0.0, 1100), {{"type", "linear"}}, {{"type", "hardliner"}});
        j["agents"][0]["discount"] = 0.5;
        const Scenario s = test::scenario_from(j);
        std::vector<TraceRow> rows;
        const Outcome o = negotiate_traced(s, nominal_parameters(s), rows);
        REQUIRE(rows.size() == 2 * 1100);
        for (const TraceRow& row : rows) {
            REQUIRE(std::isfinite(row.threshold));
            REQUIRE(std::isfinite(row.aspiration));
            if (row.agent == 0 && row.round > 1076 && r > 0) CHECK(row.threshold == 2.0);  // utility_ceiling: nothing beats walking away
        }
        for (std::size_t i = 0; i < 2; ++i) CHECK(std::isfinite(o.utility[i]));
    }
}

TEST_CASE("a shock that zeroes an agent's only weight leaves it indifferent, not undefined", "[theory][degenerate]") {
    // Weights are renormalised after a shock; with every weight 0 there is nothing to renormalise: the agent values
    // only its link terms (here none), so every package is worth 0 to it. Nothing may become NaN.
    json j = test::two_party(0.0, 0.0, 10);
    j["monte_carlo"]["uncertainty"] = {{"shocks", {{{"id", "indifference"}, {"probability", 1},
                                                    {"effects", {{{"parameter", "a/weights/share"}, {"set", 0}}}}}}}};
    const Scenario s = test::scenario_from(j);
    Parameters p;
    sample_parameters(s, 1, 0, p);
    REQUIRE(p.weight[0][0] == 0.0);
    const Outcome o = negotiate(s, p);
    CHECK(o.agreed);  // reservation 0: anything is acceptable to a
    for (std::size_t i = 0; i < 2; ++i) CHECK(std::isfinite(o.utility[i]));
    CHECK(o.utility[0] == 0.0);
}
