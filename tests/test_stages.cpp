// Negotiations in stages (docs/protocols.md, "Stages"): the loader's cut of each stage, the theory a process must
// reproduce (independence, a two-stage Rubinstein game solved by backward induction, two agenda effects), and the
// process's determinism.
#include "analysis/process_tally.hpp"
#include "engine/strategy.hpp"
#include "model/utility.hpp"
#include "input/input_error.hpp"
#include "runner/monte_carlo.hpp"
#include "runner/stages.hpp"
#include "cli_support.hpp"
#include "test_support.hpp"

#include <catch2/catch.hpp>

#include <cmath>
#include <filesystem>
#include <sstream>

using namespace negsim;
using json = nlohmann::json;

namespace {

// Two agents over two issues x and y on [0, 1]: a wants both at 1, b both at 0, linear values, weights (wa, 1 - wa)
// and (1 - wa, wa); a mediator's single text; each issue its own stage when `staged`.
json two_issues(double wa, bool staged) {
    json j = {{"name", "two-issues"},
              {"issues", {{{"id", "x"}, {"label", "X"}, {"unit", "share"}, {"min", 0}, {"max", 1}}, {{"id", "y"}, {"label", "Y"}, {"unit", "share"}, {"min", 0}, {"max", 1}}}},
              {"agents",
               {{{"id", "a"}, {"name", "A"}, {"role", "signatory"}, {"power", 1}, {"ideal", {{"x", 1}, {"y", 1}}}, {"weights", {{"x", wa}, {"y", 1 - wa}}},
                 {"reservation", 0}, {"strategy", {{"type", "linear"}}}},
                {{"id", "b"}, {"name", "B"}, {"role", "signatory"}, {"power", 1}, {"ideal", {{"x", 0}, {"y", 0}}}, {"weights", {{"x", 1 - wa}, {"y", wa}}},
                 {"reservation", 0}, {"strategy", {{"type", "linear"}}}}}},
              {"protocol", {{"type", "mediator"}, {"rounds", 40}}},
              {"monte_carlo", {{"samples", 1}, {"seed", 3}}}};
    if (staged) {
        const json protocol = {{"type", "mediator"}, {"rounds", 40}};
        j["stages"] = {{"sequence",
                        {{{"id", "first"}, {"agents", {"a", "b"}}, {"issues", {"x"}}, {"protocol", protocol}, {"if_failed", {{"status_quo", {{"x", 0.5}}}}}},
                         {{"id", "second"}, {"agents", {"a", "b"}}, {"issues", {"y"}}, {"protocol", protocol}, {"if_failed", {{"status_quo", {{"y", 0.5}}}}}}}}};
    }
    return j;
}

ProcessSummary run_stages(const Scenario& s, std::uint64_t samples, std::uint64_t seed, unsigned threads = 2) {
    RunOptions options;
    options.samples = samples;
    options.seed = seed;
    options.threads = threads;
    options.chunk = kProcessChunk;
    ProcessTally tally(s);
    run_process(s, options, [&](std::uint64_t, std::span<const ProcessOutcome> o) { tally.add(o); });
    return tally.summarise();
}

// Every sample's outcome of a process run, in sample order.
std::vector<ProcessOutcome> outcomes_of(const Scenario& s, std::uint64_t samples, std::uint64_t seed, unsigned threads, std::uint64_t chunk) {
    std::vector<ProcessOutcome> out;
    RunOptions options;
    options.samples = samples;
    options.seed = seed;
    options.threads = threads;
    options.chunk = chunk;
    run_process(s, options, [&](std::uint64_t, std::span<const ProcessOutcome> o) { out.insert(out.end(), o.begin(), o.end()); });
    return out;
}

double share(std::uint64_t part, std::uint64_t whole) { return static_cast<double>(part) / static_cast<double>(whole); }

// Two processes' outcomes field by field, every double exactly (padding aside, which a memcmp would also compare).
bool same(const ProcessOutcome& a, const ProcessOutcome& b) {
    if (a.reached != b.reached || a.joint != b.joint || a.value != b.value) return false;
    for (std::size_t s = 0; s < kMaxStages; ++s) {
        const Outcome& x = a.stage[s];
        const Outcome& y = b.stage[s];
        if (x.end != y.end || x.agreed != y.agreed || x.rounds != y.rounds || x.proposer != y.proposer || x.package != y.package || x.utility != y.utility ||
            x.reservation != y.reservation || x.rejections != y.rejections || x.zone_margin != y.zone_margin || x.blocker != y.blocker ||
            x.zone_undecided != y.zone_undecided || x.shocks != y.shocks || x.unproven.answers != y.unproven.answers || x.unproven.gap != y.unproven.gap)
            return false;
    }
    return true;
}

// A stage's agreement with a reservation value of b drawn uniformly on [lo, hi] and a's fixed at 0.5: a one-issue split
// under a mediator agrees exactly when r_b <= 1 - r_a (the last round's text gives both their reservation values).
json breakdown_stage(const std::string& id, const std::string& issue, double b_reservation, bool ends) {
    return {{"id", id}, {"agents", {"a", "b"}}, {"issues", {issue}}, {"reservations", {{"a", 0.5}, {"b", b_reservation}}},
            {"protocol", {{"type", "mediator"}, {"rounds", 20}}}, {"if_failed", {{"status_quo", {{issue, 0.5}}}, {"then", ends ? "end" : "continue"}}}};
}

}  // namespace

