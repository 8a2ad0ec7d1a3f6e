// The result files of `negsim run` (docs/outputs.md): samples.csv rows, summary.json, summary.csv, and the short
// human summary printed on the terminal. Formatting only: every figure comes from a Summary or an Outcome.
#pragma once

#include "model/outcome.hpp"
#include "model/scenario.hpp"
#include "analysis/tally.hpp"
#include "model/text.hpp"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <ostream>
#include <span>
#include <string>
#include <utility>
#include <vector>

namespace negsim {

// Where a result came from, recorded beside it.
struct Provenance {
    std::string scenario_path;
    std::string scenario_sha256;
    std::uint64_t seed = 0;
    std::string negsim_version;
    std::vector<std::pair<std::string, std::string>> overrides;  // --set NAME=VALUE, in the order given
    bool nominal = false;                                        // --nominal: run without the uncertainty block
    std::vector<std::string> warnings;                           // scenario_warnings (input/warnings.hpp)
};

void write_samples_header(std::ostream& out, const Scenario& scenario);
void write_sample_row(std::ostream& out, const Scenario& scenario, std::uint64_t sample, const Outcome& outcome);

// summary.json's first keys: negsim_version, the scenario (name, file, sha256, any overrides) and the seed.
[[nodiscard]] nlohmann::ordered_json provenance_json(const Scenario& scenario, const Provenance& provenance);

[[nodiscard]] nlohmann::ordered_json summary_json(const Scenario& scenario, const Provenance& provenance, const Summary& summary);

// summary.csv's columns: names and values (CSV fields), one function for a run's summary.csv, a batch's and a sweep's.
// The first kCommonSummaryColumns columns are the same for every scenario (scenario .. missed_share); the rest
// depend on its shocks, issues and agents.
struct SummaryColumns {
    std::vector<std::string> names;
    std::vector<std::string> values;
};
inline constexpr std::size_t kCommonSummaryColumns = 19;
// The first three (scenario, scenario_sha256, seed) say where the figures came from; a sweep's rows leave them out,
// since sweep.json records them once for every point.
inline constexpr std::size_t kProvenanceColumns = 3;
[[nodiscard]] SummaryColumns summary_columns(const Scenario& scenario, const Provenance& provenance, const Summary& summary);
void write_summary_csv(std::ostream& out, const Scenario& scenario, const Provenance& provenance, const Summary& summary);

// A batch's summary.csv: one row per scenario, in the order given; all the columns when every scenario has the same
// ones, else the first kCommonSummaryColumns (docs/outputs.md).
void write_batch_summary_csv(std::ostream& out, std::span<const SummaryColumns> rows);

// hist.csv: per issue, the agreed values' histogram (issue, bin_lo, bin_hi, count); one row per option for
// discrete issues, whose bin_lo and bin_hi are the option's name.
void write_histogram_csv(std::ostream& out, const Scenario& scenario, const Summary& summary);

// The terminal summary (human_summary.cpp): agreement with its Monte Carlo interval and, apart from it, how far the
// strongest uncertain inputs move it; how talks ended; the zone; where deals land per issue (median, middle 90%, mass
// points and a text histogram, or the mode and each option's share); who blocks, as blocker and decisive shares.
[[nodiscard]] std::string human_summary(const Scenario& scenario, const Summary& summary);

}  // namespace negsim
