// What the subcommands share: loading a scenario as every command does, and an issue's range as users read it.
#include "cli/commands.hpp"

#include "input/input_error.hpp"
#include "model/text.hpp"

namespace negsim::cli {

std::string range_text(const Issue& issue) { return issue.discrete ? describe_range(issue) : describe_range(issue) + " " + printable_text(issue.unit, kEchoChars); }

EffectiveScenario load(const ScenarioInput& input) {
    EffectiveScenario effective = load_effective_scenario(input.path, input.overrides, input.nominal);
    if (input.one_table) effective.scenario.stages.list.clear();  // the whole file, validated, at one table
    return effective;
}

void require_one_table(const ScenarioInput& input, const Scenario& scenario, const char* command) {
    if (!scenario.stages.list.empty())
        throw InputError(input.path, "/stages", std::string("is a scenario in stages; negsim ") + command +
                                                    " negotiates one table: give --one-table to use the one-table negotiation of every agent over every issue");
}

}  // namespace negsim::cli
