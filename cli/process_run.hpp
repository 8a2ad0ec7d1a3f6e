// negsim run on a scenario in stages (process_run.cpp). Private to the command-line layer.
#pragma once

#include "cli/commands.hpp"
#include "input/overrides.hpp"

#include <cstdint>
#include <filesystem>
#include <string>

namespace negsim::cli {

// Plays the process `effective` describes under Monte Carlo sampling and writes its files into `directory`. Under
// mpirun every rank calls it; rank 0 alone writes and prints.
void run_stages(const std::string& path, const EffectiveScenario& effective, const RunArguments& arguments, const std::filesystem::path& directory,
                Cluster& cluster);

// Prints sample `sample`'s samples.csv row of the process, writing nothing.
void replay_stages(const Scenario& scenario, std::uint64_t seed, std::uint64_t sample);

}  // namespace negsim::cli
