// The stacked-alternating protocol (SAOP as GENIUS and NegMAS run it) and the agents' best attainable utility u*:
// outcomes derived by hand from the rules of docs/protocols.md, the sequence of accepts, the time conventions.
#include "engine/protocol.hpp"
#include "engine/strategy.hpp"
#include "input/input_error.hpp"
#include "model/parameters.hpp"
#include "random/sampling.hpp"
#include "test_support.hpp"

#include <catch2/catch.hpp>

#include <cmath>
#include <string>
#include <vector>

using namespace negsim;

namespace {

// two-party.json (a wants share 1, b wants 0, linear values), both linear concessors, under stacked alternating offers
// with the GENIUS-style rules: offers worst above the aspiration, AC_const at the aspiration.
nlohmann::json genius_style(double reservation_b, int rounds, const char* time) {
    nlohmann::json j = test::two_party(0.0, reservation_b, rounds);
    j["protocol"] = {{"type", "stacked-alternating"}, {"rounds", rounds}, {"offer", "aspiration-worst"}, {"acceptance", "aspiration"}, {"time", time}};
    return j;
}

struct Traced {
    Outcome outcome;
    std::vector<TraceRow> rows;
};

Traced traced(const Scenario& s) {
    Traced t;
    t.outcome = negotiate_traced(s, nominal_parameters(s), t.rows);
    return t;
}

}  // namespace

TEST_CASE("stacked alternating offers: two linear concessors meet in the round and at the package derived by hand", "[stacked]") {
    // T = 9 rounds, GENIUS time t / (T + 1) = t / 10. a: r = 0, a_a(t) = 1 - t/10; b: r = 0.3, a_b(t) = 1 - 0.07 t.
    // a moves first in each round. Each offers the package worth exactly its aspiration to it: a offers share
    // 1 - t/10, b offers share 0.07 t. b accepts a's offer in round t when t/10 >= 1 - 0.07 t, t >= 5.9; a accepts b's
    // offer of round t - 1 in round t when 0.07 (t - 1) >= 1 - t/10, t >= 6.3. So in round t = 6 a rejects b's 0.35,
    // offers 0.4, and b (0.6 >= 0.58) accepts: the deal is a's offer, share 0.4, in the 7th round.
    const Traced t = traced(test::scenario_from(genius_style(0.3, 9, "genius")));
    REQUIRE(t.outcome.agreed);
    CHECK(t.outcome.rounds == 7);
    CHECK(t.outcome.proposer == 0);
    CHECK(t.outcome.package[0] == Approx(0.4).epsilon(0).margin(1e-12));
    CHECK(t.outcome.utility[0] == Approx(0.4).epsilon(0).margin(1e-12));
    CHECK(t.outcome.utility[1] == Approx(0.6).epsilon(0).margin(1e-12));
    // Every offer is worth exactly the proposer's aspiration: a's in round t is 1 - t/10.
    for (const TraceRow& row : t.rows)
        if (row.proposer == 0 && row.agent == 0) CHECK(row.offer[0] == Approx(1.0 - (row.round - 1) / 10.0).epsilon(0).margin(1e-12));
}

