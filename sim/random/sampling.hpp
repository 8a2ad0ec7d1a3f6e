// Draws the uncertain parameters of one Monte Carlo sample (docs/scenario-format.md, "Uncertainty"). Each uncertain
// parameter has its own stream, keyed by (seed, sample, purpose), so adding uncertainty to one parameter never
// changes the draws of another, and a sample's draws depend on nothing but the seed and its index.
#pragma once

#include "model/parameters.hpp"
#include "model/scenario.hpp"

#include <cstdint>
#include <span>

namespace negsim {

// What a stage of a process adds to its sample's draws (docs/protocols.md, "Stages"): the shocks are drawn with the
// process's seed, so that a shock is one event of the sample that reaches every stage alike, while everything else
// is drawn with the stage's own seed; and the dependencies on earlier results that fire apply after the shocks.
struct StageDraw {
    std::uint64_t shock_seed = 0;
    std::span<const StageDependency> dependencies;
    std::uint64_t firing = 0;  // bit d set: dependencies[d] applies
};

// A stage's seed: the process's seed keyed by the stage's stream (Stage::stream), so each stage draws from streams
// of its own.
[[nodiscard]] constexpr std::uint64_t stage_seed(std::uint64_t seed, const Stage& stage) { return seed ^ stage.stream; }

// Overwrites `out` with sample `sample`'s parameters. Allocates nothing, so a thread can reuse one Parameters.
void sample_parameters(const Scenario& scenario, std::uint64_t seed, std::uint64_t sample, Parameters& out, const StageDraw* stage = nullptr);

}  // namespace negsim
