// The parameters of one negotiation: the scenario's nominal values with the uncertain ones replaced by a draw
// (sampling.hpp). Fixed-size arrays so a thread can reuse one instance for every sample without allocating.
#pragma once

#include "model/scenario.hpp"

#include <array>
#include <cstddef>
#include <cstdint>

namespace negsim {

struct Parameters {
    std::uint64_t seed = 0;    // with `sample`, keys the protocol's own random streams (breakdown, ratification)
    std::uint64_t sample = 0;
    std::size_t agents = 0;
    std::size_t issues = 0;
    std::array<std::array<double, kMaxIssues>, kMaxAgents> weight{};  // normalised, rows sum to 1
    std::array<std::array<double, kMaxIssues>, kMaxAgents> ideal{};   // issue units; option index if discrete
    std::array<double, kMaxAgents> reservation{};
    std::array<Strategy, kMaxAgents> strategy{};
    std::array<double, kMaxAgents> power{};
    std::array<double, kMaxAgents> salience{};  // scale of the agent's stake (Agent::salience)
    std::array<double, kMaxAgents> discount{};
    std::array<double, kMaxAgents> ratification{};
    std::array<double, kMaxAgents> recognition{};  // random-proposer protocol: recognition probabilities
    std::uint64_t shocks = 0;  // bit s set: shock s occurred in this sample
};

// The value a ParameterRef names (for exponents: of a time-dependent strategy; other strategies have none).
[[nodiscard]] double* parameter_slot(Parameters& p, const ParameterRef& ref);

// The scenario's nominal values, with no uncertainty applied.
[[nodiscard]] Parameters nominal_parameters(const Scenario& scenario);

// Overwrites `p` with the nominal values, for the scenario's agents and issues only.
void assign_nominal(const Scenario& scenario, Parameters& p);

}  // namespace negsim