TEST_CASE("Stages: each stage is the scenario cut to its table and issues, with its weights renormalised", "[stages]") {
    json j = two_issues(0.8, true);
    j["stages"]["sequence"][1]["roles"] = {{"b", "observer"}};
    j["stages"]["sequence"][1]["reservations"] = {{"a", 0.3}};
    j["stages"]["sequence"][1]["strategies"] = {{"a", {{"type", "hardliner"}}}};
    const Scenario s = test::scenario_from(j);
    REQUIRE(s.stages.list.size() == 2);
    const Stage& second = s.stages.list[1];
    REQUIRE(second.negotiation.issue_count() == 1);
    CHECK(second.negotiation.issues[0].id == "y");
    CHECK(second.issues == std::vector<std::size_t>{1});
    CHECK(second.negotiation.agents[0].weights[0] == 1.0);  // 0.2 of a's weight, renormalised
    CHECK(second.share[0] == Approx(0.2).margin(1e-15));
    CHECK(second.share[1] == Approx(0.8).margin(1e-15));
    CHECK(second.negotiation.agents[1].role == Role::observer);
    CHECK(second.negotiation.agents[0].reservation == 0.3);
    CHECK(std::holds_alternative<HardlinerStrategy>(second.negotiation.agents[0].strategy));
    CHECK(std::holds_alternative<TimeDependentStrategy>(s.stages.list[0].negotiation.agents[0].strategy));
    CHECK(second.status_quo[0] == 0.5);
    CHECK(s.stages.list[0].stream != second.stream);
    CHECK(s.issue_count() == 2);  // the one-table negotiation stays whole
}

TEST_CASE("Stages: what would join two stages is an error naming its place", "[stages]") {
    const auto error_of = [](const json& j) {
        try {
            (void)test::scenario_from(j);
        } catch (const InputError& e) {
            return std::string(e.what());
        }
        return std::string("no error");
    };
    json twice = two_issues(0.8, true);
    twice["stages"]["sequence"][1]["issues"] = {"y", "x"};
    CHECK_THAT(error_of(twice), Catch::Contains("/stages/sequence/1/issues/1: issue \"x\" is already negotiated in stage \"first\""));
    json none = two_issues(0.8, true);
    none["stages"]["sequence"][1]["issues"] = {"y"};
    none["stages"]["sequence"][0]["issues"] = json::array();
    CHECK_THAT(error_of(none), Catch::Contains("/stages/sequence/0/issues"));
    json link = two_issues(0.8, true);
    link["agents"][0]["links"] = {{{"if", {{{"issue", "x"}, {"above", 0.5}}, {{"issue", "y"}, {"above", 0.5}}}}, {"value", 0.1}}};
    CHECK_THAT(error_of(link), Catch::Contains("/agents/0/links/0: this link joins issues negotiated in different stages"));
    json later = two_issues(0.8, true);
    later["stages"]["sequence"][0]["depends_on"] = {{{"if", {{"issue", "y"}, {"above", 0.5}}}, {"effects", {{{"parameter", "a/reservation"}, {"add", 0.1}}}}}};
    CHECK_THAT(error_of(later), Catch::Contains("/stages/sequence/0/depends_on/0/if/issue: issue \"y\" is not negotiated in an earlier stage"));
    json stranger = two_issues(0.8, true);
    stranger["stages"]["sequence"][1]["depends_on"] = {{{"if", {{"stage", "first"}, {"failed", true}}}, {"effects", {{{"parameter", "a/ideal/x"}, {"set", 0.1}}}}}};
    CHECK_THAT(error_of(stranger), Catch::Contains("/stages/sequence/1/depends_on/0/effects/0/parameter: names an agent not at this stage's table or an issue not on it"));
    json missing = two_issues(0.8, true);
    missing["stages"]["sequence"][1]["if_failed"]["status_quo"] = json::object();
    CHECK_THAT(error_of(missing), Catch::Contains("/stages/sequence/1/if_failed/status_quo: gives no value for issue \"y\""));
    json beta = two_issues(0.8, true);
    beta["stages"]["sequence"][1]["reservations"] = {{"b", 0.2}};
    beta["monte_carlo"]["uncertainty"] = {{"agents", {{"b", {{"reservation", {{"distribution", "beta"}, {"alpha", 2}, {"beta", 2}}}}}}}};
    CHECK_THAT(error_of(beta), Catch::Contains("/stages/sequence/1/reservations/b: agent \"b\"'s reservation value is drawn from a beta distribution over all of [0, 1]"));
    json hidden = test::two_party(0.1, 0.1, 10);
    hidden["agents"][0]["strategy"] = {{"type", "rubinstein"}}, hidden["agents"][0]["discount"] = 0.9;
    hidden["information"] = "private";
    CHECK_THAT(error_of(hidden), Catch::Contains("/information: the rubinstein strategy demands its share of the surplus above both reservation values"));
    json strategy = two_issues(0.8, true);
    strategy["stages"]["sequence"][1]["strategies"] = {{"a", {{"type", "baron-ferejohn"}}}};
    CHECK_THAT(error_of(strategy), Catch::Contains("/stages/sequence/1/strategies/a: the baron-ferejohn strategy is the equilibrium of the random-proposer protocol"));
    json stake = two_issues(1.0, true);
    CHECK_THAT(error_of(stake), Catch::Contains("/stages/sequence/0/agents/1: agent \"b\" puts no weight on this stage's issues"));
}

