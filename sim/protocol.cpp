// Protocol dispatch.
#include "protocol.hpp"

#include <variant>

namespace negsim {

Outcome negotiate(const Scenario& scenario, const Parameters& parameters) {
    return std::visit([&](const auto& rules) { return negotiate(scenario, parameters, rules); }, scenario.protocol.rules);
}

}  // namespace negsim
