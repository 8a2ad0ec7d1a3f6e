// Private information (docs/protocols.md, "Private information"): the `information` key, the closed forms of a
// take-it-or-leave-it offer under a uniform prior, learning by truncation, and agreement given a zone below 1.
#include "analysis/wilson.hpp"
#include "engine/belief_offer.hpp"
#include "engine/protocol.hpp"
#include "model/tolerance.hpp"
#include "random/random_stream.hpp"
#include "random/sampling.hpp"
#include "runner/monte_carlo.hpp"
#include "test_support.hpp"

#include <catch2/catch.hpp>

#include <cmath>

using namespace negsim;

namespace {

// One round, A proposes to B: A keeps x of a unit surplus, B gets 1 - x; B's reservation value is uniform on [0, 1]
// and A knows only that. A's own reservation value is r_p.
nlohmann::json one_offer(double r_p) {
    nlohmann::json j = test::two_party(r_p, 0.5, 1);
    j["information"] = "private";
    j["monte_carlo"]["uncertainty"]["agents"]["b"]["reservation"] = {{"distribution", "uniform"}, {"min", 0}, {"max", 1}};
    return j;
}

// One round, A proposes to B and C, both must accept: issues keep (A's), to_b, to_c on [0, 1] with a budget of 1 on
// the three; B and C value only their own share, each with a reservation value uniform on [0, 1], independent.
nlohmann::json two_responders(double r_p) {
    nlohmann::json j = {{"name", "two-responders"}, {"protocol", {{"type", "alternating"}, {"rounds", 1}}}, {"information", "private"}};
    for (const char* id : {"keep", "to_b", "to_c"}) j["issues"].push_back({{"id", id}, {"label", id}, {"unit", "share"}, {"min", 0}, {"max", 1}});
    const auto agent = [](const char* id, const char* own, double r) {
        nlohmann::json a = {{"id", id}, {"name", id}, {"role", "signatory"}, {"power", 1}, {"reservation", r}, {"strategy", {{"type", "linear"}}}};
        for (const char* issue : {"keep", "to_b", "to_c"}) {
            a["ideal"][issue] = std::string(issue) == own ? 1 : 0;
            a["weights"][issue] = std::string(issue) == own ? 1 : 0;
        }
        return a;
    };
    j["agents"] = {agent("a", "keep", r_p), agent("b", "to_b", 0.5), agent("c", "to_c", 0.5)};
    j["constraints"] = {{{"type", "budget"}, {"issues", {"keep", "to_b", "to_c"}}, {"max", 1}}};
    for (const char* id : {"b", "c"}) j["monte_carlo"]["uncertainty"]["agents"][id]["reservation"] = {{"distribution", "uniform"}, {"min", 0}, {"max", 1}};
    return j;
}

// The first round's offer of sample 0 as the proposer (agent 0) builds it, with its true threshold r_p (T = 1: every
// aspiration is the reservation value).
BeliefOffer first_offer(const Scenario& s) {
    Parameters p;
    sample_parameters(s, 1, 0, p);
    const Negotiation n(s, p);
    PrivateTalks talks(n);
    std::array<double, kMaxAgents> threshold{};
    AgentMask coalition{};
    std::array<int, kMaxAgents> next{};
    for (std::size_t j = 0; j < s.agent_count(); ++j) threshold[j] = p.reservation[j], coalition[j] = true, next[j] = -1;
    Unproven unproven;
    const BeliefOffer o = talks.offer(0, 0, threshold, coalition, next, unproven);
    CHECK(unproven.answers == 0);
    return o;
}

}  // namespace

