// One negotiation: a pure function of the scenario (issues, value functions, protocol) and the sampled parameters.
// Dispatches on the scenario's protocol; each protocol lives in its own file.
#pragma once

#include "outcome.hpp"
#include "parameters.hpp"
#include "scenario.hpp"

namespace negsim {

[[nodiscard]] Outcome negotiate(const Scenario& scenario, const Parameters& parameters);

// Multilateral alternating offers (alternating_offers.cpp, docs/protocols.md).
[[nodiscard]] Outcome negotiate(const Scenario& scenario, const Parameters& parameters, const AlternatingOffers& rules);

}  // namespace negsim
