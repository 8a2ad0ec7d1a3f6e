// What a sweep varies, from the command line (--vary NAME=LO:HI:N, NAME=LO:HI, NAME=A,B,C) or from a sweep file
// (docs/sweeps.md, "Sweep files"; schema in scenarios/sweep.schema.json), checked against the scenario's override
// names before anything runs.
#pragma once

#include "input/overrides.hpp"
#include "model/scenario.hpp"
#include "analysis/sweep/design.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace negsim {

// A sweep file's contents; what it leaves out comes from the command line or the scenario.
struct SweepFile {
    Design design;  // seed left at its default: the file's "seed" is below
    std::optional<std::uint64_t> samples;
    std::optional<std::uint64_t> seed;
    std::optional<std::size_t> bootstrap;
    std::vector<Override> overrides;
    bool nominal = false;
};

// Reads and validates a sweep file (strict: unknown keys are errors, each at its JSON pointer). Throws InputError.
[[nodiscard]] SweepFile read_sweep_file(const std::string& path);

// One --vary argument. Throws InputError("--vary", ...).
[[nodiscard]] Factor parse_vary(std::string_view argument, DesignKind kind);

// Checks every factor's name against the scenario's override names (a wrong one lists the nearest), marks integer
// factors, and requires a list of option names for a discrete issue's ideal. `where` names the source in messages
// (a sweep file's path, or "--vary"). Throws InputError.
void check_factors(const Scenario& scenario, bool nominal, std::vector<Factor>& factors, const std::string& where);

}  // namespace negsim
