// The result of one negotiation: a plain value, written by a protocol and read by the accumulators.
#pragma once

#include "scenario.hpp"

#include <array>
#include <cstddef>

namespace negsim {

struct Outcome {
    bool agreed = false;
    int rounds = 0;             // rounds played: the 1-based round of the deal, or the round limit
    std::size_t proposer = 0;   // who proposed the deal, or the last round's offer
    Package package{};          // the agreed package (meaningful only when agreed)
    std::array<double, kMaxAgents> utility{};  // each agent's utility of the deal, or its reservation value
    int blocker = -1;           // no deal: the required agent whose rejection stood in the last round; else -1
};

}  // namespace negsim
