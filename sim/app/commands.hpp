// The subcommands of negsim. Each reads validated inputs, does its work through the libraries and prints; errors are
// thrown (InputError for bad input) and turned into exit codes by main.cpp alone.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace negsim {
class Cluster;
}

namespace negsim::cli {

struct RunArguments {
    std::string scenario;
    std::optional<std::uint64_t> samples;
    std::optional<std::uint64_t> seed;
    unsigned threads = 1;
    std::optional<std::string> out;
    std::optional<std::uint64_t> sample;  // replay one sample
    std::optional<bool> write_samples;    // default: yes below 100 000 samples
    std::optional<double> target_ci;      // stop once the agreement interval is narrower than this
    std::uint64_t zone_samples = 1000;    // samples searched for zopa.csv and zone_map.csv
    std::optional<std::string> zone_map;  // "issue_a,issue_b"
    std::size_t zone_grid = 20;
};

// Under mpirun every rank calls it; rank 0 alone writes and prints (cluster/distributed_run.hpp).
void run(const RunArguments& arguments, Cluster& cluster);
void trace(const std::string& scenario, std::optional<std::uint64_t> seed, std::uint64_t sample, const std::string& out);
void solve(const std::string& scenario, const std::optional<std::string>& out, int points);
void validate(const std::string& scenario);
void bench(const std::string& scenario, std::uint64_t samples);
void evaluate(const std::string& scenario, const std::string& package);

}  // namespace negsim::cli
