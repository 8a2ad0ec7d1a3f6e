// negsim import and export (docs/interop.md): scenarios written for GENIUS, GeniusWeb, KTAB's SMP, the expected-utility
// replications of Scholz et al. (2011) and the Stokman exchange-model tool decide, converted to and from negsim's
// scenario format. Every semantic difference is converted (GENIUS's time discount, saliences, capabilities), what a
// format lacks gets a stated default, and what negsim cannot hold is an InputError naming the file and the place.
#pragma once

#include "model/scenario.hpp"

#include <cstdint>
#include <array>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace negsim::interop {

// The formats, as named on the command line.
inline constexpr std::array<const char*, 6> kFormats = {"genius", "geniusweb", "ktab-csv", "ktab-xml", "eu-csv", "decide"};
[[nodiscard]] std::vector<std::string> format_names();

inline constexpr int kDefaultRounds = 100;

struct ImportOptions {
    // The number of rounds of the imported scenario's protocol; for GENIUS and GeniusWeb also the deadline over which a
    // time-based discount is converted into a per-round factor (docs/interop.md, "Discounting").
    int rounds = kDefaultRounds;
    std::optional<std::string> name;  // the scenario's name (default: from the first file's name)
    // The protocol: negsim's alternating offers, or the stacked alternating offers protocol with GENIUS's rules
    // (time-based offers at the aspiration, AC_const acceptance, GENIUS's clock; docs/protocols.md).
    bool stacked = false;
    // The expected-utility CSV's scale, LO and HI (--scale LO:HI); none: the range of the actors' positions.
    std::optional<std::pair<double, double>> scale;
};


struct Imported {
    std::string scenario_json;       // validated by the project's loader
    std::vector<std::string> notes;  // the defaults used and the conversions made, one line each, for the user
};

// Reads `files` in `format` and builds a scenario (validated by the project's loader).
// Throws InputError (file, place, what was expected) for anything unreadable or that negsim cannot represent.
[[nodiscard]] Imported import_files(const std::string& format, const std::vector<std::string>& files, const ImportOptions& options);

struct Exported {
    std::vector<std::pair<std::string, std::string>> files;  // file name (no folder) and contents
    std::vector<std::string> notes;                          // what the format cannot hold and was dropped, and how to read it back
};

// Writes `scenario` (read from `file`, named in messages) in `format`. Throws InputError when the format cannot hold a
// part of the scenario that decides its utilities (a value function, a link).
[[nodiscard]] Exported export_scenario(const std::string& format, const Scenario& scenario, const std::string& file);

}  // namespace negsim::interop
