// Tallies over a run's outcomes, fed in sample order, and the summary statistics drawn from them
// (docs/outputs.md): agreement probability with its Wilson interval, overall and with and without each shock;
// quantiles, central intervals and histograms of agreed values per issue; mean utility and blocking frequency per
// agent. Memory is fixed: values are binned as they arrive (binned_distribution.hpp).
#pragma once

#include "analysis/binned_distribution.hpp"
#include "analysis/contribution_tally.hpp"
#include "model/outcome.hpp"
#include "model/scenario.hpp"
#include "analysis/wilson.hpp"

#include <array>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace negsim {

inline constexpr std::array<double, 7> kQuantileLevels{0.05, 0.10, 0.25, 0.50, 0.75, 0.90, 0.95};
inline constexpr std::array<const char*, 7> kQuantileNames{"q05", "q10", "q25", "q50", "q75", "q90", "q95"};
inline constexpr std::size_t kFineBins = 10000;      // per continuous issue: the quantile error bound is span / kFineBins
inline constexpr std::size_t kHistogramBins = 50;    // per continuous issue in hist.csv
inline constexpr std::size_t kTextBins = 20;         // per continuous issue in the terminal's text histogram
inline constexpr double kMassShare = 0.05;           // a value holding at least this share of an issue's deals is a mass point

struct IssueSummary {
    std::uint64_t deals = 0;                   // number of agreed values the quantiles are drawn from
    std::array<double, 7> quantile{};          // at kQuantileLevels; option indices for discrete issues
    double quantile_error = 0.0;               // bound on |estimate - exact sample quantile| (0 for discrete issues)
    std::vector<std::uint64_t> histogram;      // kHistogramBins over the range, or one count per option
    std::vector<std::uint64_t> text_histogram; // kTextBins over the range (continuous issues), for the terminal
    // Values holding at least kMassShare of the deals (and at least 2 of them), in increasing order: for a discrete
    // issue its options (as indices); for a continuous one what BinnedDistribution::mass_points finds.
    std::vector<BinnedDistribution::MassPoint> mass_points;
    double mode = 0.0;                         // discrete issues: the option with most deals (the first on a tie)
};

struct ShockSummary {
    std::uint64_t samples_with = 0, deals_with = 0;
    std::uint64_t samples_without = 0, deals_without = 0;
    Interval ci95_with, ci95_without;
};

struct AgentSummary {
    double mean_utility = 0.0;  // over all samples; a failed negotiation counts the reservation value
    // Samples that ended without a deal because of what the agent did (Outcome::blocker), all shares of all samples:
    std::uint64_t decisive = 0;  // the rounds ran out with its rejection the only one standing, or it alone failed to
    double decisive_share = 0.0; // ratify: it refused a deal the others would take
    std::uint64_t blocked = 0;   // the rounds ran out with its rejection standing (maybe among others), or it failed to
    double blocker_share = 0.0;  // ratify: decisive ones included, random breakdowns not
    std::uint64_t broken_off = 0;    // talks collapsed at random (the breakdown hazard) after a round in which it was
    double breakdown_share = 0.0;    // the refuser recorded: no choice of its ended them
    double mean_surplus_in_deals = 0.0;  // mean of (utility - reservation) over the samples with a deal
};

// How much one uncertain input moves agreement (sensitivity.hpp): agreement among the samples whose draw of the input
// lay in its lowest third, and in its highest third (for a shock: without it, and with it).
struct InputEffect {
    std::string input;                         // a parameter name (russia/reservation) or shock/<id>
    double spearman = 0.0;                     // rank correlation with agreement
    std::uint64_t low_samples = 0, high_samples = 0;
    double agreement_low = 0.0, agreement_high = 0.0;
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
    std::uint64_t zone_undecided = 0;  // samples a vote's coalition search could not decide (counted as without a zone)
    std::uint64_t zone_undecided_searches = 0;  // zopa.csv and zone_map.csv searches it could not decide (ZoneTally)
    // Agreement given a zone (docs/outputs.md): the deals among the samples with a zone, P(deal | zone) with its Wilson
    // interval, and the missed deals, samples with a zone but no deal (breakdown, failed ratification, or talks that
    // did not find the zone before the deadline).
    std::uint64_t deals_with_zone = 0;
    double agreement_given_zone = 0.0;
    Interval agreement_given_zone_ci95;
    std::uint64_t missed_deals = 0;
    double missed_share = 0.0;  // missed_deals / samples
    std::vector<IssueSummary> issues;
    std::vector<AgentSummary> agents;
    std::vector<ShockSummary> shocks;
    int top_blocker = -1;  // the agent most often decisive (then most often blocker), -1 if nobody blocked outside breakdowns
    std::uint64_t unproven_samples = 0;  // samples that used an optimiser answer not proven optimal (Outcome::unproven)
    std::uint64_t unproven_answers = 0;  // how many such answers in all
    // Of those answers' gaps (how far each may be below the optimum, Outcome::unproven): the largest finite one, and
    // the samples that used an answer with no bound at all (a stalled column generation, or no answer).
    double largest_gap = 0.0;
    std::uint64_t unbounded_samples = 0;
    std::vector<InputEffect> input_effects;  // the inputs that move agreement most (filled from a SensitivityTally; may be empty)
    ContributionSummary contributions;       // empty when the scenario has no contributions
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
    std::uint64_t deals_with_zone_ = 0;
    std::uint64_t zone_undecided_ = 0;
    std::uint64_t unproven_samples_ = 0;
    std::uint64_t unproven_answers_ = 0;
    std::uint64_t unbounded_samples_ = 0;
    double largest_gap_ = 0.0;
    std::array<std::uint64_t, 4> ends_{};
    std::vector<BinnedDistribution> agreed_values_;   // per issue
    std::vector<std::array<std::uint64_t, 2>> shocked_;  // per shock: samples, deals with it
    std::vector<double> utility_sum_;                 // per agent, summed in sample order
    std::vector<std::uint64_t> blocked_;              // per agent
    std::vector<std::uint64_t> decisive_;             // per agent
    std::vector<std::uint64_t> broken_off_;           // per agent
    std::vector<double> surplus_sum_;                 // per agent, over deals, in sample order
    ContributionTally contributions_;
};

}  // namespace negsim
