// Accumulating a process in stages (process_tally.hpp).
#include "analysis/process_tally.hpp"

#include "model/text.hpp"

#include <algorithm>

namespace negsim {

namespace {

// The path code's digit for stage s: 0 deal, 1 failed, 2 not reached.
std::size_t path_digit(const ProcessOutcome& o, std::size_t s) {
    if (!o.reached_stage(s)) return 2;
    return o.stage[s].agreed ? 0 : 1;
}

std::string condition_text(const Scenario& s, const Condition& c) {
    static constexpr std::array<const char*, 4> kOps = {"above", "below", "at least", "at most"};
    const Issue& issue = s.issues[c.issue];
    const std::string value = issue.discrete ? issue.options[static_cast<std::size_t>(c.value)] : format_number(c.value);
    return issue.id + " " + kOps[static_cast<std::size_t>(c.op)] + " " + value;
}

}  // namespace

bool ProcessTally::Given::holds(const ProcessOutcome& o) const {
    switch (kind) {
        case Kind::agreed: return o.agreed(stage);
        case Kind::failed: return !o.agreed(stage);
        case Kind::option: return o.joint[issue] == option;
        case Kind::condition: return condition.holds(o.joint[condition.issue]);
        case Kind::not_condition: return !condition.holds(o.joint[condition.issue]);
    }
    return false;
}

ProcessTally::ProcessTally(const Scenario& scenario) : scenario_(&scenario) {
    const auto& stages = scenario.stages.list;
    const std::size_t n = stages.size();
    reached_.assign(n, 0), agreed_.assign(n, 0), ends_.assign(n, {});
    for (const Stage& stage : stages) negotiations_.emplace_back(stage.negotiation);
    std::size_t paths = 1;
    for (std::size_t s = 0; s < n; ++s) paths *= 3;
    paths_.assign(paths, 0);
    // The results each later stage's agreement is counted under: every earlier stage agreed or failed, each option
    // its discrete issues ended at, and each condition a later stage depends on (holding, and not).
    for (std::size_t s = 0; s + 1 < n; ++s) {
        givens_.push_back({s, "agreed", Given::Kind::agreed, 0, 0.0, {}});
        givens_.push_back({s, "failed", Given::Kind::failed, 0, 0.0, {}});
        for (const std::size_t k : stages[s].issues) {
            const Issue& issue = scenario.issues[k];
            for (std::size_t o = 0; issue.discrete && o < issue.options.size(); ++o)
                givens_.push_back({s, issue.id + " = " + issue.options[o], Given::Kind::option, k, static_cast<double>(o), {}});
        }
        for (const Condition& c : named_conditions(stages, s)) {
            if (scenario.issues[c.issue].discrete) continue;  // its options are counted above
            const std::string text = condition_text(scenario, c);
            givens_.push_back({s, text, Given::Kind::condition, 0, 0.0, c});
            givens_.push_back({s, "not " + text, Given::Kind::not_condition, 0, 0.0, c});
        }
    }
    given_samples_.assign(givens_.size(), 0);
    given_agreed_.assign(givens_.size(), {});
    joint_sum_.assign(scenario.issue_count(), 0.0);
    for (const Issue& issue : scenario.issues) {
        joint_options_.emplace_back(issue.discrete ? issue.options.size() : 0, 0);
        joint_values_.emplace_back(issue.min, issue.max, issue.discrete ? 1 : kFineBins);
    }
}

void ProcessTally::add(std::span<const ProcessOutcome> outcomes) {
    const auto& stages = scenario_->stages.list;
    for (const ProcessOutcome& o : outcomes) {
        ++samples_;
        bool all = true;
        std::size_t path = 0;
        for (std::size_t s = 0; s < stages.size(); ++s) {
            const std::size_t digit = path_digit(o, s);
            path = path * 3 + digit;
            all = all && digit == 0;
            if (digit == 2) {
                ++ends_[s][kStageEnds - 1];
                continue;
            }
            ++reached_[s];
            agreed_[s] += digit == 0 ? 1 : 0;
            ++ends_[s][static_cast<std::size_t>(o.stage[s].end)];
            negotiations_[s].add(std::span<const Outcome>(&o.stage[s], 1));
        }
        ++paths_[path];
        all_agreed_ += all ? 1 : 0;
        for (std::size_t g = 0; g < givens_.size(); ++g) {
            if (!givens_[g].holds(o)) continue;
            ++given_samples_[g];
            for (std::size_t t = givens_[g].stage + 1; t < stages.size(); ++t) given_agreed_[g][t] += o.agreed(t) ? 1 : 0;
        }
        for (std::size_t k = 0; k < scenario_->issue_count(); ++k) {
            joint_sum_[k] += o.joint[k];
            if (scenario_->issues[k].discrete) ++joint_options_[k][static_cast<std::size_t>(o.joint[k])];
            else joint_values_[k].add(o.joint[k]);
        }
    }
}

ProcessSummary ProcessTally::summarise() const {
    const auto& stages = scenario_->stages.list;
    ProcessSummary out;
    out.samples = samples_;
    out.all_agreed = all_agreed_;
    out.all_agreed_ci95 = wilson_interval(all_agreed_, samples_);
    for (std::size_t s = 0; s < stages.size(); ++s) {
        StageSummary stage;
        stage.reached = reached_[s];
        stage.agreed = agreed_[s];
        stage.agreed_ci95 = wilson_interval(agreed_[s], samples_);
        stage.agreed_given_reached_ci95 = wilson_interval(agreed_[s], reached_[s]);
        stage.ends = ends_[s];
        stage.negotiation = negotiations_[s].summarise();
        out.stages.push_back(std::move(stage));
    }
    for (std::size_t code = 0; code < paths_.size(); ++code) {
        if (paths_[code] == 0) continue;
        std::string text;
        std::size_t rest = code;
        std::vector<std::string> parts(stages.size());
        for (std::size_t s = stages.size(); s-- > 0; rest /= 3) parts[s] = rest % 3 == 0 ? "deal" : rest % 3 == 1 ? "failed" : "not reached";
        for (std::size_t s = 0; s < parts.size(); ++s) text += (s ? " > " : "") + parts[s];
        out.paths.emplace_back(text, paths_[code]);
    }
    std::stable_sort(out.paths.begin(), out.paths.end(), [](const auto& a, const auto& b) { return a.second > b.second; });
    for (std::size_t g = 0; g < givens_.size(); ++g)
        for (std::size_t t = givens_[g].stage + 1; t < stages.size(); ++t)
            out.conditional.push_back({givens_[g].stage, givens_[g].label, t, given_samples_[g], given_agreed_[g][t],
                                       wilson_interval(given_agreed_[g][t], given_samples_[g])});
    for (std::size_t k = 0; k < scenario_->issue_count(); ++k) {
        JointIssue issue;
        issue.mean = samples_ ? joint_sum_[k] / static_cast<double>(samples_) : 0.0;
        issue.options = joint_options_[k];
        if (!scenario_->issues[k].discrete && samples_ > 0)
            for (std::size_t q = 0; q < kQuantileLevels.size(); ++q) issue.quantile[q] = joint_values_[k].quantile_linear(kQuantileLevels[q]);
        out.joint.push_back(std::move(issue));
    }
    return out;
}

}  // namespace negsim
