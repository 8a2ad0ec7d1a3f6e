// Decisions by vote (model/voting.hpp): quorums, qualified majorities of vote weights, double majorities; the
// coalition a proposer buys; the zone of agreement under a vote.
#include "cooperative/zone.hpp"
#include "model/voting.hpp"
#include "optimise/weighted_optimum.hpp"
#include "random/sampling.hpp"
#include "runner/monte_carlo.hpp"
#include "test_support.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <string>
#include <vector>

using namespace negsim;
using json = nlohmann::json;

namespace {

// n members dividing a unit (one share issue each, summing to at most 1), linear values, time-dependent strategies,
// reservation values r, a decision rule `rule` and optional named vote weights per member.
json division(const std::vector<double>& r, const json& rule, const std::vector<json>& votes = {}) {
    json j = test::load_json("tests/data/two-party.json");
    const std::size_t n = r.size();
    j["issues"] = json::array();
    j["agents"] = json::array();
    json shares = json::array();
    for (std::size_t i = 0; i < n; ++i) {
        j["issues"].push_back({{"id", "share_" + std::to_string(i)}, {"label", "share"}, {"unit", "fraction"}, {"min", 0}, {"max", 1}});
        shares.push_back("share_" + std::to_string(i));
    }
    for (std::size_t i = 0; i < n; ++i) {
        json agent = {{"id", std::string("m").append(std::to_string(i))}, {"name", "member"}, {"role", "member"}, {"power", 1}, {"reservation", r[i]},
                      {"strategy", {{"type", "linear"}}}};
        for (std::size_t k = 0; k < n; ++k) {
            agent["ideal"]["share_" + std::to_string(k)] = k == i ? 1 : 0;
            agent["weights"]["share_" + std::to_string(k)] = k == i ? 1 : 0;
        }
        if (i < votes.size()) agent["votes"] = votes[i];
        j["agents"].push_back(agent);
    }
    j["constraints"] = {{{"type", "budget"}, {"issues", shares}, {"max", 1}}};
    j["protocol"] = {{"type", "alternating"}, {"rounds", 30}, {"decision_rule", rule}};
    return j;
}

VoteCriterion criterion(const std::vector<double>& weights, double at_least) {
    VoteCriterion c;
    for (std::size_t i = 0; i < weights.size(); ++i) {
        c.of[i] = weights[i];
        c.total += weights[i];
    }
    c.at_least = at_least;
    return c;
}

AgentMask mask_of(unsigned bits, std::size_t n) {
    AgentMask m{};
    for (std::size_t i = 0; i < n; ++i) m[i] = (bits >> i) & 1u;
    return m;
}

}  // namespace

TEST_CASE("Minimal winning coalitions of the Council's qualified majority match a brute-force count", "[voting]") {
    // Council of the EU, 1995-2004: 87 weighted votes, qualified majority 62 (Treaty of Amsterdam, art. 205(2) TEC).
    const std::vector<double> votes = {10, 10, 10, 10, 8, 5, 5, 5, 5, 4, 4, 3, 3, 3, 2};
    const std::size_t n = votes.size();
    const std::vector<VoteCriterion> rule = {criterion(votes, 62)};
    AgentMask everyone{};
    for (std::size_t i = 0; i < n; ++i) everyone[i] = true;
    std::vector<AgentMask> sets;
    REQUIRE(minimal_winning_sets(AgentMask{}, everyone, rule, n, 100000, 1u << 20, sets));
    std::size_t brute = 0;
    for (unsigned bits = 0; bits < (1u << n); ++bits) {
        const AgentMask in = mask_of(bits, n);
        if (!passes(rule, in, n)) continue;
        bool minimal = true;
        for (std::size_t i = 0; i < n && minimal; ++i)
            if (in[i]) {
                AgentMask without = in;
                without[i] = false;
                minimal = !passes(rule, without, n);
            }
        brute += minimal ? 1 : 0;
    }
    CHECK(sets.size() == brute);
    for (const AgentMask& s : sets) CHECK(passes(rule, s, n));
    // 25 votes of the largest members block (a blocking minority needs 26): the other eleven hold 62.
    AgentMask without_big{};
    for (std::size_t i = 4; i < n; ++i) without_big[i] = true;
    CHECK(criterion(votes, 62).weight_of(without_big, n) == 47.0);
    CHECK_FALSE(passes(rule, without_big, n));
}

