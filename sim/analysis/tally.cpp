// Run tallies and their summary.
#include "analysis/tally.hpp"

#include "model/bounds.hpp"
#include "model/tolerance.hpp"

#include <algorithm>
#include <cmath>

namespace negsim {

RunTally::RunTally(const Scenario& scenario)
    : scenario_(&scenario),
      shocked_(scenario.monte_carlo.shocks.size(), {0, 0}),
      utility_sum_(scenario.agent_count(), 0.0),
      blocked_(scenario.agent_count(), 0),
      decisive_(scenario.agent_count(), 0),
      surplus_sum_(scenario.agent_count(), 0.0) {
    for (const Issue& issue : scenario.issues) {
        // Discrete issues: one bin per option (exact); continuous: kFineBins equal bins over the range.
        if (issue.discrete) agreed_values_.emplace_back(0.0, static_cast<double>(issue.options.size()), issue.options.size());
        else agreed_values_.emplace_back(issue.min, issue.max, kFineBins);
    }
}

void RunTally::add(std::span<const Outcome> outcomes) {
    for (const Outcome& o : outcomes) {
        ++samples_;
        ++ends_[static_cast<std::size_t>(o.end)];
        if (zone_exists(o.zone_margin)) {
            ++zones_;
            if (o.agreed) ++deals_with_zone_;
        }
        if (o.unproven > 0) ++unproven_samples_;
        unproven_answers_ += o.unproven;
        if (o.agreed) {
            ++deals_;
            for (std::size_t k = 0; k < agreed_values_.size(); ++k) agreed_values_[k].add(recorded_value(*scenario_, k, o.package[k]));
        }
        for (std::size_t k = 0; k < shocked_.size(); ++k) {
            if (!((o.shocks >> k) & 1)) continue;
            ++shocked_[k][0];
            if (o.agreed) ++shocked_[k][1];
        }
        for (std::size_t j = 0; j < utility_sum_.size(); ++j) utility_sum_[j] += o.utility[j];
        if (o.blocker >= 0) ++blocked_[static_cast<std::size_t>(o.blocker)];
        if (o.blocker >= 0 && o.rejections == 1) ++decisive_[static_cast<std::size_t>(o.blocker)];
        if (o.agreed)
            for (std::size_t j = 0; j < surplus_sum_.size(); ++j) surplus_sum_[j] += o.utility[j] - o.reservation[j];
    }
}

Summary RunTally::summarise() const {
    Summary s;
    s.samples = samples_;
    s.deals = deals_;
    s.ends = ends_;
    s.agreement_probability = samples_ ? static_cast<double>(deals_) / static_cast<double>(samples_) : 0.0;
    s.agreement_ci95 = wilson_interval(deals_, samples_);
    s.zones = zones_;
    s.zone_probability = samples_ ? static_cast<double>(zones_) / static_cast<double>(samples_) : 0.0;
    s.zone_ci95 = wilson_interval(zones_, samples_);
    s.deals_with_zone = deals_with_zone_;
    s.agreement_given_zone = zones_ ? static_cast<double>(deals_with_zone_) / static_cast<double>(zones_) : 0.0;
    s.agreement_given_zone_ci95 = wilson_interval(deals_with_zone_, zones_);
    s.missed_deals = zones_ - deals_with_zone_;
    s.missed_share = samples_ ? static_cast<double>(s.missed_deals) / static_cast<double>(samples_) : 0.0;
    s.unproven_samples = unproven_samples_;
    s.unproven_answers = unproven_answers_;
    for (std::size_t k = 0; k < agreed_values_.size(); ++k) {
        IssueSummary issue;
        const BinnedDistribution& values = agreed_values_[k];
        const bool discrete = scenario_->issues[k].discrete;
        issue.deals = values.count();
        issue.quantile_error = discrete ? 0.0 : values.bin_width();
        issue.histogram = values.histogram(discrete ? scenario_->issues[k].options.size() : kHistogramBins);
        if (!discrete) issue.text_histogram = values.histogram(kTextBins);
        if (issue.deals > 0)
            for (std::size_t q = 0; q < kQuantileLevels.size(); ++q)
                issue.quantile[q] = discrete ? values.quantile_discrete(kQuantileLevels[q]) : values.quantile_linear(kQuantileLevels[q]);
        const auto least = std::max<std::uint64_t>(2, static_cast<std::uint64_t>(std::ceil(kMassShare * static_cast<double>(issue.deals))));
        issue.mass_points = values.mass_points(least);
        if (discrete) issue.mode = static_cast<double>(std::max_element(issue.histogram.begin(), issue.histogram.end()) - issue.histogram.begin());
        s.issues.push_back(issue);
    }
    for (const auto& [with_samples, with_deals] : shocked_) {
        ShockSummary shock;
        shock.samples_with = with_samples;
        shock.deals_with = with_deals;
        shock.samples_without = samples_ - with_samples;
        shock.deals_without = deals_ - with_deals;
        shock.ci95_with = wilson_interval(shock.deals_with, shock.samples_with);
        shock.ci95_without = wilson_interval(shock.deals_without, shock.samples_without);
        s.shocks.push_back(shock);
    }
    std::uint64_t most = 0;
    for (std::size_t j = 0; j < utility_sum_.size(); ++j) {
        AgentSummary agent;
        agent.mean_utility = samples_ ? utility_sum_[j] / static_cast<double>(samples_) : 0.0;
        agent.blocked = blocked_[j];
        agent.blocker_share = samples_ ? static_cast<double>(blocked_[j]) / static_cast<double>(samples_) : 0.0;
        agent.decisive = decisive_[j];
        agent.decisive_share = samples_ ? static_cast<double>(decisive_[j]) / static_cast<double>(samples_) : 0.0;
        agent.mean_surplus_in_deals = deals_ ? surplus_sum_[j] / static_cast<double>(deals_) : 0.0;
        if (blocked_[j] > most) {
            most = blocked_[j];
            s.top_blocker = static_cast<int>(j);
        }
        s.agents.push_back(agent);
    }
    return s;
}

}  // namespace negsim
