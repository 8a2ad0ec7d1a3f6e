// Tallies of the contributions (docs/outputs.md, "Contributions"): per contributor, how often a deal gives it a line,
// the lines it gives, what it gives in the headline aggregate and its share of that burden against its share of the
// coalition's capability (free-riding; Olson & Zeckhauser 1966); per aggregate, its distribution among deals and how
// often deals reach its threshold. Fed outcomes in sample order; memory fixed in the number of samples.
#pragma once

#include "analysis/binned_distribution.hpp"
#include "analysis/wilson.hpp"
#include "model/outcome.hpp"
#include "model/scenario.hpp"

#include <array>
#include <cstdint>
#include <span>
#include <vector>

namespace negsim {

struct ContributorSummary {
    std::size_t issue = 0;
    std::size_t agent = 0;
    std::uint64_t contributes = 0;   // samples whose deal gives it a line above the issue's minimum
    double probability = 0.0;        // contributes / samples
    Interval ci95;
    double mean_line_in_deals = 0.0; // option rank or value
    std::vector<std::uint64_t> lines;  // discrete: deals per option
    // In the headline aggregate (the first sum; none: all 0): the mean amount it gives over all samples, its status-quo
    // line's amount when there is no deal; its share of the aggregate summed over the deals; its capability's share of
    // the headline contributors' capability, and the ratio of the two (above 1: it carries more than its size).
    double expected_amount = 0.0;
    double burden_share = 0.0;
    double capability_share = 0.0;
    double burden_ratio = 0.0;
};

struct AggregateSummary {
    std::uint64_t deals = 0;
    double mean = 0.0;
    std::array<double, 7> quantile{};  // at kQuantileLevels, among deals
    std::uint64_t reach = 0;           // deals at or above the threshold (when it has one)
    double reach_share = 0.0;          // reach / deals
    Interval reach_ci95;
};

struct ContributionSummary {
    std::vector<ContributorSummary> contributors;  // in issue order
    std::vector<AggregateSummary> aggregates;      // in the scenario's order
    int headline = -1;                             // the aggregate the amounts are counted in, or -1
};

// The aggregate's value at package x.
[[nodiscard]] double aggregate_value(const Scenario& s, const Aggregate& a, const Package& x);

class ContributionTally {
public:
    explicit ContributionTally(const Scenario& scenario);

    void add(std::span<const Outcome> outcomes);
    [[nodiscard]] ContributionSummary summarise() const;

private:
    const Scenario* scenario_;
    int headline_ = -1;
    std::uint64_t samples_ = 0;
    std::uint64_t deals_ = 0;
    std::vector<std::size_t> issues_;                  // the contribution issues
    std::vector<double> status_quo_amount_;            // per contribution: its status-quo line's headline amount
    std::vector<std::uint64_t> contributes_;           // per contribution
    std::vector<double> line_sum_;                     // per contribution, over deals
    std::vector<double> amount_sum_;                   // per contribution, headline amount over all samples
    std::vector<double> deal_amount_sum_;              // per contribution, headline amount over deals
    std::vector<std::vector<std::uint64_t>> lines_;    // per contribution, deals per option (discrete)
    std::vector<BinnedDistribution> aggregate_values_; // per aggregate, among deals
    std::vector<double> aggregate_sum_;                // per aggregate, over deals
    std::vector<std::uint64_t> reach_;                 // per aggregate
};

}  // namespace negsim
