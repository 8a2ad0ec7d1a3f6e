// A negotiation in stages (docs/protocols.md, "Stages"): each stage is a negotiation of its own, at its own table and
// over its own issues, validated like any scenario; a stage's deal fixes its issues for the later stages, and what an
// earlier stage settled, or its failure, may change the parameters of a later one. Plain values built by the loader
// (input/stage_reader.hpp) and read by the staged runner (runner/stages.hpp). Included at the end of scenario.hpp,
// whose Scenario holds its stages: a Stage holds a Scenario, so it is defined once Scenario is complete.
#pragma once

#include "model/scenario.hpp"

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace negsim {

// A condition on an earlier stage's result: that the stage failed (no deal, or it was never reached), or a condition
// on one of its issues, read at its deal or, when it failed, at its status quo.
struct StageCondition {
    std::size_t stage = 0;     // the earlier stage's index
    bool on_failure = false;   // true: holds when that stage failed
    Condition condition;       // otherwise: on the scenario-wide issue condition.issue
};

// A later stage's parameters moved by an earlier result: when every condition holds, each effect applies, as a shock's
// does (added, multiplied or set, clipped to the parameter's domain, weights renormalised), after the stage's draws.
struct StageDependency {
    std::vector<StageCondition> conditions;  // all must hold
    std::vector<ShockEffect> effects;        // on the stage's own agents and issues (stage indices)
};

struct Stage {
    std::string id;
    Scenario negotiation;                 // the stage alone: its table, its issues, its protocol and uncertainty
    std::vector<std::size_t> agents;      // the scenario-wide index of each of its agents
    std::vector<std::size_t> issues;      // the scenario-wide index of each of its issues
    Package status_quo{};                 // per stage issue: its value when the stage fails
    bool ends_process = false;            // a failure ends the process (later stages are not reached)
    std::vector<StageDependency> dependencies;
    // Anticipation: the conditions on this stage's issues (stage indices) that later stages' dependencies name. Each
    // agent's last 2^n links are its continuation terms, one per subset of them (bit b: watched[b]; the empty subset
    // always holds), valued per sample by playing the later stages (runner/stages.cpp); none when the process is
    // myopic, and none in the last stage.
    std::vector<Condition> watched;
    std::uint64_t stream = 0;             // keys the stage's random streams: a hash of its id, so adding a stage leaves
                                          // the others' draws as they were
    // Per stage agent, the scenario-wide weight it puts on the stage's issues (its nominal weights, before they are
    // renormalised within the stage): how much of its whole stake the stage is (the process value, anticipation).
    std::array<double, kMaxAgents> share{};
};

// The conditions on stage s's issues that the later stages' dependencies name, each once, in the order they are first
// named (scenario-wide issue indices): what a later stage can tell of stage s's deal.
[[nodiscard]] inline std::vector<Condition> named_conditions(const std::vector<Stage>& stages, std::size_t s) {
    std::vector<Condition> named;
    for (std::size_t t = s + 1; t < stages.size(); ++t)
        for (const StageDependency& d : stages[t].dependencies)
            for (const StageCondition& c : d.conditions) {
                if (c.on_failure || c.stage != s) continue;
                const auto same = [&](const Condition& m) { return m.issue == c.condition.issue && m.op == c.condition.op && m.value == c.condition.value; };
                if (std::none_of(named.begin(), named.end(), same)) named.push_back(c.condition);
            }
    return named;
}

}  // namespace negsim