TEST_CASE("A proposer buys the cheapest votes a quorum or a weighted majority needs", "[voting]") {
    const std::array<double, kMaxAgents> price = {0.3, 0.1, 0.2, 0.05, 0.4};
    AgentMask voters{};
    for (std::size_t i = 0; i < 5; ++i) voters[i] = true;
    SECTION("a count quorum: the q - 1 cheapest others") {
        const std::vector<VoteCriterion> rule = {criterion({1, 1, 1, 1, 1}, 3)};
        AgentMask in{};
        in[0] = true;  // the proposer
        const AgentMask bought = buy_coalition(in, voters, price, rule, 5);
        CHECK(bought == mask_of(0b01011, 5));  // itself, 3 (0.05) and 1 (0.1)
    }
    SECTION("weighted votes: the cheapest set per vote, without votes it does not need") {
        // Weights 5, 3, 2 (a, b, c) need 7; prices proportional to weight: {a, c} costs 7, {a, b} 8.
        const std::vector<VoteCriterion> rule = {criterion({5, 3, 2}, 7)};
        const std::array<double, kMaxAgents> weighted_price = {5, 3, 2};
        AgentMask three{};
        three[0] = three[1] = three[2] = true;
        CHECK(buy_coalition(AgentMask{}, three, weighted_price, rule, 3) == mask_of(0b101, 3));
        // b proposes: it needs a (b + c = 5 falls short), and a alone suffices.
        AgentMask b{};
        b[1] = true;
        CHECK(buy_coalition(b, three, weighted_price, rule, 3) == mask_of(0b011, 3));
    }
}

TEST_CASE("The zone of agreement under a vote is the best winning coalition's", "[voting][zone]") {
    SECTION("quorum 2 of 3: any two can agree when their reservations fit, all three cannot") {
        const json rule = {{"must_accept", json::array()}, {"quorum", 2}};
        // Two members at 0.4 leave 0.2 to share: margin 0.1. All three would need 1.2 of 1.
        const Scenario fits = test::scenario_from(division({0.4, 0.4, 0.4}, rule));
        CHECK(zone_margin(fits, nominal_parameters(fits)).value == Approx(0.1).epsilon(0).margin(1e-9));
        const Scenario apart = test::scenario_from(division({0.6, 0.6, 0.6}, rule));
        CHECK(zone_margin(apart, nominal_parameters(apart)).value == Approx(-0.1).epsilon(0).margin(1e-9));
    }
    SECTION("a weighted majority counts only coalitions with enough weight") {
        // Votes 5, 3, 2 need 7: {a, b} and {a, c} win, {b, c} (the cheapest pair, margin 0.3) does not.
        const json rule = {{"must_accept", json::array()}, {"majorities", {{{"weight", "votes"}, {"at_least", 7}}}}};
        const Scenario s = test::scenario_from(division({0.5, 0.1, 0.3}, rule, {{{"votes", 5}}, {{"votes", 3}}, {{"votes", 2}}}));
        CHECK(zone_margin(s, nominal_parameters(s)).value == Approx(0.2).epsilon(0).margin(1e-9));  // {a, b}: (1 - 0.6) / 2
    }
    SECTION("a double majority: members and population") {
        const json rule = {{"must_accept", json::array()},
                           {"majorities", {{{"weight", "members"}, {"share", 0.5}}, {{"weight", "population"}, {"share", 0.65}}}}};
        // Population 60, 25, 15: {b, c} has two of three members but 40% of the population.
        const Scenario s = test::scenario_from(division({0.5, 0.1, 0.3}, rule, {{{"population", 60}}, {{"population", 25}}, {{"population", 15}}}));
        CHECK(zone_margin(s, nominal_parameters(s)).value == Approx(0.2).epsilon(0).margin(1e-9));
        // And negotiations end in deals that the rule accepts: a (the one every winning coalition needs) always gains.
        const Outcome o = simulate_sample(s, 1, 0);
        REQUIRE(o.agreed);
        CHECK(o.utility[0] >= 0.5 - 1e-9);
    }
}

TEST_CASE("With more minimal coalitions than the loader lists, the zone is still found", "[voting][zone]") {
    // 16 members, quorum 8: C(16, 8) = 12 870 minimal coalitions, more than the 64 listed. Any 8 at reservation 0.1
    // leave 0.2 of the budget to share: margin 0.2 / 8 = 0.025; all 16 would need 1.6.
    const json rule = {{"must_accept", json::array()}, {"quorum", 8}};
    const Scenario s = test::scenario_from(division(std::vector<double>(16, 0.1), rule));
    REQUIRE_FALSE(s.protocol.decision.winning_complete);
    CHECK(zone_margin(s, nominal_parameters(s)).value == Approx(0.025).epsilon(0).margin(1e-9));
}

