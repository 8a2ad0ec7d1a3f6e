// Changing a scenario's values from the command line (negsim run|solve|trace|evaluate|validate --set NAME=VALUE and
// --nominal; docs/sweeps.md, "Overrides"): the settable names of a validated scenario, the overrides applied to the
// scenario's JSON text (which is then validated like any file).
#pragma once

#include "model/scenario.hpp"

#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace negsim {

struct Override {  // one --set NAME=VALUE, or one entry of a sweep file's "set"
    std::string name;
    std::string value;
    std::string file = {};     // a sweep file's entry: the file and the entry's JSON pointer, where a bad name or value
    std::string pointer = {};  // is reported (empty for --set)
};

// "NAME=VALUE" split at its first '='; InputError("--set", ...) if either side is empty or there is no '='.
[[nodiscard]] Override parse_override(std::string_view argument);

enum class TargetType { number, integer, option };

struct OverrideTarget {                    // one settable value of a validated scenario
    std::string name;                      // "russia/reservation", "protocol/rounds", ...
    TargetType type = TargetType::number;
    double lo = 0.0, hi = 0.0;             // the value's domain (number, integer)
    std::vector<std::string> options;      // option names (type option: a discrete issue's ideal)
};

// Every name --set accepts for this scenario, in a fixed order: per agent its scalars, weights and ideals; the
// protocol's numbers; the shocks'; the distributions' own numbers.
[[nodiscard]] std::vector<OverrideTarget> override_targets(const Scenario& scenario);

// The error for a name that is not among override_targets(original) (a typo, an ideal that a value table decides, or
// an uncertainty name under --nominal): InputError at `where` ("--set", "--vary", a sweep file) and `place` (a JSON
// pointer in it, or "") listing the nearest valid names.
[[noreturn]] void reject_override_name(const Scenario& original, const std::string& name, bool nominal, const std::string& where,
                                       const std::string& place = "");

struct EffectiveScenario {  // the text that was validated, and its Scenario
    std::string text;
    Scenario scenario;
};

// The scenario file's text with every override applied in order (and, when `nominal`, without the uncertainty block),
// then validated by parse_scenario. With no overrides and nominal == false, text is the original text unchanged
// (so `negsim run` outputs stay byte-identical). Errors: a wrong NAME -> InputError naming "--set" (or the sweep file
// and pointer the override came from) and listing the nearest valid names; a bad VALUE -> InputError at the
// scenario's JSON pointer saying which --set did it (or at the sweep file's pointer); an invalid result ->
// InputError at the scenario's pointer, saying which override did it.
[[nodiscard]] EffectiveScenario apply_overrides(const std::string& text, const std::string& file, std::span<const Override> overrides,
                                                bool nominal);

// The one way the commands load their scenario: the file at `path` read (read_file) and passed to apply_overrides.
[[nodiscard]] EffectiveScenario load_effective_scenario(const std::string& path, std::span<const Override> overrides, bool nominal);


}  // namespace negsim
