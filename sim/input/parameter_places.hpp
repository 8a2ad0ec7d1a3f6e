// Where an agent's parameter lives in a scenario file, and what a file states about it: its name as the outputs use
// it (russia/reservation), the JSON pointer of its nominal value and of its distribution, its domain and its nominal
// value. Shared by the overrides and the warnings about a scenario (input layer only).
#pragma once

#include "model/scenario.hpp"

#include <string>
#include <utility>
#include <vector>

namespace negsim {

// "reservation", "weights", "ideal", ...: the key of a parameter kind in an agent's entry.
[[nodiscard]] const char* scalar_key(ParameterRef::Kind kind);
// "russia/reservation", "ukraine/weights/territory".
[[nodiscard]] std::string parameter_name(const Scenario& s, const ParameterRef& ref);
// "/agents/5/reservation", "/agents/2/strategy/exponent" (ids are identifiers: no escaping needed in a pointer).
[[nodiscard]] std::string nominal_pointer(const Scenario& s, const ParameterRef& ref);
// "/monte_carlo/uncertainty/agents/russia/reservation".
[[nodiscard]] std::string distribution_pointer(const Scenario& s, const ParameterRef& ref);
[[nodiscard]] std::pair<double, double> domain_of(const Scenario& s, const ParameterRef& ref);
[[nodiscard]] double nominal_value(const Agent& a, const ParameterRef& ref);
void set_nominal(Agent& a, const ParameterRef& ref, double v);
// The parameters of agent i that a distribution may draw, in the order of the override names.
[[nodiscard]] std::vector<ParameterRef> drawn_parameters(const Scenario& s, std::size_t i);
// A distribution kind's keys in a file ({"min", "max"} for uniform) and its name ("uniform").
[[nodiscard]] std::vector<std::string> distribution_keys(Distribution::Kind kind);
[[nodiscard]] const char* distribution_name(Distribution::Kind kind);

}  // namespace negsim
