// User-facing text helpers (text.hpp).
#include "model/text.hpp"

#include "model/outcome.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>

namespace negsim {

std::string format_number(double value) {
    char buffer[32];
    const auto result = std::to_chars(buffer, buffer + sizeof buffer, value);
    return {buffer, result.ptr};
}

std::string format_issue_value(const Issue& issue, double value) {
    return issue.discrete ? issue.options[static_cast<std::size_t>(value)] : format_number(value);
}

std::string csv_field(const std::string& text) {
    if (text.find_first_of(",\"\n\r") == std::string::npos) return text;
    std::string out = "\"";
    for (char c : text) out += c == '"' ? std::string("\"\"") : std::string(1, c);
    return out + "\"";
}

std::string proposer_name(const Scenario& scenario, std::size_t proposer) {
    return proposer < scenario.agent_count() ? scenario.agents[proposer].id : "mediator";
}

std::string describe_range(const Issue& issue) {
    if (!issue.discrete) {
        std::string text(1, '[');
        text.append(format_number(issue.min)).append(", ").append(format_number(issue.max)).push_back(']');
        return text;
    }
    std::string text;
    for (std::size_t o = 0; o < issue.options.size(); ++o) text += (o ? " < " : "") + issue.options[o];
    return text;
}

std::string unknown_name(std::string_view what, std::string_view word, const std::vector<std::string>& candidates) {
    std::string text = "unknown " + std::string(what) + " \"" + std::string(word) + "\"";
    const std::string best = closest_match(word, candidates);
    if (!best.empty()) text += " (did you mean \"" + best + "\"?)";
    return text;
}

std::string closest_match(std::string_view word, const std::vector<std::string>& candidates) {
    // Levenshtein distance; a candidate is offered when it is within a third of the word's length (at least 1).
    std::string best;
    std::size_t best_distance = std::max<std::size_t>(1, word.size() / 3) + 1;
    for (const auto& c : candidates) {
        std::vector<std::size_t> row(c.size() + 1);
        for (std::size_t j = 0; j <= c.size(); ++j) row[j] = j;
        for (std::size_t i = 1; i <= word.size(); ++i) {
            std::size_t diagonal = row[0];
            row[0] = i;
            for (std::size_t j = 1; j <= c.size(); ++j) {
                const std::size_t above = row[j];
                row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (word[i - 1] == c[j - 1] ? 0 : 1)});
                diagonal = above;
            }
        }
        if (row[c.size()] < best_distance) {
            best_distance = row[c.size()];
            best = c;
        }
    }
    return best;
}

bool parse_number(std::string_view text, double& out) {
    if (text.empty()) return false;
    const auto result = std::from_chars(text.data(), text.data() + text.size(), out);
    return result.ec == std::errc() && result.ptr == text.data() + text.size() && std::isfinite(out);
}

const char* to_string(Role role) {
    switch (role) {
        case Role::signatory: return "signatory";
        case Role::member: return "member";
        case Role::observer: return "observer";
    }
    return "?";
}

const char* to_string(End end) {
    switch (end) {
        case End::deal: return "deal";
        case End::deadline: return "deadline";
        case End::breakdown: return "breakdown";
        case End::not_ratified: return "not_ratified";
    }
    return "?";
}

}  // namespace negsim
