// Tallies over a run's outcomes, fed in sample order, and the summary statistics drawn from them
// (docs/outputs.md): agreement probability with its Wilson interval, overall and with and without each shock;
// quantiles, central intervals and histograms of agreed values per issue; mean utility and blocking frequency per
// agent. Memory is fixed: values are binned as they arrive (binned_distribution.hpp).
#pragma once

#include "analysis/binned_distribution.hpp"
#include "model/outcome.hpp"
#include "model/scenario.hpp"
#include "analysis/wilson.hpp"

#include <array>
#include <cstdint>
#include <span>
#include <vector>

namespace negsim {

inline constexpr std::array<double, 7> kQuantileLevels{0.05, 0.10, 0.25, 0.50, 0.75, 0.90, 0.95};
inline constexpr std::array<const char*, 7> kQuantileNames{"q05", "q10", "q25", "q50", "q75", "q90", "q95"};
inline constexpr std::size_t kFineBins = 10000;      // per continuous issue: the quantile error bound is span / kFineBins
inline constexpr std::size_t kHistogramBins = 50;    // per continuous issue in hist.csv

struct IssueSummary {
    std::uint64_t deals = 0;                   // number of agreed values the quantiles are drawn from
    std::array<double, 7> quantile{};          // at kQuantileLevels; option indices for discrete issues
    double quantile_error = 0.0;               // bound on |estimate - exact sample quantile| (0 for discrete issues)
    std::vector<std::uint64_t> histogram;      // kHistogramBins over the range, or one count per option
};

struct ShockSummary {
    std::uint64_t samples_with = 0, deals_with = 0;
    std::uint64_t samples_without = 0, deals_without = 0;
    Interval ci95_with, ci95_without;
};

struct AgentSummary {
    double mean_utility = 0.0;  // over all samples; a failed negotiation counts the reservation value
    std::uint64_t blocked = 0;  // samples in which this agent was the blocker
    double blocker_share = 0.0; // blocked / samples
    std::uint64_t decisive = 0; // samples in which its rejection alone stood between the parties and a deal
    double decisive_share = 0.0;
    double mean_surplus_in_deals = 0.0;  // mean of (utility - reservation) over the samples with a deal
};

struct Summary {
    std::uint64_t samples = 0;
    std::uint64_t deals = 0;
    std::array<std::uint64_t, 4> ends{};  // samples per End: deal, deadline, breakdown, not_ratified
    double agreement_probability = 0.0;
    Interval agreement_ci95;
    std::uint64_t zones = 0;         // samples with a zone of possible agreement (zone margin >= 0)
    double zone_probability = 0.0;
    Interval zone_ci95;
    std::vector<IssueSummary> issues;
    std::vector<AgentSummary> agents;
    std::vector<ShockSummary> shocks;
    int top_blocker = -1;  // the agent blocking most often, -1 if nobody ever blocked
    std::uint64_t unproven_samples = 0;  // samples that used an optimiser answer not proven optimal (Outcome::unproven)
    std::uint64_t unproven_answers = 0;  // how many such answers in all
};

class RunTally {
public:
    explicit RunTally(const Scenario& scenario);

    void add(std::span<const Outcome> outcomes);
    [[nodiscard]] Summary summarise() const;
    [[nodiscard]] Interval agreement_interval() const { return wilson_interval(deals_, samples_); }

private:
    const Scenario* scenario_;
    std::uint64_t samples_ = 0;
    std::uint64_t deals_ = 0;
    std::uint64_t zones_ = 0;
    std::uint64_t unproven_samples_ = 0;
    std::uint64_t unproven_answers_ = 0;
    std::array<std::uint64_t, 4> ends_{};
    std::vector<BinnedDistribution> agreed_values_;   // per issue
    std::vector<std::array<std::uint64_t, 2>> shocked_;  // per shock: samples, deals with it
    std::vector<double> utility_sum_;                 // per agent, summed in sample order
    std::vector<std::uint64_t> blocked_;              // per agent
    std::vector<std::uint64_t> decisive_;             // per agent
    std::vector<double> surplus_sum_;                 // per agent, over deals, in sample order
};

}  // namespace negsim