TEST_CASE("information: complete by default, private for all, per agent and per other agent", "[private][loader]") {
    nlohmann::json j = test::two_party(0.2, 0.3, 5);
    CHECK_FALSE(test::scenario_from(j).information.any_private);
    j["information"] = "private";
    const Scenario all = test::scenario_from(j);
    CHECK(all.information.any_private);
    CHECK(all.information.knows_only_prior[0][1]);
    CHECK(all.information.knows_only_prior[1][0]);
    CHECK_FALSE(all.information.knows_only_prior[0][0]);
    j["information"] = {{"default", "private"}, {"agents", {{"a", {{"about", {{"b", "complete"}}}}}}}};
    const Scenario some = test::scenario_from(j);
    CHECK_FALSE(some.information.knows_only_prior[0][1]);
    CHECK(some.information.knows_only_prior[1][0]);
    j["information"] = {{"agents", {{"a", {{"about", {{"a", "private"}}}}}}}};
    CHECK_THROWS_WITH(test::scenario_from(j), Catch::Contains("/information/agents/a/about/a") && Catch::Contains("its own parameters"));
    j["information"] = {{"agents", {{"a", {{"about", {{"b", {{"reservation", {{"distribution", "uniform"}, {"min", 0.2}, {"max", 1.5}}}}}}}}}}}};
    CHECK_THROWS_WITH(test::scenario_from(j), Catch::Contains("/information/agents/a/about/b/reservation/max") && Catch::Contains("[0, 1]"));
    j["information"] = {{"agents", {{"a", {{"about", {{"b", {{"reservatoin", 0.3}}}}}}}}}};
    CHECK_THROWS_WITH(test::scenario_from(j), Catch::Contains("/information/agents/a/about/b/reservatoin"));
    j["information"] = "secret";
    CHECK_THROWS_WITH(test::scenario_from(j), Catch::Contains("/information") && Catch::Contains("\"complete\", \"private\""));
    j["information"] = "private";
    j["protocol"] = {{"type", "mediator"}, {"rounds", 5}};
    CHECK_THROWS_WITH(test::scenario_from(j), Catch::Contains("/information") && Catch::Contains("mediator"));
}

TEST_CASE("one offer to a responder with a uniform reservation value: offer (1 - r_p) / 2, accepted with that probability",
          "[private][theory]") {
    // A maximises (1 - s) s + (1 - s) r_p over the share s it offers: s* = (1 - r_p) / 2, P = s*, and its expected
    // utility (1 - s*)(s* + r_p) = ((1 + r_p) / 2)^2.
    for (const double r_p : {0.0, 0.2, 0.5}) {
        INFO("r_p = " << r_p);
        const Scenario s = test::scenario_from(one_offer(r_p));
        const BeliefOffer o = first_offer(s);
        const double share = (1.0 - r_p) / 2.0;
        CHECK(1.0 - o.x[0] == Approx(share).margin(1e-6));
        CHECK(o.acceptance == Approx(share).margin(1e-6));
        CHECK(o.expected == Approx((1.0 + r_p) * (1.0 + r_p) / 4.0).margin(1e-10));
    }
    // Over many samples the deal happens with probability (1 - r_p) / 2, and a zone exists whenever r_b <= 1 - r_p:
    // P(deal | zone) = (1 - r_p) / 2 / (1 - r_p) = 1/2, below 1 although every sample's talks could have found the zone.
    const double r_p = 0.2;
    const Scenario s = test::scenario_from(one_offer(r_p));
    const std::uint64_t samples = 4000;
    std::uint64_t deals = 0, zones = 0, deals_in_zone = 0;
    for (std::uint64_t k = 0; k < samples; ++k) {
        const Outcome o = simulate_sample(s, 3, k);
        deals += o.agreed;
        zones += zone_exists(o.zone_margin);
        deals_in_zone += o.agreed && zone_exists(o.zone_margin);
    }
    const Interval deal = wilson_interval(deals, samples, 3.29);  // 99.9%
    CHECK(deal.lo <= (1.0 - r_p) / 2.0);
    CHECK(deal.hi >= (1.0 - r_p) / 2.0);
    const Interval given = wilson_interval(deals_in_zone, zones, 3.29);
    CHECK(given.lo <= 0.5);
    CHECK(given.hi >= 0.5);
    CHECK(given.hi < 1.0);
    // Complete information on the same samples: a deal in every sample with a zone.
    nlohmann::json complete = one_offer(r_p);
    complete.erase("information");
    const Scenario c = test::scenario_from(complete);
    std::uint64_t missed = 0;
    for (std::uint64_t k = 0; k < 500; ++k) {
        const Outcome o = simulate_sample(c, 3, k);
        missed += zone_exists(o.zone_margin) && !o.agreed;
    }
    CHECK(missed == 0);
}

