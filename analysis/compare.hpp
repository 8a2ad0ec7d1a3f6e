// The paired comparison of two runs of the same seed and samples (negsim compare; docs/outputs.md): under common
// random numbers sample k of one run and sample k of the other drew the same parameters wherever the scenarios agree,
// so the change between them is a paired difference, measured sample by sample from their samples.csv.
#pragma once

#include "analysis/paired_difference.hpp"

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace negsim {

// What compare needs of a run folder: summary.json's seed and samples, samples.csv's agreed column and issue values,
// and the issues' options from scenario.json (a discrete issue's values are compared by their order).
struct RunSamples {
    std::string folder;
    std::uint64_t seed = 0;
    std::uint64_t samples = 0;
    std::vector<std::string> issues;                   // ids, in file order
    std::vector<std::vector<std::string>> options;     // per issue; empty for a continuous issue
    std::vector<std::uint8_t> agreed;                  // per sample
    std::vector<std::vector<std::string>> values;      // per issue, per sample ("" without a deal)
};

// Reads a run folder; InputError naming the file and the line or key on anything missing or malformed.
[[nodiscard]] RunSamples read_run_samples(const std::filesystem::path& folder);

// The shift of one issue's agreed value over the samples that agree in both runs: second minus first, in the issue's
// unit (a discrete issue: in option steps), with a normal-approximation 95% interval of its mean (mean +- z s/sqrt(m)).
struct IssueShift {
    std::string issue;
    bool discrete = false;
    std::uint64_t paired = 0;   // samples with a deal in both runs
    std::uint64_t changed = 0;  // of them, samples whose value differs
    double mean_shift = 0.0;    // NaN without paired samples
    Interval interval;          // NaN bounds below 2 paired samples
};

struct Comparison {
    std::string first, second;     // the folders as given
    std::uint64_t seed = 0, samples = 0;
    PairedCounts counts;           // x = deal in the second run, y = deal in the first: first_only = gained, second_only = lost
    double agreement_first = 0.0, agreement_second = 0.0;
    PairedDifference change;       // agreement_second - agreement_first, Newcombe's paired interval
    std::vector<IssueShift> issues;
};

// InputError naming the second folder when its seed, sample count or issues differ from the first's.
[[nodiscard]] Comparison compare_runs(const RunSamples& first, const RunSamples& second);

// differences.csv (one row for agreement, one per issue) and comparison.json into `out`, nothing on a failure.
void write_comparison(const Comparison& c, const std::filesystem::path& out);

// The terminal's account of the comparison.
[[nodiscard]] std::string comparison_text(const Comparison& c);

}  // namespace negsim