// Independence: with disjoint tables, issues and utilities, a process of two stages that both continue after a failure
// is the product of the stages run alone. Each stage here is a one-issue split whose agreement has probability
// P(r_b <= 0.5) under b's uniform reservation value (breakdown_stage); the stages' draws come from their own streams.
TEST_CASE("Stages: two independent stages give the product of the stages run alone", "[stages][theory]") {
    json j = {{"name", "independent"},
              {"issues", {{{"id", "x"}, {"label", "X"}, {"unit", "share"}, {"min", 0}, {"max", 1}}, {{"id", "y"}, {"label", "Y"}, {"unit", "share"}, {"min", 0}, {"max", 1}}}},
              {"agents",
               {{{"id", "a"}, {"name", "A"}, {"role", "signatory"}, {"power", 1}, {"ideal", {{"x", 1}, {"y", 1}}}, {"weights", {{"x", 0.5}, {"y", 0.5}}},
                 {"reservation", 0.5}, {"strategy", {{"type", "linear"}}}},
                {{"id", "b"}, {"name", "B"}, {"role", "signatory"}, {"power", 1}, {"ideal", {{"x", 0}, {"y", 0}}}, {"weights", {{"x", 0.5}, {"y", 0.5}}},
                 {"reservation", 0.5}, {"strategy", {{"type", "linear"}}}}}},
              {"protocol", {{"type", "mediator"}, {"rounds", 20}}},
              {"monte_carlo", {{"samples", 1}, {"seed", 11}, {"uncertainty", {{"agents", {{"b", {{"reservation", {{"distribution", "uniform"}, {"min", 0}, {"max", 1}}}}}}}}}}},
              {"stages", {{"sequence", {breakdown_stage("first", "x", 0.5, false), breakdown_stage("second", "y", 0.7, false)}}}}};
    const Scenario s = test::scenario_from(j);
    const std::uint64_t n = 6000;
    const ProcessSummary p = run_stages(s, n, 11);
    // Alone: p1 = P(U(0, 1) <= 0.5) = 0.5; p2 = P(U(0.2, 1) <= 0.5) = 0.3 / 0.8 (b's uniform moved with its stage value).
    const double p1 = 0.5, p2 = 0.3 / 0.8;
    const auto near = [&](double estimate, double truth) { return std::abs(estimate - truth) <= 4.0 * std::sqrt(truth * (1 - truth) / n); };
    CHECK(near(share(p.stages[0].agreed, n), p1));
    CHECK(near(share(p.stages[1].agreed, n), p2));
    CHECK(near(share(p.all_agreed, n), p1 * p2));
    // The second stage's agreement and its deals do not depend on how the first ended.
    const auto given = [&](const std::string& label) {
        for (const ConditionalAgreement& c : p.conditional)
            if (c.given == label) return c;
        FAIL("no conditional row " << label);
        return ConditionalAgreement{};
    };
    const ConditionalAgreement agreed = given("agreed"), failed = given("failed");
    CHECK(std::abs(share(agreed.agreed, agreed.samples) - p2) <= 4.0 * std::sqrt(p2 * (1 - p2) / static_cast<double>(agreed.samples)));
    CHECK(std::abs(share(failed.agreed, failed.samples) - p2) <= 4.0 * std::sqrt(p2 * (1 - p2) / static_cast<double>(failed.samples)));
    // Each stage run alone, as a scenario of its own with the stage's seed, gives the stage's outcomes sample by sample.
    for (std::size_t st = 0; st < 2; ++st) {
        const Stage& stage = s.stages.list[st];
        RunOptions alone;
        alone.samples = 200;
        alone.seed = 11 ^ stage.stream;
        std::vector<Outcome> by_itself;
        run_monte_carlo(stage.negotiation, alone, [&](std::uint64_t, std::span<const Outcome> o) { by_itself.insert(by_itself.end(), o.begin(), o.end()); });
        for (std::uint64_t k = 0; k < alone.samples; ++k) {
            const ProcessOutcome o = play_process(s, 11, k);
            REQUIRE(o.stage[st].agreed == by_itself[k].agreed);
            if (o.stage[st].agreed) REQUIRE(o.stage[st].package[0] == by_itself[k].package[0]);
        }
    }
}