TEST_CASE("one offer to two responders with independent uniform reservation values: each gets (1 - r_p) / 3", "[private][theory]") {
    // A keeps 1 - 2s when it offers each responder s; both accept with probability s^2, so A maximises
    // s^2 (1 - 2s) + (1 - s^2) r_p: 2s (1 - 3s - r_p) = 0 gives s* = (1 - r_p) / 3, P = s*^2.
    for (const double r_p : {0.0, 0.1, 0.4}) {
        INFO("r_p = " << r_p);
        const Scenario s = test::scenario_from(two_responders(r_p));
        const BeliefOffer o = first_offer(s);
        const double share = (1.0 - r_p) / 3.0;
        CHECK(o.x[1] == Approx(share).margin(1e-6));
        CHECK(o.x[2] == Approx(share).margin(1e-6));
        CHECK(o.x[0] == Approx(1.0 - 2.0 * share).margin(2e-6));
        CHECK(o.acceptance == Approx(share * share).margin(1e-6));
        CHECK(o.expected == Approx(share * share * (1.0 - 2.0 * share) + (1.0 - share * share) * r_p).margin(1e-10));
    }
}

TEST_CASE("a misperception is the holder's own prior: one offer under a uniform belief on [L, H] gives (1 + L - r_p) / 2",
          "[private][theory]") {
    // A believes r_b uniform on [L, H] (B's true prior is uniform on [0, 1]). A maximises r_p + (s - L)(1 - s - r_p) / (H - L)
    // over the share s it offers: s* = (1 + L - r_p) / 2 while that lies in [L, H], predicted to be accepted with
    // probability (s* - L) / (H - L).
    for (const auto& [lo, hi] : {std::pair{0.3, 0.8}, std::pair{0.1, 0.5}}) {
        const double r_p = 0.2;
        nlohmann::json j = one_offer(r_p);
        j["information"] = {{"agents", {{"a", {{"about", {{"b", {{"reservation", {{"distribution", "uniform"}, {"min", lo}, {"max", hi}}}}}}}}}}}};
        const Scenario s = test::scenario_from(j);
        REQUIRE(s.information.knows_only_prior[0][1]);
        CHECK_FALSE(s.information.knows_only_prior[1][0]);
        const BeliefOffer o = first_offer(s);
        const double share = (1.0 + lo - r_p) / 2.0;
        INFO("belief uniform on [" << lo << ", " << hi << "]");
        CHECK(1.0 - o.x[0] == Approx(share).margin(1e-6));
        CHECK(o.acceptance == Approx((share - lo) / (hi - lo)).margin(1e-6));
    }
}

TEST_CASE("a proposer that overestimates the responder's demand makes a more generous first offer", "[private]") {
    // The first offer of a time-dependent proposer is its ideal in every round but the last (its aspiration starts at
    // 1), so the offer that beliefs shape is the take-it-or-leave-it one: one round, A proposes and knows r_b only by a
    // prior. B's reservation value is uniform on [0, 0.4] (the common prior); A's own varies over the samples. With the
    // misperception A believes r_b uniform on [0.3, 0.7]: it overestimates what B demands, so its offer gives B more,
    // sample by sample, and more deals happen on the same samples.
    nlohmann::json j = test::two_party(0.2, 0.2, 1);
    j["information"] = {{"agents", {{"a", "private"}}}};
    j["monte_carlo"]["uncertainty"]["agents"]["a"]["reservation"] = {{"distribution", "uniform"}, {"min", 0}, {"max", 0.4}};
    j["monte_carlo"]["uncertainty"]["agents"]["b"]["reservation"] = {{"distribution", "uniform"}, {"min", 0}, {"max", 0.4}};
    const Scenario common = test::scenario_from(j);
    j["information"] = {{"agents", {{"a", {{"about", {{"b", {{"reservation", {{"distribution", "uniform"}, {"min", 0.3}, {"max", 0.7}}}}}}}}}}}};
    const Scenario misperceived = test::scenario_from(j);
    struct First {
        double to_b = -1.0;
        bool agreed = false;
    };
    const auto first = [](const Scenario& s, std::uint64_t k) {
        Parameters p;
        sample_parameters(s, 11, k, p);
        std::vector<TraceRow> rows;
        First f;
        f.agreed = negotiate_traced(s, p, rows).agreed;
        for (const TraceRow& row : rows)
            if (row.round == 1 && row.agent == 1) f.to_b = row.utility;
        return f;
    };
    const std::uint64_t samples = 1000;
    double sum = 0.0, sum_sq = 0.0;
    std::uint64_t less = 0, gained = 0, lost = 0;
    for (std::uint64_t k = 0; k < samples; ++k) {
        const First m = first(misperceived, k), c = first(common, k);
        REQUIRE(m.to_b >= 0.0);
        REQUIRE(c.to_b >= 0.0);
        const double d = m.to_b - c.to_b;
        sum += d;
        sum_sq += d * d;
        less += d < 0.0;
        gained += m.agreed && !c.agreed;
        lost += c.agreed && !m.agreed;
    }
    const double mean = sum / static_cast<double>(samples);
    const double sd = std::sqrt((sum_sq - sum * mean) / static_cast<double>(samples - 1));
    const double half = 3.29 * sd / std::sqrt(static_cast<double>(samples));  // 99.9% normal interval of the mean
    INFO("B's utility of the offer rises by " << mean << " +- " << half << " (smaller in " << less << " samples); deals gained " << gained
                                              << ", lost " << lost);
    CHECK(mean - half > 0.0);
    CHECK(less == 0);
    // Paired: a more generous offer to the same B is accepted whenever the meaner one was.
    CHECK(lost == 0);
    CHECK(gained > 0);
}

