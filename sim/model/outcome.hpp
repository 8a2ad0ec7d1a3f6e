// The result of one negotiation: a plain value, written by a protocol and read by the accumulators.
#pragma once

#include "model/scenario.hpp"

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>

namespace negsim {

// How a negotiation ended.
enum class End {
    deal,           // agreed and ratified
    deadline,       // the round limit passed without agreement
    breakdown,      // talks collapsed after a round without agreement
    not_ratified,   // agreed, but an agent failed to ratify
};

[[nodiscard]] const char* to_string(End end);

// The optimiser answers a negotiation used that were not proven optimal (a stalled column generation's best package,
// no answer at all, a search past the enumerated combinations of discrete options whose gap did not close, or
// Baron-Ferejohn continuation values off their equilibrium beyond tolerance: docs/protocols.md, "status"), and the
// largest gap such an answer reported: how far it may be below the optimum (ProgramSolution::gap), +infinity when an
// answer had no bound, 0 when none was counted or none had a gap.
struct Unproven {
    std::uint32_t answers = 0;
    double gap = 0.0;

    void add(double answer_gap) {
        ++answers;
        gap = std::max(gap, answer_gap);
    }
    Unproven& operator+=(const Unproven& other) {
        answers += other.answers;
        gap = std::max(gap, other.gap);
        return *this;
    }
};

struct Outcome {
    End end = End::deadline;
    bool agreed = false;        // end == End::deal
    int rounds = 0;             // rounds played: the 1-based round of the deal, or the round limit
    std::size_t proposer = 0;   // who proposed the deal, or the last round's offer; the agent count for a neutral mediator
    Package package{};          // the agreed package (meaningful only when agreed)
    std::array<double, kMaxAgents> utility{};  // each agent's discounted utility of the deal, or its reservation value
    std::array<double, kMaxAgents> reservation{};  // the sample's reservation values (surplus = utility - reservation)
    int rejections = 0;        // no deal: how many agents the deal needed said no in the last round (1: the blocker's
                               // rejection alone was decisive); a failed ratification counts as one
    double zone_margin = 0.0;  // the sample's ZOPA margin (zone.hpp): a ZOPA exists when it is >= 0
    bool zone_undecided = false;  // a vote's coalition search found no zone and could not rule one out (zone.hpp)
    std::uint64_t shocks = 0;  // bit s set: shock s of the scenario occurred in this sample
    int blocker = -1;  // deadline: the required agent whose rejection stood in the last round; breakdown: the one in
                       // the round talks collapsed; not_ratified: the first agent that failed to ratify; else -1
    Unproven unproven;  // optimiser answers this sample used that were not proven optimal, and their largest gap
};

// One sample of a process in stages (runner/stages.hpp). A stage's outcome speaks of the stage's own agents and
// issues (Stage::agents, Stage::issues).
struct ProcessOutcome {
    std::array<Outcome, kMaxStages> stage{};
    std::uint32_t reached = 0;  // bit s: stage s was played (an earlier failure that ends the process stops the rest)
    Package joint{};            // every issue of the scenario at its stage's deal or status quo
    // Per stage and stage agent: what the stage was worth to the agent on the stage's own scale, its discounted
    // utility of the deal or its reservation value (the nominal one when the stage was not reached); anticipation
    // adds these up.
    std::array<std::array<double, kMaxAgents>, kMaxStages> value{};

    [[nodiscard]] bool reached_stage(std::size_t s) const { return (reached >> s & 1U) != 0; }
    [[nodiscard]] bool agreed(std::size_t s) const { return stage[s].agreed && reached_stage(s); }
    // Whether each of the process's `stages` stages agreed.
    [[nodiscard]] bool all_agreed(std::size_t stages) const {
        for (std::size_t s = 0; s < stages; ++s)
            if (!agreed(s)) return false;
        return true;
    }
};

}  // namespace negsim
