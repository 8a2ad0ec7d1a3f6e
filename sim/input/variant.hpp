// Scenario variants: a file that names a base scenario and the changes that make it a variant of the base, so that a
// library of what-ifs keeps one copy of everything the variants share (docs/scenario-format.md, "Variants").
//
// A variant file is a JSON object with the keys "version" (optional, 1), "variant_of" (the base file, relative to the
// variant's folder; the base must be an ordinary scenario, not itself a variant), "name", "description", "sources"
// (optional; appended to the base's) and "patch" (a JSON Patch, RFC 6902: add, remove, replace, move, copy and test
// operations, applied in order to the base's document). The result is an ordinary scenario text, validated like any
// file; it is what the commands run and what run folders record as scenario.json.
#pragma once

#include <string>

namespace negsim {

struct ScenarioSource {
    std::string text;  // the scenario's JSON text: the file's bytes unchanged, or a variant's resolved document
    std::string file;  // the name errors in the text are reported under: the path, or for a variant the path and its base
};

// The scenario text at `path`: read_file's bytes for an ordinary scenario, the base with the patch applied for a
// variant. Throws InputError naming the variant file and the JSON pointer of a bad key or patch operation.
[[nodiscard]] ScenarioSource read_scenario_source(const std::string& path);

}  // namespace negsim
