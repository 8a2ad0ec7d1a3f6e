// What every importer fills in before it becomes scenario JSON (draft.cpp): issues, agents with their value
// functions, and the notes the import prints. One builder, so that the defaults for what a format lacks are the same
// for every format and documented once (docs/interop.md, "Defaults").
#pragma once

#include "model/scenario.hpp"
#include "interop/interop.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace negsim::interop {

struct DraftIssue {
    std::string name;     // as the format names it: the label; the id is made from it
    std::string unit;
    bool discrete = false;
    double min = 0.0, max = 1.0;       // continuous issues
    std::vector<std::string> options;  // discrete issues, in order
};

struct DraftValue {
    enum class Kind { linear, table, affine } kind = Kind::linear;
    std::vector<double> table;         // per option, in [0, 1]
    double at_min = 0.0, at_max = 1.0; // affine: the values at the issue's ends, in [0, 1]
};

struct DraftAgent {
    std::string name;
    std::vector<double> ideal;   // per issue; for tables and affine values the importer leaves it to the builder
    std::vector<double> weights; // per issue, >= 0, not all 0 (the loader normalises)
    std::vector<DraftValue> values;
    double reservation = 0.0;
    double discount = 1.0;
    double power = 1.0;
    double salience = 1.0;
    bool reservation_given = false;  // false: the default 0 is used, and said so
    std::string notes;               // the format's description of the party, kept as the agent's notes
};

struct Draft {
    std::string format;  // the format's name, for the description and notes
    std::string name;    // the scenario's name in the file, if it has one (else the file's name)
    std::string description;
    std::vector<DraftIssue> issues;
    std::vector<DraftAgent> agents;
    std::optional<std::uint64_t> seed;
    std::vector<std::string> notes;
};

// An id (lower-case letters, digits, '_', starting with a letter) made from a name, unique among `taken`.
[[nodiscard]] std::string make_id(const std::string& name, const char* prefix, std::vector<std::string>& taken);

// A scenario or agent name made from a file name: its stem, reduced to the characters a scenario name allows.
[[nodiscard]] std::string name_from_file(const std::string& path);

// The scenario JSON (validated by parse_scenario), with the defaults for what the format lacks, and the notes.
[[nodiscard]] Imported build_scenario(Draft draft, const std::string& first_file, const ImportOptions& options);

// The value of agent i's issue k at an option index or issue value, from the scenario (for exporters).
[[nodiscard]] double value_at(const Scenario& s, std::size_t agent, std::size_t issue, double x);

// The parts of a scenario no interchange format holds, as notes (uncertainty, constraints, strategies, protocol...).
void note_dropped(const Scenario& s, std::vector<std::string>& notes, bool keeps_power, bool keeps_salience, bool keeps_reservation);

// Refuses a scenario whose agents have links: a link changes the utility, and no interchange format holds one.
void refuse_links(const Scenario& s, const std::string& file, const std::string& format);

}  // namespace negsim::interop
