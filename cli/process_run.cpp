// negsim run on a scenario in stages (docs/outputs.md, "Stages"): the process played per sample, its files in the
// output folder and each stage's negotiation files in stages/<id>/.
#include "cli/process_run.hpp"

#include "analysis/output_files.hpp"
#include "analysis/process_report.hpp"
#include "analysis/sha256.hpp"
#include "cli/progress.hpp"
#include "cluster/distributed_run.hpp"
#include "input/warnings.hpp"
#include "model/text.hpp"

#include <chrono>
#include <cstdio>
#include <iostream>
#include <memory>

namespace negsim::cli {

namespace fs = std::filesystem;

void run_stages(const std::string& path, const EffectiveScenario& effective, const RunArguments& a, const fs::path& directory, Cluster& cluster) {
    const Scenario& scenario = effective.scenario;
    RunOptions options;
    options.samples = a.samples.value_or(scenario.monte_carlo.samples);
    options.seed = a.seed.value_or(scenario.monte_carlo.seed);
    options.threads = a.threads;
    options.chunk = kProcessChunk;
    if (!cluster.root()) {  // another rank of an MPI job: computes its share, writes and prints nothing
        run_distributed_process(cluster, scenario, options, {});
        return;
    }
    const std::vector<std::string> warnings = scenario_warnings(scenario);
    for (const std::string& warning : warnings) std::cerr << "negsim: warning: " << printable_text(path) << ": " << warning << '\n';

    OutputFiles files(directory);
    std::vector<std::unique_ptr<OutputFiles>> stage_files;  // stages/<id>/: each stage's negotiation, as a run writes it
    for (const Stage& stage : scenario.stages.list) stage_files.push_back(std::make_unique<OutputFiles>(directory / "stages" / stage.id));
    const bool write_samples = a.write_samples.value_or(options.samples < 100000);
    std::ofstream* samples_csv = write_samples ? &files.open("samples.csv") : nullptr;
    if (samples_csv) write_process_samples_header(*samples_csv, scenario);
    ProcessTally tally(scenario);
    ProgressBar progress;
    const auto start = std::chrono::steady_clock::now();
    run_distributed_process(
        cluster, scenario, options,
        [&](std::uint64_t first, std::span<const ProcessOutcome> outcomes) {
            tally.add(outcomes);
            if (samples_csv)
                for (std::size_t i = 0; i < outcomes.size(); ++i) write_process_sample_row(*samples_csv, scenario, first + i, outcomes[i]);
        },
        [&](std::uint64_t done, std::uint64_t total) {
            progress.update(done, total);
            if (!a.target_ci) return false;
            const Interval ci = tally.all_agreed_interval();
            return ci.hi - ci.lo < *a.target_ci;
        },
        [&](std::uint64_t done, std::uint64_t total) { progress.update(done, total); });
    progress.finish();
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();

    const ProcessSummary summary = tally.summarise();
    Provenance provenance{path, sha256_hex(effective.text), options.seed, NEGSIM_VERSION, {}, a.nominal, warnings};
    for (const Override& o : a.overrides) provenance.overrides.emplace_back(o.name, o.value);
    files.open("summary.json") << process_summary_json(scenario, provenance, summary).dump(2) << '\n';
    write_stages_csv(files.open("stages.csv"), scenario, summary);
    write_conditional_csv(files.open("conditional.csv"), scenario, summary);
    write_paths_csv(files.open("paths.csv"), summary);
    write_joint_csv(files.open("joint.csv"), scenario, summary);
    if (!write_samples) files.remove_stale("samples.csv");
    files.open("scenario.json") << effective.text;
    for (std::size_t s = 0; s < scenario.stages.list.size(); ++s) {
        const Scenario& negotiation = scenario.stages.list[s].negotiation;
        const Summary& stage = summary.stages[s].negotiation;
        OutputFiles& out = *stage_files[s];
        out.open("summary.json") << summary_json(negotiation, provenance, stage).dump(2) << '\n';
        write_summary_csv(out.open("summary.csv"), negotiation, provenance, stage);
        write_histogram_csv(out.open("hist.csv"), negotiation, stage);
    }
    for (auto& out : stage_files) out->commit();
    files.commit();

    std::cout << scenario.name << ": " << summary.samples << " samples, seed " << options.seed << ", " << scenario.stages.list.size() << " stages\n"
              << human_process_summary(scenario, summary);
    const std::string ranks = cluster.size() > 1 ? " per rank, " + std::to_string(cluster.size()) + " ranks" : "";
    std::printf("Results in %s/ (%.2f s: %.0f processes/s on %u thread%s%s)\n", directory.string().c_str(), seconds,
                static_cast<double>(summary.samples) / std::max(seconds, 1e-9), options.threads, options.threads == 1 ? "" : "s", ranks.c_str());
}

void replay_stages(const Scenario& scenario, std::uint64_t seed, std::uint64_t sample) {
    const ProcessOutcome outcome = play_process(scenario, seed, sample);
    write_process_samples_header(std::cout, scenario);
    write_process_sample_row(std::cout, scenario, sample, outcome);
}

}  // namespace negsim::cli
