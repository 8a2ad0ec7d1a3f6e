// The bargaining engine: hand-derived outcomes, the offer optimiser, and invariants over many sampled negotiations.
#include "runner/monte_carlo.hpp"
#include "engine/offer.hpp"
#include "cooperative/zone.hpp"
#include "optimise/weighted_optimum.hpp"
#include "model/parameters.hpp"
#include "engine/protocol.hpp"
#include "random/sampling.hpp"
#include "engine/strategy.hpp"
#include "test_support.hpp"
#include "model/utility.hpp"

#include <catch2/catch.hpp>

#include <cmath>
#include <type_traits>

using namespace negsim;

namespace {

Outcome negotiate_nominal(const Scenario& s) { return negotiate(s, nominal_parameters(s)); }

double concession_curve(double r, double e, int t, int rounds) {
    return 1.0 - (1.0 - r) * std::pow(static_cast<double>(t) / (rounds - 1), 1.0 / e);
}

}  // namespace

// A Negotiation refers to its scenario and parameters, so it is built from values that outlive it, never from
// temporaries (which would dangle as soon as the statement ends).
static_assert(std::is_constructible_v<Negotiation, const Scenario&, const Parameters&>);
static_assert(!std::is_constructible_v<Negotiation, const Scenario&, Parameters>);
static_assert(!std::is_constructible_v<Negotiation, Scenario, const Parameters&>);

TEST_CASE("two linear concessors dividing a unit meet where their curves cross", "[engine]") {
    // T = 10, r = 0: a(t) = 1 - t/9. A proposes in even rounds, B in odd ones. The proposer keeps a(t) and offers the
    // other t/9; the responder accepts what it would itself demand next round, a(t + 1) = 1 - (t + 1)/9. So the
    // deal comes once t/9 >= 1 - (t + 1)/9, i.e. t >= 4: round t = 4 (the fifth), proposed by A, who keeps 5/9.
    const Outcome o = negotiate_nominal(test::scenario_from(test::two_party(0.0, 0.0, 10)));
    REQUIRE(o.agreed);
    CHECK(o.end == End::deal);
    CHECK(o.rounds == 5);
    CHECK(o.proposer == 0);
    CHECK(o.package[0] == Approx(5.0 / 9.0).epsilon(0).margin(1e-12));
    CHECK(o.utility[0] == Approx(5.0 / 9.0).epsilon(0).margin(1e-12));
    CHECK(o.utility[1] == Approx(4.0 / 9.0).epsilon(0).margin(1e-12));
    CHECK(o.blocker == -1);
}

TEST_CASE("two-party outcomes follow the concession curves for any reservations, deadlines and exponents", "[engine]") {
    struct Case { double ra, rb; int rounds; double ea, eb; };
    const Case cases[] = {{0.2, 0.1, 10, 1, 1}, {0.3, 0.3, 25, 0.5, 2}, {0.0, 0.4, 7, 3, 0.3}, {0.45, 0.5, 40, 1, 1}, {0.1, 0.1, 2, 1, 1}};
    for (const Case& c : cases) {
        INFO("ra=" << c.ra << " rb=" << c.rb << " T=" << c.rounds << " ea=" << c.ea << " eb=" << c.eb);
        // Derivation: in round t the proposer keeps a_p(t) and offers the rest; the responder accepts at least its
        // own next demand a_o(t + 1) (or a_o(t) in the last round).
        bool expect_deal = false;
        int expect_round = 0;
        double expect_share_a = 0.0;
        for (int t = 0; t < c.rounds && !expect_deal; ++t) {
            const bool a_proposes = t % 2 == 0;
            const double keep = a_proposes ? concession_curve(c.ra, c.ea, t, c.rounds) : concession_curve(c.rb, c.eb, t, c.rounds);
            const double r_o = a_proposes ? c.rb : c.ra, e_o = a_proposes ? c.eb : c.ea;
            const double threshold = concession_curve(r_o, e_o, std::min(t + 1, c.rounds - 1), c.rounds);
            if (1.0 - keep >= threshold - 1e-12) {
                expect_deal = true;
                expect_round = t + 1;
                expect_share_a = a_proposes ? keep : 1.0 - keep;
            }
        }
        const Outcome o = negotiate_nominal(test::scenario_from(test::two_party(c.ra, c.rb, c.rounds, c.ea, c.eb)));
        REQUIRE(o.agreed == expect_deal);
        if (expect_deal) {
            CHECK(o.rounds == expect_round);
            CHECK(o.package[0] == Approx(expect_share_a).epsilon(0).margin(1e-9));
        } else {
            CHECK(o.rounds == c.rounds);
            CHECK(o.utility[0] == c.ra);
            CHECK(o.utility[1] == c.rb);
        }
    }
}

