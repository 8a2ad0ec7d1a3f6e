// Text for users, in one form everywhere (messages, digests, result files): numbers, issue values and ranges.
#pragma once

#include "model/scenario.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace negsim {

// Shortest decimal text that reads back to the same double ("C" locale, platform-independent).
[[nodiscard]] std::string format_number(double value);

// An issue's value in its unit: the number for continuous issues, the option name for discrete ones.
[[nodiscard]] std::string format_issue_value(const Issue& issue, double value);

// A CSV field, quoted per RFC 4180 only when needed.
[[nodiscard]] std::string csv_field(const std::string& text);

// The id of the agent who proposed, or "mediator" for a neutral mediator (index == agent count).
[[nodiscard]] std::string proposer_name(const Scenario& scenario, std::size_t proposer);

// "[0, 50]" for a continuous issue; "none < political < treaty" for a discrete one.
[[nodiscard]] std::string describe_range(const Issue& issue);

// "unknown issue "terrritory" (did you mean "territory"?)", the suggestion only when one is close.
[[nodiscard]] std::string unknown_name(std::string_view what, std::string_view word, const std::vector<std::string>& candidates);

// The closest candidate by edit distance, or "" when none is close enough to be a plausible typo.
[[nodiscard]] std::string closest_match(std::string_view word, const std::vector<std::string>& candidates);

// Strict parse of a whole string as a finite number (no spaces, no hex, no "nan"); false if it is not one.
[[nodiscard]] bool parse_number(std::string_view text, double& out);

}  // namespace negsim
