// Helpers shared by the tests: paths to the repository's files and small scenario builders.
#pragma once

#include "model/scenario.hpp"
#include "input/scenario_loader.hpp"

#include <nlohmann/json.hpp>

#include <initializer_list>
#include <string>
#include <vector>

namespace negsim::test {

inline std::string source_path(const std::string& relative) { return std::string(NEGSIM_SOURCE_DIR) + "/" + relative; }

inline nlohmann::json load_json(const std::string& relative) { return nlohmann::json::parse(read_file(source_path(relative))); }

// Two signatories dividing one issue on [0, 1]: a wants 1, b wants 0, linear values, time-dependent strategies.
inline nlohmann::json two_party(double reservation_a, double reservation_b, int rounds, double exponent_a = 1.0, double exponent_b = 1.0) {
    nlohmann::json j = load_json("tests/data/two-party.json");
    j["agents"][0]["reservation"] = reservation_a;
    j["agents"][1]["reservation"] = reservation_b;
    j["agents"][0]["strategy"] = {{"type", "time-dependent"}, {"exponent", exponent_a}};
    j["agents"][1]["strategy"] = {{"type", "time-dependent"}, {"exponent", exponent_b}};
    j["protocol"]["rounds"] = rounds;
    return j;
}

// Whether `line` (ending in a newline) is one of the lines of `text`.
inline bool has_line(const std::string& text, const std::string& line) {
    for (auto pos = text.find(line); pos != std::string::npos; pos = text.find(line, pos + 1))
        if (pos == 0 || text[pos - 1] == '\n') return true;
    return false;
}

inline Scenario scenario_from(const nlohmann::json& j) { return parse_scenario(j.dump(), "test.json"); }

// A fixed-capacity array (a Package, per-agent values) with its first entries given and the rest 0.
template <class Array>
Array filled(std::initializer_list<double> values) {
    Array out{};
    std::size_t k = 0;
    for (double v : values) out[k++] = v;
    return out;
}

// The lines of a public-goods game: `members` contribution issues c_m0, c_m1, ... with options "0" to `levels`, each
// its member's (status quo `status_quo`), and the aggregate "total" that adds them up (option o adds o); the agents are
// the caller's.
inline nlohmann::json contribution_game(const std::string& name, std::size_t members, int levels, const std::string& status_quo, int rounds) {
    nlohmann::json j = {{"name", name}, {"issues", nlohmann::json::array()}, {"agents", nlohmann::json::array()},
                        {"protocol", {{"type", "alternating"}, {"rounds", rounds}}}, {"monte_carlo", {{"samples", 10}, {"seed", 1}}}};
    std::vector<std::string> options;
    nlohmann::json amounts = nlohmann::json::array();
    for (int o = 0; o <= levels; ++o) {
        options.push_back(std::to_string(o));
        amounts.push_back(o);
    }
    nlohmann::json terms = nlohmann::json::object();
    for (std::size_t i = 0; i < members; ++i) {
        const std::string id = "m" + std::to_string(i);
        j["issues"].push_back({{"id", "c_" + id}, {"label", "Contribution of " + id}, {"unit", "units"}, {"options", options}, {"contributor", id}, {"status_quo", status_quo}});
        terms["c_" + id] = amounts;
    }
    j["aggregates"] = {{{"id", "total"}, {"label", "Total contributions"}, {"unit", "units"}, {"amounts", terms}}};
    return j;
}

}  // namespace negsim::test
