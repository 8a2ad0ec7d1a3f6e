// Sensitivity of a run's results to its sampled inputs: Spearman rank correlations (Spearman 1904; ties get average
// ranks) of every uncertain input with agreement (0/1, over all samples) and with each issue's agreed value (over
// the samples with a deal), for a tornado chart. Inputs are recovered by re-drawing each sample's parameters from
// its streams, so nothing extra flows through the engine. Memory is bounded: the correlations use the first `cap`
// samples of the run, fewer if the inputs would hold more than tolerance::kSensitivityValues values (docs/outputs.md, "sensitivity.csv").
#pragma once

#include "model/outcome.hpp"
#include "model/scenario.hpp"
#include "model/tolerance.hpp"
#include "analysis/tally.hpp"

#include <cstdint>
#include <ostream>
#include <span>
#include <string>
#include <vector>

namespace negsim {

class SensitivityTally {
public:
    SensitivityTally(const Scenario& scenario, std::uint64_t seed, std::size_t cap = tolerance::kSensitivitySamples);

    void add(std::uint64_t first, std::span<const Outcome> outcomes);

    // sensitivity.csv: input, output, spearman, samples (rows with fewer than 3 samples, or a constant column, are
    // left out).
    void write_csv(std::ostream& out) const;

    [[nodiscard]] const std::vector<std::string>& input_names() const { return names_; }
    // Spearman's rho between input i and agreement; NaN when undefined.
    [[nodiscard]] double agreement_correlation(std::size_t input) const;
    // The same for every input at once: the agreement's ranks computed once, each input's once.
    [[nodiscard]] std::vector<double> agreement_correlations() const;

    // The `count` inputs with the largest |rho| with agreement (ties in input order), each with agreement in the
    // samples that drew it in its lowest and highest third (a 0/1 input, a shock: without and with it).
    [[nodiscard]] std::vector<InputEffect> strongest_inputs(std::size_t count) const;

private:
    const Scenario* scenario_;
    std::uint64_t seed_;
    std::size_t cap_;
    std::vector<std::string> names_;
    std::vector<ParameterRef> refs_;               // inputs that are parameters
    std::vector<std::size_t> shock_index_;         // inputs that are shocks (after the parameters)
    std::vector<std::vector<double>> inputs_;      // per input, per kept sample
    std::vector<double> agreed_;                   // per kept sample
    std::vector<std::vector<double>> issue_value_; // per issue, per kept sample (NaN without a deal)
};

// Spearman's rank correlation of two equally long columns, over the rows where both are finite.
[[nodiscard]] double spearman(const std::vector<double>& x, const std::vector<double>& y, std::size_t* used = nullptr);

}  // namespace negsim
