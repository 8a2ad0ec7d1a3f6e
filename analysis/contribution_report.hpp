// What the contributions come to, in the result files and on the terminal (docs/outputs.md, "Contributions"):
// summary.json's "contributions", contributions.csv (one row per contributor) and aggregates.csv (one row per
// aggregate), and the table of contributors sorted by expected contribution.
#pragma once

#include "analysis/tally.hpp"
#include "model/scenario.hpp"

#include <nlohmann/json.hpp>

#include <ostream>
#include <string>

namespace negsim {

[[nodiscard]] nlohmann::ordered_json contributions_json(const Scenario& scenario, const Summary& summary);
void write_contributions_csv(std::ostream& out, const Scenario& scenario, const Summary& summary);
void write_aggregates_csv(std::ostream& out, const Scenario& scenario, const Summary& summary);
[[nodiscard]] std::string contributions_table(const Scenario& scenario, const Summary& summary);

}  // namespace negsim
