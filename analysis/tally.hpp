// Tallies over a run's outcomes, fed in sample order, and the summary statistics drawn from them
// (docs/outputs.md): agreement probability with its Wilson interval, quantiles of agreed values per issue,
// mean utility and blocking frequency per agent.
#pragma once

#include "outcome.hpp"
#include "scenario.hpp"
#include "wilson.hpp"

#include <array>
#include <cstdint>
#include <span>
#include <vector>

namespace negsim {

inline constexpr std::array<double, 5> kQuantileLevels{0.05, 0.25, 0.50, 0.75, 0.95};
inline constexpr std::array<const char*, 5> kQuantileNames{"q05", "q25", "q50", "q75", "q95"};

struct IssueSummary {
    std::uint64_t deals = 0;                   // number of agreed values the quantiles are drawn from
    std::array<double, 5> quantile{};          // at kQuantileLevels; option indices for discrete issues
};

struct AgentSummary {
    double mean_utility = 0.0;  // over all samples; a failed negotiation counts the reservation value
    std::uint64_t blocked = 0;  // samples in which this agent was the blocker
    double blocker_share = 0.0; // blocked / samples
};

struct Summary {
    std::uint64_t samples = 0;
    std::uint64_t deals = 0;
    std::array<std::uint64_t, 4> ends{};  // samples per End: deal, deadline, breakdown, not_ratified
    double agreement_probability = 0.0;
    Interval agreement_ci95;
    std::vector<IssueSummary> issues;
    std::vector<AgentSummary> agents;
    int top_blocker = -1;  // the agent blocking most often, -1 if nobody ever blocked
};

class RunTally {
public:
    explicit RunTally(const Scenario& scenario);

    void add(std::span<const Outcome> outcomes);
    [[nodiscard]] Summary summarise() const;

private:
    const Scenario* scenario_;
    std::uint64_t samples_ = 0;
    std::uint64_t deals_ = 0;
    std::array<std::uint64_t, 4> ends_{};
    std::vector<std::vector<double>> agreed_values_;  // per issue
    std::vector<double> utility_sum_;                 // per agent, summed in sample order
    std::vector<std::uint64_t> blocked_;              // per agent
};

}  // namespace negsim
