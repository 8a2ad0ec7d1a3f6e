// The deal screen: its proofs that no package meets every required threshold are sound and tight, and passing over
// the rounds it rules out changes no outcome.
#include "engine/deal_screen.hpp"
#include "model/parameters.hpp"
#include "engine/protocol.hpp"
#include "optimise/package_optimizer.hpp"
#include "random/sampling.hpp"
#include "test_support.hpp"

#include <catch2/catch.hpp>

using namespace negsim;

namespace {

std::array<double, kMaxAgents> thresholds(double a, double b) {
    std::array<double, kMaxAgents> t{};
    t[0] = a;
    t[1] = b;
    return t;
}

}  // namespace

TEST_CASE("the deal screen proves exactly when the thresholds leave no package", "[screen]") {
    // u_a(x) = x and u_b(x) = 1 - x: both thresholds can be met exactly when they sum to at most 1.
    const Scenario s = test::scenario_from(test::two_party(0.0, 0.0, 10));
    const Parameters p = nominal_parameters(s);
    const Negotiation n(s, p);
    const AgentMask both{true, true};
    DealScreen screen;
    CHECK_FALSE(screen.rules_out(thresholds(0.9, 0.9)));  // no proof yet
    REQUIRE(screen.prove(n, both, thresholds(0.7, 0.4)));
    CHECK(screen.rules_out(thresholds(0.7, 0.4)));
    // The proof is reused for later thresholds as long as they still overlap, and only then.
    CHECK(screen.rules_out(thresholds(0.62, 0.4)));
    CHECK(screen.rules_out(thresholds(0.52, 0.52)));
    CHECK_FALSE(screen.rules_out(thresholds(0.6, 0.4)));   // x = 0.6 meets both
    CHECK_FALSE(screen.rules_out(thresholds(0.3, 0.3)));
    // Thresholds a package meets exactly, or within the acceptance tolerance, are never ruled out.
    CHECK_FALSE(screen.prove(n, both, thresholds(0.6, 0.4)));
    CHECK_FALSE(screen.rules_out(thresholds(0.7, 0.4)));  // a failed proof leaves none behind
    CHECK_FALSE(screen.prove(n, both, thresholds(0.6, 0.4 + 1e-13)));
    // Only required agents count: b alone can always be satisfied.
    CHECK_FALSE(screen.prove(n, AgentMask{false, true}, thresholds(0.9, 0.9)));
    CHECK_FALSE(screen.prove(n, AgentMask{}, thresholds(0.9, 0.9)));
}

TEST_CASE("passing over the rounds the screen rules out changes no outcome", "[screen]") {
    // negotiate_traced plays every round out (the trace needs every offer); negotiate passes over hopeless rounds.
    // Variants cover each protocol, discounting, a quorum, breakdown and constraints (Paris has regions).
    for (const char* file : {"scenarios/paris-2026-core.json", "scenarios/example-small.json"})
    for (const char* type : {"alternating", "random-proposer", "mediator"})
    for (const bool variant : {false, true}) {
        INFO(file << " with protocol " << type << (variant ? ", discounted, quorum 2" : ""));
        nlohmann::json j = test::load_json(file);
        j["protocol"]["type"] = type;
        if (std::string(type) != "alternating") j["protocol"].erase("order");
        if (variant) {
            for (auto& agent : j["agents"]) agent["discount"] = 0.995;
            j["protocol"]["decision_rule"] = {{"must_accept", {"signatory"}}, {"quorum", 2}};
            j["protocol"]["breakdown"] = 0.03;
        }
        const Scenario s = test::scenario_from(j);
        Parameters p;
        std::vector<TraceRow> trace;
        int deals = 0;
        for (std::uint64_t k = 0; k < (std::string(type) == "mediator" ? 40u : 200u); ++k) {
            sample_parameters(s, 5, k, p);
            trace.clear();
            const Outcome played = negotiate_traced(s, p, trace);
            const Outcome screened = negotiate(s, p);
            REQUIRE(screened.end == played.end);
            REQUIRE(screened.rounds == played.rounds);
            REQUIRE(screened.proposer == played.proposer);
            REQUIRE(screened.blocker == played.blocker);
            REQUIRE(screened.rejections == played.rejections);
            REQUIRE(screened.package == played.package);
            REQUIRE(screened.utility == played.utility);
            deals += screened.agreed ? 1 : 0;
        }
        CHECK(deals > 0);
    }
}

TEST_CASE("a renewed proof is sound, and renews proofs that the old weights no longer give", "[screen]") {
    // Thresholds fall from each agent's best utility to its reservation value at agent-specific speeds, so the weights
    // that prove a round change from round to round. Every renewal is checked against the optimiser's maximin over
    // every region: a renewal claims that no package meets every required threshold, so the maximin must be negative.
    int renewed = 0;
    int checked = 0;
    for (const char* file : {"scenarios/paris-2026-core.json", "scenarios/example-small.json"}) {
        INFO(file);
        const Scenario s = test::scenario_from(test::load_json(file));
        const AgentMask& required = s.protocol.decision.required;
        Parameters p;
        for (std::uint64_t k = 0; k < 30; ++k) {
            sample_parameters(s, 11, k, p);
            const Negotiation n(s, p);
            DealScreen screen;
            for (int step = 0; step <= 80; ++step) {
                std::array<double, kMaxAgents> threshold{};
                for (std::size_t i = 0; i < p.agents; ++i) {
                    const double fallen = std::min(1.0, step / 40.0 * (1.0 + static_cast<double>(i % 3)) / 2.0);
                    threshold[i] = p.best[i] - (p.best[i] - p.reservation[i]) * fallen;
                }
                if (screen.rules_out(threshold)) continue;
                if (!screen.holds_proof()) {
                    (void)screen.prove(n, required, threshold);
                    continue;
                }
                if (!screen.renew(n, required, threshold)) continue;
                ++renewed;
                CHECK(screen.rules_out(threshold));
                const UtilityProgram program = surplus_program(p.agents, threshold, [&] {
                    Coefficients weight{};
                    for (std::size_t i = 0; i < p.agents; ++i) weight[i] = required[i] ? 1.0 : 0.0;
                    return weight;
                }());
                for (const IssueBounds& region : s.regions) {
                    const ProgramResult closest = maximin(n, program, region);
                    REQUIRE(closest.optimal());
                    CHECK(closest->value < 0.0);
                    ++checked;
                }
            }
        }
    }
    CHECK(renewed >= 10);
    CHECK(checked >= renewed);
}