TEST_CASE("talks fail when the reservations leave no zone of agreement", "[engine]") {
    const Outcome o = negotiate_nominal(test::scenario_from(test::two_party(0.6, 0.55, 12)));
    CHECK_FALSE(o.agreed);
    CHECK(o.rounds == 12);
    CHECK(o.utility[0] == 0.6);
    CHECK(o.utility[1] == 0.55);
    // Last round (t = 11) is B's: it keeps 0.55 and offers A 0.45 < 0.6, so A's rejection stands.
    CHECK(o.blocker == 0);
}

TEST_CASE("a proposer finds the compromise between two responders pulling apart", "[engine][offer]") {
    // A member m (ideal 0.5) proposes once; a (ideal 0, r = 0.45) and b (ideal 1, r = 0.52) must accept.
    // Acceptable: 1 - x >= 0.45 and x >= 0.52, i.e. x in [0.52, 0.55]. On it u_a + u_b = 1 is constant, so the
    // proposer takes the acceptable package best for itself: x = 0.52, nearest its ideal.
    nlohmann::json j = test::load_json("tests/data/two-party.json");
    j["agents"][0]["ideal"]["share"] = 0;
    j["agents"][0]["reservation"] = 0.45;
    j["agents"][1]["ideal"]["share"] = 1;
    j["agents"][1]["reservation"] = 0.52;
    nlohmann::json m = j["agents"][0];
    m["id"] = "m";
    m["role"] = "member";
    m["ideal"]["share"] = 0.5;
    m["reservation"] = 0;
    j["agents"].push_back(m);
    j["protocol"] = {{"type", "alternating"}, {"rounds", 1}, {"order", {"m"}}};
    const Outcome o = negotiate_nominal(test::scenario_from(j));
    REQUIRE(o.agreed);
    CHECK(o.package[0] >= 0.52);
    CHECK(o.package[0] <= 0.55);
    CHECK(o.package[0] == Approx(0.52).epsilon(0).margin(1e-9));
}

TEST_CASE("a Boulware agent gets more against a Conceder than against a Boulware", "[engine]") {
    const Outcome vs_conceder = negotiate_nominal(test::scenario_from(test::two_party(0.0, 0.0, 30, 0.2, 5.0)));
    const Outcome vs_boulware = negotiate_nominal(test::scenario_from(test::two_party(0.0, 0.0, 30, 0.2, 0.2)));
    REQUIRE(vs_conceder.agreed);
    REQUIRE(vs_boulware.agreed);
    CHECK(vs_conceder.utility[0] > vs_boulware.utility[0] + 0.05);
}

TEST_CASE("the weighted optimum of a continuous issue is exact for mixed shapes", "[engine][offer]") {
    nlohmann::json j = test::load_json("tests/data/two-party.json");
    nlohmann::json c = j["agents"][1];
    c["id"] = "c";
    j["agents"].push_back(c);
    j["agents"][0]["values"] = {{"share", "quadratic"}};
    j["agents"][1]["values"] = {{"share", "quadratic"}};
    j["agents"][2]["ideal"]["share"] = 0.2;
    const Scenario s = test::scenario_from(j);
    const Parameters p = nominal_parameters(s);
    const Negotiation n(s, p);
    // f(x) = -(x - 1)^2 - x^2 - |x - 0.2|: for x > 0.2, f' = 2 - 4x - 1 = 0 at x = 0.25.
    CHECK(weighted_optimum(n, {1.0, 1.0, 1.0})[0] == Approx(0.25).epsilon(0).margin(1e-12));

    // Linear shapes only: the optimum is a weighted median of the ideals (1, 0 and 0.2 for a, b, c).
    j["agents"][0].erase("values");
    j["agents"][1].erase("values");
    const Scenario linear = test::scenario_from(j);
    const Parameters q = nominal_parameters(linear);
    const Negotiation linear_n(linear, q);
    CHECK(weighted_optimum(linear_n, {1.0, 1.0, 1.0})[0] == Approx(0.2).epsilon(0).margin(1e-12));
    CHECK(weighted_optimum(linear_n, {3.0, 1.0, 1.0})[0] == Approx(1.0).epsilon(0).margin(1e-12));
    // Two equal pulls and nothing else: every point of [0, 0.2] is optimal; the middle is returned.
    CHECK(weighted_optimum(linear_n, {0.0, 1.0, 1.0})[0] == Approx(0.1).epsilon(0).margin(1e-12));
}

