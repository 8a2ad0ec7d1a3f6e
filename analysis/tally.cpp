// Run tallies and their summary.
#include "analysis/tally.hpp"

#include "model/bounds.hpp"
#include "model/tolerance.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <utility>

namespace negsim {

RunTally::RunTally(const Scenario& scenario)
    : scenario_(&scenario),
      shocked_(scenario.monte_carlo.shocks.size(), {0, 0}),
      utility_sum_(scenario.agent_count(), 0.0),
      blocked_(scenario.agent_count(), 0),
      decisive_(scenario.agent_count(), 0),
      broken_off_(scenario.agent_count(), 0),
      surplus_sum_(scenario.agent_count(), 0.0),
      contributions_(scenario) {
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
        if (o.zone_undecided) ++zone_undecided_;
        if (o.unproven.answers > 0) ++unproven_samples_;
        unproven_answers_ += o.unproven.answers;
        if (o.unproven.gap == std::numeric_limits<double>::infinity()) ++unbounded_samples_;
        else largest_gap_ = std::max(largest_gap_, o.unproven.gap);
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
        if (o.blocker >= 0) {
            const auto b = static_cast<std::size_t>(o.blocker);
            // A breakdown is the hazard's draw, not the refuser's choice: counted apart from the blocks.
            if (o.end == End::breakdown) ++broken_off_[b];
            else ++blocked_[b];
            if (o.end != End::breakdown && o.rejections == 1) ++decisive_[b];
        }
        if (o.agreed)
            for (std::size_t j = 0; j < surplus_sum_.size(); ++j) surplus_sum_[j] += o.utility[j] - o.reservation[j];
    }
    if (scenario_->contributions.any) contributions_.add(outcomes);
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
    s.zone_undecided = zone_undecided_;
    s.deals_with_zone = deals_with_zone_;
    s.agreement_given_zone = zones_ ? static_cast<double>(deals_with_zone_) / static_cast<double>(zones_) : 0.0;
    s.agreement_given_zone_ci95 = wilson_interval(deals_with_zone_, zones_);
    s.missed_deals = zones_ - deals_with_zone_;
    s.missed_share = samples_ ? static_cast<double>(s.missed_deals) / static_cast<double>(samples_) : 0.0;
    s.unproven_samples = unproven_samples_;
    s.unproven_answers = unproven_answers_;
    s.largest_gap = largest_gap_;
    s.unbounded_samples = unbounded_samples_;
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
    const auto of_samples = [&](std::uint64_t n) { return samples_ ? static_cast<double>(n) / static_cast<double>(samples_) : 0.0; };
    std::pair<std::uint64_t, std::uint64_t> most{0, 0};  // (decisive, blocked) of the top blocker so far
    for (std::size_t j = 0; j < utility_sum_.size(); ++j) {
        AgentSummary agent;
        agent.mean_utility = samples_ ? utility_sum_[j] / static_cast<double>(samples_) : 0.0;
        agent.decisive = decisive_[j];
        agent.decisive_share = of_samples(decisive_[j]);
        agent.blocked = blocked_[j];
        agent.blocker_share = of_samples(blocked_[j]);
        agent.broken_off = broken_off_[j];
        agent.breakdown_share = of_samples(broken_off_[j]);
        agent.mean_surplus_in_deals = deals_ ? surplus_sum_[j] / static_cast<double>(deals_) : 0.0;
        const std::pair<std::uint64_t, std::uint64_t> mine{decisive_[j], blocked_[j]};
        if (mine > most) {
            most = mine;
            s.top_blocker = static_cast<int>(j);
        }
        s.agents.push_back(agent);
    }
    if (scenario_->contributions.any) s.contributions = contributions_.summarise();
    return s;
}

}  // namespace negsim