// Two-stage Rubinstein, solved by hand. Stage 1: a alone chooses an investment t in {0, 1, 2, 3}, worth v(t) = 1, 0.9,
// 0.6, 0 to it (b observes). Stage 2: b then a divide a unit surplus with discounts d_a, d_b; every level of t raises
// a's reservation value by 0.25, r_a(t) = 0.25 t, r_b = 0. With a disagreement point (Binmore, Rubinstein & Wolinsky
// 1986) the proposer b gets r_b + s_b (1 - r_a - r_b), s_b = (1 - d_a) / (1 - d_a d_b), so a's stage-2 share is
//     share(t) = 1 - s_b (1 - r_a(t))                                   (r_b = 0, t <= 3 keeps a surplus)
// and, with weight w on t and 1 - w on the surplus, a's value of the whole process is w v(t) + (1 - w) share(t).
// Backward induction: an anticipating a picks argmax_t of that; a myopic a, valuing stage 1 alone, picks t = 0.
TEST_CASE("Stages: a two-stage Rubinstein game matches its closed form and backward induction", "[stages][theory]") {
    const double v[] = {1.0, 0.9, 0.6, 0.0};
    const auto scenario = [&](double w, double da, double db, const char* lookahead, int forced) {
        json values = {{"0", v[0]}, {"1", v[1]}, {"2", v[2]}, {"3", v[3]}};
        if (forced >= 0)  // a myopic a whose best option is `forced`: stage 2 then runs from that t
            for (int t = 0; t < 4; ++t) values[std::to_string(t)] = t == forced ? 1.0 : 0.0;
        json dependencies = json::array();
        for (const char* level : {"1", "2", "3"})
            dependencies.push_back({{"if", {{"issue", "t"}, {"at_least", level}}}, {"effects", {{{"parameter", "a/reservation"}, {"add", 0.25}}}}});
        json j = {{"name", "two-stage-rubinstein"},
                  {"issues", {{{"id", "t"}, {"label", "Investment"}, {"unit", "level"}, {"options", {"0", "1", "2", "3"}}},
                              {{"id", "share"}, {"label", "A's share"}, {"unit", "share"}, {"min", 0}, {"max", 1}}}},
                  {"agents",
                   {{{"id", "a"}, {"name", "A"}, {"role", "signatory"}, {"power", 1}, {"discount", da}, {"ideal", {{"t", std::to_string(std::max(forced, 0))}, {"share", 1}}},
                     {"weights", {{"t", w}, {"share", 1 - w}}}, {"values", {{"t", values}}}, {"reservation", 0}, {"strategy", {{"type", "rubinstein"}}}},
                    {{"id", "b"}, {"name", "B"}, {"role", "signatory"}, {"power", 1}, {"discount", db}, {"ideal", {{"t", "3"}, {"share", 0}}},
                     {"weights", {{"t", 0.5}, {"share", 0.5}}}, {"reservation", 0}, {"strategy", {{"type", "rubinstein"}}}}}},
                  {"protocol", {{"type", "alternating"}, {"rounds", 20}}},
                  {"monte_carlo", {{"samples", 1}, {"seed", 1}}},
                  {"stages",
                   {{"lookahead", lookahead},
                    {"sequence",
                     {{{"id", "investment"}, {"agents", {"a", "b"}}, {"issues", {"t"}}, {"roles", {{"b", "observer"}}}, {"strategies", {{"a", {{"type", "hardliner"}}}}},
                       {"protocol", {{"type", "alternating"}, {"rounds", 1}, {"order", {"a"}}}}, {"if_failed", {{"status_quo", {{"t", "0"}}}}}},
                      {{"id", "division"}, {"agents", {"a", "b"}}, {"issues", {"share"}}, {"protocol", {{"type", "alternating"}, {"rounds", 20}, {"order", {"b", "a"}}}},
                       {"if_failed", {{"status_quo", {{"share", 0}}}}}, {"depends_on", dependencies}}}}}}};
        return test::scenario_from(j);
    };
    struct Case { double w, da, db; };
    for (const Case c : {Case{0.5, 0.9, 0.9}, Case{0.1, 0.9, 0.9}, Case{0.3, 0.8, 0.95}, Case{0.9, 0.9, 0.9}}) {
        INFO("w=" << c.w << " da=" << c.da << " db=" << c.db);
        const double sb = rubinstein_share(c.db, c.da);
        const auto share_of = [&](int t) { return 1.0 - sb * (1.0 - 0.25 * t); };
        for (int t = 0; t < 4; ++t) {
            const ProcessOutcome o = play_process(scenario(c.w, c.da, c.db, "myopic", t), 1, 0);
            REQUIRE(o.stage[0].agreed);
            REQUIRE(o.joint[0] == t);
            REQUIRE(o.stage[1].agreed);
            CHECK(o.stage[1].rounds == 1);
            CHECK(o.joint[1] == Approx(share_of(t)).epsilon(0).margin(1e-9));
        }
        int predicted = 0;
        for (int t = 1; t < 4; ++t)
            if (c.w * v[t] + (1 - c.w) * share_of(t) > c.w * v[predicted] + (1 - c.w) * share_of(predicted)) predicted = t;
        const ProcessOutcome anticipating = play_process(scenario(c.w, c.da, c.db, "anticipating", -1), 1, 0);
        CHECK(anticipating.joint[0] == predicted);
        CHECK(anticipating.joint[1] == Approx(share_of(predicted)).epsilon(0).margin(1e-9));
        CHECK(play_process(scenario(c.w, c.da, c.db, "myopic", -1), 1, 0).joint[0] == 0);
    }
}