TEST_CASE("an affine value adds a constant slope to the weighted optimum", "[engine][offer]") {
    nlohmann::json j = test::load_json("tests/data/two-party.json");
    // a values the share from 0.2 (at 0) to 0.6 (at 1): slope 0.4; b quadratic with ideal 0: f = 0.4 c_a x - c_b x^2.
    j["agents"][0]["values"] = {{"share", {{"at_min", 0.2}, {"at_max", 0.6}}}};
    j["agents"][1]["values"] = {{"share", "quadratic"}};
    const Scenario s = test::scenario_from(j);
    const Parameters p = nominal_parameters(s);
    const Negotiation n(s, p);
    CHECK(utility(s, p, 0, Package{0.25}) == Approx(0.3).epsilon(0).margin(1e-15));
    // f' = 0.4 c_a - 2 c_b x = 0 at x = 0.2 c_a / c_b.
    CHECK(weighted_optimum(n, {1.0, 1.0})[0] == Approx(0.2).epsilon(0).margin(1e-12));
    CHECK(weighted_optimum(n, {2.0, 1.0})[0] == Approx(0.4).epsilon(0).margin(1e-12));
}

TEST_CASE("no protocol strikes a deal a required agent rejects, breaks a constraint, or overruns its round limit", "[engine]") {
    for (const char* file : {"scenarios/paris-2026-core.json", "scenarios/example-small.json"})
    for (const char* type : {"alternating", "random-proposer", "mediator"}) {
        INFO(file << " with protocol " << type);
        // Every protocol runs on any valid scenario with nothing but its type changed (and the alternating-only
        // proposer order dropped).
        nlohmann::json j = test::load_json(file);
        j["protocol"]["type"] = type;
        if (std::string(type) != "alternating") j["protocol"].erase("order");
        j["monte_carlo"]["samples"] = 1;
        const Scenario s = test::scenario_from(j);
        Parameters p;
        int deals = 0;
        std::vector<TraceRow> trace;
        for (std::uint64_t k = 0; k < (std::string(type) == "mediator" ? 60u : 300u); ++k) {
            sample_parameters(s, 11, k, p);
            trace.clear();
            const Outcome o = negotiate_traced(s, p, trace);
            REQUIRE(o.rounds >= 1);
            REQUIRE(o.rounds <= s.protocol.rounds);
            REQUIRE(trace.size() == static_cast<std::size_t>(o.rounds) * s.agent_count());
            for (const TraceRow& row : trace)
                for (const Requirement& q : s.requirements) REQUIRE((!q.when.holds(row.offer[q.when.issue]) || q.then.holds(row.offer[q.then.issue])));
            // A round is a deal exactly when every required agent accepted it; the deal is the first such round.
            for (int round = 1; round <= o.rounds; ++round) {
                bool all = true;
                for (const TraceRow& row : trace)
                    if (row.round == round && s.protocol.decision.requires_acceptance(s.agents[row.agent].role)) all = all && row.accepts;
                const bool struck = o.agreed || o.end == End::not_ratified;  // agreed at the table, then maybe not ratified
                REQUIRE(all == (struck && round == o.rounds));
            }
            if (!o.agreed) {
                REQUIRE(o.blocker >= 0);
                REQUIRE(s.protocol.decision.requires_acceptance(s.agents[static_cast<std::size_t>(o.blocker)].role));
                continue;
            }
            ++deals;
            for (std::size_t j = 0; j < s.agent_count(); ++j) {
                const double u = utility(s, p, j, o.package);
                REQUIRE(o.utility[j] == Approx(std::pow(p.discount[j], o.rounds - 1) * u).epsilon(0).margin(1e-15));
                if (s.protocol.decision.requires_acceptance(s.agents[j].role)) REQUIRE(u >= p.reservation[j] - 1e-9);
            }
            for (std::size_t k2 = 0; k2 < s.issue_count(); ++k2) {
                const Issue& issue = s.issues[k2];
                REQUIRE(o.package[k2] >= issue.min);
                REQUIRE(o.package[k2] <= issue.max);
                if (issue.discrete) REQUIRE(o.package[k2] == std::floor(o.package[k2]));
            }
        }
        CHECK(deals > 0);
    }
}

TEST_CASE("the zone margin is the same whether its search starts from the deal or from every agent's best", "[engine][zone]") {
    // zone_margin(scenario, parameters, deal) starts its column generation from the negotiated deal alone; without a
    // seed it starts from the weighted-sum optima. The maximin value must not depend on where the search starts.
    for (const char* file : {"scenarios/paris-2026-core.json", "scenarios/example-small.json"}) {
        INFO(file);
        const Scenario s = test::scenario_from(test::load_json(file));
        Parameters p;
        int seeded = 0;
        for (std::uint64_t k = 0; k < 60; ++k) {
            sample_parameters(s, 3, k, p);
            const Outcome o = negotiate(s, p);
            if (!o.agreed) continue;
            ++seeded;
            const ZoneMargin from_deal = zone_margin(s, p, &o.package);
            const ZoneMargin from_scratch = zone_margin(Negotiation(s, p), full_bounds(s));
            CHECK(from_deal.unproven.answers == 0);
            CHECK(from_deal.value == Approx(from_scratch.value).epsilon(0).margin(1e-9));
        }
        CHECK(seeded > 20);
    }
}
