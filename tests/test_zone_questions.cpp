// Restricted zone questions answered from one unrestricted search (cooperative/zone.hpp, ZoneQuestions) against the
// full search of each restriction.
#include "test_support.hpp"

#include "cooperative/zone.hpp"
#include "model/negotiation.hpp"
#include "model/parameters.hpp"
#include "optimise/weighted_optimum.hpp"
#include "random/sampling.hpp"

#include <catch2/catch.hpp>

#include <algorithm>

using namespace negsim;

namespace {

struct Tally {
    int exists = 0;
    int none = 0;
};

// Asks, for each issue among the first `issues` and each of its options (discrete) or of 11 points (continuous),
// whether a zone exists with the issue there, and checks the answer against the full search. `exact`: the full search
// is exact (every answer the same); otherwise it is a lower bound, so an "exists" it finds must be found too and a
// "none" proven must be its answer too.
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
            const ZoneAnswer asked = questions.ask(fixed);
            const bool full = zone_exists(zone_margin(n, fixed, nullptr, 0.0).value);
            INFO(issue.id << " at " << fixed.lo[k]);
            if (exact || full) CHECK((asked == ZoneAnswer::exists) == full);
            if (asked == ZoneAnswer::none) CHECK_FALSE(full);
            (asked == ZoneAnswer::exists ? tally.exists : tally.none) += 1;
        }
    }
}

}  // namespace

TEST_CASE("restricted zone questions get the full search's answers", "[zone]") {
    for (const char* file : {"scenarios/paris-2026.json", "scenarios/example-small.json"}) {
        INFO(file);
        const Scenario s = test::scenario_from(test::load_json(file));
        Parameters p;
        Tally tally;
        for (std::uint64_t k = 0; k < 12; ++k) {
            sample_parameters(s, 5, k, p);
            compare(s, p, s.issue_count(), true, tally);
        }
        // Both answers occur, so both the witness and the proof were put to the test.
        CHECK(tally.exists >= 3);
        CHECK(tally.none >= 3);
    }
}

TEST_CASE("restricted zone questions past the enumerated combinations (coalition of 35) agree with the full search", "[zone][contributions]") {
    const Scenario s = test::scenario_from(test::load_json("scenarios/coalition-35.json"));
    Parameters p;
    Tally tally;
    for (std::uint64_t k = 0; k < 2; ++k) {
        sample_parameters(s, 11, k, p);
        compare(s, p, 8, false, tally);
    }
    CHECK(tally.exists > 10);
}