TEST_CASE("after a rejection the belief gives the rejected offer no chance of acceptance", "[private]") {
    // Random priors, beliefs, threshold models and offers; the property must hold for each.
    RandomStream draw(11, 0, 99);
    std::array<Distribution, 4> priors{};
    priors[0].kind = Distribution::Kind::uniform, priors[0].a = 0.2, priors[0].b = 0.8;
    priors[1].kind = Distribution::Kind::normal, priors[1].a = 0.5, priors[1].b = 0.15, priors[1].lo = 0.0, priors[1].hi = 1.0;
    priors[2].kind = Distribution::Kind::beta, priors[2].a = 2.0, priors[2].b = 5.0, priors[2].lo = 0.0, priors[2].hi = 1.0;
    priors[3].kind = Distribution::Kind::triangular, priors[3].a = 0.1, priors[3].b = 0.3, priors[3].c = 0.9;
    int checked = 0;
    for (int trial = 0; trial < 4000; ++trial) {
        const Distribution& prior = priors[static_cast<std::size_t>(trial % 4)];
        ThresholdModel model;
        model.strategy = TimeDependentStrategy{0.2 + 3.0 * draw.uniform()};
        model.discount = 0.9 + 0.1 * draw.uniform();
        model.rounds = 10;
        model.round = static_cast<int>(10 * draw.uniform());
        model.next = draw.uniform() < 0.5 && model.round + 1 < 10 ? model.round + 1 : -1;
        Belief b{0.0, 1.0, false};
        // A history of answers first, then the rejection under test.
        for (int answer = 0; answer < 3; ++answer) {
            const double v = draw.uniform();
            b = updated(b, prior, 0.5, model.largest_accepting(v), draw.uniform() < 0.5);
        }
        const double v = draw.uniform() * 1.1;
        const double c = model.largest_accepting(v);
        const Belief after = updated(b, prior, 0.5, c, false);
        INFO("trial " << trial << ": v " << v << ", c " << c << ", belief (" << after.lo << ", " << after.hi << "]");
        CHECK(mass_below(after, prior, c) == 0.0);
        CHECK(mass_below(after, prior, model.largest_accepting(v)) == 0.0);
        checked += c >= 0.0;
    }
    CHECK(checked > 1000);
}

TEST_CASE("a private-information negotiation replays identically and its trace shows the beliefs", "[private]") {
    nlohmann::json j = test::two_party(0.2, 0.3, 8, 0.5, 0.5);
    j["information"] = "private";
    for (const char* id : {"a", "b"}) j["monte_carlo"]["uncertainty"]["agents"][id]["reservation"] = {{"distribution", "uniform"}, {"min", 0.1}, {"max", 0.6}};
    const Scenario s = test::scenario_from(j);
    for (std::uint64_t k = 0; k < 20; ++k) {
        Parameters p;
        sample_parameters(s, 5, k, p);
        std::vector<TraceRow> rows;
        const Outcome traced = negotiate_traced(s, p, rows);
        const Outcome plain = negotiate(s, p);
        CHECK(traced.agreed == plain.agreed);
        CHECK(traced.rounds == plain.rounds);
        for (const TraceRow& row : rows) {
            CHECK(row.believed == (row.agent != row.proposer));
            // Every agent's belief about the other is recorded, the proposer's the one it offered on.
            const Belief& held = row.held[1 - row.agent];
            CHECK(held.lo <= held.hi);
            CHECK(held.lo >= 0.1);
            CHECK(held.hi <= 0.6);
            if (!row.believed) continue;
            CHECK(held.lo == row.belief_lo);
            CHECK(held.hi == row.belief_hi);
            CHECK(row.belief_lo <= row.belief_hi);
            CHECK(row.acceptance >= 0.0);
            CHECK(row.acceptance <= 1.0);
        }
    }
}

