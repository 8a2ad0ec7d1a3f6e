// Run tallies and their summary.
#include "tally.hpp"

#include "quantiles.hpp"

#include <algorithm>

namespace negsim {

RunTally::RunTally(const Scenario& scenario)
    : scenario_(&scenario),
      agreed_values_(scenario.issue_count()),
      utility_sum_(scenario.agent_count(), 0.0),
      blocked_(scenario.agent_count(), 0) {}

void RunTally::add(std::span<const Outcome> outcomes) {
    for (const Outcome& o : outcomes) {
        ++samples_;
        ++ends_[static_cast<std::size_t>(o.end)];
        if (o.agreed) {
            ++deals_;
            for (std::size_t k = 0; k < agreed_values_.size(); ++k) agreed_values_[k].push_back(o.package[k]);
        }
        for (std::size_t j = 0; j < utility_sum_.size(); ++j) utility_sum_[j] += o.utility[j];
        if (o.blocker >= 0) ++blocked_[static_cast<std::size_t>(o.blocker)];
    }
}

Summary RunTally::summarise() const {
    Summary s;
    s.samples = samples_;
    s.deals = deals_;
    s.ends = ends_;
    s.agreement_probability = samples_ ? static_cast<double>(deals_) / static_cast<double>(samples_) : 0.0;
    s.agreement_ci95 = wilson_interval(deals_, samples_);
    for (std::size_t k = 0; k < agreed_values_.size(); ++k) {
        IssueSummary issue;
        issue.deals = agreed_values_[k].size();
        if (issue.deals > 0) {
            std::vector<double> sorted = agreed_values_[k];
            std::sort(sorted.begin(), sorted.end());
            const bool discrete = scenario_->issues[k].discrete;
            for (std::size_t q = 0; q < kQuantileLevels.size(); ++q)
                issue.quantile[q] = discrete ? quantile_discrete(sorted, kQuantileLevels[q]) : quantile_linear(sorted, kQuantileLevels[q]);
        }
        s.issues.push_back(issue);
    }
    std::uint64_t most = 0;
    for (std::size_t j = 0; j < utility_sum_.size(); ++j) {
        AgentSummary agent;
        agent.mean_utility = samples_ ? utility_sum_[j] / static_cast<double>(samples_) : 0.0;
        agent.blocked = blocked_[j];
        agent.blocker_share = samples_ ? static_cast<double>(blocked_[j]) / static_cast<double>(samples_) : 0.0;
        if (blocked_[j] > most) {
            most = blocked_[j];
            s.top_blocker = static_cast<int>(j);
        }
        s.agents.push_back(agent);
    }
    return s;
}

}  // namespace negsim