// Anticipation when the later stage depends on two conditions and on both together (the Moebius links of
// docs/protocols.md, "Anticipation", beyond a chain of nested cases). Stage 1: a alone picks p and q in {0, 1}, worth
// 1 at 0 and 0 at 1 each (a's weights w/2 on each); stage 2: b then a divide a unit surplus as in the test above, with
// r_a = 0.2 [p = 1] + 0.2 [q = 1] + 0.3 [p = 1 and q = 1]. So a's process value is
//     w (1 - (p + q) / 2) + (1 - w) (1 - s_b (1 - r_a(p, q)))
// and backward induction picks its argmax over the four cases; without the pair's own term (0.3) a larger w would
// make (0, 0) best where (1, 1) is.
TEST_CASE("Stages: anticipation through two conditions and their conjunction follows backward induction", "[stages][theory]") {
    const auto scenario = [](double w) {
        json values = {{"0", 1.0}, {"1", 0.0}};
        const auto issue = [](const char* id) { return json{{"id", id}, {"label", id}, {"unit", "level"}, {"options", {"0", "1"}}}; };
        json j = {{"name", "two-conditions"},
                  {"issues", {issue("p"), issue("q"), {{"id", "share"}, {"label", "A's share"}, {"unit", "share"}, {"min", 0}, {"max", 1}}}},
                  {"protocol", {{"type", "alternating"}, {"rounds", 20}}},
                  {"monte_carlo", {{"samples", 1}, {"seed", 1}}}};
        j["agents"] = {{{"id", "a"}, {"name", "A"}, {"role", "signatory"}, {"power", 1}, {"discount", 0.9}, {"ideal", {{"p", "0"}, {"q", "0"}, {"share", 1}}},
                        {"weights", {{"p", w / 2}, {"q", w / 2}, {"share", 1 - w}}}, {"values", {{"p", values}, {"q", values}}}, {"reservation", 0},
                        {"strategy", {{"type", "rubinstein"}}}},
                       {{"id", "b"}, {"name", "B"}, {"role", "signatory"}, {"power", 1}, {"discount", 0.9}, {"ideal", {{"p", "1"}, {"q", "1"}, {"share", 0}}},
                        {"weights", {{"p", 0.25}, {"q", 0.25}, {"share", 0.5}}}, {"reservation", 0}, {"strategy", {{"type", "rubinstein"}}}}};
        const json p1 = {{"issue", "p"}, {"at_least", "1"}}, q1 = {{"issue", "q"}, {"at_least", "1"}};
        const auto raise = [](double by) { return json::array({{{"parameter", "a/reservation"}, {"add", by}}}); };
        json first = {{"id", "choice"}, {"agents", {"a", "b"}}, {"issues", {"p", "q"}}, {"roles", {{"b", "observer"}}}, {"strategies", {{"a", {{"type", "hardliner"}}}}},
                      {"protocol", {{"type", "alternating"}, {"rounds", 1}, {"order", {"a"}}}}};
        first["if_failed"]["status_quo"] = {{"p", "0"}, {"q", "0"}};
        json second = {{"id", "division"}, {"agents", {"a", "b"}}, {"issues", {"share"}}, {"protocol", {{"type", "alternating"}, {"rounds", 20}, {"order", {"b", "a"}}}}};
        second["if_failed"]["status_quo"] = {{"share", 0}};
        second["depends_on"] = json::array({{{"if", p1}, {"effects", raise(0.2)}}, {{"if", q1}, {"effects", raise(0.2)}}, {{"if", json::array({p1, q1})}, {"effects", raise(0.3)}}});
        j["stages"] = {{"lookahead", "anticipating"}, {"sequence", json::array({first, second})}};
        return test::scenario_from(j);
    };
    const double sb = rubinstein_share(0.9, 0.9);
    for (const double w : {0.1, 0.2, 0.3, 0.5}) {
        INFO("w=" << w);
        double best = -1.0;
        int best_p = 0, best_q = 0;
        for (int p = 0; p < 2; ++p)
            for (int q = 0; q < 2; ++q) {
                const double r = 0.2 * p + 0.2 * q + 0.3 * p * q;
                const double value = w * (1.0 - (p + q) / 2.0) + (1 - w) * (1.0 - sb * (1.0 - r));
                if (value > best + 1e-9) best = value, best_p = p, best_q = q;
            }
        const Scenario s = scenario(w);
        CHECK(s.stages.list[0].watched.size() == 2);
        const ProcessOutcome o = play_process(s, 1, 0);
        REQUIRE(o.agreed(0));
        CHECK(o.joint[0] == best_p);
        CHECK(o.joint[1] == best_q);
        // The stage's outcome is on its own scale: a's utility of its choice within the stage, not the process value.
        CHECK(o.stage[0].utility[0] == Approx(1.0 - (best_p + best_q) / 2.0).margin(1e-12));
    }
}