TEST_CASE("stacked alternating offers: NegMAS time (t + 1) / (T + 1) shifts the same negotiation one round earlier", "[stacked]") {
    // With tau = (t + 1)/10 the aspirations of round t are GENIUS's of round t + 1: the deal comes in round t = 5 (the
    // 6th), a's offer 1 - 6/10 = 0.4. And the time never reaches 1: a's last aspiration is 1 - 9/10, not its r = 0.
    const Traced t = traced(test::scenario_from(genius_style(0.3, 9, "negmas")));
    REQUIRE(t.outcome.agreed);
    CHECK(t.outcome.rounds == 6);
    CHECK(t.outcome.proposer == 0);
    CHECK(t.outcome.package[0] == Approx(0.4).epsilon(0).margin(1e-12));
    for (int round = 0; round < 9; ++round) {
        CHECK(relative_time(TimeConvention::negmas, round, 9) == Approx((round + 1) / 10.0).epsilon(0).margin(1e-15));
        CHECK(relative_time(TimeConvention::genius, round, 9) == Approx(round / 10.0).epsilon(0).margin(1e-15));
        CHECK(relative_time(TimeConvention::negsim, round, 9) == Approx(round / 8.0).epsilon(0).margin(1e-15));
    }
    // negsim's own time t / (T - 1): a_a(t) = 1 - t/8, a_b(t) = 1 - 0.7 t/8. b accepts a's offer when t/8 >= 1 - 0.7 t/8,
    // t >= 4.7; a accepts b's when 0.7 (t - 1)/8 >= 1 - t/8, t >= 5.1: round t = 5, a offers 3/8 and b accepts.
    const Traced own = traced(test::scenario_from(genius_style(0.3, 9, "negsim")));
    REQUIRE(own.outcome.agreed);
    CHECK(own.outcome.rounds == 6);
    CHECK(own.outcome.package[0] == Approx(3.0 / 8.0).epsilon(0).margin(1e-12));
}

TEST_CASE("NegMAS's Boulware exponent is the inverse of GENIUS's and negsim's", "[stacked]") {
    // NegMAS PolyAspiration: a(tau) = 1 - tau^4 for "boulware"; negsim (Faratin, GENIUS): 1 - tau^(1/e), so e = 1/4.
    for (double tau : {0.0, 0.1, 0.5, 0.9, 0.99})
        CHECK(time_dependent_aspiration(0.25, 1.0, 0.0, tau) == Approx(1.0 - std::pow(tau, 4.0)).epsilon(0).margin(1e-15));
}

TEST_CASE("stacked alternating offers: three parties, a deal needs every other party to accept in sequence", "[stacked]") {
    // x on [0, 1]: a wants 1 (linear, r = 0.05), b wants 0 (linear, r = 0.3), c wants 0.5 and never concedes. T = 9,
    // GENIUS time t/10: a_a(t) = 1 - 0.095 t, a_b(t) = 1 - 0.07 t; c offers 0.5 and accepts only 0.5. Turn order a, b, c.
    // c's offer 0.5 stands at the start of every round from the second; a accepts it once 0.5 >= 1 - 0.095 t, t >= 5.3;
    // b once 0.5 >= 1 - 0.07 t, t >= 7.2. So: rounds 2-6 a rejects (and b and c reject the counter-offers); rounds 7
    // and 8 a accepts but b rejects, which voids a's acceptance; round 9 a and then b accept c's offer: the deal.
    nlohmann::json j = genius_style(0.3, 9, "genius");
    j["agents"][0]["reservation"] = 0.05;
    nlohmann::json c = j["agents"][1];
    c["id"] = "c";
    c["name"] = "C";
    c["ideal"]["share"] = 0.5;
    c["reservation"] = 0.0;
    c["strategy"] = {{"type", "hardliner"}};
    j["agents"].push_back(c);
    const Traced t = traced(test::scenario_from(j));
    REQUIRE(t.outcome.agreed);
    CHECK(t.outcome.rounds == 9);
    CHECK(t.outcome.proposer == 2);
    CHECK(t.outcome.package[0] == Approx(0.5).epsilon(0).margin(1e-12));
    // The answers to offers made by another party, as "round agent response proposer".
    std::vector<std::string> answers;
    for (const TraceRow& row : t.rows)
        if (row.agent != row.proposer) answers.push_back(std::to_string(row.round) + " " + "abc"[row.agent] + (row.accepts ? " yes " : " no ") + "abc"[row.proposer]);
    const std::vector<std::string> expected = {
        "1 b no a", "1 c no b",                                  // round 1: a offers 1, b counters 0, c counters 0.5
        "2 a no c", "2 b no a", "2 c no b", "3 a no c", "3 b no a", "3 c no b", "4 a no c", "4 b no a", "4 c no b",
        "5 a no c", "5 b no a", "5 c no b", "6 a no c", "6 b no a", "6 c no b",
        "7 a yes c", "7 b no c", "7 c no b",                     // a accepts, b's counter-offer voids it
        "8 a yes c", "8 b no c", "8 c no b",
        "9 a yes c", "9 b yes c"};                               // every other party has accepted c's offer: the deal
    CHECK(answers == expected);
}

