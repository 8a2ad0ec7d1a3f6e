// The parsing every negsim command shares (cli_options.hpp), written once so that every command reads its numbers,
// paths and overrides alike.
#include "cli/cli_options.hpp"

#include "model/text.hpp"

#include <algorithm>
#include <charconv>
#include <iostream>
#include <thread>

namespace negsim::cli {

po::variables_map parse(const std::vector<std::string>& args, const po::options_description& options, bool many) {
    po::options_description all;
    if (many) all.add(options).add_options()("scenario", po::value<std::vector<std::string>>(), "scenario files and folders");
    else all.add(options).add_options()("scenario", po::value<std::string>(), "scenario file");
    po::positional_options_description positional;
    positional.add("scenario", -1);
    const po::parsed_options parsed = po::command_line_parser(args).options(all).positional(positional).run();
    // One SCENARIO: a second word without an option name is named, where Boost would only say "too many positional
    // options" (often a value meant for an option that takes one, like `--vary a=1:2 b=1:2`).
    if (!many) {
        std::string extra, follows;
        std::size_t words = 0;
        for (std::size_t i = 0; i < parsed.options.size(); ++i) {
            const po::option& o = parsed.options[i];
            if (o.string_key != "scenario" || o.value.empty() || words++ == 0) continue;
            extra += (extra.empty() ? "" : ", ") + quote_text(o.value.front());
            // How the option before it was read shows the slip (`--vary --seed 5` gives --vary the value "--seed").
            const po::option& before = parsed.options[i - 1];
            if (follows.empty() && before.string_key != "scenario") {
                follows.append(" (it follows --").append(before.string_key);
                if (!before.value.empty()) follows.append(" ").append(quote_text(before.value.front()));
                follows.append(")");
            }
        }
        if (words > 1)
            throw po::error("unexpected argument" + std::string(words > 2 ? "s " : " ") + extra + follows + " after the scenario file; each option's value follows its name, once per option");
    }
    po::variables_map vm;
    po::store(parsed, vm);
    po::notify(vm);
    return vm;
}

bool shows_help(const po::variables_map& vm, const po::options_description& options) {
    if (vm.count("help")) std::cout << options << '\n';
    return vm.count("help") > 0;
}

std::uint64_t whole_number(const std::string& text, const std::string& what, std::uint64_t lo, std::uint64_t hi) {
    std::uint64_t value = 0;
    const auto result = std::from_chars(text.data(), text.data() + text.size(), value);
    if (text.empty() || result.ec != std::errc() || result.ptr != text.data() + text.size() || value < lo || value > hi)
        throw po::error(what + " " + quote_text(text) + " is not valid; expected a whole number from " + std::to_string(lo) + " to " + std::to_string(hi));
    return value;
}

std::uint64_t count(const po::variables_map& vm, const std::string& name, std::uint64_t lo, std::uint64_t hi) {
    return whole_number(vm[name].as<std::string>(), "--" + name, lo, hi);
}

std::optional<std::uint64_t> optional_count(const po::variables_map& vm, const std::string& name, std::uint64_t lo, std::uint64_t hi) {
    if (!vm.count(name)) return std::nullopt;
    return count(vm, name, lo, hi);
}

std::optional<std::uint64_t> seed_argument(const po::variables_map& vm) { return optional_count(vm, "seed", 0, ~std::uint64_t{0}); }

std::string path_argument(const po::variables_map& vm, const std::string& name) {
    const std::string text = vm[name].as<std::string>();
    if (text.empty()) throw po::error("--" + name + " is empty; expected a file or folder name");
    return text;
}

std::string scenario_argument(const po::variables_map& vm, const std::string& command) {
    if (!vm.count("scenario")) throw po::error("missing SCENARIO; usage: negsim " + command + " SCENARIO [OPTIONS]");
    return vm["scenario"].as<std::string>();
}

void add_scenario_options(po::options_description& options) {
    options.add_options()
        ("set", po::value<std::vector<std::string>>()->composing(), "NAME=VALUE: change one value of the scenario (repeatable, applied in order; names in docs/sweeps.md)")
        ("nominal", po::bool_switch(), "run without the scenario's uncertainty block (monte_carlo.uncertainty)")
        ("one-table", po::bool_switch(), "a scenario in stages: negotiate every issue at one table of every agent instead (the file's top-level protocol), to see what the sequencing does");
}

std::vector<Override> overrides_argument(const po::variables_map& vm) {
    std::vector<Override> overrides;
    if (vm.count("set"))
        for (const std::string& argument : vm["set"].as<std::vector<std::string>>()) overrides.push_back(parse_override(argument));
    return overrides;
}

ScenarioInput scenario_input(const po::variables_map& vm, const std::string& command) {
    return {scenario_argument(vm, command), overrides_argument(vm), vm["nominal"].as<bool>(), vm["one-table"].as<bool>()};
}

std::string default_threads() { return std::to_string(std::max(1u, std::thread::hardware_concurrency())); }

unsigned threads_argument(const po::variables_map& vm) { return static_cast<unsigned>(count(vm, "threads", 1, 256)); }

}  // namespace negsim::cli