// Agenda effect 1, the risk of breakdown (Flamini 2001, "Agenda formation in issue-by-issue bargaining games", Univ.
// of Glasgow DP 01-19: a party prefers to postpone the issue on which disagreement is likeliest). Two issues settled
// one after the other, a failure ending the process; issue i agrees with probability p_i, independently. Settling X
// first settles X with probability p_X and Y with p_X p_Y; Y first, Y with p_Y and X with p_X p_Y. With a gain g on
// each issue the expected gain is g (p_X + p_X p_Y) against g (p_Y + p_X p_Y): the likelier issue goes first. Here
// p_X = P(U(0, 1) <= 0.5) = 0.5 and p_Y = P(U(0.15, 1) <= 0.5) = 0.35 / 0.85.
TEST_CASE("Stages: under a risk of breakdown the likelier issue is settled first", "[stages][theory]") {
    const auto process = [](bool x_first) {
        json stages = x_first ? json::array({breakdown_stage("x_stage", "x", 0.5, true), breakdown_stage("y_stage", "y", 0.65, true)})
                              : json::array({breakdown_stage("y_stage", "y", 0.65, true), breakdown_stage("x_stage", "x", 0.5, true)});
        json j = two_issues(0.5, false);
        j["agents"][0]["reservation"] = 0.5;
        j["agents"][1]["reservation"] = 0.5;
        j["monte_carlo"]["uncertainty"] = {{"agents", {{"b", {{"reservation", {{"distribution", "uniform"}, {"min", 0}, {"max", 1}}}}}}}};
        j["stages"] = {{"sequence", stages}};
        return test::scenario_from(j);
    };
    const std::uint64_t n = 6000;
    const double px = 0.5, py = 0.35 / 0.85;
    const ProcessSummary x_first = run_stages(process(true), n, 5), y_first = run_stages(process(false), n, 5);
    const auto settled = [&](const ProcessSummary& p) { return share(p.stages[0].agreed + p.stages[1].agreed, n); };
    const auto near = [&](double estimate, double truth) { return std::abs(estimate - truth) <= 4.0 * std::sqrt(truth * (1 - truth) / n); };
    CHECK(near(share(x_first.stages[0].agreed, n), px));
    CHECK(near(share(x_first.stages[1].agreed, n), px * py));
    CHECK(near(share(y_first.stages[0].agreed, n), py));
    CHECK(near(share(y_first.stages[1].agreed, n), px * py));
    CHECK(x_first.stages[1].ends[kStageEnds - 1] == n - x_first.stages[0].agreed);  // a failure ends the process
    // A third stage after one not reached is not reached either: the process stays ended.
    json three = two_issues(0.5, false);
    three["issues"].push_back({{"id", "z"}, {"label", "Z"}, {"unit", "share"}, {"min", 0}, {"max", 1}});
    for (json& a : three["agents"]) a["ideal"]["z"] = a["ideal"]["x"], a["weights"]["z"] = 0.2;
    three["monte_carlo"]["uncertainty"] = {{"agents", {{"b", {{"reservation", {{"distribution", "uniform"}, {"min", 0}, {"max", 1}}}}}}}};
    three["stages"] = {{"sequence", {breakdown_stage("x_stage", "x", 0.5, true), breakdown_stage("y_stage", "y", 0.65, false), breakdown_stage("z_stage", "z", 0.5, false)}}};
    const ProcessSummary ended = run_stages(test::scenario_from(three), 400, 5);
    CHECK(ended.stages[1].ends[kStageEnds - 1] == 400 - ended.stages[0].agreed);
    CHECK(ended.stages[2].ends[kStageEnds - 1] == 400 - ended.stages[0].agreed);
    CHECK(settled(x_first) > settled(y_first) + 0.05);  // (px - py) = 0.088 issues more, by the derivation above
    CHECK(std::abs(settled(x_first) - settled(y_first) - (px - py)) < 0.04);
}

// Agenda effect 2, package against issue by issue (Inderst 2000, "Multi-issue bargaining with endogenous agenda",
// GEB 30:64; Busch & Horstmann 1997, Economica 64:669): taking the issues one at a time rules out trading one for the
// other. a weights x and y 0.8 / 0.2, b 0.2 / 0.8, ideals at opposite ends, reservation values 0, a mediator's Nash text.
// At one table the symmetric Nash point gives a x = 1 and b y = 0: u_a = u_b = 0.8. Issue by issue, each one-issue Nash
// split is 1/2, so u_a = u_b = 0.8 * 0.5 + 0.2 * 0.5 = 0.5 (and the order of the issues does not matter).
TEST_CASE("Stages: issue by issue loses the trade a package makes", "[stages][theory]") {
    const Scenario staged = test::scenario_from(two_issues(0.8, true));
    const ProcessOutcome o = play_process(staged, 3, 0);
    REQUIRE(o.agreed(0));
    REQUIRE(o.agreed(1));
    CHECK(o.joint[0] == Approx(0.5).margin(1e-6));
    CHECK(o.joint[1] == Approx(0.5).margin(1e-6));
    const Parameters p = nominal_parameters(staged);  // the one-table negotiation's
    CHECK(utility(staged, p, 0, o.joint) == Approx(0.5).margin(1e-6));
    const Outcome table = simulate_sample(staged, 3, 0);  // the same file at one table (negsim run --one-table)
    REQUIRE(table.agreed);
    CHECK(table.package[0] == Approx(1.0).margin(1e-6));
    CHECK(table.package[1] == Approx(0.0).margin(1e-6));
    CHECK(table.utility[0] == Approx(0.8).margin(1e-6));
    CHECK(table.utility[1] == Approx(0.8).margin(1e-6));
}