TEST_CASE("aspiration-worst offers on a discrete issue are exact, from a best utility below 1", "[stacked][best]") {
    // One issue of five options; a values them by a table whose best is 0.85 (u*_a = 0.85), b linear on ranks with
    // ideal o0 and a hardliner. a concedes linearly from 0.85 to r = 0: a_a(t) = 0.85 - 0.085 t (GENIUS time t/10),
    // and offers the option worth least among those worth at least that: o4 (0.85), o4, o3 (0.75), o3, o2 (0.55), o2,
    // o2, o1 (0.3), o1. Taking u* = 1 would demand 1 - t/10 and offer o4 in the third round instead.
    nlohmann::json j = genius_style(0.0, 9, "genius");
    j["issues"] = {{{"id", "share"}, {"label", "Option"}, {"unit", "option"}, {"options", {"o0", "o1", "o2", "o3", "o4"}}}};
    j["agents"][0]["ideal"]["share"] = "o4";
    j["agents"][0]["values"] = {{"share", {{"o0", 0.1}, {"o1", 0.3}, {"o2", 0.55}, {"o3", 0.75}, {"o4", 0.85}}}};
    j["agents"][1]["ideal"]["share"] = "o0";
    j["agents"][1]["strategy"] = {{"type", "hardliner"}};
    const Scenario s = test::scenario_from(j);
    const Parameters p = nominal_parameters(s);
    CHECK(p.best[0] == 0.85);
    CHECK(p.best[1] == 1.0);
    const Traced t = traced(s);
    CHECK_FALSE(t.outcome.agreed);
    std::vector<double> offers;
    for (const TraceRow& row : t.rows)
        if (row.proposer == 0 && row.agent == 0) offers.push_back(row.offer[0]);
    CHECK(offers == std::vector<double>{4, 4, 3, 3, 2, 2, 2, 1, 1});
}

TEST_CASE("aspiration-random offers are drawn among packages worth the aspiration, reproducibly", "[stacked]") {
    nlohmann::json j = genius_style(0.3, 20, "negmas");
    j["protocol"]["offer"] = "aspiration-random";
    const Scenario s = test::scenario_from(j);
    Parameters p;
    sample_parameters(s, 7, 3, p);
    std::vector<TraceRow> rows, again;
    (void)negotiate_traced(s, p, rows);
    (void)negotiate_traced(s, p, again);
    REQUIRE(rows.size() == again.size());
    int above_worst = 0;
    for (std::size_t r = 0; r < rows.size(); ++r) {
        CHECK(rows[r].offer[0] == again[r].offer[0]);
        if (rows[r].agent != rows[r].proposer) continue;
        CHECK(rows[r].utility >= rows[r].aspiration - 1e-12);  // at or above the aspiration
        if (rows[r].utility > rows[r].aspiration + 1e-9) ++above_worst;  // not the worst such package: drawn
    }
    CHECK(above_worst > 0);
}

