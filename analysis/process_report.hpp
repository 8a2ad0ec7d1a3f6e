// The result files of a process in stages (docs/outputs.md, "Stages"): summary.json (the process, its stages, paths,
// conditional agreement and joint outcome, with the scenario and seed), stages.csv, conditional.csv, paths.csv,
// joint.csv and samples.csv, beside each stage's own negotiation files in stages/<id>/; and the terminal's summary.
#pragma once

#include "analysis/process_tally.hpp"
#include "analysis/report.hpp"

#include <nlohmann/json.hpp>

#include <ostream>
#include <string>

namespace negsim {

[[nodiscard]] nlohmann::ordered_json process_summary_json(const Scenario& scenario, const Provenance& provenance, const ProcessSummary& summary);

void write_stages_csv(std::ostream& out, const Scenario& scenario, const ProcessSummary& summary);
void write_conditional_csv(std::ostream& out, const Scenario& scenario, const ProcessSummary& summary);
void write_paths_csv(std::ostream& out, const ProcessSummary& summary);
void write_joint_csv(std::ostream& out, const Scenario& scenario, const ProcessSummary& summary);

// A process's columns in the shape of summary_columns (report.hpp), for a sweep's rows: the provenance columns, the
// probability that every stage agrees (as agreement_probability, with its interval), each stage's agreement and how
// often it was reached, and where each issue ended (a continuous issue's median, a discrete one's likeliest option).
[[nodiscard]] SummaryColumns process_summary_columns(const Scenario& scenario, const Provenance& provenance, const ProcessSummary& summary);

// The sweep's figures of one point (Sobol indices): every stage's agreement together, then each issue's joint median
// (a discrete issue's likeliest option index).
[[nodiscard]] std::vector<double> process_outputs(const Scenario& scenario, const ProcessSummary& summary);

// One row per sample: each stage's end and round, then every issue where the process left it.
void write_process_samples_header(std::ostream& out, const Scenario& scenario);
void write_process_sample_row(std::ostream& out, const Scenario& scenario, std::uint64_t sample, const ProcessOutcome& outcome);

// The terminal's lines: each stage's agreement, the whole process's, and the largest moves of a later stage's
// agreement with an earlier result.
[[nodiscard]] std::string human_process_summary(const Scenario& scenario, const ProcessSummary& summary);

}  // namespace negsim
