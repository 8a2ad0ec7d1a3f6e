// What every importer fills in before it becomes scenario JSON (draft.cpp): issues, agents with their value
// functions, and the notes the import prints. One builder, so that the defaults for what a format lacks are the same
// for every format and documented once (docs/interop.md, "Defaults").
#pragma once

#include "model/scenario.hpp"
#include "interop/interop.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <unordered_map>
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

// The message for the first item past one of negsim's limits (capacity.hpp): "a 65th actor; negsim holds at most 64".
[[nodiscard]] std::string past_limit(std::size_t limit, const std::string& thing);

// The names of one kind read so far (actors, issues, values), each once and at most `limit` of them (capacity.hpp). A
// reader adds every name as it reads it, so that a file far past the limit is refused at its first name too many, not
// after all of it, and a repeat is found by hashing: reading stays linear in the file however long it is.
class Roster {
public:
    Roster(std::size_t limit, std::string thing) : limit_(limit), thing_(std::move(thing)) {}

    // "" when `name` is new and within the limit (it is added); else the message: a repeat, or the first past the limit.
    [[nodiscard]] std::string add(const std::string& name);

    // The position of `name` in reading order, or npos.
    [[nodiscard]] std::size_t find(const std::string& name) const;

    [[nodiscard]] const std::vector<std::string>& names() const { return names_; }

private:
    std::size_t limit_;
    std::string thing_;
    std::vector<std::string> names_;
    std::unordered_map<std::string, std::size_t> index_;
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
