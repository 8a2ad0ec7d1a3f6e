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

// "[0, 50]" for a continuous issue; "none < political < treaty" for a discrete one (option names through
// printable_text, so a message or a digest that shows them stays one line).
[[nodiscard]] std::string describe_range(const Issue& issue);

// "unknown issue "terrritory" (did you mean "territory"?)", the suggestion only when one is close; both words quoted
// with quote_text.
[[nodiscard]] std::string unknown_name(std::string_view what, std::string_view word, const std::vector<std::string>& candidates);

// The closest candidate by edit distance, or "" when none is close enough to be a plausible typo. The work is bounded:
// words longer than kSuggestBytes get no suggestion, and only the first kSuggestCandidates candidates are tried.
[[nodiscard]] std::string closest_match(std::string_view word, const std::vector<std::string>& candidates);
inline constexpr std::size_t kSuggestBytes = 64;
inline constexpr std::size_t kSuggestCandidates = 256;

// Up to `count` candidates nearest to `word` by edit distance, nearest first (ties in the candidates' order), however
// far they are: for a list of valid names to choose from (negsim run --set). The same bound on the word's length;
// at most kListCandidates candidates are tried (a scenario of the largest shape has a few thousand settable names).
[[nodiscard]] std::vector<std::string> closest_matches(std::string_view word, const std::vector<std::string>& candidates, std::size_t count);
inline constexpr std::size_t kListCandidates = 8192;

// Text from a user (a scenario file, a command line) shown in a message. Every message is one line of valid UTF-8 that
// a terminal shows as it is: what the file holds is echoed with every character that does not print visibly escaped
// (control characters and ESC, the line separators, invisible and bidirectional format characters such as U+200B,
// U+FEFF and U+202E, spaces other than U+0020) as \n, \t, \r, \uXXXX or \UXXXXXXXX, and every byte that is not
// part of valid UTF-8 as \xNN. A long string is cut after kEchoChars characters (code points; an escape counts as
// one), never inside a UTF-8 sequence (docs/scenario-format.md, "Errors").
inline constexpr std::size_t kEchoChars = 60;

// The one way to quote a user's string for a message: "..." with '"' and '\' escaped as well; a string cut at
// kEchoChars characters is shown as "first 60 characters"... (the ellipsis after the closing quote).
[[nodiscard]] std::string quote_text(std::string_view text);

// The same escapes without quotes (file names, JSON pointers, whole messages), cut after `max_chars` characters with
// "..." appended; printable_text of its own result returns it unchanged.
[[nodiscard]] std::string printable_text(std::string_view text, std::size_t max_chars = std::string_view::npos);

// Strict parse of a whole string as a finite number (no spaces, no hex, no "nan"); false if it is not one.
[[nodiscard]] bool parse_number(std::string_view text, double& out);

// `text` without the spaces, tabs and line breaks at its ends.
[[nodiscard]] std::string trimmed(std::string_view text);

}  // namespace negsim