TEST_CASE("Past the listed coalitions, the vote's zone is found, ruled out, or reported undecided", "[voting][zone]") {
    // 12 members dividing a unit, quorum 6: C(12, 6) = 924 minimal coalitions, more than the 64 listed. Closed form:
    // a coalition C can share the unit iff its reservations sum to at most 1, at margin (1 - sum_C r) / |C|, so the
    // margin is (1 - the 6 smallest reservations' sum) / 6. Reservation vectors from a fixed rule, half with a zone.
    const json rule = {{"must_accept", json::array()}, {"quorum", 6}};
    int found = 0, undecided = 0;
    for (int c = 0; c < 24; ++c) {
        std::vector<double> r(12);
        for (std::size_t i = 0; i < r.size(); ++i) r[i] = 0.08 + 0.01 * static_cast<double>((7 * i + 5 * static_cast<std::size_t>(c)) % 13) + 0.004 * c;
        std::vector<double> sorted = r;
        std::sort(sorted.begin(), sorted.end());
        double six = 0.0;
        for (std::size_t i = 0; i < 6; ++i) six += sorted[i];
        const double exact = (1.0 - six) / 6.0;
        const Scenario s = test::scenario_from(division(r, rule));
        REQUIRE_FALSE(s.protocol.decision.winning_complete);
        const Parameters p = nominal_parameters(s);
        const ZoneMargin margin = zone_margin(s, p);
        const ZoneMargin question = zone_margin(Negotiation(s, p), full_bounds(s), nullptr, 0.0);
        INFO("case " << c << ": exact margin " << exact << ", found " << margin.value);
        CHECK(margin.value <= exact + 1e-9);  // a lower bound
        if (exact > 1e-9) {
            ++found;
            CHECK(margin.value == Approx(exact).epsilon(0).margin(1e-9));  // the cheapest voters: exact when dividing
            CHECK(zone_exists(question.value));
            CHECK_FALSE(margin.undecided);
        } else if (exact < -1e-9) {
            // Every member alone could take the unit (m_i = 1 - r_i > 0), so the bound cannot rule a zone out.
            ++undecided;
            CHECK(margin.undecided);
            CHECK(question.undecided);
        }
    }
    CHECK(found >= 6);
    CHECK(undecided >= 6);

    SECTION("a required member whose reservation leaves every voter short is a proof that there is no zone") {
        // m0 must accept and needs 0.95 of the unit: with any voter i at r_i >= 0.08, max_x min(x_0 - 0.95, x_i - r_i)
        // = (0.05 - r_i) / 2 < 0, so the bound rules the zone out and nothing is left undecided.
        json j = division({0.95, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1}, {{"must_accept", {"signatory"}}, {"quorum", 6}});
        j["agents"][0]["role"] = "signatory";
        const Scenario s = test::scenario_from(j);
        REQUIRE_FALSE(s.protocol.decision.winning_complete);
        const ZoneMargin margin = zone_margin(s, nominal_parameters(s));
        CHECK_FALSE(zone_exists(margin.value));
        CHECK_FALSE(margin.undecided);
    }
}

TEST_CASE("Vote weights are checked against the decision rule", "[voting][loader]") {
    const json rule = {{"must_accept", json::array()}, {"majorities", {{{"weight", "votes"}, {"at_least", 7}}}}};
    SECTION("a voter without the named weight") {
        const json j = division({0.5, 0.1, 0.3}, rule, {{{"votes", 5}}, {{"votes", 3}}});
        CHECK_THROWS_WITH(test::scenario_from(j), Catch::Contains("/protocol/decision_rule/majorities/0/weight") && Catch::Contains("\"m2\""));
    }
    SECTION("a weight no majority names") {
        const json j = division({0.5, 0.1, 0.3}, rule, {{{"votes", 5}}, {{"votes", 3}}, {{"votes", 2}, {"vots", 1}}});
        CHECK_THROWS_WITH(test::scenario_from(j), Catch::Contains("/agents/2/votes/vots") && Catch::Contains("did you mean"));
    }
    SECTION("a majority no coalition can reach") {
        const json high = {{"must_accept", json::array()}, {"majorities", {{{"weight", "votes"}, {"at_least", 11}}}}};
        const json j = division({0.5, 0.1, 0.3}, high, {{{"votes", 5}}, {{"votes", 3}}, {{"votes", 2}}});
        CHECK_THROWS_WITH(test::scenario_from(j), Catch::Contains("no coalition can meet the decision rule"));
    }
}

TEST_CASE("A maximin master the simplex calls infeasible is a numerical failure, not an error", "[voting][zone]") {
    // Sample 981 of the Council example: 15 bounded agents, where phase 1 of the simplex ended "infeasible" on a master
    // that is feasible by construction; the zone search used to stop the run with an error there.
    const Scenario s = test::scenario_from(test::load_json("scenarios/council-qmv.json"));
    Parameters p;
    sample_parameters(s, s.monte_carlo.seed, 981, p);
    ZoneMargin margin;
    REQUIRE_NOTHROW(margin = zone_margin(s, p));
    CHECK(std::isfinite(margin.value));
}

TEST_CASE("Under a vote, every sample that reaches a deal has a zone of agreement", "[voting][zone]") {
    // The Council example lists only 64 of its minimal coalitions, so its zone search is a lower bound; the deal
    // itself is a package that a winning coalition accepts, and its margin (vote_margin_at) keeps the bound honest.
    const Scenario s = test::scenario_from(test::load_json("scenarios/council-qmv.json"));
    REQUIRE_FALSE(s.protocol.decision.winning_complete);
    int deals = 0;
    for (std::uint64_t k = 0; k < 60; ++k) {
        const Outcome o = simulate_sample(s, s.monte_carlo.seed, k);
        if (!o.agreed) continue;
        ++deals;
        INFO("sample " << k);
        CHECK(zone_exists(o.zone_margin));
    }
    CHECK(deals > 20);
}
