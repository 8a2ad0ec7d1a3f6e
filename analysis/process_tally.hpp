// Statistics of a process in stages, accumulated in sample order (docs/outputs.md, "Stages"): per stage how often it
// was reached and agreed, how it ended and (through a RunTally of its own) where its deals landed and who blocked;
// for the whole process the probability that every stage agrees, the paths the samples took, the joint outcome of
// every issue, and each later stage's agreement given each result of an earlier one. Memory is fixed in the number
// of samples.
#pragma once

#include "analysis/binned_distribution.hpp"
#include "analysis/tally.hpp"
#include "analysis/wilson.hpp"
#include "model/scenario.hpp"
#include "model/outcome.hpp"

#include <array>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace negsim {

// How a stage ended, with "not reached" beside the negotiation's own ends.
inline constexpr std::size_t kStageEnds = 5;
inline constexpr std::array<const char*, kStageEnds> kStageEndNames = {"deal", "deadline", "breakdown", "not_ratified", "not_reached"};

struct StageSummary {
    std::uint64_t reached = 0;
    std::uint64_t agreed = 0;
    Interval agreed_ci95;              // of agreed / samples
    Interval agreed_given_reached_ci95;  // of agreed / reached
    std::array<std::uint64_t, kStageEnds> ends{};
    Summary negotiation;  // over the samples that reached the stage (stages/<id>/ files)
};

// A later stage's agreement among the samples where an earlier stage's result was `given`.
struct ConditionalAgreement {
    std::size_t given_stage = 0;
    std::string given;  // "agreed", "failed", "<issue> = <option>", "<issue> at least <value>" (or "not ...")
    std::size_t stage = 0;
    std::uint64_t samples = 0;
    std::uint64_t agreed = 0;
    Interval ci95;
};

// Where each issue ended, over all samples (deals and status quos alike).
struct JointIssue {
    std::vector<std::uint64_t> options;  // discrete issues: samples per option
    std::array<double, 7> quantile{};    // continuous issues: at kQuantileLevels
    double mean = 0.0;
};

struct ProcessSummary {
    std::uint64_t samples = 0;
    std::uint64_t all_agreed = 0;
    Interval all_agreed_ci95;
    std::vector<StageSummary> stages;
    std::vector<std::pair<std::string, std::uint64_t>> paths;  // "deal > deadline" and its samples, most frequent first
    std::vector<ConditionalAgreement> conditional;
    std::vector<JointIssue> joint;  // per issue of the scenario
};

class ProcessTally {
public:
    explicit ProcessTally(const Scenario& scenario);

    void add(std::span<const ProcessOutcome> outcomes);
    [[nodiscard]] ProcessSummary summarise() const;
    [[nodiscard]] Interval all_agreed_interval() const { return wilson_interval(all_agreed_, samples_); }

private:
    // One result of an earlier stage that later agreement is counted under.
    struct Given {
        std::size_t stage = 0;
        std::string label;
        enum class Kind { agreed, failed, option, condition, not_condition } kind = Kind::agreed;
        std::size_t issue = 0;  // scenario-wide
        double option = 0.0;
        Condition condition;
        [[nodiscard]] bool holds(const ProcessOutcome& o) const;
    };

    const Scenario* scenario_;
    std::uint64_t samples_ = 0;
    std::uint64_t all_agreed_ = 0;
    std::vector<std::uint64_t> reached_, agreed_;             // per stage
    std::vector<std::array<std::uint64_t, kStageEnds>> ends_;  // per stage
    std::vector<RunTally> negotiations_;                       // per stage, over the samples that reached it
    std::vector<std::uint64_t> paths_;                         // per path, numbered in base 3 (deal, failed, not reached)
    std::vector<Given> givens_;
    std::vector<std::uint64_t> given_samples_;                          // per given
    std::vector<std::array<std::uint64_t, kMaxStages>> given_agreed_;   // per given, per later stage
    std::vector<std::vector<std::uint64_t>> joint_options_;            // per discrete issue
    std::vector<BinnedDistribution> joint_values_;                     // per continuous issue (unused for discrete ones)
    std::vector<double> joint_sum_;                                    // per issue, in sample order
};

}  // namespace negsim
