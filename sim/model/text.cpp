// User-facing text helpers (text.hpp) and the UTF-8 check (utf8.hpp).
#include "model/text.hpp"

#include "model/outcome.hpp"
#include "model/utf8.hpp"

#include <algorithm>
#include <iterator>
#include <utility>
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
    for (std::size_t o = 0; o < issue.options.size(); ++o) text += (o ? " < " : "") + printable_text(issue.options[o], kEchoChars);
    return text;
}

std::string unknown_name(std::string_view what, std::string_view word, const std::vector<std::string>& candidates) {
    std::string text = "unknown " + std::string(what) + " " + quote_text(word);
    const std::string best = closest_match(word, candidates);
    if (!best.empty()) text += " (did you mean " + quote_text(best) + "?)";
    return text;
}

namespace {

// Levenshtein distance between a and b, one row at a time.
std::size_t edit_distance(std::string_view a, std::string_view b) {
    std::vector<std::size_t> row(b.size() + 1);
    for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
    for (std::size_t i = 1; i <= a.size(); ++i) {
        std::size_t diagonal = row[0];
        row[0] = i;
        for (std::size_t j = 1; j <= b.size(); ++j) {
            const std::size_t above = row[j];
            row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
            diagonal = above;
        }
    }
    return row[b.size()];
}

}  // namespace

std::string closest_match(std::string_view word, const std::vector<std::string>& candidates) {
    // A candidate is offered when it is within a third of the word's length (at least 1). The cost is length x length
    // per candidate, so long words (never typos of a key or an id) and candidates whose length alone puts them out of
    // reach are skipped.
    if (word.size() > kSuggestBytes) return {};
    std::string best;
    std::size_t best_distance = std::max<std::size_t>(1, word.size() / 3) + 1;
    const std::size_t tried = std::min(candidates.size(), kSuggestCandidates);
    for (std::size_t n = 0; n < tried; ++n) {
        const std::string& c = candidates[n];
        const std::size_t gap = c.size() > word.size() ? c.size() - word.size() : word.size() - c.size();
        if (gap >= best_distance) continue;
        const std::size_t distance = edit_distance(word, c);
        if (distance < best_distance) {
            best_distance = distance;
            best = c;
        }
    }
    return best;
}

std::vector<std::string> closest_matches(std::string_view word, const std::vector<std::string>& candidates, std::size_t count) {
    // Candidates longer than kSuggestBytes are cut for the comparison, so every distance costs at most 64 x 64 steps.
    const std::string_view w = word.substr(0, kSuggestBytes);
    std::vector<std::pair<std::size_t, std::size_t>> ranked;  // (distance, index)
    const std::size_t tried = std::min(candidates.size(), kListCandidates);
    for (std::size_t n = 0; n < tried; ++n) ranked.emplace_back(edit_distance(w, std::string_view(candidates[n]).substr(0, kSuggestBytes)), n);
    const std::size_t kept = std::min(count, ranked.size());
    std::partial_sort(ranked.begin(), ranked.begin() + static_cast<std::ptrdiff_t>(kept), ranked.end());
    std::vector<std::string> nearest;
    for (std::size_t n = 0; n < kept; ++n) nearest.push_back(candidates[ranked[n].second]);
    return nearest;
}

namespace {

constexpr char kHexDigits[] = "0123456789ABCDEF";

// Decodes the UTF-8 sequence at text[i]; returns its length (0 if the byte does not start a valid sequence: a stray
// continuation byte, an overlong form, a surrogate, a code point above U+10FFFF or a sequence cut short).
std::size_t decode_utf8(std::string_view text, std::size_t i, char32_t& code_point) {
    const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(text[k]); };
    const unsigned char lead = byte(i);
    if (lead < 0x80) {
        code_point = lead;
        return 1;
    }
    std::size_t length = 0;
    char32_t value = 0;
    if (lead >= 0xC2 && lead <= 0xDF) { length = 2; value = lead & 0x1Fu; }
    else if (lead >= 0xE0 && lead <= 0xEF) { length = 3; value = lead & 0x0Fu; }
    else if (lead >= 0xF0 && lead <= 0xF4) { length = 4; value = lead & 0x07u; }
    else return 0;
    if (i + length > text.size()) return 0;
    for (std::size_t k = 1; k < length; ++k) {
        if ((byte(i + k) & 0xC0u) != 0x80u) return 0;
        value = (value << 6) | (byte(i + k) & 0x3Fu);
    }
    const char32_t least[] = {0, 0, 0x80, 0x800, 0x10000};
    if (value < least[length] || value > 0x10FFFF || (value >= 0xD800 && value <= 0xDFFF)) return 0;
    code_point = value;
    return length;
}

