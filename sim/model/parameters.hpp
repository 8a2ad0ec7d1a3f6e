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
    // u*_i, the agent's best attainable utility sum_k w_ik max_x v_ik(x) (links left out): exactly 1 when every value
    // function of the agent reaches 1, less for imported tables and affine values that do not (assign_best)
    std::array<double, kMaxAgents> best{};
    std::array<Strategy, kMaxAgents> strategy{};
    std::array<double, kMaxAgents> power{};
    std::array<double, kMaxAgents> salience{};  // scale of the agent's stake (Agent::salience)
    std::array<double, kMaxAgents> discount{};
    std::array<double, kMaxAgents> ratification{};
    std::array<double, kMaxAgents> recognition{};  // random-proposer protocol: recognition probabilities
    // baron-ferejohn agents: the stationary continuation values v_i of this sample's discount factors (Eraslan 2002;
    // model/continuation.hpp), and the equilibrium residual of their computation (0 when no agent needs them)
    std::array<double, kMaxAgents> continuation{};
    double continuation_residual = 0.0;
    std::uint64_t shocks = 0;  // bit s set: shock s occurred in this sample
};

// The value a ParameterRef names (for exponents: of a time-dependent strategy; other strategies have none).
[[nodiscard]] double* parameter_slot(Parameters& p, const ParameterRef& ref);

// The scenario's nominal values, with no uncertainty applied.
[[nodiscard]] Parameters nominal_parameters(const Scenario& scenario);

// Overwrites `p` with the nominal values, for the scenario's agents and issues only (the continuation values are left
// to assign_continuation, once the sample's discount factors are final).
void assign_nominal(const Scenario& scenario, Parameters& p);

// Recomputes p.best from p.weight, once per sample after the draws and shocks (the strategies read it in every round).
void assign_best(const Scenario& scenario, Parameters& p);

// Adds to each agent's reservation value what the contributions are worth to it at their status quo (a fixed line, or
// the contributor's own best, its ideal: the voluntary-contribution equilibrium; docs/scenario-format.md,
// "Contributions"), clipped to [0, 1]: a scenario's reservation values stand for no deal on the other issues. Once per
// sample, after the draws and shocks; nothing when the scenario has no contributions.
void assign_no_deal(const Scenario& scenario, Parameters& p);

// Recomputes p.continuation from p.discount when some agent plays baron-ferejohn (once per sample, after the draws
// and shocks: the strategy reads the values in every round). Allocates nothing.
void assign_continuation(const Scenario& scenario, Parameters& p);

}  // namespace negsim