TEST_CASE("Stages: a process gives the same outcomes on any thread count, and a stage's draws ignore the others", "[stages]") {
    json j = two_issues(0.7, true);
    j["monte_carlo"]["uncertainty"] = {{"agents", {{"a", {{"reservation", {{"distribution", "uniform"}, {"min", 0}, {"max", 0.6}}}}}}}};
    j["stages"]["sequence"][1]["depends_on"] = {{{"if", {{"stage", "first"}, {"failed", true}}}, {"effects", {{{"parameter", "b/reservation"}, {"add", 0.3}}}}}};
    const Scenario s = test::scenario_from(j);
    const auto all = [&](const Scenario& sc, unsigned threads) { return outcomes_of(sc, 300, 9, threads, 64); };
    const auto one = all(s, 1), two = all(s, 2);
    REQUIRE(one.size() == two.size());
    for (std::size_t k = 0; k < one.size(); ++k) REQUIRE(same(one[k], two[k]));
    // A third stage put first changes nothing of the other two: their streams are keyed by their ids.
    json more = j;
    more["issues"].push_back({{"id", "z"}, {"label", "Z"}, {"unit", "share"}, {"min", 0}, {"max", 1}});
    more["agents"][0]["ideal"]["z"] = 1, more["agents"][0]["weights"]["z"] = 0.1;
    more["agents"][1]["ideal"]["z"] = 0, more["agents"][1]["weights"]["z"] = 0.1;
    more["stages"]["sequence"].insert(more["stages"]["sequence"].begin(),
                                      json{{"id", "zero"}, {"agents", {"a", "b"}}, {"issues", {"z"}}, {"protocol", {{"type", "mediator"}, {"rounds", 40}}},
                                           {"if_failed", {{"status_quo", {{"z", 0.5}}}}}});
    // The weights on x and y keep their ratio, so each stage's renormalised weights are the same; draws the same too.
    more["agents"][0]["weights"]["x"] = 0.7 * 0.9, more["agents"][0]["weights"]["y"] = 0.3 * 0.9;
    more["agents"][1]["weights"]["x"] = 0.3 * 0.9, more["agents"][1]["weights"]["y"] = 0.7 * 0.9;
    const auto three = all(test::scenario_from(more), 2);
    for (std::size_t k = 0; k < one.size(); ++k) {
        REQUIRE(three[k].stage[1].agreed == one[k].stage[0].agreed);
        REQUIRE(three[k].stage[1].package[0] == Approx(one[k].stage[0].package[0]).margin(1e-12));
    }
}

// The two-track Paris scenario from the command line: it validates, runs with the same bytes on 1 and 2 threads, replays
// a sample, traces the stages in turn, runs at one table with --one-table, and the one-table commands refuse it alone.
TEST_CASE("Stages from the command line: paris-2026-two-tracks runs, replays, traces and compares with one table", "[stages][cli]") {
    namespace fs = std::filesystem;
    const fs::path dir = test::scratch_dir("stages-cli");
    const std::string file = test::source_path("scenarios/paris-2026-two-tracks.json");
    const auto valid = test::negsim_cli("validate " + file, dir);
    REQUIRE(valid.exit_code == 0);
    CHECK_THAT(valid.out, Catch::Contains("Stages (2, myopic") && Catch::Contains("ceasefire: ukraine, russia, united_states (member)"));
    for (const char* threads : {"1", "2"}) {
        const auto r = test::negsim_cli("run " + file + " --samples 80 --threads " + threads + " --out " + (dir / threads).string(), dir);
        INFO(r.err);
        REQUIRE(r.exit_code == 0);
        CHECK_THAT(r.out, Catch::Contains("every stage agrees:"));
    }
    std::size_t compared = 0;
    for (const auto& entry : fs::recursive_directory_iterator(dir / "1")) {
        if (!entry.is_regular_file()) continue;
        const fs::path other = dir / "2" / fs::relative(entry.path(), dir / "1");
        INFO(other);
        REQUIRE(fs::exists(other));
        CHECK(read_file(entry.path().string()) == read_file(other.string()));
        ++compared;
    }
    CHECK(compared == 13);  // summary.json, stages.csv, conditional.csv, paths.csv, joint.csv, samples.csv, scenario.json; 3 per stage
    const auto summary = nlohmann::json::parse(read_file((dir / "1" / "summary.json").string()));
    CHECK(summary["stages"].size() == 2);
    CHECK(summary["seed"] == 7);
    // The replay of sample 17 is that sample's row.
    const auto replay = test::negsim_cli("run " + file + " --samples 80 --sample 17", dir);
    REQUIRE(replay.exit_code == 0);
    const std::string samples = read_file((dir / "1" / "samples.csv").string());
    const std::string row = replay.out.substr(replay.out.find('\n') + 1);
    CHECK(test::has_line(samples, row));
    const auto trace = test::negsim_cli("trace " + file + " --sample 17 --out " + (dir / "t.csv").string(), dir);
    REQUIRE(trace.exit_code == 0);
    const std::string traced = read_file((dir / "t.csv").string());
    CHECK(traced.rfind("stage,round,proposer,territory,", 0) == 0);
    CHECK_THAT(traced, Catch::Contains("\nguarantees,1,france,"));
    const auto one = test::negsim_cli("run " + file + " --one-table --samples 40 --out " + (dir / "one").string(), dir);
    REQUIRE(one.exit_code == 0);
    CHECK(fs::exists(dir / "one" / "zopa.csv"));
    const auto refused = test::negsim_cli("solve " + file, dir);
    CHECK(refused.exit_code == 2);
    CHECK_THAT(refused.err, Catch::Contains("paris-2026-two-tracks.json: /stages: is a scenario in stages; negsim solve negotiates one table"));
    CHECK(test::negsim_cli("solve " + file + " --one-table --out " + (dir / "s.json").string(), dir).exit_code == 0);
    // --set and sweeps reach a stage's numbers: Russia asking less at the ceasefire table makes the ceasefire likelier.
    const auto swept = test::negsim_cli("sweep " + file + " --vary stages/ceasefire/russia/reservation=0.3,0.6 --samples 80 --out " + (dir / "sweep").string(), dir);
    INFO(swept.err);
    REQUIRE(swept.exit_code == 0);
    std::istringstream rows(read_file((dir / "sweep" / "sweep.csv").string()));
    std::string header, low, high;
    std::getline(rows, header), std::getline(rows, low), std::getline(rows, high);
    CHECK(header.rfind("point,stages_ceasefire_russia_reservation,samples,all_stages_agree,agreement_probability,", 0) == 0);
    CHECK_THAT(header, Catch::Contains(",ceasefire_agreement_probability,"));
    const auto agreed = [](const std::string& row) { return std::stoi(row.substr(row.find(",80,") + 4)); };
    CHECK(agreed(low) > agreed(high));
    const auto set = test::negsim_cli("run " + file + " --samples 50 --set stages/ceasefire/rounds=0", dir);
    CHECK(set.exit_code == 2);
    CHECK_THAT(set.err, Catch::Contains("is outside [1, 100000], the values of stages/ceasefire/rounds"));
    fs::remove_all(dir);
}