// Code points a terminal does not show as a visible glyph of their own: controls (C0, DEL, C1), line and paragraph
// separators, spaces other than U+0020, zero-width and bidirectional format characters, variation selectors, the
// byte-order mark, interlinear annotations, tags, noncharacters and private-use code points (Unicode 15,
// Default_Ignorable_Code_Point, categories Cc, Cf, Zl, Zp, Zs, Co and Cn noncharacters).
bool is_invisible(char32_t c) {
    if (c < 0x20 || (c >= 0x7F && c <= 0xA0)) return true;
    static constexpr std::pair<char32_t, char32_t> ranges[] = {
        {0xAD, 0xAD},       {0x34F, 0x34F},     {0x61C, 0x61C},     {0x115F, 0x1160},   {0x1680, 0x1680},
        {0x17B4, 0x17B5},   {0x180B, 0x180F},   {0x2000, 0x200F},   {0x2028, 0x202F},   {0x205F, 0x206F},
        {0x3000, 0x3000},   {0x3164, 0x3164},   {0xE000, 0xF8FF},   {0xFDD0, 0xFDEF},   {0xFE00, 0xFE0F},
        {0xFEFF, 0xFEFF},   {0xFFA0, 0xFFA0},   {0xFFF0, 0xFFFB},   {0x1BCA0, 0x1BCA3}, {0x1D173, 0x1D17A},
        {0xE0000, 0xE0FFF}, {0xF0000, 0x10FFFF},
    };
    if ((c & 0xFFFEu) == 0xFFFEu) return true;  // U+xFFFE and U+xFFFF in every plane
    return std::any_of(std::begin(ranges), std::end(ranges), [&](const auto& r) { return c >= r.first && c <= r.second; });
}

// The escaped text and whether it was cut; `quoting` also escapes '"' and '\\'.
std::pair<std::string, bool> escape(std::string_view text, std::size_t max_chars, bool quoting) {
    std::string out;
    std::size_t chars = 0, i = 0;
    for (; i < text.size() && chars < max_chars; ++chars) {
        char32_t c = 0;
        const std::size_t length = decode_utf8(text, i, c);
        if (length == 0) {
            const auto b = static_cast<unsigned char>(text[i]);
            out += "\\x";
            out += kHexDigits[b >> 4];
            out += kHexDigits[b & 0xFu];
            ++i;
            continue;
        }
        if (c == '\n') out += "\\n";
        else if (c == '\t') out += "\\t";
        else if (c == '\r') out += "\\r";
        else if (quoting && (c == '"' || c == '\\')) out.append(1, '\\').append(1, static_cast<char>(c));
        else if (is_invisible(c)) {
            const int digits = c > 0xFFFF ? 8 : 4;
            out += c > 0xFFFF ? "\\U" : "\\u";
            for (int d = digits - 1; d >= 0; --d) out += kHexDigits[(c >> (4 * d)) & 0xFu];
        } else {
            out.append(text.substr(i, length));
        }
        i += length;
    }
    return {out, i < text.size()};
}

}  // namespace

std::string quote_text(std::string_view text) {
    auto [inner, cut] = escape(text, kEchoChars, true);
    return "\"" + inner + (cut ? "\"..." : "\"");
}

std::string printable_text(std::string_view text, std::size_t max_chars) {
    auto [out, cut] = escape(text, max_chars, false);
    return cut ? out + "..." : out;
}

std::string utf8_problem(std::string_view text) {
    std::size_t chars = 0;
    for (std::size_t i = 0; i < text.size(); ++chars) {
        char32_t c = 0;
        const std::size_t length = decode_utf8(text, i, c);
        if (length == 0) {
            const auto b = static_cast<unsigned char>(text[i]);
            return quote_text(text) + " is not UTF-8: byte 0x" + kHexDigits[b >> 4] + kHexDigits[b & 0xFu] + " (character " + std::to_string(chars + 1) +
                   ") is not part of a UTF-8 sequence; negsim reads text as UTF-8: save the file as UTF-8";
        }
        i += length;
    }
    return {};
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

std::string trimmed(std::string_view text) {
    const auto first = text.find_first_not_of(" \t\r\n");
    if (first == std::string_view::npos) return {};
    return std::string(text.substr(first, text.find_last_not_of(" \t\r\n") - first + 1));
}

}  // namespace negsim
