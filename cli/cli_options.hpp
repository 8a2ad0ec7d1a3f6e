// The parsing every negsim command shares: Boost.Program_options with SCENARIO as the positional argument, checked
// whole numbers, --set/--nominal and --threads. A bad argument is a po::error, which main.cpp turns into exit code 2.
#pragma once

#include "cli/commands.hpp"

#include <boost/program_options.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace negsim::cli {

namespace po = boost::program_options;

// Parses the arguments after the command name; SCENARIO is the one positional argument (many: any number of them).
[[nodiscard]] po::variables_map parse(const std::vector<std::string>& args, const po::options_description& options, bool many = false);

// Prints the command's options if --help was given.
[[nodiscard]] bool shows_help(const po::variables_map& vm, const po::options_description& options);

// A whole non-negative integer in [lo, hi]: no sign, spaces, hex or fraction (Boost would wrap "-1" to 2^64 - 1).
// `what` names the value in the message ("--samples").
[[nodiscard]] std::uint64_t whole_number(const std::string& text, const std::string& what, std::uint64_t lo, std::uint64_t hi);

// The option `name` (given or defaulted) as a whole number in [lo, hi].
[[nodiscard]] std::uint64_t count(const po::variables_map& vm, const std::string& name, std::uint64_t lo, std::uint64_t hi);

// The same for an option without a default: none when it was not given.
[[nodiscard]] std::optional<std::uint64_t> optional_count(const po::variables_map& vm, const std::string& name, std::uint64_t lo, std::uint64_t hi);

// --seed: any 64-bit value; none when not given (the scenario's monte_carlo.seed then).
[[nodiscard]] std::optional<std::uint64_t> seed_argument(const po::variables_map& vm);

// A file or folder name given with `name`; an empty one is a usage error (it would name the working directory).
[[nodiscard]] std::string path_argument(const po::variables_map& vm, const std::string& name);

// The one SCENARIO of `command`; missing is a usage error.
[[nodiscard]] std::string scenario_argument(const po::variables_map& vm, const std::string& command);

// --set NAME=VALUE (repeatable) and --nominal, for every command that reads a scenario (docs/sweeps.md, "Overrides").
void add_scenario_options(po::options_description& options);
[[nodiscard]] std::vector<Override> overrides_argument(const po::variables_map& vm);
[[nodiscard]] ScenarioInput scenario_input(const po::variables_map& vm, const std::string& command);

// --threads: its default, every core of this machine, as the option's text; and the value given, 1 to 256.
[[nodiscard]] std::string default_threads();
[[nodiscard]] unsigned threads_argument(const po::variables_map& vm);

}  // namespace negsim::cli