// A process at the coalition's sizes: n parties (two signatories, the rest members) over four issues, two per stage,
// every party at the first table and a third of them at the second, which depends on the first's result.
namespace {

json many_parties(std::size_t n, const char* lookahead) {
    json agents = json::array();
    for (std::size_t i = 0; i < n; ++i) {
        const double t = static_cast<double>(i) / static_cast<double>(n - 1);
        const double w = 0.15 + 0.1 * static_cast<double>(i % 5);
        agents.push_back({{"id", "p" + std::to_string(i)}, {"name", "P" + std::to_string(i)}, {"role", i < 2 ? "signatory" : "member"}, {"power", 1 + i % 3},
                          {"ideal", {{"a", t}, {"b", 1 - t}, {"c", static_cast<double>(i % 7) / 6.0}, {"d", i % 2 == 0 ? "high" : "low"}}},
                          {"weights", {{"a", w}, {"b", 0.5 - w / 2}, {"c", 0.3}, {"d", 0.2 + w / 2}}},
                          {"reservation", 0.3 + 0.01 * static_cast<double>(i % 10)}, {"strategy", {{"type", "conceder"}}}});
    }
    json first = json::array(), second = json::array();
    for (std::size_t i = 0; i < n; ++i) first.push_back("p" + std::to_string(i));
    for (std::size_t i = 0; i < n; i += 3) second.push_back("p" + std::to_string(i));
    second.push_back("p1");
    const json protocol = {{"type", "alternating"}, {"rounds", 30}};
    json j = {{"name", "many-parties"}, {"agents", agents}, {"protocol", protocol}};
    j["issues"] = {{{"id", "a"}, {"label", "A"}, {"unit", "u"}, {"min", 0}, {"max", 1}}, {{"id", "b"}, {"label", "B"}, {"unit", "u"}, {"min", 0}, {"max", 1}},
                   {{"id", "c"}, {"label", "C"}, {"unit", "u"}, {"min", 0}, {"max", 1}}, {{"id", "d"}, {"label", "D"}, {"unit", "u"}, {"options", {"low", "mid", "high"}}}};
    j["monte_carlo"] = {{"samples", 40}, {"seed", 5}};
    j["monte_carlo"]["uncertainty"]["agents"]["p0"]["reservation"] = {{"distribution", "uniform"}, {"min", 0.2}, {"max", 0.5}};
    json one = {{"id", "first"}, {"agents", first}, {"issues", {"a", "d"}}, {"protocol", protocol}};
    one["if_failed"]["status_quo"] = {{"a", 0.5}, {"d", "mid"}};
    json two = {{"id", "second"}, {"agents", second}, {"issues", {"b", "c"}}, {"protocol", protocol}};
    two["if_failed"]["status_quo"] = {{"b", 0.5}, {"c", 0.5}};
    json force = {{"if", {{"issue", "a"}, {"above", 0.5}}}};
    force["effects"] = json::array({{{"parameter", "p1/reservation"}, {"add", 0.1}}});
    json high = {{"if", {{"issue", "d"}, {"at_least", "high"}}}};
    high["effects"] = json::array({{{"parameter", "p0/reservation"}, {"add", -0.1}}});
    two["depends_on"] = json::array({force, high});
    j["stages"] = {{"lookahead", lookahead}, {"sequence", json::array({one, two})}};
    return j;
}

}  // namespace

TEST_CASE("Stages at 35 and 64 parties: myopic and anticipating processes run, agree and repeat on any thread count", "[stages]") {
    for (const std::size_t n : {std::size_t{35}, std::size_t{64}})
        for (const char* lookahead : {"myopic", "anticipating"}) {
            INFO(n << " parties, " << lookahead);
            const Scenario s = test::scenario_from(many_parties(n, lookahead));
            REQUIRE(s.stages.list[0].negotiation.agent_count() == n);
            const auto all = [&](unsigned threads) { return outcomes_of(s, 24, 5, threads, 8); };
            const auto one = all(1), two = all(2);
            std::size_t deals = 0;
            for (std::size_t k = 0; k < one.size(); ++k) {
                REQUIRE(same(one[k], two[k]));
                deals += one[k].agreed(0) && one[k].agreed(1) ? 1 : 0;
                // Each stage's deal is worth at least its reservation value to every signatory at its table.
                for (std::size_t st = 0; st < 2; ++st)
                    if (one[k].agreed(st)) {
                        const Stage& stage = s.stages.list[st];
                        for (std::size_t j = 0; j < stage.agents.size(); ++j)
                            if (stage.negotiation.agents[j].role == Role::signatory) CHECK(one[k].stage[st].utility[j] >= one[k].stage[st].reservation[j] - 1e-9);
                    }
            }
            CHECK(deals > 0);
            CHECK(s.stages.list[1].negotiation.agent_count() == (n + 2) / 3 + 1);
        }
}
