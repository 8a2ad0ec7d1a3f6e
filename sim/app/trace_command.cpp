// negsim trace: one sample's negotiation replayed round by round into a CSV file (and its beliefs, under private
// information).
#include "app/cli_options.hpp"
#include "app/commands.hpp"

#include "analysis/output_files.hpp"
#include "engine/beliefs.hpp"
#include "engine/protocol.hpp"
#include "input/input_error.hpp"
#include "model/bounds.hpp"
#include "model/parameters.hpp"
#include "model/text.hpp"
#include "random/sampling.hpp"

#include <cstdio>
#include <filesystem>

namespace negsim::cli {

void trace(const ScenarioInput& input, std::optional<std::uint64_t> seed_option, std::uint64_t sample, const std::string& out) {
    const Scenario s = load(input).scenario;
    const std::uint64_t seed = seed_option.value_or(s.monte_carlo.seed);
    Parameters p;
    sample_parameters(s, seed, sample, p);
    std::vector<TraceRow> rows;
    const Outcome outcome = negotiate_traced(s, p, rows);

    const std::filesystem::path file(out);
    if (std::filesystem::is_directory(file)) throw InputError("--out", "", out + " is a folder; expected a file name such as trace.csv");
    OutputFiles files(file.has_parent_path() ? file.parent_path() : std::filesystem::path("."));
    std::ofstream& csv = files.open(file.filename().string());
    csv << "round,proposer";
    for (const Issue& issue : s.issues) csv << ',' << issue.id;
    // Private information adds the proposer's belief about each agent's reservation value and the acceptance it
    // predicted (docs/outputs.md, "trace.csv"); complete information keeps the columns it always had.
    const bool beliefs = s.information.any_private;
    csv << ",agent,utility,aspiration,threshold,response" << (beliefs ? ",belief_lo,belief_hi,predicted_acceptance" : "") << '\n';
    for (const TraceRow& row : rows) {
        csv << row.round << ',' << proposer_name(s, row.proposer);
        for (std::size_t k = 0; k < s.issue_count(); ++k) csv << ',' << csv_field(format_issue_value(s.issues[k], recorded_value(s, k, row.offer[k])));
        csv << ',' << s.agents[row.agent].id << ',' << format_number(row.utility) << ',' << format_number(row.aspiration) << ','
            << format_number(row.threshold) << ',' << (row.accepts ? "accept" : "reject");
        if (beliefs && row.believed) csv << ',' << format_number(row.belief_lo) << ',' << format_number(row.belief_hi) << ',' << format_number(row.acceptance);
        else if (beliefs) csv << ",,,";
        csv << '\n';
    }
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