TEST_CASE("with private information P(deal | zone) rises with the number of rounds when the parties are patient", "[private][theory]") {
    // Two linear concessors, undiscounted, each knowing the other's reservation value only as uniform on [0, 0.5]. One
    // round is the take-it-or-leave-it offer of the closed form; more rounds let offers be answered, beliefs narrow
    // and the proposers' demands come down, so fewer zones go unused.
    const auto given_zone = [](int rounds) {
        nlohmann::json j = test::two_party(0.2, 0.2, rounds);
        j["information"] = "private";
        for (const char* id : {"a", "b"}) j["monte_carlo"]["uncertainty"]["agents"][id]["reservation"] = {{"distribution", "uniform"}, {"min", 0}, {"max", 0.5}};
        const Scenario s = test::scenario_from(j);
        std::uint64_t zones = 0, deals = 0;
        for (std::uint64_t k = 0; k < 1500; ++k) {
            const Outcome o = simulate_sample(s, 9, k);
            zones += zone_exists(o.zone_margin);
            deals += o.agreed && zone_exists(o.zone_margin);
        }
        return std::pair{deals, zones};
    };
    const auto [deals_1, zones_1] = given_zone(1);
    const auto [deals_4, zones_4] = given_zone(4);
    const auto [deals_12, zones_12] = given_zone(12);
    const Interval one = wilson_interval(deals_1, zones_1), four = wilson_interval(deals_4, zones_4), twelve = wilson_interval(deals_12, zones_12);
    INFO("P(deal | zone): 1 round " << deals_1 << "/" << zones_1 << ", 4 rounds " << deals_4 << "/" << zones_4 << ", 12 rounds " << deals_12 << "/" << zones_12);
    CHECK(one.hi < 1.0);
    CHECK(one.hi < four.lo);
    CHECK(four.hi < twelve.lo);
}

TEST_CASE("the largest reservation value an offer meets is the bisection's answer, to the last bit", "[private]") {
    // The search interpolates on the bisection's grid (steps of 2^-40) instead of halving: its answer must be the
    // bisection's exactly, for every strategy the model knows and offers on both sides of every kink.
    const auto bisection = [](const ThresholdModel& m, double v) {
        if (!acceptable(v, m.threshold(0.0))) return -1.0;
        if (acceptable(v, m.threshold(1.0))) return 1.0;
        double yes = 0.0, no = 1.0;
        while (no - yes > tolerance::kBeliefBisection) {
            const double mid = 0.5 * (yes + no);
            (acceptable(v, m.threshold(mid)) ? yes : no) = mid;
        }
        return yes;
    };
    RandomStream draw(13, 0, 7);
    int inside = 0;
    for (int trial = 0; trial < 3000; ++trial) {
        ThresholdModel model;
        const int kind = trial % 4;
        if (kind == 0 || kind == 1) model.strategy = TimeDependentStrategy{0.2 + 3.0 * draw.uniform()};
        if (kind == 2) model.strategy = HardlinerStrategy{};
        if (kind == 3) model.strategy = TitForTatStrategy{};
        model.discount = kind == 1 ? 1.0 : 0.85 + 0.15 * draw.uniform();
        model.best = 0.6 + 0.4 * draw.uniform();
        model.rounds = 12;
        model.round = static_cast<int>(12 * draw.uniform());
        model.next = draw.uniform() < 0.5 && model.round + 2 < 12 ? model.round + 2 : -1;
        // Offers spread over the thresholds' range, and some exactly at a threshold (the knife edge).
        const double v = trial % 3 == 0 ? model.threshold(draw.uniform()) : 1.2 * draw.uniform();
        const double expected = bisection(model, v);
        INFO("trial " << trial << ", v " << v);
        CHECK(model.largest_accepting(v) == expected);
        inside += expected > 0.0 && expected < 1.0;
    }
    CHECK(inside > 1000);  // most answers lie inside (0, 1), where the search works
}
