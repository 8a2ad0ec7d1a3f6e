// negsim trace: one sample's negotiation replayed round by round into a CSV file (and its beliefs, under private
// information).
#include "cli/cli_options.hpp"
#include "cli/commands.hpp"

#include "analysis/output_files.hpp"
#include "engine/beliefs.hpp"
#include "engine/protocol.hpp"
#include "input/input_error.hpp"
#include "model/bounds.hpp"
#include "model/parameters.hpp"
#include "model/text.hpp"
#include "random/sampling.hpp"
#include "runner/stages.hpp"

#include <cstdio>
#include <filesystem>

namespace negsim::cli {

namespace {

// One row per round and agent of a negotiation's trace: `lead` (the stage, in a process) first, then the round, the
// offer over `issues` (scenario-wide columns; `column[k]` the negotiation's issue k, the other columns left empty).
void write_rows(std::ostream& csv, const Scenario& s, const std::vector<TraceRow>& rows, const std::string& lead, std::size_t columns,
                const std::vector<std::size_t>& column, bool beliefs) {
    for (const TraceRow& row : rows) {
        csv << lead << row.round << ',' << proposer_name(s, row.proposer);
        std::vector<std::string> offer(columns);
        for (std::size_t k = 0; k < s.issue_count(); ++k) offer[column[k]] = csv_field(format_issue_value(s.issues[k], recorded_value(s, k, row.offer[k])));
        for (const std::string& value : offer) csv << ',' << value;
        csv << ',' << s.agents[row.agent].id << ',' << format_number(row.utility) << ',' << format_number(row.aspiration) << ','
            << format_number(row.threshold) << ',' << (row.accepts ? "accept" : "reject");
        if (beliefs && row.believed) csv << ',' << format_number(row.belief_lo) << ',' << format_number(row.belief_hi) << ',' << format_number(row.acceptance);
        else if (beliefs) csv << ",,,";
        csv << '\n';
    }
}

std::ofstream& open_trace(OutputFiles& files, const std::filesystem::path& file) { return files.open(file.filename().string()); }

std::filesystem::path trace_folder(const std::string& out) {
    const std::filesystem::path file(out);
    if (std::filesystem::is_directory(file)) throw InputError("--out", "", out + " is a folder; expected a file name such as trace.csv");
    return file.has_parent_path() ? file.parent_path() : std::filesystem::path(".");
}

// A process in stages: every stage played in turn, one block of rows each (docs/outputs.md, "trace.csv").
void trace_stages(const Scenario& s, std::uint64_t seed, std::uint64_t sample, const std::string& out) {
    StageTraces traces;
    const ProcessOutcome outcome = play_process(s, seed, sample, &traces);
    OutputFiles files(trace_folder(out));
    std::ofstream& csv = open_trace(files, out);
    csv << "stage,round,proposer";
    for (const Issue& issue : s.issues) csv << ',' << issue.id;
    csv << ",agent,utility,aspiration,threshold,response\n";
    std::size_t rows = 0;
    for (std::size_t st = 0; st < s.stages.list.size(); ++st) {
        const Stage& stage = s.stages.list[st];
        write_rows(csv, stage.negotiation, traces[st], csv_field(stage.id) + ",", s.issue_count(), stage.issues, false);
        rows += traces[st].size();
    }
    files.commit();
    std::printf("%s, seed %llu, sample %llu:", s.name.c_str(), static_cast<unsigned long long>(seed), static_cast<unsigned long long>(sample));
    for (std::size_t st = 0; st < s.stages.list.size(); ++st) {
        const Outcome& o = outcome.stage[st];
        if (!outcome.reached_stage(st)) std::printf(" %s not reached;", s.stages.list[st].id.c_str());
        else std::printf(" %s %s after %d round%s;", s.stages.list[st].id.c_str(), to_string(o.end), o.rounds, o.rounds == 1 ? "" : "s");
    }
    std::printf(" %zu rows in %s\n", rows, out.c_str());
}

}  // namespace

void trace(const ScenarioInput& input, std::optional<std::uint64_t> seed_option, std::uint64_t sample, const std::string& out) {
    const Scenario s = load(input).scenario;
    const std::uint64_t seed = seed_option.value_or(s.monte_carlo.seed);
    if (!s.stages.list.empty()) return trace_stages(s, seed, sample, out);
    Parameters p;
    sample_parameters(s, seed, sample, p);
    std::vector<TraceRow> rows;
    const Outcome outcome = negotiate_traced(s, p, rows);

    const std::filesystem::path file(out);
    OutputFiles files(trace_folder(out));
    std::ofstream& csv = open_trace(files, file);
    csv << "round,proposer";
    for (const Issue& issue : s.issues) csv << ',' << issue.id;
    // Private information adds the proposer's belief about each agent's reservation value and the acceptance it
    // predicted (docs/outputs.md, "trace.csv"); complete information keeps the columns it always had.
    const bool beliefs = s.information.any_private;
    csv << ",agent,utility,aspiration,threshold,response" << (beliefs ? ",belief_lo,belief_hi,predicted_acceptance" : "") << '\n';
    std::vector<std::size_t> column(s.issue_count());
    for (std::size_t k = 0; k < column.size(); ++k) column[k] = k;
    write_rows(csv, s, rows, "", s.issue_count(), column, beliefs);
    // Every agent's belief about every agent it knows only by a prior, round by round, in a second file beside the
    // trace (docs/outputs.md, "beliefs.csv"): the interval Bayesian updating has left and the belief's median.
    std::string beliefs_name;
    if (beliefs) {
        beliefs_name = file.stem().string() + "-beliefs.csv";
        std::ofstream& held = files.open(beliefs_name);
        held << "round,proposer,about,holder,belief_lo,belief_hi,belief_median\n";
        for (const TraceRow& row : rows)
            for (std::size_t i = 0; i < s.agent_count(); ++i) {
                if (!s.information.knows_only_prior[i][row.agent]) continue;
                const Belief& b = row.held[i];
                held << row.round << ',' << proposer_name(s, row.proposer) << ',' << s.agents[row.agent].id << ',' << s.agents[i].id << ','
                     << format_number(b.lo) << ',' << format_number(b.hi) << ',' << format_number(belief_quantile(b, prior_of(s, i, row.agent), 0.5)) << '\n';
            }
    }
    files.commit();
    std::printf("%s, seed %llu, sample %llu: %s after %d round%s", s.name.c_str(), static_cast<unsigned long long>(seed),
                static_cast<unsigned long long>(sample), to_string(outcome.end), outcome.rounds, outcome.rounds == 1 ? "" : "s");
    if (outcome.blocker >= 0) std::printf(" (blocker %s)", s.agents[static_cast<std::size_t>(outcome.blocker)].id.c_str());
    std::printf("; %zu rows in %s", rows.size(), out.c_str());
    if (beliefs) std::printf(", beliefs in %s", (file.parent_path() / beliefs_name).string().c_str());
    std::printf("\n");
}

int trace_command(const std::vector<std::string>& args, Cluster&) {
    po::options_description options("negsim trace SCENARIO [--sample K] [--seed S] [--out FILE]\n\nReplay one sample's negotiation and "
                                    "write one row per round and agent: the offer, the agent's utility, aspiration, threshold and "
                                    "answer.\n\nOptions");
    options.add_options()
        ("help", "this text")
        ("sample", po::value<std::string>()->default_value("0"), "the sample to replay")
        ("seed", po::value<std::string>(), "random seed (default: the scenario's monte_carlo.seed)")
        ("out", po::value<std::string>()->default_value("trace.csv"), "the CSV file to write");
    add_scenario_options(options);
    const auto vm = parse(args, options);
    if (shows_help(vm, options)) return 0;
    const std::optional<std::uint64_t> seed = seed_argument(vm);
    trace(scenario_input(vm, "trace"), seed, count(vm, "sample", 0, ~std::uint64_t{0}), path_argument(vm, "out"));
    return 0;
}

}  // namespace negsim::cli
