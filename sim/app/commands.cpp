// What the subcommands share: loading a scenario as every command does, and an issue's range as users read it.
#include "app/commands.hpp"

#include "model/text.hpp"

namespace negsim::cli {

std::string range_text(const Issue& issue) { return issue.discrete ? describe_range(issue) : describe_range(issue) + " " + printable_text(issue.unit, kEchoChars); }

EffectiveScenario load(const ScenarioInput& input) { return load_effective_scenario(input.path, input.overrides, input.nominal); }

}  // namespace negsim::cli
