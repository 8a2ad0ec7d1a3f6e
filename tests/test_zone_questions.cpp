// Restricted zone questions answered from one unrestricted search (cooperative/zone.hpp, ZoneQuestions) against the
// full search of each restriction, with every witness checked on its own.
#include "test_support.hpp"

#include "cooperative/zone.hpp"
#include "model/bounds.hpp"
#include "model/negotiation.hpp"
#include "model/parameters.hpp"
#include "model/utility.hpp"
#include "optimise/weighted_optimum.hpp"
#include "random/sampling.hpp"

#include <catch2/catch.hpp>

#include <algorithm>

using namespace negsim;
using json = nlohmann::json;

namespace {

struct Tally {
    int witness = 0;
    int proof = 0;
    int search = 0;
};

// A witness is a package of the restriction, in some region, keeping every budget, whose smallest surplus over the
// zone's parties, by the value functions themselves (not the option table), is at least -kAccept.
void check_witness(const Scenario& s, const Parameters& p, const IssueBounds& restriction, const Package& x) {
    CHECK(contains(s, restriction, x));
    CHECK(std::any_of(s.regions.begin(), s.regions.end(), [&](const IssueBounds& region) { return contains(s, region, x); }));
    CHECK(keeps_budgets(s, x));
    const AgentMask parties = s.protocol.decision.zone_parties();
    for (std::size_t i = 0; i < p.agents; ++i)
        if (parties[i]) CHECK(utility(s, p, i, x) - p.reservation[i] >= -tolerance::kAccept);
}

// Asks, for each issue among the first `issues` and each of its options (discrete) or of 11 points (continuous),
// whether a zone exists with the issue there, and checks the answer against the full search. `exact`: the full search
// is exact (every answer the same); otherwise it is a lower bound, so an "exists" it finds must be found too, a "none"
// proven must be its answer too, and a witness is checked on its own.
void compare(const Scenario& s, const Parameters& p, std::size_t issues, bool exact, Tally& tally) {
    const Negotiation n(s, p);
    const ZoneQuestions questions(n);
    const IssueBounds open = full_bounds(s);
    for (std::size_t k = 0; k < std::min(issues, s.issue_count()); ++k) {
        const Issue& issue = s.issues[k];
        const std::size_t points = issue.discrete ? issue.options.size() : 11;
        for (std::size_t g = 0; g < points; ++g) {
            IssueBounds fixed = open;
            fixed.lo[k] = fixed.hi[k] = issue.discrete ? static_cast<double>(g) : issue.min + issue.span() * static_cast<double>(g) / 10.0;
            const ZoneReply reply = questions.ask(fixed);
            const bool full = zone_exists(zone_margin(n, fixed, nullptr, 0.0).value);
            INFO(issue.id << " at " << fixed.lo[k]);
            if (exact || full) CHECK((reply.answer == ZoneAnswer::exists) == full);
            if (reply.answer == ZoneAnswer::none) CHECK_FALSE(full);
            switch (reply.by) {
                case ZoneReply::By::witness: ++tally.witness, check_witness(s, p, fixed, reply.witness); break;
                case ZoneReply::By::proof: ++tally.proof; break;
                case ZoneReply::By::search: ++tally.search; break;
            }
        }
    }
}

Tally compare_samples(const Scenario& s, std::uint64_t seed, std::uint64_t samples, std::size_t issues, bool exact) {
    Parameters p;
    Tally tally;
    for (std::uint64_t k = 0; k < samples; ++k) {
        sample_parameters(s, seed, k, p);
        compare(s, p, issues, exact, tally);
    }
    return tally;
}

// Three parties dividing a unit budget (share_k on [0, 1], sum at most 1), each wanting only its own share, each
// with reservation value 0.3: a share fixed above 0.4 leaves the others less than 0.6 between them, so no zone.
// Clipping the unrestricted answer (0.333 each) into "share_0 = 0.9" breaks the budget: that package is no witness.
json budget_case() {
    json j = test::load_json("tests/data/two-party.json");
    j["issues"] = json::array();
    j["agents"] = json::array();
    json shares = json::array();
    for (int k = 0; k < 3; ++k) {
        const std::string id = std::string("share_").append(std::to_string(k));
        j["issues"].push_back({{"id", id}, {"label", id}, {"unit", "fraction"}, {"min", 0}, {"max", 1}});
        shares.push_back(id);
    }
    for (int i = 0; i < 3; ++i) {
        json agent = {{"id", std::string("p").append(std::to_string(i))}, {"name", "P"}, {"role", "signatory"}, {"power", 1}, {"reservation", 0.3},
                      {"strategy", {{"type", "linear"}}}};
        for (int k = 0; k < 3; ++k) {
            agent["ideal"][std::string("share_").append(std::to_string(k))] = k == i ? 1 : 0;
            agent["weights"][std::string("share_").append(std::to_string(k))] = k == i ? 1 : 0;
        }
        j["agents"].push_back(agent);
    }
    j["constraints"] = {{{"type", "budget"}, {"issues", shares}, {"max", 1}}};
    return j;
}

}  // namespace

TEST_CASE("restricted zone questions get the full search's answers, by witness, proof or search", "[zone]") {
    // Paris: regions and discrete boxes; all three steps answer some questions.
    const Scenario paris = test::scenario_from(test::load_json("scenarios/paris-2026-core.json"));
    const Tally at_paris = compare_samples(paris, 5, 12, paris.issue_count(), true);
    CHECK(at_paris.witness >= 20);
    CHECK(at_paris.proof >= 20);
    CHECK(at_paris.search >= 20);
    const Scenario small = test::scenario_from(test::load_json("scenarios/example-small.json"));
    const Tally at_small = compare_samples(small, 5, 12, small.issue_count(), true);
    CHECK(at_small.witness >= 20);
}

TEST_CASE("a restricted zone question whose clipped answer breaks a budget is not answered by it", "[zone]") {
    const Scenario s = test::scenario_from(budget_case());
    const Parameters p = nominal_parameters(s);
    Tally tally;
    compare(s, p, s.issue_count(), true, tally);
    // Share_0 at 0 to 0.4 (5 of 11 points): a zone; above 0.4: none. Three issues alike.
    const Negotiation n(s, p);
    const ZoneQuestions questions(n);
    IssueBounds fixed = full_bounds(s);
    fixed.lo[0] = fixed.hi[0] = 0.9;
    CHECK(questions.ask(fixed).answer == ZoneAnswer::none);
    fixed.lo[0] = fixed.hi[0] = 0.3;
    CHECK(questions.ask(fixed).answer == ZoneAnswer::exists);
    CHECK(tally.witness + tally.proof + tally.search == 33);
}

TEST_CASE("restricted zone questions past the enumerated combinations (coalition of 35) agree with the full search", "[zone][contributions]") {
    const Scenario s = test::scenario_from(test::load_json("scenarios/coalition-35.json"));
    const Tally tally = compare_samples(s, 11, 2, 8, false);
    CHECK(tally.witness > 10);
}