TEST_CASE("the best utility u* starts the concession and is exactly 1 when every value reaches 1", "[best]") {
    nlohmann::json j = test::two_party(0.0, 0.0, 10);
    // Weights that do not sum to exactly 1 in floating point once normalised: u* is still exactly 1.
    // (0.1, 0.2, 0.3) normalised add up to 0.9999999999999999.
    j["issues"].push_back({{"id", "extra"}, {"label", "Extra"}, {"unit", "u"}, {"min", 0}, {"max", 1}});
    j["issues"].push_back({{"id", "more"}, {"label", "More"}, {"unit", "u"}, {"min", 0}, {"max", 1}});
    for (auto& agent : j["agents"]) {
        agent["ideal"]["extra"] = 0.5;
        agent["ideal"]["more"] = 0.5;
        agent["weights"] = {{"share", 0.1}, {"extra", 0.2}, {"more", 0.3}};
    }
    CHECK(nominal_parameters(test::scenario_from(j)).best[0] == 1.0);
    // a values the share affinely from 0.2 to 0.6 (u*_a = 0.6 w + 1 (1 - w)) and b's values reach 1.
    j["agents"][0]["values"] = {{"share", {{"at_min", 0.2}, {"at_max", 0.6}}}};
    const Scenario s = test::scenario_from(j);
    const Parameters p = nominal_parameters(s);
    const double w = s.agents[0].weights[0];
    CHECK(p.best[0] == Approx(0.6 * w + (1.0 - w)).epsilon(0).margin(1e-15));  // (the other weights' values reach 1)
    CHECK(p.best[1] == 1.0);
    std::vector<TraceRow> rows;
    (void)negotiate_traced(s, p, rows);
    REQUIRE_FALSE(rows.empty());
    CHECK(rows.front().aspiration == p.best[0]);  // round 1, agent a: a(0) = u*
}

TEST_CASE("a hardliner whose best utility is below 1 demands it, and gets it", "[best]") {
    // a values the share affinely, 0 at 0 and 0.8 at 1: u*_a = 0.8. A hardliner demanding 1 would never agree; one
    // demanding its best does once b concedes the whole share (b linear, r = 0, T = 5: in the last round b accepts 0).
    nlohmann::json j = test::two_party(0.0, 0.0, 5);
    j["agents"][0]["values"] = {{"share", {{"at_min", 0.0}, {"at_max", 0.8}}}};
    j["agents"][0]["strategy"] = {{"type", "hardliner"}};
    const Outcome o = negotiate(test::scenario_from(j), nominal_parameters(test::scenario_from(j)));
    REQUIRE(o.agreed);
    CHECK(o.package[0] == Approx(1.0).epsilon(0).margin(1e-9));
    CHECK(o.utility[0] == Approx(0.8).epsilon(0).margin(1e-9));
}

TEST_CASE("the loader refuses what the stacked protocol and affine values cannot mean", "[stacked][loader]") {
    const auto error_of = [](const nlohmann::json& j) {
        try {
            (void)test::scenario_from(j);
        } catch (const InputError& e) {
            return std::string(e.what());
        }
        return std::string("no error");
    };
    nlohmann::json j = genius_style(0.3, 9, "genius");
    j["protocol"]["order"] = {"a", "b", "a"};
    CHECK_THAT(error_of(j), Catch::Contains("/protocol/order/2") && Catch::Contains("already a party"));
    j = genius_style(0.3, 9, "genius");
    j["protocol"]["decision_rule"] = {{"must_accept", nlohmann::json::array()}, {"quorum", 1}};
    CHECK_THAT(error_of(j), Catch::Contains("/protocol/decision_rule") && Catch::Contains("every party"));
    j = genius_style(0.3, 9, "genius");
    j["protocol"]["time"] = "geniusweb";
    CHECK_THAT(error_of(j), Catch::Contains("/protocol/time"));
    j = test::two_party(0.0, 0.0, 10);
    j["protocol"]["offer"] = "aspiration-worst";
    CHECK_THAT(error_of(j), Catch::Contains("/protocol/offer") && Catch::Contains("stacked-alternating"));
    // An uncertain ideal on an affine issue would contradict the value function: refused, with its place.
    j = test::two_party(0.0, 0.0, 10);
    j["agents"][0]["values"] = {{"share", {{"at_min", 0.2}, {"at_max", 0.6}}}};
    j["monte_carlo"]["uncertainty"] = {{"agents", {{"a", {{"ideal", {{"share", {{"distribution", "uniform"}, {"min", 0.5}, {"max", 1}}}}}}}}}};
    CHECK_THAT(error_of(j), Catch::Contains("/monte_carlo/uncertainty/agents/a/ideal/share") && Catch::Contains("affinely"));
}
